/**
 * 例外措置: a deviation from the policy only with the CISO's permission, requested by the 情報セキュリティ管理者;
 * in an emergency, acted on first and reported without delay; every application and decision kept and reviewed
 * periodically (対策基準 例文; domain/audit-review-and-others.md §3). Pure: `today` is a parameter.
 */
import type { Clause, Finding } from '../duties.ts';

export const EXCEPTION_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'REVOKED'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
export const EXCEPTION_STATUS_LABELS: Record<ExceptionStatus, string> = {
  REQUESTED: '申請中',
  APPROVED: '承認済',
  REJECTED: '却下',
  WITHDRAWN: '取下げ・終了',
  REVOKED: '取消し',
};

/** How an exception stands on a date: its recorded status, with time applied to approved ones. */
export type ExceptionStanding = 'pending' | 'scheduled' | 'active' | 'expired' | 'rejected' | 'withdrawn' | 'revoked';

export const EXCEPTION_CLAUSE: Clause = {
  document: '情報セキュリティ対策基準',
  ref: '例外措置',
  summary:
    '情報セキュリティ管理者は、例外措置を講じようとするときは最高情報セキュリティ責任者の許可を得なければならない。緊急の場合は事後速やかに報告する。最高情報セキュリティ責任者は、申請及び審査の結果を保管し、定期的に確認する。',
};

export interface ExceptionFacts {
  id: string;
  label: string;
  status: ExceptionStatus;
  emergency: boolean;
  validFrom: string;
  validUntil: string;
  decidedOn: string | null;
  lastReviewedOn: string | null;
  reviewEveryMonths: number;
}

export function exceptionStanding(e: ExceptionFacts, today: string): ExceptionStanding {
  if (e.status === 'REQUESTED') return 'pending';
  if (e.status === 'REJECTED') return 'rejected';
  if (e.status === 'WITHDRAWN') return 'withdrawn';
  if (e.status === 'REVOKED') return 'revoked';
  if (e.validUntil < today) return 'expired';
  return e.validFrom > today ? 'scheduled' : 'active';
}

/** ISO date plus whole months (the 31st of a shorter month becomes its last day). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** When the next periodic review of an approved exception is due. */
export function nextReviewDue(e: ExceptionFacts): string | null {
  const base = e.lastReviewedOn ?? e.decidedOn;
  return e.status === 'APPROVED' && base ? addMonths(base, e.reviewEveryMonths) : null;
}

export function exceptionFindings(list: ExceptionFacts[], today: string, clause: Clause = EXCEPTION_CLAUSE): Finding[] {
  const findings: Finding[] = [];
  const add = (e: ExceptionFacts, code: string, severity: Finding['severity'], ja: string, en: string) =>
    findings.push({
      code,
      severity,
      clause,
      message: { ja, en },
      subject: { kind: 'policy_exception', id: e.id, label: e.label },
    });
  for (const e of list) {
    const standing = exceptionStanding(e, today);
    if (standing === 'pending' && e.emergency) {
      add(
        e,
        'EXCEPTION-EMERGENCY-UNAPPROVED',
        'high',
        `緊急時の例外措置「${e.label}」が最高情報セキュリティ責任者の承認を受けていません。`,
        `The emergency exception "${e.label}" has not been approved after the fact.`,
      );
    } else if (standing === 'pending' && e.validFrom <= today) {
      add(
        e,
        'EXCEPTION-UNAPPROVED',
        'medium',
        `例外措置「${e.label}」は開始日（${e.validFrom}）を過ぎても承認されていません。`,
        `The exception "${e.label}" is past its start date without approval.`,
      );
    } else if (standing === 'expired') {
      add(
        e,
        'EXCEPTION-EXPIRED',
        'high',
        `例外措置「${e.label}」の期限（${e.validUntil}）が過ぎています。終了を記録するか、改めて申請してください。`,
        `The exception "${e.label}" expired on ${e.validUntil}; record its end or apply again.`,
      );
    } else if (standing === 'active' || standing === 'scheduled') {
      const due = nextReviewDue(e);
      if (due && due < today) {
        add(
          e,
          'EXCEPTION-REVIEW-OVERDUE',
          'medium',
          `例外措置「${e.label}」の定期的な確認が期限（${due}）を過ぎています。`,
          `The periodic review of the exception "${e.label}" was due on ${due}.`,
        );
      }
    }
  }
  return findings;
}
