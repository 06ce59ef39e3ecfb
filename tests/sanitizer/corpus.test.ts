/**
 * Every corpus message and every Office sample goes through without a crash; each ends delivered-sanitized or
 * quarantined, and nothing executable, scriptable or HTML reaches the output. The corpora live in ../shared/corpora;
 * if they are missing the test fails (it must never pass by finding nothing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdrProfile, defaultPolicy, libreOfficeAvailable, sanitizeMessage } from '../../src/sanitizer/index.ts';
import { compose, requireCorpus } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const mimeDir = requireCorpus('mime');
const officeDir = requireCorpus('office');
const messages = walk(mimeDir).filter((f) => !/(?:SOURCE\.md|LICENSE[^/]*|ARTISTIC-LICENSE\.txt)$/.test(f));
const office = walk(officeDir).filter((f) => !/(?:SOURCE\.md|LICENSE\.md)$/.test(f));

describe('corpus: MIME messages', () => {
  it('found the messages', () => expect(messages.length).toBeGreaterThan(100));
  it.each(messages.map((m) => [relative(mimeDir, m), m]))('%s', async (_name, path) => {
    const r = await sanitizeMessage(readFileSync(path), defaultPolicy);
    expect(['delivered-sanitized', 'quarantined']).toContain(r.verdict);
    await assertSafeOutput(r.output);
  });
});

const MACRO = /docm|xlsm|pptm|dotm|xltm|potm|ppsm|xlam|vba|macro|dde|oleobj|embedded|external_link|lnk|excel4/i;

describe('corpus: Office samples as attachments (default policy: rasterise, or block with notice)', () => {
  it('found the samples', () => expect(office.length).toBeGreaterThan(80));
  it.each(office.map((f) => [relative(officeDir, f), f]))(
    '%s',
    async (_name, path) => {
      const raw = await compose({
        from: 'a@example.jp',
        to: 'b@lg.example.jp',
        subject: '添付',
        text: 'see attached',
        attachments: [{ filename: basename(path), content: readFileSync(path) }],
      });
      const r = await sanitizeMessage(raw, defaultPolicy);
      expect(['delivered-sanitized', 'quarantined']).toContain(r.verdict);
      const out = await assertSafeOutput(r.output);
      const part = r.log.parts[0];
      expect(part).toBeDefined();
      if (MACRO.test(path)) {
        expect(['rasterize', 'block', 'cdr', 'expand-and-recurse', 'ppap-hold', 'text']).toContain(part.action);
        // a DDE CSV stays text only with its formula cells neutralised
        if (part.action === 'text') expect(part.detections.map((d) => d.object)).toContain('csv-formula');
      }
      if (part.verdict === 'delivered-sanitized' && part.action === 'rasterize')
        expect(out.attachments.some((a) => a.mimeType === 'application/pdf')).toBe(true);
      if (!libreOfficeAvailable() && /\.(doc|xls|ppt|odt|ods|odp|rtf)$/i.test(path))
        expect(part.verdict).not.toBe('delivered-sanitized');
    },
    120_000,
  );
});

describe('corpus: OOXML samples under the CDR ("keep editable") profile', () => {
  const ooxml = office.filter((f) =>
    /\.(docx|docm|dotx|dotm|xlsx|xlsm|xltx|xltm|pptx|pptm|potx|potm|ppsx|ppsm)$/i.test(f),
  );
  it.each(ooxml.map((f) => [relative(officeDir, f), f]))(
    '%s',
    async (_name, path) => {
      const raw = await compose({
        from: 'a@example.jp',
        to: 'b@lg.example.jp',
        subject: 'cdr',
        text: 'x',
        attachments: [{ filename: basename(path), content: readFileSync(path) }],
      });
      const r = await sanitizeMessage(raw, cdrProfile(defaultPolicy));
      expect(['delivered-sanitized', 'quarantined']).toContain(r.verdict);
      await assertSafeOutput(r.output);
    },
    120_000,
  );
});
