/**
 * ClamAV as an extra signal: a hit removes the part with the signature named; a missing, failing or slow scanner
 * removes it too (fail closed). No signature download here: the test writes a one-line .ndb with the EICAR test
 * string into a temp dir and passes it with --database.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avScan } from '../../src/sanitizer/av.ts';
import { makePolicy, type PolicyInput, policyProblems, sanitizeMessage } from '../../src/sanitizer/index.ts';
import { compose, ppapZip } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

// split so that this source file itself is not flagged by a scanner
const EICAR = Buffer.from(
  ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR', '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''),
  'latin1',
);
const SIG = 'Mamori.Test.EICAR';

const dir = mkdtempSync(join(tmpdir(), 'mamori-av-'));
const db = join(dir, 'mamori-test.ndb');
writeFileSync(db, `${SIG}:0:*:${EICAR.toString('hex')}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clamscanInstalled = spawnSync('clamscan', ['--version'], { stdio: 'ignore' }).status === 0;
const withAv = (av: PolicyInput['av'], extra: PolicyInput = {}) =>
  makePolicy({ ...extra, av: { mode: 'clamscan', database: db, timeoutMs: 20_000, ...av } });

const mail = (attachments: { filename: string; content: Buffer }[]) =>
  compose({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: 'ウイルス検査', text: '本文です。', attachments });

describe('ClamAV availability', () => {
  if (clamscanInstalled) {
    it('clamscan is installed (the ClamAV tests below run for real)', () => expect(clamscanInstalled).toBe(true));
  } else if (process.env.CI) {
    it('clamscan must be installed in CI (.ci/run installs clamav)', () => {
      expect.fail('clamscan is not installed: apt-get install clamav');
    });
  } else {
    it.skip('NOT RUN: clamscan is not installed here — the clamscan tests are skipped (apt-get install clamav)', () => {});
    console.warn('[sanitizer/av] clamscan is not installed: the clamscan tests are SKIPPED, not passed');
  }
});

describe.skipIf(!clamscanInstalled)('clamscan with a local signature database', () => {
  it('EICAR as a mail attachment: removed, original quarantined, signature in the notice and the JSON log', async () => {
    const r = await sanitizeMessage(await mail([{ filename: 'お知らせ.txt', content: EICAR }]), withAv({}));
    expect(r.verdict).toBe('delivered-sanitized');
    const part = r.log.parts[0];
    expect(part.verdict).toBe('removed');
    expect(part.rule).toBe('av.found');
    expect(part.av).toEqual({ engine: 'clamscan', result: 'FOUND', signature: `${SIG}.UNOFFICIAL` });
    expect(part.detections).toContainEqual({ object: 'malware', count: 1, detail: `${SIG}.UNOFFICIAL` });
    expect(part.quarantineRef).toMatch(/^sha256:/);
    expect(r.quarantined.some((q) => q.kind === 'part' && q.name === 'お知らせ.txt')).toBe(true);
    expect(r.log.message.parts[0].av).toBe(`FOUND ${SIG}.UNOFFICIAL`);
    expect(r.log.message.actions).toContain('DEL_ATTACH');
    const out = await assertSafeOutput(r.output);
    expect(out.attachments.map((a) => a.filename)).not.toContain('お知らせ.txt');
    expect(r.output.toString('utf8')).not.toContain('EICAR-STANDARD');
    expect(out.text).toContain(`マルウェア（${SIG}.UNOFFICIAL）`);
  });

  it('EICAR inside a ZIP: the archive is removed with the signature named', async () => {
    const zip = Buffer.from(zipSync({ '資料/readme.txt': strToU8('普通の文書'), '資料/test.txt': EICAR }));
    const r = await sanitizeMessage(await mail([{ filename: '資料.zip', content: zip }]), withAv({}));
    const part = r.log.parts[0];
    expect(part.verdict).toBe('removed');
    expect(part.av?.signature).toBe(`${SIG}.UNOFFICIAL`);
    expect(part.entries).toBeUndefined();
    const out = await assertSafeOutput(r.output);
    expect(out.attachments).toHaveLength(0);
    expect(out.text).toContain(SIG);
  });

  it('a clean mail is untouched by the scan: same outcome as without it, the log says OK', async () => {
    const raw = await mail([{ filename: 'memo.txt', content: Buffer.from('会議は 10 時からです。\n') }]);
    const r = await sanitizeMessage(raw, withAv({}));
    const plain = await sanitizeMessage(raw, makePolicy({}));
    expect(r.verdict).toBe('delivered-sanitized');
    expect(r.log.parts[0].verdict).toBe('delivered-sanitized');
    expect(r.log.parts[0].av).toEqual({ engine: 'clamscan', result: 'OK' });
    expect(r.log.parts[0].out?.sha256).toBe(plain.log.parts[0].out?.sha256);
    const out = await assertSafeOutput(r.output);
    expect(Buffer.from(out.attachments[0].content as ArrayBuffer).toString('utf8')).toBe('会議は 10 時からです。\n');
  });

  it('PPAP: entries decrypted with the password are scanned (ClamAV could not see inside before)', async () => {
    const zip = await ppapZip('pass-123', { 'a.txt': EICAR, 'b.txt': strToU8('ok') });
    const raw = await mail([{ filename: 'ppap.zip', content: zip }]);
    const held = await sanitizeMessage(raw, withAv({}));
    expect(held.log.parts[0].verdict).toBe('held');
    const r = await sanitizeMessage(raw, withAv({}), { passwords: ['pass-123'] });
    const entries = r.log.parts[0].entries ?? [];
    expect(entries.map((e) => [e.in.name, e.verdict, e.av?.result])).toEqual([
      ['a.txt', 'removed', 'FOUND'],
      ['b.txt', 'delivered-sanitized', 'OK'],
    ]);
  });

  it('a scanner that fails (signature database missing) removes the part: fail closed', async () => {
    const raw = await mail([{ filename: 'memo.txt', content: Buffer.from('clean') }]);
    const r = await sanitizeMessage(raw, withAv({ database: join(dir, 'missing.ndb') }));
    expect(r.log.parts[0].verdict).toBe('removed');
    expect(r.log.parts[0].rule).toBe('av.error');
    expect(r.log.parts[0].av?.result).toBe('ERROR');
    expect((await assertSafeOutput(r.output)).attachments).toHaveLength(0);
  });
});

describe('scanner missing or hanging: fail closed (needs no ClamAV)', () => {
  const raw = () => mail([{ filename: 'memo.txt', content: Buffer.from('clean text') }]);
  const saved = process.env.MAMORI_CLAMSCAN;
  afterAll(() => {
    if (saved === undefined) delete process.env.MAMORI_CLAMSCAN;
    else process.env.MAMORI_CLAMSCAN = saved;
  });

  it('clamscan not installed → part removed with av.error', async () => {
    process.env.MAMORI_CLAMSCAN = join(dir, 'no-such-clamscan');
    const r = await sanitizeMessage(await raw(), withAv({}));
    expect(r.log.parts[0]).toMatchObject({ verdict: 'removed', rule: 'av.error', av: { result: 'ERROR' } });
    expect(r.log.parts[0].av?.error).toMatch(/could not start/);
    expect(r.output.toString('utf8')).not.toContain('clean text');
  });

  it('clamscan hangs → killed at the timeout, part removed', async () => {
    const slow = join(dir, 'slow-clamscan');
    writeFileSync(slow, '#!/bin/sh\ncat >/dev/null\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    process.env.MAMORI_CLAMSCAN = slow;
    const t = Date.now();
    const r = await sanitizeMessage(await raw(), withAv({ timeoutMs: 1000 }));
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(r.log.parts[0]).toMatchObject({ verdict: 'removed', rule: 'av.error' });
    expect(r.log.parts[0].av?.error).toMatch(/timeout/);
  });
});

describe('clamd zINSTREAM client (against a stand-in daemon on a Unix socket)', () => {
  const socket = join(dir, 'clamd.sock');
  let server: Server;
  const seen: Buffer[] = [];
  beforeAll(async () => {
    server = createServer((c) => {
      let buf = Buffer.alloc(0);
      c.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const cmd = 'zINSTREAM\0';
        if (buf.length < cmd.length) return;
        expect(buf.subarray(0, cmd.length).toString()).toBe(cmd);
        let off = cmd.length;
        const chunks: Buffer[] = [];
        while (off + 4 <= buf.length) {
          const n = buf.readUInt32BE(off);
          if (n === 0) {
            const data = Buffer.concat(chunks);
            seen.push(data);
            c.end(data.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
            return;
          }
          if (off + 4 + n > buf.length) return;
          chunks.push(buf.subarray(off + 4, off + 4 + n));
          off += 4 + n;
        }
      });
    });
    await new Promise<void>((ok) => server.listen(socket, ok));
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  const clamd = (over: PolicyInput['av'] = {}) =>
    makePolicy({ av: { mode: 'clamd', clamdSocket: socket, timeoutMs: 5000, ...over } });

  it('streams the part in chunks and reads FOUND / OK', async () => {
    const big = Buffer.concat([Buffer.alloc(200_000, 0x41), EICAR]);
    expect(await avScan(big, clamd().av)).toEqual({
      engine: 'clamd',
      result: 'FOUND',
      signature: 'Eicar-Test-Signature',
    });
    expect(seen.at(-1)?.equals(big)).toBe(true);
    expect(await avScan(Buffer.from('clean'), clamd().av)).toEqual({ engine: 'clamd', result: 'OK' });
    const r = await sanitizeMessage(await mail([{ filename: 'x.txt', content: EICAR }]), clamd());
    expect(r.log.parts[0]).toMatchObject({ verdict: 'removed', av: { signature: 'Eicar-Test-Signature' } });
  });

  it('no daemon at the socket → part removed (fail closed)', async () => {
    const r = await sanitizeMessage(
      await mail([{ filename: 'x.txt', content: Buffer.from('clean') }]),
      clamd({ clamdSocket: join(dir, 'nobody.sock') }),
    );
    expect(r.log.parts[0]).toMatchObject({ verdict: 'removed', rule: 'av.error', av: { result: 'ERROR' } });
  });

  it('policyProblems rejects an unknown scanner mode', () => {
    const p = makePolicy({ av: { mode: 'of' as never } });
    expect(policyProblems(p).map((x) => x.path)).toEqual(['av.mode']);
  });
});
