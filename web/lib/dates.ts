/** Dates for people: 和暦 with 西暦 in Japanese (ui-guide.md, Formats); the calendar rules are the server's own. */
import {
  fiscalYearLabel,
  fiscalYearOf,
  isIsoDate,
  todayInJapan,
  toWareki,
  toWarekiShort,
  toWarekiWithSeireki,
} from '../../src/domain/calendar.ts';
import type { Language } from '../i18n/index.ts';

export { isIsoDate, todayInJapan, toWareki, toWarekiShort, toWarekiWithSeireki };

const EN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 令和8年4月1日（2026年4月1日） / 1 April 2026 (令和8年4月1日). */
export function formatDate(iso: string, lang: Language = 'ja'): string {
  if (!isIsoDate(iso)) return iso;
  if (lang === 'en') return `${EN_DATE.format(new Date(`${iso}T00:00:00Z`))} (${toWareki(iso)})`;
  return toWarekiWithSeireki(iso);
}

/** Japan time (UTC+9, no daylight saving) parts of an instant. */
function japanParts(instant: string): { date: string; time: string } | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const shifted = new Date(ms + 9 * 3600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** 令和8年4月1日（2026年4月1日） 14:05 — an instant shown in Japan time, 24-hour clock. */
export function formatDateTime(instant: string | null | undefined, lang: Language = 'ja'): string {
  if (!instant) return '';
  const p = japanParts(instant);
  if (!p) return instant;
  return `${formatDate(p.date, lang)} ${p.time}`;
}

/** Compact form for tables: R8.4.1 14:05, with the full form for a title attribute. */
export function formatDateTimeCompact(instant: string | null | undefined): { short: string; full: string } {
  if (!instant) return { short: '', full: '' };
  const p = japanParts(instant);
  if (!p) return { short: instant, full: instant };
  return { short: `${toWarekiShort(p.date)} ${p.time}`, full: `${toWarekiWithSeireki(p.date)} ${p.time}` };
}

/** 令和8年度 (ja) or FY2026 (令和8年度) (en) for the fiscal year containing today. */
export function currentFiscalYear(today: string = todayInJapan()): { year: number; label: string } {
  const year = fiscalYearOf(today);
  return { year, label: fiscalYearLabel(year) };
}
