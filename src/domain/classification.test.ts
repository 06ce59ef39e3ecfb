import { describe, expect, it } from 'vitest';
import { FINDING_CLAUSES } from './assets/findings.ts';
import { INHERITANCE_CLAUSE } from './assets/inheritance.ts';
import { LIFECYCLE_CLAUSES } from './assets/lifecycle.ts';
import {
  type ClassificationScheme,
  findLevel,
  labelText,
  lowestLevelAtLeast,
  meets,
  PRESETS,
  proposeConfidentialityR6,
  RANK,
  RESTRICTION_CODES,
  RESTRICTIONS,
  rankOf,
  restrictionsFor,
  type SchemeDefinition,
  schemeInForce,
  validateScheme,
} from './classification.ts';

const A = PRESETS.MIC_PRE_R6.definition;
const B = PRESETS.MIC_R6_10.definition;
const scheme = (id: string, def: SchemeDefinition, effectiveFrom: string): ClassificationScheme => ({
  id,
  code: id,
  name: id,
  effectiveFrom,
  ...def,
});

describe('presets', () => {
  it('ship both schemes as valid data with the labels of the domain reference', () => {
    expect(validateScheme(A)).toEqual([]);
    expect(validateScheme(B)).toEqual([]);
    expect(A.confidentiality.map((l) => l.code)).toEqual(['3', '2', '1']);
    expect(A.integrity.map((l) => l.code)).toEqual(['2', '1']);
    expect(A.availability.map((l) => l.code)).toEqual(['2', '1']);
    expect(B.confidentiality.map((l) => l.code)).toEqual(['3A', '3B', '3C', '2', '1']);
    expect(A.confidentiality.every((l) => l.label === '例文')).toBe(true);
    expect(B.confidentiality.find((l) => l.code === '3A')?.label).toBe('確認済');
    expect(B.confidentiality.filter((l) => l.code !== '3A').every((l) => l.label === '要確認')).toBe(true);
    // 完全性/可用性 after 令和6年10月 are open: same levels as scheme A, marked [要確認].
    expect(B.integrity.map((l) => [l.code, l.label])).toEqual([
      ['2', '要確認'],
      ['1', '要確認'],
    ]);
  });

  it("puts scheme A's 機密性3 on the rank of scheme B's 3A, so ranks compare across schemes", () => {
    expect(rankOf(A, 'C', '3')).toBe(rankOf(B, 'C', '3A'));
    expect(rankOf(A, 'C', '2')).toBe(rankOf(B, 'C', '2'));
    expect(rankOf(B, 'C', '3B')).toBeGreaterThan(rankOf(B, 'C', '3C'));
  });
});

describe('the scheme in force by effective date', () => {
  const schemes = [scheme('A', A, '2000-04-01'), scheme('B', B, '2026-04-01')];

  it('switches from scheme A to scheme B on the effective date of B', () => {
    expect(schemeInForce(schemes, '2026-03-31')?.id).toBe('A');
    expect(schemeInForce(schemes, '2026-04-01')?.id).toBe('B');
    expect(schemeInForce(schemes, '2030-01-01')?.id).toBe('B');
    expect(schemeInForce([...schemes].reverse(), '2026-04-01')?.id).toBe('B');
  });

  it('has no scheme in force before the first effective date', () => {
    expect(schemeInForce(schemes, '1999-12-31')).toBeNull();
    expect(schemeInForce([], '2026-04-01')).toBeNull();
  });
});

describe('levels', () => {
  it('are found by code or display name, in full-width or lower case, and never guessed', () => {
    expect(findLevel(A, 'C', '3')?.code).toBe('3');
    expect(findLevel(A, 'C', '３')?.code).toBe('3');
    expect(findLevel(A, 'C', '機密性２')?.code).toBe('2');
    expect(findLevel(B, 'C', '3b')?.code).toBe('3B');
    expect(findLevel(B, 'C', '自治体機密性3C')?.code).toBe('3C');
    expect(findLevel(A, 'C', '4')).toBeNull();
    expect(findLevel(A, 'C', '3A')).toBeNull();
    expect(findLevel(A, 'I', '3')).toBeNull();
    expect(findLevel(A, 'C', '')).toBeNull();
    expect(rankOf(A, 'C', null)).toBe(0);
  });

  it('meet the named thresholds by rank (機密性2以上, 機密性3以上, 完全性2, 可用性2)', () => {
    for (const [def, code, c2, c3] of [
      [A, '3', true, true],
      [A, '2', true, false],
      [A, '1', false, false],
      [B, '3A', true, true],
      [B, '3B', true, true],
      [B, '3C', true, true],
      [B, '2', true, false],
      [B, '1', false, false],
    ] as const) {
      const C = rankOf(def, 'C', code);
      expect(meets(def, 'CONF_2_PLUS', { C }), code).toBe(c2);
      expect(meets(def, 'CONF_3_PLUS', { C }), code).toBe(c3);
    }
    expect(meets(A, 'INTEG_2', { I: 2 })).toBe(true);
    expect(meets(A, 'AVAIL_2', { A: 1 })).toBe(false);
    expect(meets(A, 'NO_SUCH_THRESHOLD', { C: 5 })).toBe(false);
  });

  it('give the lowest level at or above a rank in the asset’s own scheme', () => {
    expect(lowestLevelAtLeast(A, 'C', RANK.C3B)?.code).toBe('3');
    expect(lowestLevelAtLeast(B, 'C', RANK.SECRET)?.code).toBe('3A');
    expect(lowestLevelAtLeast(B, 'C', RANK.INTERNAL)?.code).toBe('2');
    expect(lowestLevelAtLeast(A, 'I', 9)?.code).toBe('2');
    expect(lowestLevelAtLeast(A, 'C', 0)).toBeNull();
  });
});

describe('handling restrictions (取扱制限)', () => {
  it('every restriction cites its clause with an evidence label', () => {
    for (const code of RESTRICTION_CODES) {
      expect(RESTRICTIONS[code].clause.ref, code).toBeTruthy();
      expect(RESTRICTIONS[code].clause.label, code).toBe('例文');
      expect(RESTRICTIONS[code].name, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it("cite clauses in a town's words: no internal ids or 例文 in the document and section, ids only as code", () => {
    const clauses = [
      ...RESTRICTION_CODES.map((c) => RESTRICTIONS[c].clause),
      ...Object.values(LIFECYCLE_CLAUSES),
      ...Object.values(FINDING_CLAUSES),
      INHERITANCE_CLAUSE,
    ];
    for (const c of clauses) {
      expect(`${c.document} ${c.ref}`, c.ref).not.toMatch(/[A-Z]{1,2}-\d|例文|§/);
    }
    expect(RESTRICTIONS.TRUSTED_LINE_ONLY.clause).toMatchObject({
      ref: '物理的セキュリティ（通信回線）',
      code: 'P-04',
    });
    expect(LIFECYCLE_CLAUSES.CARRY_RETURN.code).toBe('H-02');
    expect(INHERITANCE_CLAUSE).toMatchObject({ document: 'Mamoriの点検項目', origin: 'mamori', code: 'AC-5' });
  });

  it('follow 機密性3: nine restrictions including no non-issued devices and a locked case', () => {
    const codes = restrictionsFor(A, { C: '3' }).map((r) => r.code);
    expect(codes).toEqual([
      'NO_NON_ISSUED_DEVICE',
      'NO_UNNEEDED_COPY',
      'STORAGE_RESTRICTED',
      'ENCRYPT_IN_TRANSIT',
      'LOCKED_CASE_TRANSPORT',
      'IRRECOVERABLE_DISPOSAL',
      'TRUSTED_LINE_ONLY',
      'OUTSIDE_PROCESSING_SAFEGUARDS',
      'LOCKABLE_MEDIA_STORAGE',
    ]);
  });

  it('follow 機密性2: encryption as needed, locked case, irrecoverable disposal, reliable lines', () => {
    expect(restrictionsFor(A, { C: '2' }).map((r) => r.code)).toEqual([
      'ENCRYPT_IN_TRANSIT',
      'LOCKED_CASE_TRANSPORT',
      'IRRECOVERABLE_DISPOSAL',
      'TRUSTED_LINE_ONLY',
    ]);
    expect(restrictionsFor(A, { C: '1', I: '1', A: '1' })).toEqual([]);
  });

  it('follow 完全性2 (backups, signatures) and 可用性2 (backups, restore time), each listed once', () => {
    expect(restrictionsFor(A, { I: '2' }).map((r) => r.code)).toEqual([
      'OUTSIDE_PROCESSING_SAFEGUARDS',
      'LOCKABLE_MEDIA_STORAGE',
      'BACKUP',
      'E_SIGNATURE',
    ]);
    expect(restrictionsFor(A, { A: '2' }).map((r) => r.code)).toEqual([
      'LOCKABLE_MEDIA_STORAGE',
      'BACKUP',
      'RECOVERY_TIME_OBJECTIVE',
    ]);
    const all = restrictionsFor(A, { C: '3', I: '2', A: '2' });
    expect(all.find((r) => r.code === 'LOCKABLE_MEDIA_STORAGE')?.triggeredBy).toEqual([
      '機密性3',
      '完全性2',
      '可用性2',
    ]);
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length);
  });

  it('follow scheme B: 3A/3B/3C as 機密性3, 2 as 機密性2 (the mapping is configurable)', () => {
    const c3 = restrictionsFor(A, { C: '3' }).map((r) => r.code);
    for (const code of ['3A', '3B', '3C']) expect(restrictionsFor(B, { C: code }).map((r) => r.code)).toEqual(c3);
    expect(restrictionsFor(B, { C: '2' }).map((r) => r.code)).toContain('LOCKED_CASE_TRANSPORT');
  });

  it('follow edited data, not code: a level without restrictions has none', () => {
    const edited: SchemeDefinition = {
      ...A,
      confidentiality: A.confidentiality.map((l) => (l.code === '3' ? { ...l, restrictions: ['BACKUP'] } : l)),
    };
    expect(restrictionsFor(edited, { C: '3' }).map((r) => r.code)).toEqual(['BACKUP']);
  });

  it('give the 表示 label text for marking', () => {
    expect(labelText(A, { C: '3', I: '2', A: '2' }).short).toBe('【機密性3・完全性2・可用性2】');
    expect(labelText(A, { C: '2', I: '1', A: '1' }).full).toBe(
      '【機密性2・完全性1・可用性1】 取扱制限：送信・運搬・提供時の暗号化又はパスワード設定／運搬時の鍵付きケース等の使用／廃棄時の復元不可能な処置／信頼性のある通信回線の使用',
    );
    expect(labelText(B, { C: '3B' }).short).toBe('【自治体機密性3B・完全性未分類・可用性未分類】');
    expect(labelText(A, { C: '1', I: '1', A: '1' }).full).toBe('【機密性1・完全性1・可用性1】');
  });
});

describe('scheme validation', () => {
  it('refuses duplicate codes and ranks, unknown restrictions, missing and unmeetable thresholds', () => {
    const bad: SchemeDefinition = {
      confidentiality: [
        { ...A.confidentiality[0], code: 'X' },
        { ...A.confidentiality[1], code: 'x', rank: 5 },
        { ...A.confidentiality[2], restrictions: ['NOPE' as never], rank: 0 },
      ],
      integrity: [],
      availability: A.availability,
      thresholds: {
        CONF_2_PLUS: { axis: 'C', minRank: 2 },
        INTEG_2: { axis: 'I', minRank: 2 },
        X: { axis: 'A', minRank: 9 },
      },
    };
    const paths = validateScheme(bad).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'confidentiality.1.code',
        'confidentiality.1.rank',
        'confidentiality.2.rank',
        'confidentiality.2.restrictions',
        'integrity',
        'thresholds.CONF_3_PLUS',
        'thresholds.AVAIL_2',
        'thresholds.INTEG_2',
        'thresholds.X',
      ]),
    );
    expect(validateScheme(bad).every((p) => p.message.ja.length > 0)).toBe(true);
  });
});

describe('migration A → B proposals (a human confirms)', () => {
  const none = { personal: false, specificPersonal: false, sensitivePersonal: false };
  it('proposes 3 → 3A, 2 → 3B/3C/2 by personal data, 1 → 1, all [要確認]', () => {
    expect(proposeConfidentialityR6(RANK.SECRET, none).proposed).toBe('3A');
    expect(proposeConfidentialityR6(RANK.INTERNAL, none).proposed).toBe('2');
    expect(proposeConfidentialityR6(RANK.INTERNAL, { ...none, personal: true }).proposed).toBe('3C');
    expect(proposeConfidentialityR6(RANK.INTERNAL, { ...none, specificPersonal: true })).toEqual({
      proposed: '3B',
      alternatives: ['3C', '2'],
      label: '要確認',
    });
    expect(proposeConfidentialityR6(RANK.PUBLIC, none).proposed).toBe('1');
  });
});
