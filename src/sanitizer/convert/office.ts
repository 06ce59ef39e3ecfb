/**
 * Office / ODF / RTF → PDF through LibreOffice (Debian's libreoffice-nogui), confined like every native converter:
 * one process per job, a fresh -env:UserInstallation profile in the private job directory, no network (bwrap), hard
 * limits and a timeout. LibreOffice can exit 0 without writing the PDF, so the output is checked (dangerzone).
 * The PDF is then rasterised (pdf.ts): what leaves the gateway is pixels only.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConvertError } from './pdf.ts';
import { commandAvailable, jobDir, runConfined } from './sandbox.ts';

export function libreOfficeAvailable(): boolean {
  return process.env.MAMORI_DISABLE_LIBREOFFICE !== '1' && commandAvailable('soffice');
}

/** Serialise conversions: LibreOffice is heavy and one hostile document must not stall more than one slot. */
let chain: Promise<unknown> = Promise.resolve();

export function officeToPdf(bytes: Uint8Array, ext: string, timeoutMs: number): Promise<Buffer> {
  const run = chain.then(() => convert(bytes, ext, timeoutMs));
  chain = run.catch(() => undefined);
  return run;
}

async function convert(bytes: Uint8Array, ext: string, timeoutMs: number): Promise<Buffer> {
  if (!libreOfficeAvailable())
    throw new ConvertError(
      'libreoffice not installed',
      '文書変換機能（LibreOffice）が導入されていないため変換できません',
    );
  const job = await jobDir('mamori-office-');
  try {
    const safeExt = /^[a-z0-9]{1,5}$/.test(ext) ? ext : 'bin';
    const input = join(job.dir, `in.${safeExt}`);
    const outDir = join(job.dir, 'out');
    await writeFile(input, bytes);
    const r = await runConfined(
      'soffice',
      [
        `-env:UserInstallation=file://${join(job.dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--nodefault',
        '--nologo',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        input,
      ],
      job.dir,
      { timeoutMs, memoryBytes: 6 * 1024 * 1024 * 1024, fileBytes: 512 * 1024 * 1024 },
    );
    if (r.timedOut) throw new ConvertError('libreoffice timeout', '文書の変換が時間内に終わりませんでした');
    let files: string[] = [];
    try {
      files = (await readdir(outDir)).filter((f) => f.endsWith('.pdf'));
    } catch {
      /* no output directory */
    }
    if (r.code !== 0 || files.length !== 1)
      throw new ConvertError(
        `libreoffice failed (${r.code}): ${r.stderr.slice(0, 300)}`,
        '文書を変換できませんでした（破損・暗号化・非対応の形式の可能性）',
      );
    const pdf = await readFile(join(outDir, files[0]));
    if (pdf.length < 64 || !pdf.subarray(0, 1024).toString('latin1').includes('%PDF-'))
      throw new ConvertError('libreoffice wrote no pdf', '文書を変換できませんでした');
    return pdf;
  } finally {
    await job.cleanup();
  }
}
