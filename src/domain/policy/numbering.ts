/**
 * Japanese clause numbering as municipal policies write it: 第1章, 第2節, 第3条(の2), 1., (1)/（１）, ①, 号 (一, 二 …
 * or （一）), and the katakana series ア・イ・ウ (or イ・ロ・ハ). Pure: recognises a marker at the start of a line.
 */

export type NumberingStyle =
  | 'chapter'
  | 'part'
  | 'article'
  | 'dot'
  | 'paren'
  | 'circled'
  | 'kanji'
  | 'kanjiParen'
  | 'kana'
  | 'kanaParen';

export interface Marker {
  style: NumberingStyle;
  /** The number as an integer (第3条の2 → 3; see `sub`). */
  value: number;
  /** 枝番: 第3条の2 → 2. */
  sub?: number;
  /** The marker as written in the path and citations: 第1章, 6, (3), ②, 第5条, 一, ア. */
  key: string;
  /** What follows the marker on the line. */
  rest: string;
}

const FULLWIDTH_DIGITS = /[０-９]/g;
export const toHalfwidthDigits = (s: string) =>
  s.replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

const KANJI_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 (and 百) as an integer; null when the text is not a kanji numeral. */
export function kanjiNumber(s: string): number | null {
  if (!/^[一二三四五六七八九十百]+$/.test(s)) return null;
  if (s === '百') return 100;
  const tens = s.indexOf('十');
  if (tens < 0) return s.length === 1 ? KANJI_DIGITS[s] : null;
  const before = s.slice(0, tens);
  const after = s.slice(tens + 1);
  const t = before === '' ? 1 : (KANJI_DIGITS[before] ?? NaN);
  const u = after === '' ? 0 : (KANJI_DIGITS[after] ?? NaN);
  const n = t * 10 + u;
  return Number.isNaN(n) || before.length > 1 || after.length > 1 ? null : n;
}

const KANJI_FOR = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
export function toKanjiNumber(n: number): string {
  if (n >= 100) return String(n);
  const t = Math.floor(n / 10);
  const u = n % 10;
  return `${t === 0 ? '' : t === 1 ? '十' : `${KANJI_FOR[t]}十`}${KANJI_FOR[u]}`;
}

/** Arabic or kanji numerals (第十二条, 第12条, 第１２条). */
function anyNumber(s: string): number | null {
  const half = toHalfwidthDigits(s);
  if (/^\d+$/.test(half)) return Number(half);
  return kanjiNumber(s);
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟';
const AIUEO = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';

/** The katakana series a marker belongs to is decided by the first item of a list (ア… or イ, ロ…). */
export type KanaSeries = 'aiueo' | 'iroha';
export function kanaValue(ch: string, series: KanaSeries): number {
  return (series === 'aiueo' ? AIUEO : IROHA).indexOf(ch) + 1;
}

const N = '[0-9０-９一二三四五六七八九十百]+';
const SPACE = '[\\s\\u3000]';
const PATTERNS: Array<{ style: NumberingStyle; re: RegExp }> = [
  { style: 'chapter', re: new RegExp(`^第(${N})章${SPACE}*(.*)$`) },
  { style: 'part', re: new RegExp(`^第(${N})節${SPACE}*(.*)$`) },
  { style: 'article', re: new RegExp(`^第(${N})条(?:の(${N}))?(?![のにでをはが])${SPACE}*(.*)$`) },
  // "1." followed by anything but another digit (not 1.5倍); "1．" too.
  { style: 'dot', re: new RegExp(`^([0-9０-９]{1,3})[.．](?![0-9０-９])${SPACE}*(.*)$`) },
  { style: 'paren', re: new RegExp(`^[(（]([0-9０-９]{1,3})[)）]${SPACE}*(.*)$`) },
  { style: 'circled', re: new RegExp(`^([${CIRCLED}])${SPACE}*(.*)$`) },
  { style: 'kanjiParen', re: new RegExp(`^[(（]([一二三四五六七八九十]+)[)）]${SPACE}*(.*)$`) },
  // 号: a kanji numeral, then a space or 、 (一　…). "一方" or "一部" are words, not numbers.
  { style: 'kanji', re: /^([一二三四五六七八九十]+)[\s\u3000、](.*)$/ },
  { style: 'kanaParen', re: new RegExp(`^[(（]([${AIUEO}])[)）]${SPACE}*(.*)$`) },
  { style: 'kana', re: new RegExp(`^([${AIUEO}])${SPACE}+(.*)$`) },
];

/**
 * The numbering marker at the start of a line, or null. `kanaSeries` says how to count a katakana marker (default:
 * ア・イ・ウ; a list that starts with イ followed by ロ is イロハ — the parser decides and passes it).
 */
export function readMarker(line: string, kanaSeries: KanaSeries = 'aiueo'): Marker | null {
  for (const { style, re } of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    if (style === 'chapter' || style === 'part') {
      const value = anyNumber(m[1]);
      if (value === null) continue;
      return { style, value, key: `第${value}${style === 'chapter' ? '章' : '節'}`, rest: m[2].trim() };
    }
    if (style === 'article') {
      const value = anyNumber(m[1]);
      const sub = m[2] ? anyNumber(m[2]) : null;
      if (value === null || (m[2] && sub === null)) continue;
      const key = `第${value}条${sub ? `の${sub}` : ''}`;
      return { style, value, ...(sub ? { sub } : {}), key, rest: m[3].trim() };
    }
    if (style === 'dot' || style === 'paren') {
      const value = Number(toHalfwidthDigits(m[1]));
      return { style, value, key: style === 'dot' ? String(value) : `(${value})`, rest: m[2].trim() };
    }
    if (style === 'circled') {
      const value = CIRCLED.indexOf(m[1]) + 1;
      return { style, value, key: m[1], rest: m[2].trim() };
    }
    if (style === 'kanji' || style === 'kanjiParen') {
      const value = kanjiNumber(m[1]);
      if (value === null) continue;
      return { style, value, key: style === 'kanji' ? m[1] : `(${m[1]})`, rest: m[2].trim() };
    }
    const value = kanaValue(m[1], kanaSeries);
    if (value <= 0) continue;
    return { style, value, key: style === 'kana' ? m[1] : `(${m[1]})`, rest: m[2].trim() };
  }
  return null;
}

/** How a path segment reads in a citation: 第5条第1項 style for 号, the key itself otherwise. */
export function citationPart(style: NumberingStyle, key: string, value: number): string {
  if (style === 'kanji' || style === 'kanjiParen') return `第${value}号`;
  if (style === 'dot') return key;
  return key;
}
