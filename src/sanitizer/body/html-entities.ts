/**
 * Character references (`&amp;`, `&#x1F600;`, legacy `&copy` without `;`) decoded the way htmlparser2 12's tokenizer
 * decodes them with entities 8.1.0: the longest name along the input wins, a legacy name may end without `;` (in an
 * attribute only when the next character is not `=` or alphanumeric), numbers past U+10FFFF, surrogates and NUL
 * become U+FFFD and C1 controls their Windows-1252 characters. Called only where a `&` is, so the table is built on
 * first use.
 */
import { ENTITY_TABLE, LEGACY_NAMES } from './html-entity-table.ts';

const { fromCharCode, fromCodePoint } = String;

/** The text of the last decoded reference: one piece, or two (`second` is '' when there is one). */
export const decoded = { first: '', second: '' };

let values: Map<string, [string, string]> | null = null;
const prefixes: Set<string> = new Set();
let legacy: Set<string> = new Set();

function load(): Map<string, [string, string]> {
  const map = new Map<string, [string, string]>();
  for (const entry of ENTITY_TABLE.split(' ')) {
    if (!entry) continue;
    const [name, hex] = entry.split('=');
    const units = hex.split('.').map((h) => fromCharCode(Number.parseInt(h, 16)));
    map.set(name, [units[0], units[1] ?? '']);
    for (let k = 1; k <= name.length; k++) prefixes.add(name.slice(0, k));
  }
  legacy = new Set(LEGACY_NAMES.split(' ').filter(Boolean));
  values = map;
  return map;
}

/** Windows-1252 characters for the C1 controls U+0080–U+009F (0: kept). */
const C1 = [
  8364, 0, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 0, 381, 0, 0, 8216, 8217, 8220, 8221, 8226,
  8211, 8212, 732, 8482, 353, 8250, 339, 0, 382, 376,
];

function replaceCodePoint(cp: number): number {
  if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0xfffd;
  if (cp >= 128 && cp <= 159) return C1[cp - 128] || cp;
  return cp;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexLetter = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 102;
const isAlphanumeric = (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

function decodeNumeric(html: string, amp: number): number {
  let at = amp + 2;
  const hex = (html.charCodeAt(at) | 0x20) === 120;
  if (hex) at++;
  const digitsStart = at;
  let cp = 0;
  for (; at < html.length; at++) {
    const c = html.charCodeAt(at);
    if (isDigit(c)) cp = cp * (hex ? 16 : 10) + (c - 48);
    else if (hex && isHexLetter(c)) cp = cp * 16 + ((c | 0x20) - 87);
    else break;
  }
  if (at === digitsStart) return 0;
  decoded.first = fromCodePoint(replaceCodePoint(cp));
  decoded.second = '';
  return (html.charCodeAt(at) === 59 ? at + 1 : at) - amp;
}

/**
 * Decodes the reference at html[amp] (a `&`) into `decoded`; returns how many characters it took, `&` included, or 0
 * when there is none (the `&` is then text). The end of the input ends a reference like any other character.
 */
export function decodeEntity(html: string, amp: number, inAttribute: boolean): number {
  if (html.charCodeAt(amp + 1) === 35) return decodeNumeric(html, amp);
  const table = values ?? load();
  const start = amp + 1;
  let depth = 0;
  let legacyDepth = -1;
  for (;;) {
    if (depth > 0) {
      const name = html.slice(start, start + depth);
      const value = table.get(name);
      if (value !== undefined) {
        if (legacy.has(name)) legacyDepth = depth;
        if (html.charCodeAt(start + depth) === 59) return emitNamed(value, depth + 2);
      }
    }
    if (start + depth >= html.length || !prefixes.has(html.slice(start, start + depth + 1))) break;
    depth++;
  }
  if (legacyDepth < 0) return 0;
  if (inAttribute) {
    // an attribute takes a legacy name only as the whole reference and not before `=` or an alphanumeric
    if (legacyDepth !== depth) return 0;
    const next = html.charCodeAt(start + depth);
    if (next === 61 || isAlphanumeric(next)) return 0;
  }
  return emitNamed(table.get(html.slice(start, start + legacyDepth)) as [string, string], legacyDepth + 1);
}

function emitNamed(value: [string, string], used: number): number {
  decoded.first = value[0];
  decoded.second = value[1];
  return used;
}
