/** How an asset row is shown: labels for every code, its scheme's level names, the 表示 text and the watermark. */
import { reviewDueOn } from '../../domain/assets/findings.ts';
import {
  ASSET_KIND_LABELS,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  type AssetKind,
  type AssetMedium,
  type AssetTier,
  PERSON_COUNT_LABELS,
  type PersonCount,
} from '../../domain/assets/vocabulary.ts';
import {
  AXES,
  type Axis,
  type ClassificationScheme,
  findLevel,
  labelText,
  lowestLevelAtLeast,
} from '../../domain/classification.ts';
import { type UnitRow, unitPath } from '../organisation/units.repo.ts';
import type { AssetRow } from './assets.repo.ts';

export interface ViewContext {
  units: UnitRow[];
  schemes: Map<string, ClassificationScheme>;
  today: string;
}

const LEVEL_COLUMN = { C: 'c_level', I: 'i_level', A: 'a_level' } as const;
const RANK_COLUMN = { C: 'c_rank', I: 'i_rank', A: 'a_rank' } as const;
export const levelOf = (row: AssetRow, axis: Axis) => row[LEVEL_COLUMN[axis]];
export const ranksOf = (row: AssetRow) => ({ C: Number(row.c_rank), I: Number(row.i_rank), A: Number(row.a_rank) });
export const classificationOf = (row: AssetRow) => ({ C: row.c_level, I: row.i_level, A: row.a_level });

function levelView(scheme: ClassificationScheme | undefined, axis: Axis, code: string | null) {
  if (!code) return null;
  const l = scheme ? findLevel(scheme, axis, code) : null;
  return { code, name: l?.displayName ?? code, rank: l?.rank ?? 0 };
}

/** Declared against required (the stored watermark) per axis, in the asset's own scheme's level names. */
export function requiredView(row: AssetRow, scheme: ClassificationScheme | undefined) {
  const req = { C: Number(row.req_c_rank), I: Number(row.req_i_rank), A: Number(row.req_a_rank) };
  const declared = ranksOf(row);
  const required = Object.fromEntries(
    AXES.map((axis) => {
      const l = scheme ? lowestLevelAtLeast(scheme, axis, req[axis]) : null;
      return [axis, req[axis] > 0 ? { rank: req[axis], code: l?.code ?? null, name: l?.displayName ?? null } : null];
    }),
  );
  const belowRequired = AXES.some((axis) => declared[axis] > 0 && declared[axis] < req[axis]);
  return { required, belowRequired };
}

export function assetView(row: AssetRow, ctx: ViewContext) {
  const scheme = row.scheme_id ? ctx.schemes.get(row.scheme_id) : undefined;
  const due =
    row.review_due_on ??
    reviewDueOn({ nextReviewOn: row.next_review_on, lastReviewedOn: row.last_reviewed_on, createdOn: row.created_at });
  const classified = AXES.every((axis) => Number(row[RANK_COLUMN[axis]]) > 0);
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    kind: row.kind,
    kindLabel: ASSET_KIND_LABELS[row.kind as AssetKind] ?? row.kind,
    business: row.business,
    orgUnitId: row.org_unit_id,
    unitPath: row.org_unit_id ? unitPath(ctx.units, row.org_unit_id) : null,
    medium: row.medium,
    mediumLabel: ASSET_MEDIUM_LABELS[row.medium as AssetMedium] ?? row.medium,
    location: row.location,
    tier: row.tier,
    tierLabel: ASSET_TIER_LABELS[row.tier as AssetTier] ?? row.tier,
    scheme: scheme ? { id: scheme.id, code: scheme.code, name: scheme.name } : null,
    confidentiality: levelView(scheme, 'C', row.c_level),
    integrity: levelView(scheme, 'I', row.i_level),
    availability: levelView(scheme, 'A', row.a_level),
    classified,
    label: scheme ? labelText(scheme, classificationOf(row)) : { short: '【未分類】', full: '【未分類】' },
    hasPersonal: row.has_personal === 1,
    hasSpecificPersonal: row.has_specific_personal === 1,
    hasSensitivePersonal: row.has_sensitive_personal === 1,
    personCount: row.person_count,
    personCountLabel: row.person_count
      ? (PERSON_COUNT_LABELS[row.person_count as PersonCount] ?? row.person_count)
      : null,
    retention: row.retention,
    retentionUntil: row.retention_until,
    userScope: row.user_scope,
    contractor: row.contractor,
    nextReviewOn: row.next_review_on,
    lastReviewedOn: row.last_reviewed_on,
    reviewDueOn: due,
    reviewOverdue: row.status === 'ACTIVE' && due < ctx.today,
    note: row.note,
    status: row.status,
    statusLabel: row.status === 'DISPOSED' ? '廃棄済' : '管理中',
    disposedAt: row.disposed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...requiredView(row, scheme),
  };
}
