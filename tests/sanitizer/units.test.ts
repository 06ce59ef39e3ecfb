/** Quarantine store, limits, CDR, archives and disguise detection. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listZip } from '../../src/sanitizer/classify/zip.ts';
import { ooxmlCdr } from '../../src/sanitizer/convert/ooxml.ts';
import {
  defaultPolicy,
  FsQuarantineStore,
  makePolicy,
  ParsePool,
  QuarantineFullError,
  sanitizeMessage,
} from '../../src/sanitizer/index.ts';
import { buildReport } from '../../src/sanitizer/out/report.ts';
import { compose, docm, sjisNamedZip } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

const retention = { 'original-message': 30, 'original-part': 30, 'ppap-hold': 14 };

describe('FsQuarantineStore', () => {
  it('stores AES-256-GCM encrypted, content-addressed, detects tampering, enforces quota and retention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-q-'));
    try {
      const s = new FsQuarantineStore({ dir, key: randomBytes(32), quotaBytes: 1000, retentionDays: retention });
      const data = Buffer.from('住民記録 PLAINTEXT-MARKER');
      const ref = await s.put(data, { cls: 'original-part', name: 'a.txt', msgId: 'm1', reason: 'x' });
      expect(ref).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await s.put(data, { cls: 'original-part', name: 'a.txt', msgId: 'm2', reason: 'x' })).toBe(ref);
      expect((await s.meta(ref))?.msgIds).toEqual(['m1', 'm2']);
      expect((await s.get(ref)).equals(data)).toBe(true);
      const hex = ref.slice(7);
      const obj = join(dir, 'objects', hex.slice(0, 2), `${hex}.bin`);
      expect(readFileSync(obj).includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
      const blob = readFileSync(obj);
      blob[blob.length - 1] ^= 1;
      writeFileSync(obj, blob);
      await expect(s.get(ref)).rejects.toThrow();
      await expect(
        s.put(Buffer.alloc(2000, 1), { cls: 'original-part', name: null, msgId: 'm3', reason: 'x' }),
      ).rejects.toBeInstanceOf(QuarantineFullError);
      expect(await s.purgeExpired(new Date(Date.now() + 31 * 86_400_000))).toBe(1);
      expect(readdirSync(join(dir, 'meta'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('limits quarantine the message (fail closed)', () => {
  it('message size', async () => {
    const r = await sanitizeMessage(
      await compose({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: '大', text: 'x'.repeat(5000) }),
      makePolicy({ limits: { maxMessageBytes: 1000 } }),
    );
    expect(r.verdict).toBe('quarantined');
    const p = await assertSafeOutput(r.output);
    expect(p.subject).toBe('[隔離] 大');
    expect(p.attachments).toHaveLength(0);
  });
  it('part count', async () => {
    const attachments = Array.from({ length: 30 }, (_, i) => ({ filename: `${i}.txt`, content: 'x' }));
    const r = await sanitizeMessage(
      await compose({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: 's', text: 'x', attachments }),
      makePolicy({ limits: { maxParts: 10 } }),
    );
    expect(r.verdict).toBe('quarantined');
    expect(r.log.message.reason).toMatch(/MIME/);
  });
  it('nesting depth', async () => {
    let body = 'Content-Type: text/plain\r\n\r\nx\r\n';
    for (let i = 0; i < 30; i++)
      body = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    const r = await sanitizeMessage(
      Buffer.from(`From: a@example.jp\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`),
      defaultPolicy,
    );
    expect(r.verdict).toBe('quarantined');
  });
  it('parse timeout', async () => {
    // the worker explicitly: the in-thread fast path has no timeout of its own to test
    const parsePool = new ParsePool(1, 256, { fastPath: false });
    try {
      const r = await sanitizeMessage(
        await compose({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: 't', text: 'x'.repeat(3_000_000) }),
        makePolicy({ limits: { parseTimeoutMs: 1 } }),
        { parsePool },
      );
      expect(r.verdict).toBe('quarantined');
      expect(r.log.message.reason).toMatch(/時間/);
    } finally {
      await parsePool.close();
    }
  });
  it('strips a forged incoming marker header', async () => {
    const raw = Buffer.from(
      'From: a@example.jp\r\nTo: b@lg.example.jp\r\nSubject: f\r\nX-Mamori-Sanitized: v=1; forged\r\n\r\nbody\r\n',
    );
    const out = (await sanitizeMessage(raw, defaultPolicy)).output.toString('latin1');
    expect(out).not.toContain('forged');
    expect(out.match(/X-Mamori-Sanitized/g)).toHaveLength(1);
  });
});

describe('OOXML CDR', () => {
  it('removes VBA, external template and DDE, and remaps the macro content type', () => {
    const r = ooxmlCdr(docm(), defaultPolicy.archive);
    const names = listZip(r.data).map((e) => e.name);
    expect(names).not.toContain('word/vbaProject.bin');
    const all = r.data.toString('latin1');
    expect(r.ext).toBe('docx');
    expect(r.detections.map((d) => d.object)).toEqual(expect.arrayContaining(['vba', 'external-relationship', 'dde']));
    expect(all).not.toMatch(/evil\.example\.com|macroEnabled/);
  });
});

describe('archives', () => {
  it('decodes Shift_JIS entry names without the UTF-8 flag', () => {
    expect(listZip(sjisNamedZip({ '見積書①.txt': Buffer.from('a') })).map((e) => e.name)).toEqual(['見積書①.txt']);
  });
  it('blocks zip bombs by ratio, deep nesting and executables inside', async () => {
    const bomb = Buffer.from(zipSync({ 'a.txt': new Uint8Array(5_000_000) }, { level: 9 }));
    const inner = zipSync({ 'b.zip': zipSync({ 'c.zip': zipSync({ 'd.txt': strToU8('deep') }) }) });
    const exe = zipSync({ '請求書.pdf.exe': strToU8('MZ') });
    const raw = await compose({
      from: 'a@example.jp',
      to: 'b@lg.example.jp',
      subject: 'z',
      text: 'x',
      attachments: [
        { filename: 'bomb.zip', content: bomb },
        { filename: 'nest.zip', content: Buffer.from(inner) },
        { filename: 'exe.zip', content: Buffer.from(exe) },
      ],
    });
    const r = await sanitizeMessage(raw, defaultPolicy);
    await assertSafeOutput(r.output);
    expect(r.log.parts[0].verdict).toBe('removed');
    expect(r.log.parts[0].reason).toMatch(/圧縮率/);
    expect(JSON.stringify(r.log.parts[1])).toMatch(/入れ子/);
    expect(r.log.parts[2].entries?.[0].verdict).toBe('removed');
  });
});

describe('classification by content, not by name', () => {
  it('blocks disguised files, RLO names, SVG and HTML-as-image; re-encodes images from pixels', async () => {
    const raw = await compose({
      from: 'a@example.jp',
      to: 'b@lg.example.jp',
      subject: 'c',
      text: 'x',
      attachments: [
        { filename: 'invoice.pdf', content: zipSync({ 'x.txt': strToU8('x') }) },
        { filename: 'report\u202Efdp.exe', content: 'MZ' },
        { filename: 'noext', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]) },
        { filename: 'pic.svg', content: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
        { filename: 'page.html', content: '<html><body><p>読む</p><script>x()</script></body></html>' },
        { filename: 'data.csv', content: "名前,式\r\n太郎,=cmd|'/c calc'!A1\r\n" },
      ],
    });
    const r = await sanitizeMessage(raw, defaultPolicy);
    const p = await assertSafeOutput(r.output);
    expect(r.log.parts.map((x) => x.verdict)).toEqual([
      'removed',
      'removed',
      'removed',
      'removed',
      'delivered-sanitized',
      'delivered-sanitized',
    ]);
    expect(r.log.parts[3].rule).toBe('types.svg');
    const csv = Buffer.from(p.attachments.find((a) => a.filename === 'data.csv')?.content as ArrayBuffer).toString(
      'utf8',
    );
    expect(csv).toContain("'=cmd");
    const html = Buffer.from(p.attachments.find((a) => a.filename === 'page.txt')?.content as ArrayBuffer).toString(
      'utf8',
    );
    expect(html).toBe('読む');
  });
});

describe('無害化レポート for staff', () => {
  const report = (processedAt: string) =>
    buildReport({
      id: 'r-1',
      policy: 'p-1',
      processedAt,
      body: { sourceType: 'text', urls: 0, mismatches: [], hiddenTextDropped: 0, inlineDropped: 0 },
      parts: [
        {
          ts: processedAt,
          event: 'part.sanitized',
          msgId: 'r-1',
          part: '2',
          policy: 'p-1',
          rule: 'types.text',
          in: {
            name: '明細.csv',
            declared: 'text/csv',
            sniffed: 'text/plain',
            sha256: 'x',
            size: 10,
            encrypted: false,
          },
          detections: [{ object: 'csv-formula', count: 1 }],
          action: 'text',
          verdict: 'delivered-sanitized',
          reason: '数式を無効化しました',
          durationMs: 1,
        },
      ],
      held: false,
    });

  it('gives the processing time in Japan time as 和暦（西暦） hh:mm, never as a UTC timestamp', () => {
    const text = report('2026-11-26T04:39:13.068Z');
    expect(text).toContain('処理日時: 令和8年11月26日（2026年11月26日） 13:39');
    expect(text).not.toContain('2026-11-26T04:39');
    // 15:05 UTC on 31 December is already New Year's Day in Japan.
    expect(report('2026-12-31T15:05:00Z')).toContain('処理日時: 令和9年1月1日（2027年1月1日） 00:05');
  });

  it('names what was found in words, not by its log code', () => {
    const text = report('2026-11-26T04:39:13.068Z');
    expect(text).toContain('検出: 数式として実行されうるセル 1 件');
    expect(text).not.toContain('csv-formula');
  });
});
