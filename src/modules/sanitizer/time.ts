import { toWarekiWithSeireki } from '../../domain/calendar.ts';

/** 令和8年11月26日（2026年11月26日） 09:12 — an instant in Japan time, for notices written by Mamori. */
export function formatJapanDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const shifted = new Date(ms + 9 * 3600_000).toISOString();
  return `${toWarekiWithSeireki(shifted.slice(0, 10))} ${shifted.slice(11, 16)}`;
}
