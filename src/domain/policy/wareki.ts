/** 和暦 in policy texts ("平成16年4月1日", "令和元年5月1日", full-width digits too) to ISO dates. Pure. */
import { isIsoDate } from '../calendar.ts';
import { toHalfwidthDigits } from './numbering.ts';

const ERA_START_YEAR: Record<string, number> = { 令和: 2019, 平成: 1989, 昭和: 1926 };

export const WAREKI_DATE = /(令和|平成|昭和)(元|[0-9０-９]{1,2})年([0-9０-９]{1,2})月([0-9０-９]{1,2})日/;

/** The first 和暦 date in the text, as YYYY-MM-DD; null when there is none or it is not a real date. */
export function warekiToIso(text: string): string | null {
  const m = WAREKI_DATE.exec(text);
  if (!m) return null;
  const eraYear = m[2] === '元' ? 1 : Number(toHalfwidthDigits(m[2]));
  const year = ERA_START_YEAR[m[1]] + eraYear - 1;
  const iso = `${year}-${toHalfwidthDigits(m[3]).padStart(2, '0')}-${toHalfwidthDigits(m[4]).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Every 和暦 date in the text with the words that follow it (策定, 改訂, から実施する …). */
export function warekiDatesIn(text: string): Array<{ iso: string; after: string }> {
  const out: Array<{ iso: string; after: string }> = [];
  const re = new RegExp(WAREKI_DATE.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const iso = warekiToIso(m[0]);
    if (iso) out.push({ iso, after: text.slice(m.index + m[0].length, m.index + m[0].length + 12) });
  }
  return out;
}
