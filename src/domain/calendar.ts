/**
 * 和暦 (Japanese era dates) and 年度 (fiscal year, April–March).
 * Dates are handled as ISO 8601 calendar strings (YYYY-MM-DD) in Japan time; no Date arithmetic across time zones.
 */

interface Era {
  name: string;
  short: string;
  start: string; // first day of the era, ISO
}

// Newest first. Only eras a municipal record can plausibly reference.
const ERAS: Era[] = [
  { name: '令和', short: 'R', start: '2019-05-01' },
  { name: '平成', short: 'H', start: '1989-01-08' },
  { name: '昭和', short: 'S', start: '1926-12-25' },
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function parts(iso: string): [number, number, number] {
  if (!isIsoDate(iso)) throw new RangeError(`not an ISO date: ${iso}`);
  const [y, m, d] = iso.split('-').map(Number);
  return [y, m, d];
}

function eraOf(iso: string): Era {
  const era = ERAS.find((e) => iso >= e.start);
  if (!era) throw new RangeError(`date before 昭和: ${iso}`);
  return era;
}

function eraYear(era: Era, year: number): number {
  return year - Number(era.start.slice(0, 4)) + 1;
}

function yearLabel(n: number): string {
  return n === 1 ? '元' : String(n);
}

/** 令和8年4月1日 */
export function toWareki(iso: string): string {
  const [y, m, d] = parts(iso);
  const era = eraOf(iso);
  return `${era.name}${yearLabel(eraYear(era, y))}年${m}月${d}日`;
}

/** 令和8年4月1日（2026年4月1日） — the form used where a date matters legally. */
export function toWarekiWithSeireki(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${toWareki(iso)}（${y}年${m}月${d}日）`;
}

/** R8.4.1 — compact form for dense tables. */
export function toWarekiShort(iso: string): string {
  const [y, m, d] = parts(iso);
  const era = eraOf(iso);
  return `${era.short}${eraYear(era, y)}.${m}.${d}`;
}

/** The fiscal year (年度) that contains the date: April 1 to March 31. Returns the Gregorian start year. */
export function fiscalYearOf(iso: string): number {
  const [y, m] = parts(iso);
  return m >= 4 ? y : y - 1;
}

export function fiscalYearRange(fiscalYear: number): { from: string; to: string } {
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
}

/** 令和8年度 for fiscal year 2026. A fiscal year is named by the era in force on its first day. */
export function fiscalYearLabel(fiscalYear: number): string {
  const start = `${fiscalYear}-04-01`;
  const era = eraOf(start);
  return `${era.name}${yearLabel(eraYear(era, fiscalYear))}年度`;
}

/** Today's date in Japan (UTC+9, no daylight saving), as ISO. */
export function todayInJapan(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** The day before an ISO date: used to end one appointment the day a successor starts. */
export function dayBefore(iso: string): string {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Whether a dated record (from..to inclusive, to open-ended when null) is in force on a date. */
export function inForceOn(on: string, from: string, to: string | null | undefined): boolean {
  return from <= on && (to == null || on <= to);
}

const ERA_START_YEAR: Record<string, number> = { 令和: 2019, 平成: 1989, 昭和: 1926 };

/**
 * Reads a date as clerks type it: 2026-04-01, 2026/4/1, 2026.4.1, full-width digits, or 和暦 (令和8年4月1日, R8.4.1).
 * Returns ISO YYYY-MM-DD, or the input unchanged when it is none of these (the caller's validation then says so).
 */
export function normaliseDateInput(input: string): string {
  const s = input.normalize('NFKC').trim();
  const pad = (n: string) => n.padStart(2, '0');
  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (western) return `${western[1]}-${pad(western[2])}-${pad(western[3])}`;
  const era = /^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})[年.](\d{1,2})[月.](\d{1,2})日?$/i.exec(s);
  if (era) {
    const name = { R: '令和', H: '平成', S: '昭和' }[era[1].toUpperCase()] ?? era[1];
    const year = ERA_START_YEAR[name] + (era[2] === '元' ? 1 : Number(era[2])) - 1;
    return `${year}-${pad(era[3])}-${pad(era[4])}`;
  }
  return input;
}
