/**
 * The in-thread fast MIME path (src/sanitizer/parse/fast-mime.ts) against postal-mime as the parse worker runs it:
 * wherever fastParse accepts a message, its result must deep-equal the worker's (parseWithPostalMime, the worker's
 * own function). Inputs: the shared MIME corpus, the benchmark mails, hand-built Japanese mails and seeded mutants of
 * all of them. Also: the shapes it must decline, the pool's fallback to the worker, and its time bound on hostile input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildMails } from '../../bench/sanitizer-mails.ts';
import { defaultPolicy } from '../../src/sanitizer/index.ts';
import { FAST_PATH_MAX_BYTES, fastParse } from '../../src/sanitizer/parse/fast-mime.ts';
import { type ParsedMessage, ParseLimitError, ParsePool } from '../../src/sanitizer/parse/pool.ts';
import { parseWithPostalMime } from '../../src/sanitizer/parse/postal-result.mjs';
import type { Limits } from '../../src/sanitizer/policy.ts';
import { handBuiltMails, mutate, randomMessage } from './fast-mime.fixtures.ts';
import { compose, eucjp, jis, requireCorpus, rng, sjis } from './fixtures.ts';

const limits = defaultPolicy.limits;

/** Attachment bytes as base64 so that toEqual compares content and prints a readable diff. */
function comparable(m: ParsedMessage) {
  return {
    ...m,
    attachments: m.attachments.map((a) => ({ ...a, content: Buffer.from(a.content).toString('base64') })),
  };
}

async function worker(raw: Uint8Array, l: Limits = limits): Promise<ParsedMessage | string> {
  try {
    const out = await parseWithPostalMime(raw, l);
    return out.ok ? out.message : `refused: ${out.error}`;
  } catch (err) {
    return `threw: ${(err as Error).message}`;
  }
}

/** fastParse's answer, checked against the worker's when it accepts. Returns whether it accepted. */
async function agrees(raw: Uint8Array, label: string, l: Limits = limits): Promise<boolean> {
  const fast = fastParse(raw, l);
  if (!fast) return false;
  const reference = await worker(raw, l);
  expect(typeof reference, `${label}: fast path accepted what the worker ${reference}`).toBe('object');
  expect(comparable(fast), label).toEqual(comparable(reference as ParsedMessage));
  return true;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const mimeDir = requireCorpus('mime');
const corpus = walk(mimeDir).filter((f) => !/(?:SOURCE\.md|LICENSE[^/]*|ARTISTIC-LICENSE\.txt)$/.test(f));

describe('fast path = postal-mime wherever it accepts', () => {
  it('the MIME corpus', async () => {
    expect(corpus.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const path of corpus) if (await agrees(readFileSync(path), relative(mimeDir, path))) accepted++;
    console.log(`fast path accepted ${accepted} of ${corpus.length} corpus messages`);
    // most corpus messages are deliberately odd (broken boundaries, rfc822, reports); the plain ones must pass
    expect(accepted / corpus.length).toBeGreaterThan(0.5);
  });

  it('the benchmark mails, every one of them on the fast path', async () => {
    const mails = await buildMails(30);
    for (const [i, m] of mails.entries()) expect(await agrees(m, `bench mail ${i}`)).toBe(true);
  });

  it('hand-built Japanese mails: encoded words, SJIS/EUC-JP/ISO-2022-JP bodies, alternative, attachments', async () => {
    const mails = await handBuiltMails();
    const declined: string[] = [];
    for (const [name, raw] of Object.entries(mails)) if (!(await agrees(raw, name))) declined.push(name);
    // the ones that need postal-mime's text↔HTML conversion are left to the worker on purpose
    expect(declined).toEqual(['mixed-text-and-html']);
  });

  it('a few thousand seeded mutants', async () => {
    const seeds = [...Object.values(await handBuiltMails()), ...(await buildMails(3))];
    for (const name of ['mimekit/japanese.txt', 'mimekit/multipart-related-mhtml.txt']) {
      seeds.push(readFileSync(join(mimeDir, name)));
    }
    const r = rng(20260611);
    const total = Number(process.env.MAMORI_FAST_MIME_N ?? 2500);
    let accepted = 0;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const seed = seeds[i % seeds.length];
      if (await agrees(mutate(seed, r), `mutant ${i} of seed ${i % seeds.length}`)) accepted++;
    }
    console.log(`fast path accepted ${accepted} of ${total} mutants in ${Date.now() - started} ms`);
    expect(accepted).toBeGreaterThan(total * 0.3);
  }, 60_000);

  it('random MIME trees (nested multiparts, encodings, charsets, line endings) and mutants of them', async () => {
    const r = rng(20260612);
    const total = Number(process.env.MAMORI_FAST_MIME_N ?? 3000);
    let accepted = 0;
    let nested = 0;
    for (let i = 0; i < total; i++) {
      const generated = randomMessage(r);
      const raw = i % 2 ? mutate(generated, r) : generated;
      if (!(await agrees(raw, `random message ${i}: ${JSON.stringify(raw.toString('latin1'))}`))) continue;
      accepted++;
      if ((raw.toString('latin1').match(/multipart\//gi)?.length ?? 0) > 1) nested++;
    }
    console.log(`fast path accepted ${accepted} of ${total} random messages (${nested} with nested multiparts)`);
    expect(accepted).toBeGreaterThan(total * 0.3);
    expect(nested).toBeGreaterThan(total * 0.05);
  }, 60_000);
});

describe('fast path declines what it does not handle', () => {
  const head = 'From: a@example.jp\r\nTo: b@lg.example.jp\r\nSubject: s\r\nMIME-Version: 1.0\r\n';
  const multipart = (parts: string[], boundary = 'b1') =>
    Buffer.from(
      `${head}Content-Type: multipart/mixed; boundary=${boundary}\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`,
    );
  const text = 'Content-Type: text/plain; charset=utf-8\r\n\r\n本文\r\n';
  const attachment = 'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n';
  const cases: Record<string, [Buffer, Limits?]> = {
    'message/rfc822 part': [
      multipart([text, `Content-Type: message/rfc822\r\n\r\nFrom: c@example.jp\r\nSubject: inner\r\n\r\nhi\r\n`]),
    ],
    'unknown transfer encoding': [
      Buffer.from(`${head}Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n`),
    ],
    'missing closing delimiter': [
      Buffer.from(`${head}Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n${text}`),
    ],
    'multipart/digest': [
      Buffer.from(`${head}Content-Type: multipart/digest; boundary=b1\r\n\r\n--b1\r\n${text}\r\n--b1--\r\n`),
    ],
    'too many parts': [multipart(Array.from({ length: 12 }, () => attachment)), { ...limits, maxParts: 5 }],
    'too many delimiters': [multipart(Array.from({ length: 12 }, () => text)), { ...limits, maxParts: 3 }],
    'header over the limit': [
      Buffer.from(`${head}X-Long: ${'x'.repeat(3000)}\r\n\r\nbody\r\n`),
      { ...limits, maxHeaderBytes: 2048 },
    ],
    'nesting deeper than the limit': [
      Buffer.from(
        `${head}Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\n${text}\r\n--b2--\r\n--b1--\r\n`,
      ),
      { ...limits, maxNestingDepth: 1 },
    ],
    'text/calendar': [multipart([text, 'Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\n'])],
    'over the size bound': [Buffer.from(`${head}\r\n${'x'.repeat(FAST_PATH_MAX_BYTES)}\r\n`)],
  };

  for (const [name, [raw, l]] of Object.entries(cases)) {
    it(name, () => expect(fastParse(raw, l ?? limits)).toBeNull());
  }

  it('the same shapes are accepted once the oddity is removed (the cases above are not declined by accident)', () => {
    expect(fastParse(multipart([text, text]), limits)).not.toBeNull();
    expect(fastParse(multipart(Array.from({ length: 12 }, () => attachment)), limits)?.attachments).toHaveLength(12);
    expect(fastParse(Buffer.from(`${head}Content-Type: text/plain\r\n\r\nbody\r\n`), limits)).not.toBeNull();
  });

  describe('the pool sends declined messages to the worker, with the worker’s result or refusal', () => {
    const pool = new ParsePool(1, 256);
    const workerOnly = new ParsePool(1, 256, { fastPath: false });
    afterAll(async () => {
      await pool.close();
      await workerOnly.close();
    });

    it('accepted: parsed in this thread, same result as the worker', async () => {
      const spy = vi.spyOn(pool, 'parseInWorker');
      const raw = await compose({ from: 'a@example.jp', to: 'b@lg.example.jp', subject: '件名', html: '<p>本文①</p>' });
      const parsed = await pool.parse(raw, limits);
      expect(spy).not.toHaveBeenCalled();
      const viaWorker = await workerOnly.parse(raw, limits);
      const { id: _id, ok: _ok, ...fields } = viaWorker as ParsedMessage & { id?: number; ok?: boolean };
      expect(comparable(parsed)).toEqual(comparable(fields));
      spy.mockRestore();
    });

    it('declined: message/rfc822 and an unknown encoding go to the worker', async () => {
      const spy = vi.spyOn(pool, 'parseInWorker');
      const rfc822 = (await pool.parse(cases['message/rfc822 part'][0], limits)) as ParsedMessage;
      expect(rfc822.attachments.map((a) => a.mimeType)).toEqual(['message/rfc822']);
      const uu = await pool.parse(cases['unknown transfer encoding'][0], limits);
      expect(uu.text).toContain('begin 644 a');
      expect(spy).toHaveBeenCalledTimes(2);
      spy.mockRestore();
    });

    it('declined: too many parts and an oversized header are refused by the worker as before', async () => {
      const [parts, partLimits] = cases['too many parts'];
      await expect(pool.parse(parts, partLimits as Limits)).rejects.toMatchObject({ limit: 'parts' });
      const [delimiters, delimiterLimits] = cases['too many delimiters'];
      await expect(pool.parse(delimiters, delimiterLimits as Limits)).rejects.toMatchObject({ limit: 'parts' });
      const [header, headerLimits] = cases['header over the limit'];
      const err = await pool.parse(header, headerLimits as Limits).catch((e) => e);
      expect(err).toBeInstanceOf(ParseLimitError);
      expect(err.message).toMatch(/header size/);
    });

    it('fastPath: false always uses the worker', async () => {
      const spy = vi.spyOn(workerOnly, 'parseInWorker');
      await workerOnly.parse(Buffer.from('Subject: s\r\n\r\nbody\r\n'), limits);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    });
  });
});

describe('fast path time bound on hostile input (it runs on the main thread)', () => {
  const big = FAST_PATH_MAX_BYTES - 4096;
  const hostile: Record<string, Buffer> = {
    'CR run in a quoted-printable body': Buffer.from(
      `Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${'\r'.repeat(big)}`,
    ),
    '"=" run in a quoted-printable body': Buffer.from(
      `Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${'=\r'.repeat(big / 2)}`,
    ),
    'comment parentheses in Content-Type': Buffer.from(`Content-Type: text/plain; ${'('.repeat(60_000)}\r\n\r\nx\r\n`),
    'angle brackets and at signs in From': Buffer.from(`From: ${'<@'.repeat(30_000)}\r\n\r\nx\r\n`),
    'encoded-word starts in Subject': Buffer.from(`Subject: ${'=?utf-8?q?'.repeat(6000)}\r\n\r\nx\r\n`),
    'dash lines that match no boundary': Buffer.from(
      `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n${'--c\r\n'.repeat(big / 5)}--b--\r\n`,
    ),
    'a long boundary-prefixed line': Buffer.from(
      `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n--b${' '.repeat(big)}x\r\n--b--\r\n`,
    ),
  };
  for (const [name, raw] of Object.entries(hostile)) {
    it(name, () => {
      const t = performance.now();
      fastParse(raw, limits);
      expect(performance.now() - t).toBeLessThan(500);
    });
  }
});

describe('charset fixtures decode as expected (sanity of the hand-built inputs)', () => {
  it('①㈱髙 survive each Japanese encoding through the fast path', async () => {
    for (const [charset, bytes] of [
      ['shift_jis', sjis('①㈱髙')],
      ['euc-jp', eucjp('①㈱髙')],
      ['iso-2022-jp', jis('①㈱髙')],
    ] as const) {
      const raw = Buffer.concat([
        Buffer.from(`Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
        bytes,
        Buffer.from('\r\n'),
      ]);
      expect(fastParse(raw, limits)?.text).toBe('①㈱髙\n');
    }
  });
});
