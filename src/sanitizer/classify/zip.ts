/**
 * Minimal, defensive ZIP reader: central directory only (local headers are checked against it), raw name bytes kept
 * for CP932 decoding, bounded inflate (zlib `maxOutputLength`) and CRC check. Anything odd throws ZipError; callers
 * treat that as "archive failing inspection" → block.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { decodeZipName } from '../charset.ts';

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  nameRaw: Uint8Array;
  utf8: boolean;
  encrypted: boolean;
  /** WinZip AES (method 99) */
  aes: boolean;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  isDir: boolean;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

export function isZip(b: Uint8Array): boolean {
  return b.length >= 22 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7);
}

/** List entries from the central directory. */
export function listZip(b: Uint8Array, fallback: 'cp932' | 'cp437' = 'cp932', maxEntries = 100_000): ZipEntry[] {
  let eocd = -1;
  const stop = Math.max(0, b.length - 22 - 65535);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory');
  const count = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('zip64 is not supported');
  if (u16(b, eocd + 4) !== 0 || u16(b, eocd + 6) !== 0) throw new ZipError('multi-volume (split) archive');
  if (count > maxEntries) throw new ZipError(`too many entries (${count})`);
  if (cdOffset + cdSize > eocd) throw new ZipError('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new ZipError('bad central directory entry');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const nameRaw = b.slice(p + 46, p + 46 + nameLen);
    const utf8 = (flags & 0x800) !== 0;
    const name = decodeZipName(nameRaw, utf8, fallback);
    const entry: ZipEntry = {
      name,
      nameRaw,
      utf8,
      encrypted: (flags & 1) !== 0,
      aes: method === 99,
      method,
      compressedSize: u32(b, p + 20),
      size: u32(b, p + 24),
      crc: u32(b, p + 16),
      localOffset: u32(b, p + 42),
      isDir: name.endsWith('/'),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw new ZipError('zip64 entry');
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Raw (still compressed / encrypted) bytes of an entry, after its local header. */
export function rawEntryData(b: Uint8Array, e: ZipEntry): Uint8Array {
  const p = e.localOffset;
  if (p + 30 > b.length || u32(b, p) !== 0x04034b50) throw new ZipError(`bad local header: ${e.name}`);
  const start = p + 30 + u16(b, p + 26) + u16(b, p + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw new ZipError(`entry out of bounds: ${e.name}`);
  return b.subarray(start, end);
}

/** Decompress one unencrypted entry with a hard output cap and CRC check. */
export function readEntry(b: Uint8Array, e: ZipEntry, maxBytes: number): Buffer {
  if (e.encrypted) throw new ZipError(`encrypted entry: ${e.name}`);
  if (e.size > maxBytes) throw new ZipError(`entry too large: ${e.name}`);
  const raw = rawEntryData(b, e);
  let out: Buffer;
  if (e.method === 0) out = Buffer.from(raw);
  else if (e.method === 8) {
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      throw new ZipError(`inflate failed for ${e.name}: ${(err as Error).message}`);
    }
  } else throw new ZipError(`unsupported compression method ${e.method}: ${e.name}`);
  if (out.length !== e.size) throw new ZipError(`size mismatch: ${e.name}`);
  if (crc32(out) !== e.crc) throw new ZipError(`CRC mismatch: ${e.name}`);
  return out;
}

/** Find a named entry (case-sensitive as OOXML part names are treated case-insensitively by Office: compare lower). */
export function findEntry(entries: ZipEntry[], name: string): ZipEntry | undefined {
  const lower = name.toLowerCase();
  return entries.find((e) => e.name.toLowerCase() === lower);
}
