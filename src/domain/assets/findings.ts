/**
 * Findings on the register (assets-and-classification.md §7, checks AC-1 … AC-8), each citing its clause. Pure: the
 * caller passes what it read (assets, schemes, watermarks, events) and today's date.
 */

import { isIsoDate, toWarekiWithSeireki } from '../calendar.ts';
import {
  type AssetClause,
  AXES,
  AXIS_LABELS,
  CLASSIFY_CLAUSE,
  meets,
  type SchemeDefinition,
} from '../classification.ts';
import type { NetworkModel } from '../tiers.ts';
import { describePath, INHERITANCE_CLAUSE, type Mismatch } from './inheritance.ts';
import { LIFECYCLE_CLAUSES } from './lifecycle.ts';
import { ASSET_TIER_LABELS, type AssetTier, LIFECYCLE_ACTION_LABELS, type PermissionAction } from './vocabulary.ts';

export type AssetFindingCode =
  | 'ASSET-UNCLASSIFIED'
  | 'ASSET-NO-OWNER'
  | 'ASSET-TIER-FORBIDDEN'
  | 'ASSET-MYNUMBER-OUTSIDE'
  | 'ASSET-REVIEW-OVERDUE'
  | 'ASSET-RETENTION-PASSED'
  | 'CLASS-BELOW-DERIVED'
  | 'ASSET-UNPERMITTED'
  | 'ASSET-CARRY-OVERDUE'
  | 'ASSET-DISPOSAL-INCOMPLETE';

export interface AssetFinding {
  code: AssetFindingCode;
  severity: 'critical' | 'high' | 'medium' | 'low';
  clause: AssetClause;
  message: { ja: string; en: string };
  subject: { kind: 'asset'; id: string; label: string };
  /** The owning 課室: its 情報セキュリティ管理者 answers for the finding. */
  unitId: string | null;
  eventId?: string;
}

const MODEL = '情報セキュリティ対策基準';
const TIERS_DOC = '総務省ガイドライン（三層の対策）';
export const FINDING_CLAUSES = {
  OWNER: {
    document: MODEL,
    ref: '情報資産の管理（管理責任）',
    code: 'AC-1',
    summary: '情報セキュリティ管理者は、所管する課室の情報資産について管理責任を有する。',
    label: '例文',
  },
  MYNUMBER: {
    document: '情報セキュリティ基本方針',
    ref: '2(8), 6(3)①',
    summary: '特定個人情報を取り扱う事務はマイナンバー利用事務系で行い、他の領域との通信をできないようにする。',
    label: '確認済',
  },
  REVIEW: {
    document: MODEL,
    ref: '情報資産の分類の見直し',
    code: 'AC-8',
    summary: '情報資産の分類及び台帳は、少なくとも年1回見直す（頻度は各団体の対策基準による）。',
    label: '要確認',
  },
  RETENTION: {
    document: MODEL,
    ref: '情報資産の管理（廃棄）',
    code: 'AC-6',
    summary: '保存期間を過ぎた情報資産は、廃棄又は保存期間の延長を決定する。',
    label: '例文',
  },
} as const satisfies Record<string, AssetClause>;

/** Tiers where the network model does not let 機密性2以上 (or 3以上) live. All [要確認]: configurable per tenant. */
export interface TierLimit {
  tier: AssetTier;
  threshold: 'CONF_2_PLUS' | 'CONF_3_PLUS';
  clause: AssetClause;
}
const tierClause = (ref: string, code: string, summary: string): AssetClause => ({
  document: TIERS_DOC,
  ref,
  code,
  summary,
  label: '要確認',
});
const ALPHA_INTERNET = tierClause(
  'αモデル',
  'A1/A2',
  'αモデルでは業務の情報はLGWAN接続系で取り扱い、インターネット接続系では機密性2以上の情報を取り扱わない。',
);
const EXTERNAL_C3 = tierClause(
  '外部サービスの利用',
  'A2',
  '機密性3以上の情報は、承認された外部サービス以外で取り扱わない。',
);
const BETA_INTERNET = tierClause(
  'β/β′モデル',
  'A1/A2',
  'β/β′モデルではインターネット接続系で機密性2の情報を取り扱えるが、機密性3以上の情報は取り扱わない。',
);
export const DEFAULT_TIER_LIMITS: Record<NetworkModel, TierLimit[]> = {
  alpha: [
    { tier: 'internet', threshold: 'CONF_2_PLUS', clause: ALPHA_INTERNET },
    {
      tier: 'external',
      threshold: 'CONF_2_PLUS',
      clause: tierClause('αモデル', 'A3', 'αモデルではLGWAN接続系から外部サービスへの直接通信を行わない。'),
    },
  ],
  alphaPrime: [
    { tier: 'internet', threshold: 'CONF_2_PLUS', clause: ALPHA_INTERNET },
    { tier: 'external', threshold: 'CONF_3_PLUS', clause: EXTERNAL_C3 },
  ],
  beta: [
    { tier: 'internet', threshold: 'CONF_3_PLUS', clause: BETA_INTERNET },
    { tier: 'external', threshold: 'CONF_3_PLUS', clause: EXTERNAL_C3 },
  ],
  betaPrime: [
    { tier: 'internet', threshold: 'CONF_3_PLUS', clause: BETA_INTERNET },
    { tier: 'external', threshold: 'CONF_3_PLUS', clause: EXTERNAL_C3 },
  ],
};

/** The limit the asset breaks in its tier under the model, if any. */
export function tierLimitBroken(
  scheme: SchemeDefinition,
  model: NetworkModel,
  tier: AssetTier,
  cRank: number,
  limits: Record<NetworkModel, TierLimit[]> = DEFAULT_TIER_LIMITS,
): TierLimit | null {
  return limits[model].find((l) => l.tier === tier && meets(scheme, l.threshold, { C: cRank })) ?? null;
}

export interface AssetForFindings {
  id: string;
  ref: string;
  name: string;
  unitId: string | null;
  /** Whether the owning unit has a 情報セキュリティ管理者 in force; unknown when there is no unit. */
  unitHasManager: boolean;
  tier: AssetTier;
  medium: string;
  ranks: { C: number; I: number; A: number };
  specificPersonal: boolean;
  nextReviewOn: string | null;
  lastReviewedOn: string | null;
  createdOn: string;
  retentionUntil: string | null;
  disposed: boolean;
}

const LIFECYCLE_ACTION_LABELS_EN: Record<PermissionAction, string> = {
  CARRY: 'The carry-out',
  PROVIDE: 'The provision',
  DISPOSE: 'The disposal',
};

const EN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date (or an instant, taken in Japan time) as people read it: 令和8年11月24日（2026年11月24日） / 24 November 2026. */
export function readableDate(isoOrInstant: string, lang: 'ja' | 'en'): string {
  const day =
    isoOrInstant.length > 10 && !Number.isNaN(Date.parse(isoOrInstant))
      ? new Date(Date.parse(isoOrInstant) + 9 * 3600_000).toISOString().slice(0, 10)
      : isoOrInstant.slice(0, 10);
  if (!isIsoDate(day)) return isoOrInstant;
  if (lang === 'en') return EN_DATE.format(new Date(`${day}T00:00:00Z`));
  return day >= '1926-12-25' ? toWarekiWithSeireki(day) : day;
}

/** One year after an ISO date (29 February → 28 February). */
export function oneYearAfter(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

/** The date a review is due: the planned date, else a year after the last review, else a year after registration. */
export function reviewDueOn(a: Pick<AssetForFindings, 'nextReviewOn' | 'lastReviewedOn' | 'createdOn'>): string {
  return a.nextReviewOn ?? oneYearAfter(a.lastReviewedOn ?? a.createdOn);
}

/** Register findings of one asset (not the ones about events or links). */
export function assetFindings(
  a: AssetForFindings,
  scheme: SchemeDefinition | null,
  ctx: { today: string; model: NetworkModel; tierLimits?: Record<NetworkModel, TierLimit[]> },
): AssetFinding[] {
  if (a.disposed) return [];
  const subject = { kind: 'asset' as const, id: a.id, label: `${a.ref} ${a.name}` };
  const out: AssetFinding[] = [];
  const push = (
    code: AssetFindingCode,
    severity: AssetFinding['severity'],
    clause: AssetClause,
    ja: string,
    en: string,
  ) => out.push({ code, severity, clause, message: { ja, en }, subject, unitId: a.unitId });
  const missing = AXES.filter((axis) => a.ranks[axis] === 0);
  if (!scheme || missing.length > 0) {
    const what = (scheme ? missing : AXES).map((x) => AXIS_LABELS[x]).join('・');
    push(
      'ASSET-UNCLASSIFIED',
      'high',
      CLASSIFY_CLAUSE,
      `「${a.name}」の${what}が分類されていません。`,
      `${a.name} is not classified (${what}).`,
    );
  }
  if (!a.unitId)
    push(
      'ASSET-NO-OWNER',
      'high',
      FINDING_CLAUSES.OWNER,
      `「${a.name}」の所管課室が登録されていません。`,
      `${a.name} has no owning unit.`,
    );
  else if (!a.unitHasManager)
    push(
      'ASSET-NO-OWNER',
      'high',
      FINDING_CLAUSES.OWNER,
      `「${a.name}」の所管課室に情報セキュリティ管理者が任命されていません。`,
      `The owning unit of ${a.name} has no information security manager.`,
    );
  const limit = scheme ? tierLimitBroken(scheme, ctx.model, a.tier, a.ranks.C, ctx.tierLimits) : null;
  if (limit)
    push(
      'ASSET-TIER-FORBIDDEN',
      'high',
      limit.clause,
      `「${a.name}」は${limit.threshold === 'CONF_2_PLUS' ? '機密性2以上' : '機密性3以上'}ですが、${ASSET_TIER_LABELS[a.tier]}に置かれています。`,
      `${a.name} is in the ${a.tier} tier, which the network model forbids for its class.`,
    );
  if (a.specificPersonal && a.tier !== 'mynumber' && a.medium !== 'PAPER')
    push(
      'ASSET-MYNUMBER-OUTSIDE',
      'critical',
      FINDING_CLAUSES.MYNUMBER,
      `「${a.name}」は特定個人情報を含みますが、${ASSET_TIER_LABELS[a.tier]}に置かれています。マイナンバー利用事務系で取り扱ってください。`,
      `${a.name} holds specific personal information outside the My Number tier.`,
    );
  const due = reviewDueOn(a);
  if (due < ctx.today)
    push(
      'ASSET-REVIEW-OVERDUE',
      'medium',
      FINDING_CLAUSES.REVIEW,
      `「${a.name}」は、見直し期限の${readableDate(due, 'ja')}を過ぎています。`,
      `The review of ${a.name} was due on ${readableDate(due, 'en')}.`,
    );
  if (a.retentionUntil && a.retentionUntil < ctx.today)
    push(
      'ASSET-RETENTION-PASSED',
      'medium',
      FINDING_CLAUSES.RETENTION,
      `「${a.name}」の保存期間は${readableDate(a.retentionUntil, 'ja')}までで、既に過ぎています。廃棄又は延長を決定してください。`,
      `The retention period of ${a.name} ended on ${readableDate(a.retentionUntil, 'en')}.`,
    );
  return out;
}

export function belowDerivedFinding(
  a: { id: string; ref: string; name: string; unitId: string | null },
  m: Mismatch,
  levelName: (axis: Mismatch['axis'], rank: number) => string,
): AssetFinding {
  return {
    code: 'CLASS-BELOW-DERIVED',
    severity: 'high',
    clause: INHERITANCE_CLAUSE,
    message: {
      ja: `「${a.name}」の${AXIS_LABELS[m.axis]}は${levelName(m.axis, m.declared)}ですが、関連する情報資産から${levelName(m.axis, m.required)}以上が必要です（${describePath(m.path)}）。`,
      en: `${a.name} is declared below the level its links require (${describePath(m.path)}).`,
    },
    subject: { kind: 'asset', id: a.id, label: `${a.ref} ${a.name}` },
    unitId: a.unitId,
  };
}

export interface EventForFindings {
  id: string;
  action: string;
  at: string;
  permissionRequired: boolean;
  permissionId: string | null;
  expectedReturnOn: string | null;
  returnedAt: string | null;
  method: string | null;
  performedBy: string | null;
}

/** AC-3: CARRY / PROVIDE / DISPOSE that needed permission and had none; carry-outs past their return date. */
export function eventFindings(
  a: { id: string; ref: string; name: string; unitId: string | null },
  e: EventForFindings,
  today: string,
): AssetFinding[] {
  const subject = { kind: 'asset' as const, id: a.id, label: `${a.ref} ${a.name}` };
  const out: AssetFinding[] = [];
  const label = LIFECYCLE_ACTION_LABELS[e.action as PermissionAction] ?? e.action;
  if (e.permissionRequired && !e.permissionId) {
    out.push({
      code: 'ASSET-UNPERMITTED',
      severity: 'critical',
      clause: LIFECYCLE_CLAUSES[(e.action as 'CARRY' | 'PROVIDE' | 'DISPOSE') ?? 'CARRY'] ?? LIFECYCLE_CLAUSES.THREAT,
      message: {
        ja: `${readableDate(e.at, 'ja')}の「${a.name}」の${label}は、必要な許可を得ずに行われました。`,
        en: `${LIFECYCLE_ACTION_LABELS_EN[e.action as PermissionAction] ?? e.action} of ${a.name} on ${readableDate(e.at, 'en')} happened without the required permission.`,
      },
      subject,
      unitId: a.unitId,
      eventId: e.id,
    });
  }
  if (e.action === 'CARRY' && !e.returnedAt && e.expectedReturnOn && e.expectedReturnOn < today) {
    out.push({
      code: 'ASSET-CARRY-OVERDUE',
      severity: 'high',
      clause: LIFECYCLE_CLAUSES.CARRY_RETURN,
      message: {
        ja: `「${a.name}」は、返却予定日の${readableDate(e.expectedReturnOn, 'ja')}を過ぎても返却されていません。`,
        en: `${a.name} was due back on ${readableDate(e.expectedReturnOn, 'en')} and has not been returned.`,
      },
      subject,
      unitId: a.unitId,
      eventId: e.id,
    });
  }
  if (e.action === 'DISPOSE' && (!e.method || !e.performedBy)) {
    out.push({
      code: 'ASSET-DISPOSAL-INCOMPLETE',
      severity: 'high',
      clause: LIFECYCLE_CLAUSES.DISPOSE,
      message: {
        ja: `「${a.name}」の廃棄記録に、担当者又は方法が記録されていません。`,
        en: `The disposal record of ${a.name} lacks the person or the method.`,
      },
      subject,
      unitId: a.unitId,
      eventId: e.id,
    });
  }
  return out;
}
