import { describe, expect, it } from 'vitest';
import {
  type AssetForFindings,
  assetFindings,
  DEFAULT_TIER_LIMITS,
  eventFindings,
  oneYearAfter,
  reviewDueOn,
  tierLimitBroken,
} from './assets/findings.ts';
import { carryState, checkEvent, isIrrecoverable, permissionRule } from './assets/lifecycle.ts';
import { PRESETS, RANK } from './classification.ts';

const A = PRESETS.MIC_PRE_R6.definition;
const B = PRESETS.MIC_R6_10.definition;
const info = (cRank: number) => ({ kind: 'INFORMATION' as const, cRank });

describe('lifecycle permissions (AC-3, P-02)', () => {
  it('require permission for 運搬, 提供 and 廃棄 of 機密性2以上, citing the clause', () => {
    for (const action of ['CARRY', 'PROVIDE', 'DISPOSE'] as const) {
      const v = permissionRule(A, action, info(RANK.INTERNAL));
      expect(v.required, action).toBe(true);
      expect(v.clause?.code, action).toBe('AC-3');
      expect(permissionRule(A, action, info(RANK.PUBLIC)).required, action).toBe(false);
      expect(permissionRule(B, action, info(RANK.C3B)).required, action).toBe(true);
    }
  });

  it('do not require permission for the other actions, whatever the class', () => {
    for (const action of ['CREATE', 'OBTAIN', 'USE', 'STORE', 'SEND', 'PUBLISH'] as const) {
      expect(permissionRule(A, action, info(RANK.SECRET)).required, action).toBe(false);
    }
  });

  it('require permission to dispose of equipment and media even at 機密性1 (P-02)', () => {
    const v = permissionRule(A, 'DISPOSE', { kind: 'MEDIA', cRank: RANK.PUBLIC });
    expect(v.required).toBe(true);
    expect(v.clause?.code).toBe('P-02');
    expect(permissionRule(A, 'CARRY', { kind: 'DEVICE', cRank: RANK.PUBLIC }).required).toBe(false);
  });

  it('treat an unclassified asset as below the threshold (the unclassified finding covers it)', () => {
    expect(permissionRule(A, 'CARRY', info(0)).required).toBe(false);
  });
});

describe('event checks', () => {
  const codes = (p: ReturnType<typeof checkEvent>) => p.map((x) => `${x.severity}:${x.rule}`);

  it('make a disposal record time, person and method (AC-3)', () => {
    expect(codes(checkEvent(A, info(RANK.INTERNAL), { action: 'DISPOSE' }))).toEqual([
      'error:LC-DISPOSE-TIME',
      'error:LC-DISPOSE-PERSON',
      'error:LC-DISPOSE-METHOD',
    ]);
    const ok = { action: 'DISPOSE' as const, at: '2026-05-01T10:00:00Z', performedBy: 'p1', method: 'SHRED' };
    expect(checkEvent(A, info(RANK.INTERNAL), ok)).toEqual([]);
    expect(codes(checkEvent(A, info(RANK.INTERNAL), { ...ok, method: 'BURY' }))).toEqual(['error:LC-DISPOSE-METHOD']);
  });

  it('make 機密性2以上 and equipment unrecoverable on disposal; 機密性1 information may just be deleted', () => {
    const e = { action: 'DISPOSE' as const, at: '2026-05-01T10:00:00Z', performedBy: 'p1', method: 'DELETE' };
    expect(codes(checkEvent(A, info(RANK.INTERNAL), e))).toEqual(['error:LC-DISPOSE-IRRECOVERABLE']);
    expect(codes(checkEvent(A, { kind: 'DEVICE', cRank: RANK.PUBLIC }, e))).toEqual(['error:LC-DISPOSE-IRRECOVERABLE']);
    expect(checkEvent(A, info(RANK.PUBLIC), e)).toEqual([]);
    expect(isIrrecoverable('DEGAUSS')).toBe(true);
    expect(isIrrecoverable('OTHER')).toBe(false);
    expect(isIrrecoverable(null)).toBe(false);
  });

  it('make a carry-out name its expected return, not before the day it leaves', () => {
    expect(codes(checkEvent(A, info(RANK.PUBLIC), { action: 'CARRY' }))).toEqual(['error:LC-CARRY-RETURN']);
    expect(
      codes(
        checkEvent(A, info(RANK.PUBLIC), {
          action: 'CARRY',
          at: '2026-05-02T09:00:00Z',
          expectedReturnOn: '2026-05-01',
        }),
      ),
    ).toEqual(['error:LC-CARRY-RETURN']);
    expect(
      checkEvent(A, info(RANK.PUBLIC), { action: 'CARRY', at: '2026-05-02T09:00:00Z', expectedReturnOn: '2026-05-02' }),
    ).toEqual([]);
  });

  it('make a provision name its recipient', () => {
    expect(codes(checkEvent(A, info(RANK.PUBLIC), { action: 'PROVIDE', recipient: ' ' }))).toEqual([
      'error:LC-PROVIDE-RECIPIENT',
    ]);
  });

  it('allow publishing only at the public level', () => {
    expect(codes(checkEvent(A, info(RANK.INTERNAL), { action: 'PUBLISH' }))).toEqual(['error:LC-PUBLISH-CLASS']);
    expect(codes(checkEvent(A, info(0), { action: 'PUBLISH' }))).toEqual(['error:LC-PUBLISH-CLASS']);
    expect(checkEvent(A, info(RANK.PUBLIC), { action: 'PUBLISH' })).toEqual([]);
  });

  it('warn, not refuse, when 機密性2以上 is sent, carried or provided unencrypted (AC-4 "as needed")', () => {
    for (const action of ['SEND', 'CARRY', 'PROVIDE'] as const) {
      const e = { action, recipient: 'x', expectedReturnOn: '2026-05-09', encrypted: false };
      expect(codes(checkEvent(A, info(RANK.INTERNAL), e)), action).toEqual(['warning:LC-ENCRYPT']);
      expect(checkEvent(A, info(RANK.INTERNAL), { ...e, encrypted: true }), action).toEqual([]);
      expect(checkEvent(A, info(RANK.PUBLIC), e), action).toEqual([]);
    }
  });

  it('flag a carry-out as overdue from the day after its expected return until it comes back', () => {
    expect(carryState({ expectedReturnOn: '2026-05-09', returnedAt: null }, '2026-05-09')).toBe('OUT');
    expect(carryState({ expectedReturnOn: '2026-05-09', returnedAt: null }, '2026-05-10')).toBe('OVERDUE');
    expect(carryState({ expectedReturnOn: '2026-05-09', returnedAt: '2026-05-12T08:00:00Z' }, '2026-05-20')).toBe(
      'RETURNED',
    );
  });
});

const asset = (over: Partial<AssetForFindings> = {}): AssetForFindings => ({
  id: 'a1',
  ref: 'IA-001',
  name: '住民記録',
  unitId: 'u1',
  unitHasManager: true,
  tier: 'lgwan',
  medium: 'ELECTRONIC',
  ranks: { C: RANK.INTERNAL, I: 1, A: 1 },
  specificPersonal: false,
  nextReviewOn: '2027-04-01',
  lastReviewedOn: null,
  createdOn: '2026-04-01',
  retentionUntil: null,
  disposed: false,
  ...over,
});
const today = '2026-06-01';
const found = (a: AssetForFindings, model: 'alpha' | 'alphaPrime' | 'beta' | 'betaPrime' = 'alpha', s = A) =>
  assetFindings(a, s, { today, model }).map((f) => f.code);

describe('register findings', () => {
  it('find nothing on a classified, owned, well-placed asset', () => {
    expect(found(asset())).toEqual([]);
  });

  it('find unclassified assets and name the missing axes (AC-1, 基本方針 6(2))', () => {
    const f = assetFindings(asset({ ranks: { C: 2, I: 0, A: 0 } }), A, { today, model: 'alpha' });
    expect(f.map((x) => x.code)).toEqual(['ASSET-UNCLASSIFIED']);
    expect(f[0].message.ja).toContain('完全性・可用性');
    expect(f[0].clause).toMatchObject({ ref: '6(2)', label: '確認済' });
    expect(assetFindings(asset(), null, { today, model: 'alpha' }).map((x) => x.code)).toEqual(['ASSET-UNCLASSIFIED']);
  });

  it('find assets without an owning unit or whose unit has no 情報セキュリティ管理者', () => {
    expect(found(asset({ unitId: null }))).toEqual(['ASSET-NO-OWNER']);
    expect(found(asset({ unitHasManager: false }))).toEqual(['ASSET-NO-OWNER']);
  });

  it('find 機密性2以上 in a tier the network model forbids, by model', () => {
    const c2Internet = asset({ tier: 'internet' });
    expect(found(c2Internet, 'alpha')).toEqual(['ASSET-TIER-FORBIDDEN']);
    expect(found(c2Internet, 'alphaPrime')).toEqual(['ASSET-TIER-FORBIDDEN']);
    expect(found(c2Internet, 'beta')).toEqual([]);
    expect(found(asset({ tier: 'internet', ranks: { C: RANK.SECRET, I: 1, A: 1 } }), 'beta')).toEqual([
      'ASSET-TIER-FORBIDDEN',
    ]);
    expect(found(asset({ tier: 'internet', ranks: { C: RANK.C3C, I: 1, A: 1 } }), 'betaPrime', B)).toEqual([
      'ASSET-TIER-FORBIDDEN',
    ]);
    expect(found(asset({ tier: 'internet', ranks: { C: RANK.PUBLIC, I: 1, A: 1 } }), 'alpha')).toEqual([]);
    expect(found(asset({ tier: 'external' }), 'alpha')).toEqual(['ASSET-TIER-FORBIDDEN']);
    expect(found(asset({ tier: 'external' }), 'alphaPrime')).toEqual([]);
    expect(found(asset({ tier: 'mynumber', ranks: { C: RANK.SECRET, I: 2, A: 2 } }), 'alpha')).toEqual([]);
    expect(tierLimitBroken(A, 'alpha', 'internet', RANK.INTERNAL)?.clause.label).toBe('要確認');
    // The limits are data: a tenant may relax or tighten them.
    const relaxed = { ...DEFAULT_TIER_LIMITS, alpha: [] };
    expect(tierLimitBroken(A, 'alpha', 'internet', RANK.SECRET, relaxed)).toBeNull();
  });

  it('find 特定個人情報 outside マイナンバー利用事務系, except on paper (AC-7)', () => {
    const f = assetFindings(asset({ specificPersonal: true }), A, { today, model: 'alpha' });
    expect(f.map((x) => x.code)).toEqual(['ASSET-MYNUMBER-OUTSIDE']);
    expect(f[0]).toMatchObject({ severity: 'critical', clause: { label: '確認済' } });
    expect(found(asset({ specificPersonal: true, tier: 'mynumber' }))).toEqual([]);
    expect(found(asset({ specificPersonal: true, tier: 'offline', medium: 'PAPER' }))).toEqual([]);
  });

  it('find overdue reviews: the planned date, else a year after the last review or registration (AC-8)', () => {
    expect(found(asset({ nextReviewOn: '2026-05-31' }))).toEqual(['ASSET-REVIEW-OVERDUE']);
    expect(found(asset({ nextReviewOn: null, lastReviewedOn: '2025-05-31' }))).toEqual(['ASSET-REVIEW-OVERDUE']);
    expect(found(asset({ nextReviewOn: null, lastReviewedOn: '2025-06-01' }))).toEqual([]);
    expect(found(asset({ nextReviewOn: null, createdOn: '2025-05-01' }))).toEqual(['ASSET-REVIEW-OVERDUE']);
    expect(reviewDueOn({ nextReviewOn: null, lastReviewedOn: null, createdOn: '2024-02-29T01:00:00Z' })).toBe(
      '2025-02-28',
    );
    expect(oneYearAfter('2026-04-01')).toBe('2027-04-01');
  });

  it('find retention that has passed (AC-6), and nothing at all on disposed assets', () => {
    expect(found(asset({ retentionUntil: '2026-05-31' }))).toEqual(['ASSET-RETENTION-PASSED']);
    expect(found(asset({ disposed: true, unitId: null, ranks: { C: 0, I: 0, A: 0 } }))).toEqual([]);
  });
});

describe('event findings', () => {
  const a = { id: 'a1', ref: 'IA-001', name: '住民記録', unitId: 'u1' };
  const e = {
    id: 'e1',
    action: 'CARRY',
    at: '2026-05-01T09:00:00Z',
    permissionRequired: true,
    permissionId: null,
    expectedReturnOn: '2026-05-10',
    returnedAt: null,
    method: null,
    performedBy: 'p1',
  };

  it('find carry-outs and disposals without the required permission, and overdue carry-outs', () => {
    expect(eventFindings(a, e, today).map((f) => f.code)).toEqual(['ASSET-UNPERMITTED', 'ASSET-CARRY-OVERDUE']);
    expect(eventFindings(a, { ...e, permissionId: 'p' }, '2026-05-10')).toEqual([]);
    const d = eventFindings(a, { ...e, action: 'DISPOSE', expectedReturnOn: null }, today);
    expect(d.map((f) => f.code)).toEqual(['ASSET-UNPERMITTED', 'ASSET-DISPOSAL-INCOMPLETE']);
    expect(d[0].clause.ref).toContain('廃棄');
    expect(d[0].eventId).toBe('e1');
  });
});
