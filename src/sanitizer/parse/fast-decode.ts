/**
 * Body decoders of the in-thread fast path (fast-mime.ts). Each decodes the raw bytes [start, end) of one MIME part
 * body to exactly the bytes postal-mime's decoders produce for the same lines, in linear time and without
 * splitting the body into line objects. postal-mime's line model, which every decoder here reproduces:
 * - a line runs to LF; the CRs just before the LF (or before the end) are dropped, a CR elsewhere is kept;
 * - 7bit/8bit/binary: every line, then LF, also after a last line that had none;
 * - quoted-printable: "=XX" (two hex digits, either case) is a byte, a line ending in "=" joins the next one, any
 *   other "=" is kept as is, and every other line ends in LF;
 * - base64: only the base64 alphabet counts; "=" ends a unit. Bodies whose "=" are not all at the end, or that hold
 *   anything besides the alphabet and line breaks/spaces, return null (the caller falls back to postal-mime).
 */
import { Buffer } from 'node:buffer';

const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

/** Index of the first byte after a run of CRs starting at i (bounded by end). */
function skipCrs(buf: Uint8Array, i: number, end: number): number {
  while (i < end && buf[i] === CR) i++;
  return i;
}

export function decodePassThrough(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start + 1);
  let o = 0;
  let i = start;
  while (i < end) {
    let c = buf[i];
    while (c !== CR) {
      out[o++] = c;
      if (++i === end) break;
      c = buf[i];
    }
    if (i === end) break;
    const j = skipCrs(buf, i, end);
    // CRs that end a line are dropped (the LF, if any, is copied with the next run); others are text
    if (j === end || buf[j] === LF) i = j;
    else while (i < j) out[o++] = buf[i++];
  }
  if (end > start && buf[end - 1] !== LF) out[o++] = LF;
  return out.subarray(0, o);
}

// Literal runs and escape runs are copied by loops of their own: quoted-printable Japanese is long runs of "=XX", and
// keeping each run in one loop is what makes this fast (about a third faster than one loop with a branch per byte).
export function decodeQuotedPrintable(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start + 1);
  let o = 0;
  let i = start;
  let endsSoft = false;
  while (i < end) {
    let c = buf[i];
    while (c !== EQUALS && c !== CR) {
      out[o++] = c;
      if (++i === end) break;
      c = buf[i];
    }
    if (i === end) break;
    if (c === EQUALS) {
      // "=XX" with two hex digits is a byte. Those digits always lie inside the line: neither CR, LF nor a
      // soft-break "=" is a hex digit.
      while (i + 2 < end) {
        const high = HEX[buf[i + 1]];
        const low = HEX[buf[i + 2]];
        if ((high | low) < 0) break;
        out[o++] = (high << 4) | low;
        i += 3;
        if (buf[i] !== EQUALS) break;
      }
      if (i >= end || buf[i] !== EQUALS) continue;
      // an "=" that starts no escape: a soft line break if only CRs follow it on the line, else a literal "="
      const j = skipCrs(buf, i + 1, end);
      if (j === end) {
        endsSoft = true;
        i = end;
      } else if (buf[j] === LF) {
        i = j + 1;
      } else {
        out[o++] = EQUALS;
        i++;
      }
      continue;
    }
    const j = skipCrs(buf, i, end);
    if (j === end || buf[j] === LF) i = j;
    else while (i < j) out[o++] = buf[i++];
  }
  if (end > start && buf[end - 1] !== LF && !endsSoft) out[o++] = LF;
  return out.subarray(0, o);
}

const LINE_SPACE = /[\r\n\t ]+/g;
const NOT_BASE64 = /[^A-Za-z0-9+/]/;

export function decodeBase64(buf: Buffer, start: number, end: number): Uint8Array | null {
  const data = buf.toString('latin1', start, end).replace(LINE_SPACE, '');
  let n = data.length;
  while (n > 0 && data.charCodeAt(n - 1) === EQUALS) n--;
  const payload = data.slice(0, n);
  if (NOT_BASE64.test(payload)) return null;
  // one leftover character (6 bits) cannot make a byte: postal-mime drops it, and so does this
  const usable = n % 4 === 1 ? n - 1 : n;
  const bytes = Buffer.from(usable === n ? payload : payload.slice(0, usable), 'base64');
  const expected = Math.floor(usable / 4) * 3 + (usable % 4 ? (usable % 4) - 1 : 0);
  return bytes.length === expected ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : null;
}

/** The decoded body for a transfer-encoding token as postal-mime reads it, or null when the fast path does not take it. */
export function decodeBody(buf: Buffer, start: number, end: number, encoding: string): Uint8Array | null {
  switch (encoding) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return decodePassThrough(buf, start, end);
    case 'quoted-printable':
      return decodeQuotedPrintable(buf, start, end);
    case 'base64':
      return decodeBase64(buf, start, end);
    default:
      return null;
  }
}
