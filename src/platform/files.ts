/**
 * Uploaded files: what a file really is (by its bytes, never by its name), guards for Office zips, and the
 * stored_file table (content with its SHA-256, original name, type and size).
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unzipSync } from 'fflate';
import { uuidv7 } from '../db/ids.ts';
import { nowIso, type Scope, type Tx } from '../db/scope.ts';
import { appendAudit } from './audit-log/trail.ts';
import { badRequest, notFound } from './errors.ts';

export interface Upload {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)}MB`;

/**
 * Reads the single file of a multipart request (the route's scope registers @fastify/multipart with the limits).
 * Too large, not multipart, or no file: a 400 in Japanese.
 */
export async function receiveFile(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const tooLarge = badRequest('FILE_TOO_LARGE', {
    ja: `ファイルが大きすぎます。${megabytes(maxBytes)}以下のファイルを選んでください。`,
    en: `The file is too large; the limit is ${megabytes(maxBytes)}.`,
  });
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge;
    throw badRequest('FILE_NOT_MULTIPART', {
      ja: 'ファイルを添付して送信してください（multipart/form-data）。',
      en: 'Send the file as multipart/form-data.',
    });
  }
  if (!part) {
    throw badRequest('FILE_MISSING', { ja: 'ファイルを選んでください。', en: 'Choose a file to upload.' });
  }
  try {
    const bytes = await part.toBuffer();
    return { filename: part.filename, mimetype: part.mimetype, bytes };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge;
    throw error;
  }
}

export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type DocumentKind = keyof typeof MIME;

export interface ZipEntry {
  name: string;
  size: number;
  originalSize: number;
}

/** Limits against zip bombs: Office files of a municipality stay far below these. */
const MAX_ENTRIES = 10_000;
const MAX_UNCOMPRESSED = 200 * 1024 * 1024;

/**
 * Lists a zip's entries from its central directory without inflating anything. Returns null when the bytes are
 * not a readable zip. Throws a 400 when the declared contents exceed the limits (a zip bomb or an absurd file).
 */
export function zipEntries(bytes: Buffer, maxUncompressed: number = MAX_UNCOMPRESSED): ZipEntry[] | null {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) return null;
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch {
    return null;
  }
  const total = entries.reduce((sum, e) => sum + e.originalSize, 0);
  const unsafeName = entries.some((e) => e.name.includes('..') || e.name.startsWith('/'));
  if (entries.length > MAX_ENTRIES || total > maxUncompressed || unsafeName) {
    throw badRequest('FILE_UNSAFE_ARCHIVE', {
      ja: 'ファイルの内部構造が安全ではないため、受け付けられません（展開後の大きさ又は構成が異常です）。',
      en: 'The file was refused: its archive structure is unsafe.',
    });
  }
  return entries;
}

/** What a document really is: PDF by its header; DOCX and XLSX by the parts inside the zip. Macros are refused. */
export function detectDocument(bytes: Buffer): { kind: DocumentKind; mime: string } | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: 'pdf', mime: MIME.pdf };
  const entries = zipEntries(bytes);
  if (!entries) return null;
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) return null;
  if ([...names].some((n) => /vbaProject\.bin$|\/activeX\//i.test(n))) {
    throw badRequest('FILE_HAS_MACROS', {
      ja: 'マクロを含むファイルは受け付けられません。マクロを含まない形式（.docx / .xlsx）又はPDFで保存し直してください。',
      en: 'Files with macros are not accepted; save as .docx, .xlsx or PDF.',
    });
  }
  if (names.has('word/document.xml')) return { kind: 'docx', mime: MIME.docx };
  if (names.has('xl/workbook.xml')) return { kind: 'xlsx', mime: MIME.xlsx };
  return null;
}

/** A file name safe to keep and show: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || fallback).slice(0, 200);
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface StoredFileInfo {
  id: string;
  sha256: string;
  originalName: string;
  mime: string;
  size: number;
  createdAt: string;
}

/** Stores a file in the caller's transaction (its audit event carries the hash, not the content). */
export async function storeFile(
  tx: Tx,
  scope: Scope,
  input: { originalName: string; mime: string; bytes: Buffer },
): Promise<StoredFileInfo> {
  const row = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    sha256: sha256Hex(input.bytes),
    original_name: input.originalName,
    mime: input.mime,
    size: input.bytes.length,
    bytes: input.bytes,
    created_by: scope.actor.userId,
    created_at: nowIso(),
  };
  await tx.insertInto('stored_file').values(row).execute();
  const info = fileInfo(row);
  await appendAudit(tx, scope, { action: 'create', entityType: 'stored_file', entityId: row.id, after: info });
  return info;
}

function fileInfo(row: {
  id: string;
  sha256: string;
  original_name: string;
  mime: string;
  size: number;
  created_at: string;
}) {
  return {
    id: row.id,
    sha256: row.sha256,
    originalName: row.original_name,
    mime: row.mime,
    size: Number(row.size),
    createdAt: row.created_at,
  };
}

export async function storedFileInfo(tx: Tx, tenantId: string, fileId: string): Promise<StoredFileInfo | null> {
  const row = await tx
    .selectFrom('stored_file')
    .select(['id', 'sha256', 'original_name', 'mime', 'size', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row ? fileInfo(row) : null;
}

/** Loads a file's content and checks it against its recorded hash before handing it out. */
export async function loadFile(tx: Tx, tenantId: string, fileId: string) {
  const row = await tx
    .selectFrom('stored_file')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!row) throw notFound({ ja: 'ファイル', en: 'The file' });
  const bytes = Buffer.from(row.bytes);
  if (sha256Hex(bytes) !== row.sha256) {
    throw new Error(`stored_file ${row.id}: content does not match its SHA-256`);
  }
  return { ...fileInfo(row), bytes };
}
