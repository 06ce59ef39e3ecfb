/**
 * ZIP archives (sanitizer.md §6): depth, entry count, total size and ratio limits; Shift_JIS (CP932) entry names
 * when the UTF-8 flag is absent; every entry is sanitised on its own and delivered as a separate attachment.
 * Encrypted ZIPs (PPAP) are held until a password is supplied; then @zip.js/zip.js decrypts (ZipCrypto and AES)
 * and the entries go through the same pipeline. Passwords are never logged.
 */
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { listZip, readEntry, type ZipEntry, ZipError } from '../classify/zip.ts';
import type { ArchivePolicy } from '../policy.ts';

configure({ useWebWorkers: false });

export interface ArchiveEntryData {
  entry: ZipEntry;
  /** path inside the archive, decoded */
  path: string;
  data: Buffer | null;
  /** why the entry is refused without looking at its content */
  refused?: string;
}

export type ArchiveOutcome =
  | { kind: 'entries'; entries: ArchiveEntryData[]; decrypted: boolean }
  | { kind: 'encrypted'; names: string[] }
  | { kind: 'refused'; reason: string };

export async function expandZip(
  bytes: Uint8Array,
  depth: number,
  policy: ArchivePolicy,
  maxEntryBytes: number,
  passwords: string[],
): Promise<ArchiveOutcome> {
  if (depth >= policy.maxDepth)
    return { kind: 'refused', reason: `アーカイブの入れ子が上限（${policy.maxDepth} 段）を超えています` };
  let entries: ZipEntry[];
  try {
    entries = listZip(bytes, policy.nameEncodingFallback, policy.maxEntries);
  } catch (err) {
    const msg = (err as Error).message;
    if (/too many entries/.test(msg))
      return { kind: 'refused', reason: `ファイル数が上限（${policy.maxEntries}）を超えています` };
    if (/split/.test(msg)) return { kind: 'refused', reason: '分割されたアーカイブは受け付けません' };
    return { kind: 'refused', reason: `アーカイブを検査できません（${msg}）` };
  }
  const files = entries.filter((e) => !e.isDir);
  if (files.length > policy.maxEntries)
    return { kind: 'refused', reason: `ファイル数が上限（${policy.maxEntries}）を超えています` };
  const total = files.reduce((s, e) => s + e.size, 0);
  const packed = files.reduce((s, e) => s + e.compressedSize, 0);
  if (total > policy.maxTotalBytes) return { kind: 'refused', reason: '展開後のサイズが上限を超えています' };
  if (total > 1_000_000 && total / Math.max(1, packed) > policy.maxRatio)
    return { kind: 'refused', reason: `圧縮率が上限（${policy.maxRatio} 倍）を超えています（zip bomb の疑い）` };
  for (const e of files) {
    if (e.size > 1_000_000 && e.size / Math.max(1, e.compressedSize) > policy.maxRatio)
      return { kind: 'refused', reason: `圧縮率が上限（${policy.maxRatio} 倍）を超えています（zip bomb の疑い）` };
  }
  const encrypted = files.some((e) => e.encrypted);
  let decrypted: Map<number, Buffer> | null = null;
  if (encrypted) {
    if (!passwords.length) return { kind: 'encrypted', names: files.map((e) => e.name) };
    decrypted = await decryptAll(bytes, files, passwords, maxEntryBytes);
    if (!decrypted) return { kind: 'encrypted', names: files.map((e) => e.name) };
  }
  const out: ArchiveEntryData[] = [];
  for (const [i, e] of files.entries()) {
    const path = e.name;
    if (path.startsWith('/') || /(^|[\\/])\.\.([\\/]|$)/.test(path) || /^[a-z]:/i.test(path)) {
      out.push({ entry: e, path, data: null, refused: '不正なパス（ディレクトリ外への展開）を含みます' });
      continue;
    }
    if (e.size > maxEntryBytes) {
      out.push({ entry: e, path, data: null, refused: 'ファイルサイズが上限を超えています' });
      continue;
    }
    try {
      const data = decrypted ? (decrypted.get(i) ?? null) : readEntry(bytes, e, maxEntryBytes);
      if (!data) throw new ZipError('missing after decryption');
      out.push({ entry: e, path, data });
    } catch (err) {
      out.push({ entry: e, path, data: null, refused: `展開できません（${(err as Error).message}）` });
    }
  }
  return { kind: 'entries', entries: out, decrypted: decrypted !== null };
}

/** Decrypt every entry with the first password that works; null when none does. */
async function decryptAll(
  bytes: Uint8Array,
  files: ZipEntry[],
  passwords: string[],
  maxEntryBytes: number,
): Promise<Map<number, Buffer> | null> {
  for (const password of passwords) {
    const reader = new ZipReader(new Uint8ArrayReader(bytes), {
      password,
      useWebWorkers: false,
      filenameEncoding: 'shift_jis',
    });
    try {
      const zEntries = (await reader.getEntries()).filter((e) => !e.directory);
      if (zEntries.length !== files.length) throw new Error('entry count differs');
      const result = new Map<number, Buffer>();
      for (const [i, ze] of zEntries.entries()) {
        if (ze.uncompressedSize > maxEntryBytes || ze.uncompressedSize !== files[i].size) throw new Error('size');
        const data = await ze.getData?.(new Uint8ArrayWriter(), { password, useWebWorkers: false });
        if (!data || data.length !== files[i].size) throw new Error('size after decryption');
        result.set(i, Buffer.from(data));
      }
      return result;
    } catch {
      /* wrong password or damaged: try the next one */
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
  return null;
}
