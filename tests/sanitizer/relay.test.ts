/**
 * Real SMTP on loopback: nodemailer → mamori relay → a sink smtp-server standing in for the LGWAN mail server.
 * Japanese subject, HTML body, an image, a PDF, a macro .docm and a PPAP zip; then the PPAP password is supplied and
 * the held ZIP is processed normally. The original never reaches the sink; a broken quarantine means 451.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultPolicy,
  FsQuarantineStore,
  JsonlLogSink,
  MemoryAttemptLimiter,
  type QuarantineStore,
  releaseWithPassword,
  verifyLogChain,
} from '../../src/sanitizer/index.ts';
import { type RelayHandle, startRelay } from '../../src/sanitizer/relay.ts';
import { docm, jpeg, pdfWithJs, pngWithTrailer, ppapZip } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

const received: { raw: Buffer; to: string[] }[] = [];
let sink: SMTPServer;
let sinkPort = 0;
let relay: RelayHandle;
let dir: string;
let store: FsQuarantineStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-relay-test-'));
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  sinkPort = (sink.server.address() as { port: number }).port;
  store = new FsQuarantineStore({
    dir: join(dir, 'q'),
    key: randomBytes(32),
    quotaBytes: 200 * 1024 * 1024,
    retentionDays: { 'original-message': 30, 'original-part': 30, 'ppap-hold': 14 },
  });
  relay = await startRelay({
    listenHost: '127.0.0.1',
    listenPort: 0,
    upstreamHost: '127.0.0.1',
    upstreamPort: sinkPort,
    hostname: 'mamori-test',
    policy: defaultPolicy,
    store,
    log: new JsonlLogSink(join(dir, 'log')),
  });
});

afterAll(async () => {
  await relay?.close();
  await new Promise<void>((r) => sink.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const client = (port: number) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

describe('SMTP relay end to end', () => {
  it('delivers only the rebuilt message, holds the PPAP zip, and releases it with the password', async () => {
    const ppap = await ppapZip('himitsu-123', { '見積書.txt': Buffer.from('お見積り 1,000円', 'utf8') });
    await client(relay.port).sendMail({
      from: '"総務課 髙橋" <somu@city.example.jp>',
      to: 'taro@lg.example.jp',
      subject: '【至急】①㈱髙 見積書の送付',
      html: '<p>お世話になっております。<a href="https://evil.example.com/">https://bank.example.jp/</a></p><script>alert(1)</script><div style="display:none">secret-hidden</div>',
      attachments: [
        { filename: '写真.jpg', content: await jpeg() },
        { filename: 'logo.png', content: await pngWithTrailer() },
        { filename: '見積書.pdf', content: pdfWithJs() },
        { filename: '手順書.docm', content: docm() },
        { filename: '資料.zip', content: ppap },
      ],
    });
    expect(received).toHaveLength(1);
    const got = received[0];
    expect(got.to).toEqual(['taro@lg.example.jp']);
    const p = await assertSafeOutput(got.raw);
    expect(p.subject).toBe('【至急】①㈱髙 見積書の送付');
    expect(p.from?.name).toBe('総務課 髙橋');
    expect(p.text).toContain('お世話になっております。');
    expect(p.text).toContain('hxxps://evil[.]example[.]com/');
    expect(p.text).not.toContain('secret-hidden');
    expect(got.raw.toString('latin1')).not.toContain('secret-exif-marker');
    expect(got.raw.includes(ppap)).toBe(false);
    const marker = p.headers.find((h) => h.key === 'x-mamori-sanitized')?.value ?? '';
    expect(marker).toMatch(/actions=.*RASTERIZE/);
    expect(marker).toMatch(/PPAP_HOLD/);
    const names = p.attachments.map((a) => a.filename);
    expect(names).toEqual(expect.arrayContaining(['写真.png', 'logo.png', '見積書.pdf']));
    expect(names.some((n) => n?.endsWith('.docm'))).toBe(false);
    const report = p.text ?? '';
    expect(report).toContain('無害化レポート');
    expect(report).toContain('パスワード付き ZIP');
    // log chain is intact
    const logs = readdirSync(join(dir, 'log'));
    expect(await verifyLogChain(join(dir, 'log', logs[0]))).toBe(0);
    const lines = readFileSync(join(dir, 'log', logs[0]), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const msg = lines.find((l) => l.event === 'message.processed');
    expect(msg.verdict).toBe('quarantined');
    expect(readFileSync(join(dir, 'log', logs[0]), 'utf8')).not.toContain('himitsu-123');
    // PPAP: the recipient supplies the password; the original comes from the encrypted quarantine
    const limiter = new MemoryAttemptLimiter(3);
    const ref = msg.quarantineRefs[0] as string;
    expect((await releaseWithPassword(store, ref, 'wrong', defaultPolicy, limiter)).status).toBe('wrong-password');
    const ok = await releaseWithPassword(store, ref, 'himitsu-123', defaultPolicy, limiter);
    expect(ok.status).toBe('released');
    if (ok.status !== 'released') return;
    expect(ok.result.verdict).toBe('delivered-sanitized');
    const released = await assertSafeOutput(ok.result.output);
    const txt = released.attachments.find((a) => a.filename === '資料_見積書.txt');
    expect(Buffer.from(txt?.content as ArrayBuffer).toString('utf8')).toBe('お見積り 1,000円');
  }, 120_000);

  it('tempfails (451) when the quarantine cannot be written, and delivers nothing', async () => {
    const broken: QuarantineStore = {
      put: async () => {
        throw new Error('disk full');
      },
      get: async () => Buffer.alloc(0),
      meta: async () => null,
      purgeExpired: async () => 0,
      usage: async () => ({ bytes: 0, count: 0 }),
    };
    const r2 = await startRelay({
      listenHost: '127.0.0.1',
      listenPort: 0,
      upstreamHost: '127.0.0.1',
      upstreamPort: sinkPort,
      hostname: 't',
      policy: defaultPolicy,
      store: broken,
      log: new JsonlLogSink(join(dir, 'log2')),
    });
    const before = received.length;
    try {
      await expect(
        client(r2.port).sendMail({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: 'x', text: 'y' }),
      ).rejects.toMatchObject({ responseCode: 451 });
      expect(received.length).toBe(before);
    } finally {
      await r2.close();
    }
  });
});

describe('PPAP with AES encryption', () => {
  it('decrypts AES-256 zips when the password is supplied', async () => {
    const { sanitizeMessage } = await import('../../src/sanitizer/index.ts');
    const zip = await ppapZip('pw', { 'a.txt': Buffer.from('hello') }, false);
    const raw = Buffer.from(
      `From: a@example.jp\r\nTo: b@lg.example.jp\r\nSubject: z\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: application/zip; name=a.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n${zip.toString('base64')}\r\n--b--\r\n`,
    );
    expect((await sanitizeMessage(raw, defaultPolicy)).verdict).toBe('quarantined');
    const r = await sanitizeMessage(raw, defaultPolicy, { passwords: ['pw'] });
    expect(r.verdict).toBe('delivered-sanitized');
    const p = await PostalMime.parse(r.output);
    expect(p.attachments.map((a) => a.filename)).toEqual(['a_a.txt']);
  });
});
