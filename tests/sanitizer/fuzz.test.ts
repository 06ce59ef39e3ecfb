/**
 * Seeded mutation fuzzing (after postal-mime's fuzz design): mutants of real messages must each end
 * delivered-sanitized or quarantined, never throw, never hang past the limit, and never let HTML through.
 * CI runs 2,000 mutants; a larger run: MAMORI_FUZZ_N=50000 npx vitest run tests/sanitizer/fuzz.test.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePolicy, sanitizeMessage } from '../../src/sanitizer/index.ts';
import { compose, jpeg, requireCorpus, rng, sjisNamedZip } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

const TOKENS = [
  '\r\n',
  '\r\n\r\n',
  '--',
  'Content-Type: multipart/mixed; boundary=x\r\n',
  '=?UTF-8?B?',
  '?=',
  'base64',
  '<script>',
  '\0',
  '=\r\n',
  'Content-Type: message/rfc822\r\n\r\n',
  '\x1b$B',
  'charset=iso-2022-jp',
];

function mutate(seed: Buffer, r: () => number): Buffer {
  let b = Buffer.from(seed);
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    switch (Math.floor(r() * 6)) {
      case 0:
        b[at] ^= 1 << Math.floor(r() * 8);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + Math.floor(r() * 64)))]);
        break;
      case 2:
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from(TOKENS[Math.floor(r() * TOKENS.length)], 'latin1'),
          b.subarray(at),
        ]);
        break;
      case 3: {
        const len = Math.floor(r() * 200);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        break;
      }
      case 4:
        b = b.subarray(0, Math.max(1, at));
        break;
      default:
        b[at] = Math.floor(r() * 256);
    }
  }
  return b;
}

describe('mutation fuzz', () => {
  it('every mutant ends delivered-sanitized or quarantined, within the time bound', async () => {
    const mime = requireCorpus('mime');
    const seeds = [
      readFileSync(join(mime, 'mimekit/japanese.txt')),
      readFileSync(join(mime, 'mimekit/multipart-related-mhtml.txt')),
      readFileSync(join(mime, 'mimekit/simple-embedded-message.eml')),
      await compose({
        from: '"総務" <a@example.jp>',
        to: 'b@lg.example.jp',
        subject: '①㈱髙 テスト',
        html: '<p>本文 <a href="https://evil.example.com">https://bank.example.jp</a></p><table><tr><td>1</td></tr></table>',
        attachments: [
          { filename: 'p.jpg', content: await jpeg() },
          { filename: 's.zip', content: sjisNamedZip({ '見積書.txt': Buffer.from('abc') }) },
        ],
      }),
    ];
    const policy = makePolicy({ limits: { parseTimeoutMs: 5000, maxProcessingMs: 20_000 } });
    const total = Number(process.env.MAMORI_FUZZ_N ?? 2000);
    const r = rng(20261126);
    const started = Date.now();
    const verdicts: Record<string, number> = {};
    for (let i = 0; i < total; i++) {
      const input = mutate(seeds[i % seeds.length], r);
      const t = Date.now();
      const res = await sanitizeMessage(input, policy);
      expect(Date.now() - t).toBeLessThan(25_000);
      verdicts[res.verdict] = (verdicts[res.verdict] ?? 0) + 1;
      expect(['delivered-sanitized', 'quarantined']).toContain(res.verdict);
      if (i % 10 === 0) await assertSafeOutput(res.output);
      else expect(res.output.toString('latin1')).not.toMatch(/Content-Type:\s*text\/html/i);
    }
    const elapsed = Date.now() - started;
    console.log(`fuzz: ${total} mutants in ${elapsed} ms`, verdicts);
    expect(elapsed).toBeLessThan(Number(process.env.MAMORI_FUZZ_N) ? Number.POSITIVE_INFINITY : 60_000);
  }, 120_000);
});
