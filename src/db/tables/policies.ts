/** Policy documents: documents, versions, votes, links, acknowledgements, notices, reviews, exceptions. Conventions: see ../schema.ts. */

/** A policy document: 基本方針, 対策基準 or 実施手順 (per system or unit, readable by the roles it names). */
export interface PolicyDocumentTable {
  id: string;
  tenant_id: string;
  kind: string;
  title: string;
  scope_kind: string | null;
  scope_id: string | null;
  /** JSON array of role codes that may read a 実施手順. */
  visible_roles: string;
  on_portal: number;
  established_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One version of a policy document: Markdown text, its approval record, 改訂日 and 施行日 once published. */
export interface PolicyVersionTable {
  id: string;
  tenant_id: string;
  document_id: string;
  number: number;
  status: string;
  title: string;
  body: string;
  body_sha256: string;
  change_summary: string;
  based_on_id: string | null;
  drafted_by_person_id: string | null;
  drafted_by: string;
  submitted_by_person_id: string | null;
  submitted_at: string | null;
  reviewed_by_person_id: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_comment: string | null;
  decision: string | null;
  decided_on: string | null;
  /** JSON: mode (VOTE | CHAIR | APPROVER), tally, who decided, meeting, note. */
  decision_json: string | null;
  revised_on: string | null;
  effective_on: string | null;
  published_at: string | null;
  published_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PolicyVoteTable {
  id: string;
  tenant_id: string;
  version_id: string;
  person_id: string;
  vote: string;
  comment: string | null;
  voted_at: string;
}

/** A clause (document + path, optionally pinned to a version) cited by any other record. */
export interface PolicyLinkTable {
  id: string;
  tenant_id: string;
  document_id: string;
  clause_path: string;
  version_id: string | null;
  entity_type: string;
  entity_id: string;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface PolicyAckCampaignTable {
  id: string;
  tenant_id: string;
  document_id: string;
  version_id: string;
  title: string;
  audience_kind: string;
  audience_unit_id: string | null;
  due_on: string;
  remind_every_days: number;
  status: string;
  started_by: string;
  started_at: string;
  closed_at: string | null;
  last_reminded_on: string | null;
}

/** One person asked to read a version; acknowledged_at is set when they confirm. */
export interface PolicyAckTable {
  id: string;
  tenant_id: string;
  campaign_id: string;
  person_id: string;
  unit_id: string | null;
  acknowledged_at: string | null;
  reminders: number;
}

/** A reminder addressed to a person (acknowledgement due, exception expiring, review due), at most once a day. */
export interface PolicyNoticeTable {
  id: string;
  tenant_id: string;
  person_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  message: string;
  sent_on: string;
  created_at: string;
}

/** 見直し: yearly or triggered by an audit finding, an incident or a change; decision and resulting version. */
export interface PolicyReviewTable {
  id: string;
  tenant_id: string;
  document_id: string;
  trigger: string;
  fiscal_year: number | null;
  trigger_entity_type: string | null;
  trigger_entity_id: string | null;
  trigger_note: string;
  due_on: string;
  status: string;
  held_on: string | null;
  meeting_id: string | null;
  discussion: string;
  decision: string | null;
  decision_note: string | null;
  resulting_version_id: string | null;
  completed_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** 例外措置: requested by a 情報セキュリティ管理者, decided by the CISO (or delegate); expiry mandatory. */
export interface PolicyExceptionTable {
  id: string;
  tenant_id: string;
  /** JSON array of { documentId, clausePath }. */
  rule_refs: string;
  rule_text: string;
  reason: string;
  compensating_measures: string;
  scope_unit_id: string | null;
  scope_system_id: string | null;
  scope_description: string;
  valid_from: string;
  valid_until: string;
  emergency: number;
  emergency_occurred_on: string | null;
  emergency_action: string | null;
  status: string;
  requested_by_person_id: string;
  requested_by: string;
  requested_at: string;
  decided_by_person_id: string | null;
  decided_by: string | null;
  decided_on: string | null;
  decision_note: string | null;
  review_every_months: number;
  last_reviewed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface PolicyExceptionReviewTable {
  id: string;
  tenant_id: string;
  exception_id: string;
  reviewed_on: string;
  reviewer_person_id: string | null;
  reviewer: string;
  outcome: string;
  note: string | null;
  created_at: string;
}
