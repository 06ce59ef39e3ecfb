/** The three kinds of policy document and the states of a version, in the policy's own words. Pure. */

/** 基本方針 (published), 対策基準 (public if the town chooses), 実施手順 (never public; seed §10). */
export const DOCUMENT_KINDS = ['BASIC', 'STANDARD', 'PROCEDURE'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  BASIC: '情報セキュリティ基本方針',
  STANDARD: '情報セキュリティ対策基準',
  PROCEDURE: '情報セキュリティ実施手順',
};
export const DOCUMENT_KIND_SHORT: Record<DocumentKind, string> = {
  BASIC: '基本方針',
  STANDARD: '対策基準',
  PROCEDURE: '実施手順',
};

/**
 * 起案 → 確認 → 委員会審議 → 承認 → 公開. A version returned in review goes back to DRAFT; a version the committee
 * (or the approver) rejects stays REJECTED as a record, and a new draft starts from it.
 */
export const VERSION_STATUSES = ['DRAFT', 'REVIEW', 'COMMITTEE', 'APPROVED', 'PUBLISHED', 'REJECTED'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  DRAFT: '起案中',
  REVIEW: '確認中',
  COMMITTEE: '委員会審議中',
  APPROVED: '承認済（公開前）',
  PUBLISHED: '公開済',
  REJECTED: '否決',
};

/** A citation as a person reads it: 対策基準 第5条, 基本方針 6(3)②. */
export function citationLabel(kind: DocumentKind, citation: string): string {
  return `${DOCUMENT_KIND_SHORT[kind]} ${citation}`;
}
