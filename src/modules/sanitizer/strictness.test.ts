/**
 * Every field of the sanitizer policy has a strictness rule, and a town's override is accepted only when it is at least
 * as strict as the server's policy: numbers at most the server's, flags and actions no looser in their ranking,
 * allow-lists no longer, cosmetic fields free, the scanner's paths the server's.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultPolicy, makePolicy, type Policy, type PolicyInput, policyProblems } from '../../sanitizer/policy.ts';
import {
  holdToServer,
  looserFields,
  POLICY_PATHS,
  type PolicyPath,
  STRICTNESS,
  type StrictnessRule,
  type UnrankedValues,
  valueAt,
} from './strictness.ts';

/** Every leaf of the policy object as a dotted path (arrays are leaves). */
function leafPaths(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [prefix.slice(0, -1)];
  return Object.entries(o).flatMap(([k, v]) => leafPaths(v, `${prefix}${k}.`));
}

/** A policy input that sets one path. */
function at(path: string, value: unknown): PolicyInput {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((v, k) => ({ [k]: v }), value) as PolicyInput;
}

const rule = (path: PolicyPath): StrictnessRule => STRICTNESS[path];
const flagged = (server: Policy, path: PolicyPath, value: unknown) =>
  looserFields(server, at(path, value)).map((p) => p.path);

describe('the strictness table', () => {
  it('classifies every leaf of the policy, and nothing else', () => {
    expect([...POLICY_PATHS].sort()).toEqual(leafPaths(defaultPolicy).sort());
    expect(leafPaths(defaultPolicy).length).toBeGreaterThan(40);
  });

  it('ranks every value of every enum and flag (checked by the compiler as well)', () => {
    expectTypeOf<UnrankedValues>().toBeNever();
    const probes = [
      true,
      false,
      'pass',
      'raw',
      ...POLICY_PATHS.flatMap((p) => {
        const r = rule(p);
        return r.kind === 'ranked' ? r.strictestFirst : [];
      }),
    ];
    for (const path of POLICY_PATHS) {
      const r = rule(path);
      if (r.kind !== 'ranked') continue;
      // the values policyProblems accepts for this field are exactly the ranked ones
      const accepted = [...new Set(probes)].filter(
        (v) => !policyProblems(makePolicy(at(path, v))).some((p) => p.path === path),
      );
      expect({ path, values: [...r.strictestFirst].map(String).sort() }).toEqual({
        path,
        values: accepted.map(String).sort(),
      });
    }
  });

  it('treats only cosmetic fields as free, each with its reason', () => {
    const free = POLICY_PATHS.filter((p) => rule(p).kind === 'free');
    expect(free.sort()).toEqual(
      [
        'archive.nameEncodingFallback',
        'body.outputCharset',
        'body.subjectPrefix',
        'policyVersion',
        'types.image.out',
      ].sort(),
    );
    for (const p of free) expect((STRICTNESS[p] as { why: string }).why.length).toBeGreaterThan(5);
  });
});

describe('looserFields: each field against the server policy', () => {
  const server = makePolicy({});

  it.each(POLICY_PATHS.filter((p) => rule(p).kind === 'at-most'))('%s: at most the server value', (path) => {
    const s = valueAt(server, path) as number;
    expect(flagged(server, path, s + 1)).toEqual([path]);
    expect(flagged(server, path, s)).toEqual([]);
    expect(flagged(server, path, Math.max(1, Math.floor(s / 2)))).toEqual([]);
  });

  it.each(POLICY_PATHS.filter((p) => rule(p).kind === 'ranked'))(
    '%s: no looser than the server in its ranking',
    (path) => {
      const order = (rule(path) as { strictestFirst: readonly unknown[] }).strictestFirst;
      expect(order.length).toBeGreaterThanOrEqual(2);
      for (const [i, s] of order.entries()) {
        const srv = makePolicy(at(path, s));
        for (const [j, v] of order.entries()) expect(flagged(srv, path, v)).toEqual(j > i ? [path] : []);
      }
      // a value the ranking does not know is refused (fail closed)
      expect(flagged(server, path, 'pass')).toEqual([path]);
    },
  );

  it('the rankings the policy is about: defanging and flags on, block first, CDR loosest for Office', () => {
    expect(flagged(server, 'body.defangUrls', false)).toEqual(['body.defangUrls']);
    expect(flagged(server, 'body.flagHrefTextMismatch', false)).toEqual(['body.flagHrefTextMismatch']);
    expect(flagged(server, 'dropInlineImages', false)).toEqual(['dropInlineImages']);
    expect(flagged(server, 'types.text.neutraliseCsv', false)).toEqual(['types.text.neutraliseCsv']);
    expect(flagged(server, 'types.ooxml.action', 'cdr')).toEqual(['types.ooxml.action']);
    expect(flagged(server, 'types.ooxml.action', 'block')).toEqual([]);
    expect(flagged(makePolicy(at('types.ooxml.action', 'cdr')), 'types.ooxml.action', 'rasterize')).toEqual([]);
    expect(flagged(server, 'archive.encrypted', 'block')).toEqual([]);
    expect(flagged(makePolicy(at('archive.encrypted', 'block')), 'archive.encrypted', 'ppap-hold')).toEqual([
      'archive.encrypted',
    ]);
    // without LibreOffice documents are removed: turning it off tightens, on again loosens
    expect(flagged(server, 'useLibreOffice', false)).toEqual([]);
    expect(flagged(makePolicy({ useLibreOffice: false }), 'useLibreOffice', true)).toEqual(['useLibreOffice']);
  });

  it('types.image.allow: entries may be removed, never added', () => {
    const srv = makePolicy(at('types.image.allow', ['png', 'jpeg']));
    expect(flagged(srv, 'types.image.allow', ['png'])).toEqual([]);
    expect(flagged(srv, 'types.image.allow', [])).toEqual([]);
    expect(flagged(srv, 'types.image.allow', ['jpeg', 'png'])).toEqual([]);
    expect(flagged(srv, 'types.image.allow', ['png', 'gif'])).toEqual(['types.image.allow']);
    const [p] = looserFields(srv, at('types.image.allow', ['png', 'gif', 'webp']));
    expect(p.ja).toContain('gif、webp');
    expect(p.ja).toContain('png、jpeg');
    expect(p.en).toContain('gif, webp are not allowed by the server (png, jpeg)');
  });

  it.each(POLICY_PATHS.filter((p) => rule(p).kind === 'free'))('%s: free', (path) => {
    const other: Record<string, unknown> = {
      policyVersion: 'town.9',
      'body.outputCharset': 'iso-2022-jp',
      'body.subjectPrefix': '[外部]',
      'archive.nameEncodingFallback': 'cp437',
      'types.image.out': 'jpeg',
    };
    expect(other[path]).not.toEqual(valueAt(server, path));
    expect(flagged(server, path, other[path])).toEqual([]);
  });

  it.each(POLICY_PATHS.filter((p) => rule(p).kind === 'server-only'))('%s: the server only', (path) => {
    expect(flagged(server, path, '/tmp/elsewhere')).toEqual([path]);
    expect(flagged(server, path, valueAt(server, path))).toEqual([path]);
  });

  it('av.mode: a scanner may be turned on where the server runs none; a scanner the server runs is fixed', () => {
    for (const mode of ['off', 'clamscan', 'clamd']) expect(flagged(server, 'av.mode', mode)).toEqual([]);
    const clamd = makePolicy({ av: { mode: 'clamd' } });
    expect(flagged(clamd, 'av.mode', 'off')).toEqual(['av.mode']);
    expect(flagged(clamd, 'av.mode', 'clamscan')).toEqual(['av.mode']);
    expect(flagged(clamd, 'av.mode', 'clamd')).toEqual([]);
  });

  it('names each refusal in Japanese and English, saying what the town may choose', () => {
    const problems = looserFields(server, {
      limits: { maxParts: 501 },
      body: { defangUrls: false },
      types: { ooxml: { action: 'cdr' } },
    });
    expect(problems).toEqual([
      {
        path: 'limits.maxParts',
        ja: expect.stringContaining('500 以下'),
        en: expect.stringContaining('at most 500'),
      },
      {
        path: 'body.defangUrls',
        ja: expect.stringContaining(
          'サーバーの設定では「する」になっているため、団体の設定で「しない」にすることはできません',
        ),
        en: expect.stringContaining('a town cannot turn it off'),
      },
      {
        path: 'types.ooxml.action',
        ja: expect.stringContaining('「削除」又は「画像化した PDF に変換」にしてください'),
        en: expect.stringContaining('remove or rasterise to an image-only PDF'),
      },
    ]);
  });

  it('ignores fields the town does not set, and a policy equal to the server (but the scanner paths)', () => {
    expect(looserFields(server, {})).toEqual([]);
    const { database: _d, clamdSocket: _s, ...av } = server.av;
    expect(looserFields(server, { ...structuredClone(server), av } as PolicyInput)).toEqual([]);
  });
});

describe('holdToServer: stored overrides looser than the server are not in force', () => {
  it('holds each looser field to the server and keeps tighter and free ones', () => {
    const server = makePolicy({
      types: { image: { allow: ['png', 'jpeg'] } },
      av: { mode: 'clamd', clamdSocket: '/x' },
    });
    const merged = structuredClone(server);
    merged.limits.maxParts = 10_000;
    merged.limits.maxAttachmentBytes = 1024;
    merged.body.defangUrls = false;
    merged.body.subjectPrefix = '[外部]';
    merged.types.ooxml.action = 'cdr';
    merged.types.pdf.action = 'block';
    merged.types.image.allow = ['png', 'gif'];
    merged.av = { ...merged.av, mode: 'off', clamdSocket: '/tmp/evil' };
    (merged.types.text as { action: string }).action = 'pass';
    const held = holdToServer(server, merged);
    expect(held.limits.maxParts).toBe(500);
    expect(held.limits.maxAttachmentBytes).toBe(1024);
    expect(held.body).toMatchObject({ defangUrls: true, subjectPrefix: '[外部]' });
    expect(held.types.ooxml.action).toBe('rasterize');
    expect(held.types.pdf.action).toBe('block');
    expect(held.types.image.allow).toEqual(['png']);
    expect(held.types.text.action).toBe('text');
    expect(held.av).toMatchObject({ mode: 'clamd', clamdSocket: '/x' });
    // nothing looser than the server is left (the scanner's paths are the server's, which a town may not set at all)
    const left = looserFields(server, held as PolicyInput).filter(
      (p) => rule(p.path as PolicyPath).kind !== 'server-only',
    );
    expect(left).toEqual([]);
    expect(held.av.database).toBe(server.av.database);
    expect(merged.limits.maxParts).toBe(10_000);
  });
});
