/**
 * Sanitizer benchmark: npx tsx bench/sanitizer.bench.ts [--mails 400] [--pages 10] [--rounds 3]
 *
 * 1. Text path: 5–50 KB HTML mails (tables, lists, links, Japanese) built with nodemailer's MailComposer.
 *    - bare parse: postal-mime in this thread, the same mails, the same run;
 *    - full pipeline: sanitizeMessage (parse — the in-thread fast path for these simple mails, the postal-mime worker
 *      otherwise; MAMORI_PARSE_FAST_PATH=0 forces the worker — HTML → text, defang, rebuild, in-memory quarantine).
 *    mails/s per core = mails ÷ process CPU seconds (all threads, process.cpuUsage); wall-clock rate also shown.
 *    Steady state: a warm-up pass over all mails, then the best of --rounds alternating rounds.
 *    Targets (issue 6): ≥ 500 mails/s/core and ≤ 2× bare parse.
 * 2. PDF rasterisation at 150 DPI (pdfinfo + pdftoppm confined, PPM → image-only PDF): ms/page and peak memory
 *    (this process's max RSS, and pdftoppm's max RSS measured by /usr/bin/time on the same input).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import PostalMime from 'postal-mime';
import { rasterizePdf } from '../src/sanitizer/convert/pdf.ts';
import {
  defaultPolicy,
  MemoryQuarantineStore,
  pdfToolsAvailable,
  sanitizeMessage,
  sharedParsePool,
} from '../src/sanitizer/index.ts';
import { buildMails } from './sanitizer-mails.ts';

const { values } = parseArgs({
  options: {
    mails: { type: 'string', default: '400' },
    pages: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.mails);
const ROUNDS = Math.max(1, Number(values.rounds));

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function textPath() {
  const mails = await buildMails(N);
  const bytes = mails.reduce((s, m) => s + m.length, 0);
  const store = new MemoryQuarantineStore();
  // Steady state, as in a long-running relay: one warm-up pass of each over all the mails (JIT of the parser, the
  // HTML converter and the worker), then ROUNDS alternating rounds; the best round of each counts.
  for (const m of mails) {
    await PostalMime.parse(m);
    await sanitizeMessage(m, defaultPolicy, { store: new MemoryQuarantineStore() });
  }
  let bareCpu = Number.POSITIVE_INFINITY;
  let bareWall = Number.POSITIVE_INFINITY;
  let fullCpu = Number.POSITIVE_INFINITY;
  let fullWall = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    let c0 = cpuSeconds();
    let t0 = performance.now();
    for (const m of mails) await PostalMime.parse(m);
    bareCpu = Math.min(bareCpu, cpuSeconds() - c0);
    bareWall = Math.min(bareWall, (performance.now() - t0) / 1000);
    c0 = cpuSeconds();
    t0 = performance.now();
    for (const m of mails) {
      const r = await sanitizeMessage(m, defaultPolicy, { store });
      if (r.verdict !== 'delivered-sanitized') throw new Error(`unexpected verdict ${r.verdict}`);
    }
    fullCpu = Math.min(fullCpu, cpuSeconds() - c0);
    fullWall = Math.min(fullWall, (performance.now() - t0) / 1000);
  }
  console.log(`\nText path: ${N} mails, ${(bytes / N / 1024).toFixed(1)} KB average (HTML 5–50 KB)`);
  console.log('| measure | mails/s per core (CPU) | mails/s wall | ms/mail (CPU) |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| bare parse (postal-mime, in thread) | ${(N / bareCpu).toFixed(0)} | ${(N / bareWall).toFixed(0)} | ${((bareCpu / N) * 1000).toFixed(2)} |`,
  );
  console.log(
    `| full sanitize (parse + text + rebuild) | ${(N / fullCpu).toFixed(0)} | ${(N / fullWall).toFixed(0)} | ${((fullCpu / N) * 1000).toFixed(2)} |`,
  );
  console.log(
    `ratio full / bare (CPU): ${(fullCpu / bareCpu).toFixed(2)}×   (wall: ${(fullWall / bareWall).toFixed(2)}×)`,
  );
}

function textPdf(pages: number): Buffer {
  const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const kids: number[] = [];
  for (let p = 0; p < pages; p++) {
    const lines = Array.from(
      { length: 45 },
      (_, i) =>
        `BT /F1 11 Tf 56 ${780 - i * 16} Td (Page ${p + 1} line ${i + 1}: The quick brown fox jumps over the lazy dog 0123456789) Tj ET`,
    ).join('\n');
    objs.push(`<< /Length ${lines.length} >>\nstream\n${lines}\nendstream`);
    const contentId = objs.length;
    objs.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${pages * 2 + 3} 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    kids.push(objs.length);
  }
  objs[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${pages} >>`;
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const x = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function pdfPath() {
  if (!pdfToolsAvailable()) {
    console.log('\nPDF: poppler-utils not installed (apt-get install -y poppler-utils) — skipped');
    return;
  }
  const pages = Number(values.pages);
  const pdf = textPdf(pages);
  await rasterizePdf(textPdf(1), { dpi: 150, maxPages: 200, maxPixelsPerPage: 50e6, timeoutMs: 60_000 });
  const runs = 3;
  let best = Number.POSITIVE_INFINITY;
  let outSize = 0;
  let peakPage = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await rasterizePdf(pdf, { dpi: 150, maxPages: 200, maxPixelsPerPage: 50e6, timeoutMs: 120_000 });
    best = Math.min(best, performance.now() - t);
    outSize = r.pdf.length;
    peakPage = r.peakPageBytes;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bench-'));
  let childRss = 'n/a';
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const t = spawnSync(
      '/usr/bin/time',
      ['-v', 'pdftoppm', '-r', '150', '-f', '1', '-l', String(Math.min(8, pages)), join(dir, 'in.pdf'), join(dir, 'p')],
      { encoding: 'utf8' },
    );
    childRss = `${(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(t.stderr)?.[1] ?? 0) / 1024).toFixed(0)} MB`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nPDF rasterisation at 150 DPI: ${pages} A4 text pages, ${(pdf.length / 1024).toFixed(0)} KB in → ${(outSize / 1024).toFixed(0)} KB out (best of ${runs})`,
  );
  console.log('| ms/page | total ms | page buffer | parent max RSS | pdftoppm max RSS |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| ${(best / pages).toFixed(0)} | ${best.toFixed(0)} | ${(peakPage / 1048576).toFixed(1)} MB | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB | ${childRss} |`,
  );
}

await textPath();
await pdfPath();
await sharedParsePool().close();
