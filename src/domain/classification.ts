/**
 * Classification of information assets (情報資産の分類, seed §6(2)): schemes as data, the scheme in force by date,
 * handling restrictions (取扱制限) that follow the levels, and the label (表示) text. Pure: no I/O.
 *
 * Ranks are one scale across a tenant's schemes, so assets classified under different schemes compare and the
 * high-watermark rule (assets/inheritance.ts) works across them: scheme A's 機密性3 (秘密文書相当) has the rank of
 * scheme B's 3A. Rules compare ranks through named thresholds ("機密性2以上"), never codes.
 * Evidence labels follow ../shared/domain/README.md: [確認済] default, [例文] preset, [要確認] configurable.
 */
import type { Clause } from './duties.ts';

export type Axis = 'C' | 'I' | 'A';
export const AXES: readonly Axis[] = ['C', 'I', 'A'];
export const AXIS_LABELS: Record<Axis, string> = { C: '機密性', I: '完全性', A: '可用性' };
export type EvidenceLabel = '確認済' | '例文' | '要確認';

export interface AssetClause extends Clause {
  label: EvidenceLabel;
  url?: string;
}

export const RESTRICTION_CODES = [
  'NO_NON_ISSUED_DEVICE',
  'NO_UNNEEDED_COPY',
  'STORAGE_RESTRICTED',
  'ENCRYPT_IN_TRANSIT',
  'LOCKED_CASE_TRANSPORT',
  'IRRECOVERABLE_DISPOSAL',
  'TRUSTED_LINE_ONLY',
  'OUTSIDE_PROCESSING_SAFEGUARDS',
  'LOCKABLE_MEDIA_STORAGE',
  'BACKUP',
  'E_SIGNATURE',
  'RECOVERY_TIME_OBJECTIVE',
] as const;
export type RestrictionCode = (typeof RESTRICTION_CODES)[number];

export interface Level {
  code: string;
  displayName: string;
  /** Comparable across the tenant's schemes; 1 is the lowest level. */
  rank: number;
  /** The town's own wording. */
  definition: string;
  restrictions: RestrictionCode[];
  label: EvidenceLabel;
}

export interface Threshold {
  axis: Axis;
  minRank: number;
}

export interface SchemeDefinition {
  confidentiality: Level[];
  integrity: Level[];
  availability: Level[];
  /** CONF_2_PLUS, CONF_3_PLUS, INTEG_2, AVAIL_2 at least; installations may add their own. */
  thresholds: Record<string, Threshold>;
}

export interface ClassificationScheme extends SchemeDefinition {
  id: string;
  code: string;
  name: string;
  /** ISO date from which the scheme is the one new classifications use. */
  effectiveFrom: string;
}

export const REQUIRED_THRESHOLDS = ['CONF_2_PLUS', 'CONF_3_PLUS', 'INTEG_2', 'AVAIL_2'] as const;
export type ThresholdKey = (typeof REQUIRED_THRESHOLDS)[number];

const MODEL = '情報セキュリティ対策基準（総務省ガイドライン例文）';
export const CLASSIFY_CLAUSE: AssetClause = {
  document: '情報セキュリティ基本方針',
  ref: '6(2)',
  summary: '情報資産を機密性、完全性及び可用性に応じて分類し、当該分類に基づき情報セキュリティ対策を実施する。',
  label: '確認済',
};
const restrictionClause = (summary: string, ref = '情報資産の分類と管理（取扱制限）'): AssetClause => ({
  document: MODEL,
  ref,
  summary,
  label: '例文',
});

export interface RestrictionInfo {
  name: string;
  en: string;
  clause: AssetClause;
}

/** The 取扱制限 (assets-and-classification.md §3) [例文], each with the clause it comes from. */
export const RESTRICTIONS: Record<RestrictionCode, RestrictionInfo> = {
  NO_NON_ISSUED_DEVICE: {
    name: '支給以外の端末での作業の禁止',
    en: 'No processing on devices not issued by the town',
    clause: restrictionClause('支給以外の端末での作業を原則として禁止する。'),
  },
  NO_UNNEEDED_COPY: {
    name: '必要以上の複製及び配付の禁止',
    en: 'No unnecessary copying or distribution',
    clause: restrictionClause('必要以上の複製及び配付を禁止する。'),
  },
  STORAGE_RESTRICTED: {
    name: '保管場所の制限、必要以上の電磁的記録媒体等の持ち込み禁止',
    en: 'Designated storage only; no unneeded media brought in',
    clause: restrictionClause('保管場所を制限し、必要以上の電磁的記録媒体等の持ち込みを禁止する。'),
  },
  ENCRYPT_IN_TRANSIT: {
    name: '送信・運搬・提供時の暗号化又はパスワード設定',
    en: 'Encryption or password when sending, carrying or providing',
    clause: restrictionClause('送信、運搬又は提供する場合は、必要に応じ暗号化又はパスワードの設定を行う。'),
  },
  LOCKED_CASE_TRANSPORT: {
    name: '運搬時の鍵付きケース等の使用',
    en: 'Locked case when carrying',
    clause: restrictionClause('車両等により運搬する場合は、鍵付きのケース等に格納する。', '情報資産の管理（運搬）'),
  },
  IRRECOVERABLE_DISPOSAL: {
    name: '廃棄時の復元不可能な処置',
    en: 'Made unrecoverable on disposal',
    clause: restrictionClause('廃棄する場合は、情報を復元できないように処置する。', '情報資産の管理（廃棄）'),
  },
  TRUSTED_LINE_ONLY: {
    name: '信頼性のある通信回線の使用',
    en: 'Reliable network lines only',
    clause: restrictionClause('信頼性のある通信回線を使用する。', '物理的セキュリティ（通信回線）P-04'),
  },
  OUTSIDE_PROCESSING_SAFEGUARDS: {
    name: '外部で処理する場合の安全管理措置',
    en: 'Safeguards before processing outside',
    clause: restrictionClause('外部で情報処理を行う際は、安全管理措置を講ずる。'),
  },
  LOCKABLE_MEDIA_STORAGE: {
    name: '電磁的記録媒体の施錠可能な場所への保管',
    en: 'Media kept in a lockable place',
    clause: restrictionClause('電磁的記録媒体は、施錠可能な場所に保管する。'),
  },
  BACKUP: {
    name: '定期的なバックアップ',
    en: 'Regular backups',
    clause: restrictionClause('バックアップを定期的に取得する。', '技術的セキュリティ（バックアップ）T-01'),
  },
  E_SIGNATURE: {
    name: '電子署名等による改ざん防止',
    en: 'Signatures against tampering',
    clause: restrictionClause('電子署名、パスワード等による改ざんの防止を行う。'),
  },
  RECOVERY_TIME_OBJECTIVE: {
    name: '復旧までの許容時間の設定',
    en: 'Defined restore time',
    clause: restrictionClause('障害時に復旧するまでの許容時間を定める。'),
  },
};

const C3_RESTRICTIONS: RestrictionCode[] = [
  'NO_NON_ISSUED_DEVICE',
  'NO_UNNEEDED_COPY',
  'STORAGE_RESTRICTED',
  'ENCRYPT_IN_TRANSIT',
  'LOCKED_CASE_TRANSPORT',
  'IRRECOVERABLE_DISPOSAL',
  'TRUSTED_LINE_ONLY',
  'OUTSIDE_PROCESSING_SAFEGUARDS',
  'LOCKABLE_MEDIA_STORAGE',
];
/** C2: encryption "as needed", locked case, irrecoverable disposal, reliable lines per P-04. */
const C2_RESTRICTIONS: RestrictionCode[] = [
  'ENCRYPT_IN_TRANSIT',
  'LOCKED_CASE_TRANSPORT',
  'IRRECOVERABLE_DISPOSAL',
  'TRUSTED_LINE_ONLY',
];

const level = (
  code: string,
  displayName: string,
  rank: number,
  definition: string,
  restrictions: RestrictionCode[],
  label: EvidenceLabel,
): Level => ({ code, displayName, rank, definition, restrictions, label });

const INTEGRITY: Level[] = [
  level(
    '2',
    '完全性2',
    2,
    '改ざん、誤びゅう又は破損により、住民の権利が侵害される又は行政事務の適確な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産',
    ['OUTSIDE_PROCESSING_SAFEGUARDS', 'LOCKABLE_MEDIA_STORAGE', 'BACKUP', 'E_SIGNATURE'],
    '例文',
  ),
  level('1', '完全性1', 1, '完全性2の情報資産以外の情報資産', [], '例文'),
];
const AVAILABILITY: Level[] = [
  level(
    '2',
    '可用性2',
    2,
    '滅失、紛失又は当該情報資産が利用不可能であることにより、住民の権利が侵害される又は行政事務の安定的な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産',
    ['LOCKABLE_MEDIA_STORAGE', 'BACKUP', 'RECOVERY_TIME_OBJECTIVE'],
    '例文',
  ),
  level('1', '可用性1', 1, '可用性2の情報資産以外の情報資産', [], '例文'),
];

/** Ranks on the common scale: 1 public, 2 not for publication, 3 3C, 4 3B, 5 秘密文書相当 (A's 3 = B's 3A). */
export const RANK = { PUBLIC: 1, INTERNAL: 2, C3C: 3, C3B: 4, SECRET: 5 } as const;

export const PRESETS: Record<'MIC_PRE_R6' | 'MIC_R6_10', { name: string; definition: SchemeDefinition }> = {
  MIC_PRE_R6: {
    name: '機密性3段階・完全性2段階・可用性2段階（令和5年3月版まで）',
    definition: {
      confidentiality: [
        level(
          '3',
          '機密性3',
          RANK.SECRET,
          '行政事務で取り扱う情報資産のうち、秘密文書に相当する機密性を要する情報資産',
          C3_RESTRICTIONS,
          '例文',
        ),
        level(
          '2',
          '機密性2',
          RANK.INTERNAL,
          '行政事務で取り扱う情報資産のうち、秘密文書に相当する機密性は要しないが、直ちに一般に公表することを前提としていない情報資産',
          C2_RESTRICTIONS,
          '例文',
        ),
        level('1', '機密性1', RANK.PUBLIC, '機密性2又は機密性3の情報資産以外の情報資産', [], '例文'),
      ],
      integrity: INTEGRITY,
      availability: AVAILABILITY,
      thresholds: {
        CONF_2_PLUS: { axis: 'C', minRank: RANK.INTERNAL },
        CONF_3_PLUS: { axis: 'C', minRank: RANK.C3C },
        INTEG_2: { axis: 'I', minRank: 2 },
        AVAIL_2: { axis: 'A', minRank: 2 },
      },
    },
  },
  MIC_R6_10: {
    name: '自治体機密性3A・3B・3C・2・1（令和6年10月版）',
    definition: {
      confidentiality: [
        level(
          '3A',
          '自治体機密性3A',
          RANK.SECRET,
          '「行政文書の管理に関するガイドライン」に定める秘密文書に相当する機密性を要する情報資産（国から受領した情報等）',
          C3_RESTRICTIONS,
          '確認済',
        ),
        level(
          '3B',
          '自治体機密性3B',
          RANK.C3B,
          '漏えい等により、個人の権利利益を大きく侵害するおそれがあり、業務の規模・性質等から…（定義の残りは要確認）',
          C3_RESTRICTIONS,
          '要確認',
        ),
        level(
          '3C',
          '自治体機密性3C',
          RANK.C3C,
          '3Bより影響の小さい個人情報又は非公開情報（推定・要確認）',
          C3_RESTRICTIONS,
          '要確認',
        ),
        level(
          '2',
          '自治体機密性2',
          RANK.INTERNAL,
          '直ちに一般に公表することを前提としていない情報資産（推定・要確認）',
          C2_RESTRICTIONS,
          '要確認',
        ),
        level(
          '1',
          '自治体機密性1',
          RANK.PUBLIC,
          '公表されている又は公表を前提とする情報資産（推定・要確認）',
          [],
          '要確認',
        ),
      ],
      // Whether 完全性/可用性 changed in 令和6年10月 is [要確認]; until verified they reuse scheme A's levels.
      integrity: INTEGRITY.map((l) => ({ ...l, label: '要確認' })),
      availability: AVAILABILITY.map((l) => ({ ...l, label: '要確認' })),
      thresholds: {
        CONF_2_PLUS: { axis: 'C', minRank: RANK.INTERNAL },
        CONF_3_PLUS: { axis: 'C', minRank: RANK.C3C },
        INTEG_2: { axis: 'I', minRank: 2 },
        AVAIL_2: { axis: 'A', minRank: 2 },
      },
    },
  },
};
export type PresetCode = keyof typeof PRESETS;

export function levelsOf(scheme: SchemeDefinition, axis: Axis): Level[] {
  return axis === 'C' ? scheme.confidentiality : axis === 'I' ? scheme.integrity : scheme.availability;
}

/** The scheme new classifications use on a date: the latest effectiveFrom on or before it. */
export function schemeInForce<S extends { effectiveFrom: string }>(schemes: readonly S[], on: string): S | null {
  let best: S | null = null;
  for (const s of schemes) if (s.effectiveFrom <= on && (!best || s.effectiveFrom > best.effectiveFrom)) best = s;
  return best;
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** A level by its code or its display name (NFKC, spaces ignored): "3", "３", "機密性3", "3a". */
export function findLevel(scheme: SchemeDefinition, axis: Axis, input: string | null | undefined): Level | null {
  if (input === null || input === undefined || input.trim() === '') return null;
  const key = norm(input);
  const levels = levelsOf(scheme, axis);
  return levels.find((l) => norm(l.code) === key) ?? levels.find((l) => norm(l.displayName) === key) ?? null;
}

export function rankOf(scheme: SchemeDefinition, axis: Axis, code: string | null | undefined): number {
  return findLevel(scheme, axis, code)?.rank ?? 0;
}

/** Whether a rank meets a named threshold; an unknown threshold never holds (fail closed is the caller's job). */
export function meets(scheme: SchemeDefinition, key: string, ranks: Partial<Record<Axis, number>>): boolean {
  const t = scheme.thresholds[key];
  return t !== undefined && (ranks[t.axis] ?? 0) >= t.minRank;
}

/** The lowest level of the scheme at or above a rank; the top level when none reaches it; null for rank 0. */
export function lowestLevelAtLeast(scheme: SchemeDefinition, axis: Axis, rank: number): Level | null {
  if (rank <= 0) return null;
  const sorted = [...levelsOf(scheme, axis)].sort((a, b) => a.rank - b.rank);
  return sorted.find((l) => l.rank >= rank) ?? sorted[sorted.length - 1] ?? null;
}

export interface Classification {
  C?: string | null;
  I?: string | null;
  A?: string | null;
}

export interface AppliedRestriction extends RestrictionInfo {
  code: RestrictionCode;
  /** The levels that bring it, e.g. 機密性3, 完全性2. */
  triggeredBy: string[];
}

/** The 取扱制限 that follow from the levels, in catalogue order, each once with the levels that bring it. */
export function restrictionsFor(scheme: SchemeDefinition, c: Classification): AppliedRestriction[] {
  const by = new Map<RestrictionCode, string[]>();
  for (const axis of AXES) {
    const l = findLevel(scheme, axis, c[axis]);
    for (const code of l?.restrictions ?? []) by.set(code, [...(by.get(code) ?? []), l!.displayName]);
  }
  return RESTRICTION_CODES.filter((code) => by.has(code)).map((code) => ({
    code,
    ...RESTRICTIONS[code],
    triggeredBy: by.get(code)!,
  }));
}

/** 表示 text for marking (file property, stamp, sticker): 【機密性3・完全性2・可用性2】 plus the restrictions. */
export function labelText(scheme: SchemeDefinition, c: Classification): { short: string; full: string } {
  const parts = AXES.map((axis) => findLevel(scheme, axis, c[axis])?.displayName ?? `${AXIS_LABELS[axis]}未分類`);
  const short = `【${parts.join('・')}】`;
  const restrictions = restrictionsFor(scheme, c).map((r) => r.name);
  return { short, full: restrictions.length ? `${short} 取扱制限：${restrictions.join('／')}` : short };
}

export interface SchemeProblem {
  path: string;
  message: { ja: string; en: string };
}

/** Checks an edited scheme: levels on every axis, unique codes and ranks, known restrictions, sound thresholds. */
export function validateScheme(def: SchemeDefinition): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const names = { C: 'confidentiality', I: 'integrity', A: 'availability' } as const;
  for (const axis of AXES) {
    const levels = levelsOf(def, axis);
    const path = names[axis];
    if (levels.length === 0) {
      problems.push({
        path,
        message: { ja: `${AXIS_LABELS[axis]}の区分を1つ以上定めてください。`, en: 'Define at least one level.' },
      });
    }
    const codes = new Set<string>();
    const ranks = new Set<number>();
    levels.forEach((l, i) => {
      if (codes.has(norm(l.code)))
        problems.push({
          path: `${path}.${i}.code`,
          message: { ja: `区分コード「${l.code}」が重複しています。`, en: 'Duplicate code.' },
        });
      if (ranks.has(l.rank))
        problems.push({
          path: `${path}.${i}.rank`,
          message: { ja: `順位 ${l.rank} が重複しています。`, en: 'Duplicate rank.' },
        });
      if (!Number.isInteger(l.rank) || l.rank < 1)
        problems.push({
          path: `${path}.${i}.rank`,
          message: { ja: '順位は1以上の整数で指定してください。', en: 'Rank must be a positive integer.' },
        });
      for (const r of l.restrictions)
        if (!(RESTRICTION_CODES as readonly string[]).includes(r))
          problems.push({
            path: `${path}.${i}.restrictions`,
            message: { ja: `取扱制限「${r}」は定義されていません。`, en: `Unknown restriction ${r}.` },
          });
      codes.add(norm(l.code));
      ranks.add(l.rank);
    });
  }
  for (const key of REQUIRED_THRESHOLDS) {
    if (!def.thresholds[key])
      problems.push({
        path: `thresholds.${key}`,
        message: { ja: `基準「${key}」を定めてください。`, en: `Threshold ${key} is required.` },
      });
  }
  for (const [key, t] of Object.entries(def.thresholds)) {
    if (!AXES.includes(t.axis) || !levelsOf(def, t.axis).some((l) => l.rank >= t.minRank))
      problems.push({
        path: `thresholds.${key}`,
        message: { ja: `基準「${key}」に該当する区分がありません。`, en: 'No level meets this threshold.' },
      });
  }
  return problems;
}

/**
 * Migration A → B proposes, a human confirms (§2.2): 機密性3 → 3A; 機密性2 → 3B, 3C or 2 (personal data probably
 * rises); 機密性1 → 1. All [要確認]; nothing is reclassified without a RECLASSIFY decision.
 */
export function proposeConfidentialityR6(
  fromRank: number,
  flags: { personal: boolean; specificPersonal: boolean; sensitivePersonal: boolean },
): { proposed: string; alternatives: string[]; label: EvidenceLabel } {
  if (fromRank >= RANK.C3C) return { proposed: '3A', alternatives: ['3B'], label: '要確認' };
  if (fromRank === RANK.INTERNAL) {
    const proposed = flags.specificPersonal || flags.sensitivePersonal ? '3B' : flags.personal ? '3C' : '2';
    return { proposed, alternatives: ['3B', '3C', '2'].filter((c) => c !== proposed), label: '要確認' };
  }
  return { proposed: '1', alternatives: [], label: '要確認' };
}
