/**
 * Classification of information assets (情報資産の分類, seed §6(2)): schemes as data, the scheme in force by date,
 * handling restrictions (取扱制限) that follow the levels, and the label (表示) text. Pure: no I/O.
 *
 * Ranks are one scale across a tenant's schemes, so assets classified under different schemes compare and the
 * high-watermark rule (assets/inheritance.ts) works across them: scheme A's 機密性3 (秘密文書相当) has the rank of
 * scheme B's 3A. Rules compare ranks through named thresholds ("機密性2以上"), never codes.
 * Evidence labels follow ../shared/domain/README.md: [確認済] default, [例文] preset, [要確認] configurable.
 */
import { PRESETS, RANK, RESTRICTIONS } from './assets/presets.ts';
import type { Clause } from './duties.ts';

export { PRESETS, RANK, RESTRICTIONS };
export type PresetCode = keyof typeof PRESETS;

export type Axis = 'C' | 'I' | 'A';
export const AXES: readonly Axis[] = ['C', 'I', 'A'];
export const AXIS_LABELS: Record<Axis, string> = { C: '機密性', I: '完全性', A: '可用性' };
export type EvidenceLabel = '確認済' | '例文' | '要確認';

export interface AssetClause extends Clause {
  label: EvidenceLabel;
  url?: string;
  /** Mamori's own check id (AC-1, H-02, P-04 …): for people who read the domain notes, never the main text. */
  code?: string;
  /** 'mamori' when the rule is one of Mamori's own checks, not a clause of the town's policy. */
  origin?: 'mamori';
}

export interface RestrictionInfo {
  name: string;
  en: string;
  clause: AssetClause;
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

export const CLASSIFY_CLAUSE: AssetClause = {
  document: '情報セキュリティ基本方針',
  ref: '6(2)',
  summary: '情報資産を機密性、完全性及び可用性に応じて分類し、当該分類に基づき情報セキュリティ対策を実施する。',
  label: '確認済',
};
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
