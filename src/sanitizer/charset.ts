/**
 * Japanese charsets: decoding with alias mapping (Node's TextDecoder knows windows-31j but not cp932), text detection
 * (BOM → UTF-8 validity → CP932/EUC-JP heuristics, sanitizer.md §5.5) and ISO-2022-JP / CP932 encoding for output.
 */
import Encoding from 'encoding-japanese';

const ALIASES: Record<string, string> = {
  cp932: 'windows-31j',
  ms932: 'windows-31j',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  csiso2022jp: 'iso-2022-jp',
  utf8: 'utf-8',
};

/** Decode bytes with a declared charset; unknown labels fall back to detection. Never throws. */
export function decodeBytes(bytes: Uint8Array, label?: string | null): string {
  const wanted = label ? (ALIASES[label.toLowerCase()] ?? label.toLowerCase()) : undefined;
  if (wanted) {
    try {
      return new TextDecoder(wanted).decode(bytes);
    } catch {
      /* unknown label: detect */
    }
  }
  return decodeBytes(bytes, detectCharset(bytes) ?? 'utf-8');
}

/** 'utf-8' | 'shift_jis' | 'euc-jp' | 'iso-2022-jp' | 'utf-16le' | 'utf-16be' for text, null for binary. */
export function detectCharset(bytes: Uint8Array): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (control > sample.length / 100 + 2) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    /* not UTF-8 */
  }
  const guess = Encoding.detect(sample);
  if (guess === 'SJIS') return 'windows-31j';
  if (guess === 'EUCJP') return 'euc-jp';
  if (guess === 'JIS') return 'iso-2022-jp';
  // High bytes that are neither UTF-8 nor Japanese: treat as CP932 only if it decodes without replacement.
  try {
    new TextDecoder('windows-31j', { fatal: true }).decode(sample);
    return 'windows-31j';
  } catch {
    return null;
  }
}

/** Characters that exist in CP932 under a different code point. */
const JIS_FRIENDLY: Record<string, string> = { '¥': '￥', '‾': '￣', '−': '－', '¦': '￤', '¬': '￢', '‖': '∥' };

function toJisCodes(text: string): number[] {
  const friendly = text.replace(/[¥‾−¦¬‖]/g, (c) => JIS_FRIENDLY[c] ?? c);
  return Encoding.convert(Encoding.stringToCode(friendly), { to: 'JIS', from: 'UNICODE' }) as number[];
}

/**
 * Encode as ISO-2022-JP (with the CP932 extensions that Japanese mailers use: ①, ㈱, IBM kanji such as 髙).
 * Returns null when the text has characters that ISO-2022-JP cannot carry (the caller then falls back to UTF-8).
 */
export function encodeIso2022jp(text: string): Buffer | null {
  const bytes = Buffer.from(toJisCodes(text));
  const back = new TextDecoder('iso-2022-jp').decode(bytes);
  const normal = text.replace(/[¥‾−¦¬‖]/g, (c) => JIS_FRIENDLY[c] ?? c).replace(/\r\n/g, '\n');
  if (back.replace(/\r\n/g, '\n') !== normal) return null;
  return bytes;
}

/** Encode as CP932 (Shift_JIS with Microsoft extensions), or null if not representable. */
export function encodeCp932(text: string): Buffer | null {
  const bytes = Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  return new TextDecoder('windows-31j').decode(bytes) === text ? bytes : null;
}

/** Decode a ZIP entry name: UTF-8 when general-purpose bit 11 is set, else the configured fallback (CP932 default). */
export function decodeZipName(raw: Uint8Array, utf8Flag: boolean, fallback: 'cp932' | 'cp437'): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(raw);
  if (raw.every((b) => b < 0x80)) return Buffer.from(raw).toString('latin1');
  if (fallback === 'cp932') {
    try {
      return new TextDecoder('windows-31j', { fatal: true }).decode(raw);
    } catch {
      /* fall through */
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      /* fall through */
    }
  }
  return Buffer.from(raw).toString('latin1');
}
