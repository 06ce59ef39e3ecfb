/**
 * Every field of the sanitizer policy is checked (a typo or a hostile override must not lift a safeguard), and a
 * town's overrides can only make the shared gateway stricter than the server's policy — also for overrides stored
 * before these checks existed.
 */
import { describe, expect, it } from 'vitest';
import { effectivePolicy, TIGHTEN_ONLY, tenantOverrideProblems } from '../../src/modules/sanitizer/settings.service.ts';
import { defaultPolicy, makePolicy, type PolicyInput, policyProblems } from '../../src/sanitizer/policy.ts';

const paths = (input: PolicyInput) => policyProblems(makePolicy(input)).map((p) => p.path);

describe('policyProblems', () => {
  it('accepts the defaults', () => {
    expect(policyProblems(defaultPolicy)).toEqual([]);
  });

  it.each([0, -1, 1e15, 2e8 + 1, 1.5, false, '50000000'])('refuses types.image.maxPixels = %s', (v) => {
    expect(paths({ types: { image: { maxPixels: v as number } } })).toEqual(['types.image.maxPixels']);
  });

  it('accepts maxPixels within 1…2×10^8', () => {
    expect(paths({ types: { image: { maxPixels: 1 } } })).toEqual([]);
    expect(paths({ types: { image: { maxPixels: 200_000_000 } } })).toEqual([]);
  });

  it('checks the enums and flags it did not check before', () => {
    const bad = {
      archive: { nameEncodingFallback: 'utf-8' },
      types: {
        ooxml: { alt: 'pass' },
        text: { action: 'pass', neutraliseCsv: 'no' },
        html: { action: 'pass' },
        calendar: { action: 'pass' },
        archive: { action: 'pass' },
      },
      dropInlineImages: 'no',
      av: { database: 'a\nb', clamdSocket: 5 },
    } as unknown as PolicyInput;
    expect(paths(bad).sort()).toEqual(
      [
        'archive.nameEncodingFallback',
        'av.clamdSocket',
        'av.database',
        'dropInlineImages',
        'types.archive.action',
        'types.calendar.action',
        'types.html.action',
        'types.ooxml.alt',
        'types.text.action',
        'types.text.neutraliseCsv',
      ].sort(),
    );
    const fine = makePolicy({
      archive: { nameEncodingFallback: 'cp437' },
      types: { ooxml: { alt: 'block' }, text: { neutraliseCsv: false }, archive: { action: 'block' } },
      dropInlineImages: false,
    });
    expect(policyProblems(fine)).toEqual([]);
  });

  it('gives each problem in Japanese and English', () => {
    const [p] = policyProblems(makePolicy({ types: { image: { maxPixels: 0 } } }));
    expect(p).toEqual({
      path: 'types.image.maxPixels',
      ja: '1 以上 200000000 以下の整数を指定してください。',
      en: 'An integer from 1 to 200000000.',
    });
  });
});

describe("a town's overrides only tighten", () => {
  const server = makePolicy({ av: { mode: 'clamd', clamdSocket: '/x' } });

  it('refuses raising a limit above the server and changing or stopping its scanner', () => {
    const problems = tenantOverrideProblems(server, {
      limits: { maxParts: 501, maxMessageBytes: 1024 },
      types: { image: { maxPixels: 60_000_000 } },
      archive: { maxRatio: 100 },
      av: { mode: 'off' },
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'policyOverrides.av.mode',
      'policyOverrides.limits.maxParts',
      'policyOverrides.types.image.maxPixels',
    ]);
    expect(problems.find((p) => p.field.endsWith('maxParts'))?.message.ja).toContain('500 以下');
    expect(tenantOverrideProblems(server, { av: { mode: 'clamscan' } }).map((p) => p.field)).toEqual([
      'policyOverrides.av.mode',
    ]);
    expect(tenantOverrideProblems(server, { av: { mode: 'clamd' } })).toEqual([]);
  });

  it('lets a town turn a scanner on when the server has none, but not point it anywhere', () => {
    const off = makePolicy({});
    expect(tenantOverrideProblems(off, { av: { mode: 'clamscan' } })).toEqual([]);
    expect(
      tenantOverrideProblems(off, { av: { mode: 'clamd', clamdSocket: '/tmp/evil' } }).map((p) => p.field),
    ).toEqual(['policyOverrides.av.clamdSocket']);
  });

  it('holds overrides saved before these checks to the server policy (fail closed)', () => {
    const base: PolicyInput = { av: { mode: 'clamd', clamdSocket: '/x' } };
    const legacy = {
      policyVersion: 'town.1',
      limits: { maxParts: 100_000, maxAttachmentBytes: 1024 },
      types: { image: { maxPixels: 1e15 }, pdf: { maxPages: false } },
      av: { mode: 'off', clamdSocket: '/tmp/evil' },
    } as unknown as PolicyInput;
    const p = effectivePolicy(base, legacy);
    expect(p.policyVersion).toBe('town.1');
    expect(p.limits.maxParts).toBe(500);
    expect(p.limits.maxAttachmentBytes).toBe(1024);
    expect(p.types.image.maxPixels).toBe(50e6);
    expect(p.types.pdf.maxPages).toBe(200);
    expect(p.av).toMatchObject({ mode: 'clamd', clamdSocket: '/x' });
    for (const path of TIGHTEN_ONLY)
      expect(typeof path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], p)).toBe('number');
    // the shared defaults are not touched by holding
    expect(defaultPolicy.limits.maxParts).toBe(500);
    expect(defaultPolicy.av.mode).toBe('off');
  });
});
