/**
 * 見直し (seed §8): each policy document is reviewed every 年度 — due by the end of the fiscal year — and whenever an
 * audit or self-inspection finding, an incident or a change in circumstances calls for it. Overdue reviews are
 * findings citing 基本方針 8. Pure: `today` is a parameter.
 */
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange } from '../calendar.ts';
import type { Clause, Finding } from '../duties.ts';
import { DOCUMENT_KIND_SHORT, type DocumentKind } from './kinds.ts';

export const REVIEW_TRIGGERS = ['ANNUAL', 'AUDIT_FINDING', 'INCIDENT', 'CHANGE'] as const;
export type ReviewTrigger = (typeof REVIEW_TRIGGERS)[number];
export const REVIEW_TRIGGER_LABELS: Record<ReviewTrigger, string> = {
  ANNUAL: '年次の見直し',
  AUDIT_FINDING: '監査・自己点検の結果',
  INCIDENT: '情報セキュリティインシデント',
  CHANGE: '情報セキュリティに関する状況の変化',
};

export const REVIEW_DECISIONS = ['NO_CHANGE', 'REVISE'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  NO_CHANGE: '改訂不要',
  REVISE: '改訂する',
};

export const REVIEW_CLAUSE: Clause = {
  document: '情報セキュリティ基本方針',
  ref: '8',
  summary:
    '情報セキュリティ監査及び自己点検の結果、情報セキュリティポリシーの見直しが必要となった場合及び情報セキュリティに関する状況の変化に対応するため新たに対策が必要になった場合には、情報セキュリティポリシーの見直しを実施する。',
};

/** The annual review of fiscal year `fy` is due on the last day of that 年度 (March 31). */
export const annualReviewDueOn = (fy: number) => fiscalYearRange(fy).to;

export interface ReviewFacts {
  id: string;
  documentId: string;
  trigger: ReviewTrigger;
  fiscalYear: number | null;
  dueOn: string;
  status: 'OPEN' | 'DONE';
}

export interface ReviewedDocument {
  id: string;
  title: string;
  kind: DocumentKind;
  /** The earliest 施行日 of its published versions; null if never in force. */
  firstEffectiveOn: string | null;
}

/**
 * Findings on `today`: every open review past its due date, and every document that was in force during the
 * fiscal year just ended without any annual review recorded for that year.
 */
export function reviewFindings(
  documents: ReviewedDocument[],
  reviews: ReviewFacts[],
  today: string,
  clause: Clause = REVIEW_CLAUSE,
): Finding[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const findings: Finding[] = [];
  for (const r of reviews) {
    const doc = byId.get(r.documentId);
    if (!doc || r.status !== 'OPEN' || r.dueOn >= today) continue;
    const what =
      r.trigger === 'ANNUAL' && r.fiscalYear !== null ? `${fiscalYearLabel(r.fiscalYear)}の年次の見直し` : '見直し';
    findings.push({
      code: 'POLICY-REVIEW-OVERDUE',
      severity: 'high',
      clause,
      message: {
        ja: `${DOCUMENT_KIND_SHORT[doc.kind]}「${doc.title}」の${what}が期限（${r.dueOn}）を過ぎても完了していません。`,
        en: `The review of "${doc.title}" was due on ${r.dueOn} and is not complete.`,
      },
      subject: { kind: 'policy_review', id: r.id, label: doc.title },
    });
  }
  const lastYear = fiscalYearOf(today) - 1;
  const lastYearEnd = fiscalYearRange(lastYear).to;
  for (const doc of documents) {
    if (!doc.firstEffectiveOn || doc.firstEffectiveOn > lastYearEnd) continue;
    const recorded = reviews.some(
      (r) => r.documentId === doc.id && r.trigger === 'ANNUAL' && r.fiscalYear === lastYear,
    );
    if (recorded) continue;
    findings.push({
      code: 'POLICY-ANNUAL-REVIEW-MISSING',
      severity: 'high',
      clause,
      message: {
        ja: `${DOCUMENT_KIND_SHORT[doc.kind]}「${doc.title}」の${fiscalYearLabel(lastYear)}の見直しの記録がありません。`,
        en: `No annual review of "${doc.title}" is recorded for fiscal year ${lastYear}.`,
      },
      subject: { kind: 'policy_document', id: doc.id, label: doc.title },
    });
  }
  return findings;
}
