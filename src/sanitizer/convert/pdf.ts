/**
 * PDF → image-only PDF (sanitizer.md §5.4): pdfinfo (page count, size, encryption) and pdftoppm from Debian's
 * poppler-utils run confined (sandbox.ts); the parent reads back only PPM pixel buffers, checks each is exactly
 * width × height × 3 bytes, and writes a fresh PDF that holds nothing but those pixels. Triage (§5.2) decompresses
 * streams before looking for active content, because object streams hide keywords from a byte search.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Detection } from '../types.ts';
import { ImagePdfWriter, parsePpm } from './pdf-writer.ts';
import { commandAvailable, jobDir, runConfined } from './sandbox.ts';

export class ConvertError extends Error {
  override name = 'ConvertError';
  constructor(
    message: string,
    readonly reasonJa: string,
  ) {
    super(message);
  }
}

export function pdfToolsAvailable(): boolean {
  return commandAvailable('pdftoppm') && commandAvailable('pdfinfo');
}

const KEYWORDS: [string, RegExp][] = [
  ['javascript', /\/(?:JS|JavaScript)\b/g],
  ['additional-actions', /\/AA\b/g],
  ['openaction', /\/OpenAction\b/g],
  ['acroform', /\/AcroForm\b/g],
  ['jbig2', /\/JBIG2Decode\b/g],
  ['richmedia', /\/RichMedia\b/g],
  ['launch', /\/Launch\b/g],
  ['embedded-file', /\/EmbeddedFiles?\b/g],
  ['xfa', /\/XFA\b/g],
  ['object-stream', /\/ObjStm\b/g],
  ['uri', /\/URI\b/g],
  ['remote-goto', /\/GoTo[ER]\b/g],
  ['encrypt', /\/Encrypt\b/g],
];

/** Active-content keywords in the file and inside its Flate streams (bounded: 2,000 streams, 64 MiB inflated). */
export function pdfTriage(pdf: Uint8Array): Detection[] {
  const texts: string[] = [Buffer.from(pdf).toString('latin1')];
  const whole = texts[0];
  const re = /stream\r?\n/g;
  let budget = 64 * 1024 * 1024;
  let streams = 0;
  for (let m = re.exec(whole); m && streams < 2000 && budget > 0; m = re.exec(whole)) {
    const start = m.index + m[0].length;
    const end = whole.indexOf('endstream', start);
    if (end < 0) break;
    streams++;
    try {
      const out = inflateSync(pdf.subarray(start, end), { maxOutputLength: Math.min(budget, 16 * 1024 * 1024) });
      budget -= out.length;
      texts.push(out.toString('latin1'));
    } catch {
      /* not Flate, or truncated: the raw bytes were searched already */
    }
    re.lastIndex = end;
  }
  const found: Detection[] = [];
  for (const [object, k] of KEYWORDS) {
    let count = 0;
    for (const t of texts) count += t.match(k)?.length ?? 0;
    if (count) found.push({ object, count });
  }
  return found;
}

export interface RasterOptions {
  dpi: number;
  maxPages: number;
  maxPixelsPerPage: number;
  timeoutMs: number;
}

export interface RasterResult {
  pdf: Buffer;
  pages: number;
  peakPageBytes: number;
}

const MEM = 2 * 1024 * 1024 * 1024;

/** Rasterise a PDF to an image-only PDF. Throws ConvertError (with a Japanese reason) on any failure. */
export async function rasterizePdf(pdf: Uint8Array, opt: RasterOptions): Promise<RasterResult> {
  if (!pdfToolsAvailable())
    throw new ConvertError('poppler-utils not installed', 'PDF 変換機能（poppler-utils）が導入されていません');
  const deadline = Date.now() + opt.timeoutMs;
  const job = await jobDir('mamori-pdf-');
  try {
    const input = join(job.dir, 'in.pdf');
    await writeFile(input, pdf);
    const info = await runConfined('pdfinfo', [input], job.dir, {
      timeoutMs: Math.min(30_000, opt.timeoutMs),
      memoryBytes: MEM,
      fileBytes: 1 << 20,
    });
    if (info.timedOut) throw new ConvertError('pdfinfo timeout', 'PDF の解析が時間内に終わりませんでした');
    if (/Incorrect password|Command Line Error: Incorrect password/i.test(info.stderr))
      throw new ConvertError('encrypted pdf', 'パスワード付き（暗号化）PDF のため検査できません');
    if (info.code !== 0)
      throw new ConvertError(
        `pdfinfo failed: ${info.stderr.slice(0, 200)}`,
        'PDF を解析できませんでした（破損の可能性）',
      );
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? 0);
    if (!pages) throw new ConvertError('no pages', 'PDF にページがありません');
    if (pages > opt.maxPages)
      throw new ConvertError(`too many pages ${pages}`, `ページ数（${pages}）が上限（${opt.maxPages}）を超えています`);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info.stdout);
    if (size) {
      const px = ((Number(size[1]) * opt.dpi) / 72) * ((Number(size[2]) * opt.dpi) / 72);
      if (px > opt.maxPixelsPerPage) throw new ConvertError(`page too large ${px}`, 'ページの寸法が上限を超えています');
    }
    const writer = new ImagePdfWriter(opt.dpi);
    let peakPageBytes = 0;
    const chunk = 8;
    for (let first = 1; first <= pages; first += chunk) {
      const last = Math.min(pages, first + chunk - 1);
      const left = deadline - Date.now();
      if (left <= 0) throw new ConvertError('raster timeout', 'PDF の画像化が時間内に終わりませんでした');
      const out = join(job.dir, `p${first}`);
      const r = await runConfined(
        'pdftoppm',
        ['-r', String(opt.dpi), '-f', String(first), '-l', String(last), '-forcenum', input, out],
        job.dir,
        { timeoutMs: left, memoryBytes: MEM, fileBytes: Math.ceil(opt.maxPixelsPerPage * 3 + 4096) },
      );
      if (r.timedOut) throw new ConvertError('pdftoppm timeout', 'PDF の画像化が時間内に終わりませんでした');
      if (r.code !== 0)
        throw new ConvertError(`pdftoppm failed: ${r.stderr.slice(0, 200)}`, 'PDF を画像化できませんでした');
      const files = (await readdir(job.dir)).filter((f) => f.startsWith(`p${first}-`) && f.endsWith('.ppm')).sort();
      if (files.length !== last - first + 1)
        throw new ConvertError('page count mismatch', 'PDF の一部のページを画像化できませんでした');
      for (const f of files) {
        const path = join(job.dir, f);
        const page = parsePpm(await readFile(path));
        peakPageBytes = Math.max(peakPageBytes, page.rgb.length);
        writer.addPage(page);
        await rm(path, { force: true });
      }
    }
    if (writer.pages !== pages)
      throw new ConvertError('page count mismatch', 'PDF の一部のページを画像化できませんでした');
    return { pdf: writer.finish(), pages, peakPageBytes };
  } finally {
    await job.cleanup();
  }
}
