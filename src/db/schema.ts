/**
 * Table types: the single source of truth for columns. Conventions that hold on both SQLite and PostgreSQL:
 * ids are UUIDv7 text; instants are ISO 8601 UTC text (sortable); calendar dates are YYYY-MM-DD text;
 * flags are integers 0/1; JSON is text. Every tenant-owned table has tenant_id.
 */
export interface TenantTable {
  id: string;
  name: string;
  code: string;
  prefecture: string;
  committee_name: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface ImplementingBodyTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string;
  sort_order: number;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrgUnitTable {
  id: string;
  tenant_id: string;
  body_id: string;
  parent_id: string | null;
  level: string;
  name: string;
  code: string | null;
  sort_order: number;
  valid_from: string;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  tenant_id: string;
  staff_number: string;
  family_name: string;
  given_name: string;
  family_kana: string;
  given_kana: string;
  /** Katakana 姓 名 for 五十音 ordering and search. */
  sort_key: string;
  employment_type: string;
  org_unit_id: string | null;
  title: string;
  employer: string | null;
  email: string | null;
  phone: string | null;
  mobile_phone: string | null;
  status: string;
  status_changed_on: string | null;
  joined_on: string | null;
  left_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserAccountTable {
  id: string;
  tenant_id: string;
  person_id: string | null;
  login_id: string;
  password_hash: string;
  is_platform_admin: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  failed_logins: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  mfa_required: number | null;
  password_changed_at: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface WebauthnCredentialTable {
  id: string;
  tenant_id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

export interface AuthSessionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  mfa_state: string;
  csrf_token: string;
  challenge: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  client_ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface AppointmentTable {
  id: string;
  tenant_id: string;
  role: string;
  person_id: string;
  scope_kind: string;
  scope_id: string | null;
  valid_from: string;
  valid_to: string | null;
  appointed_by: string;
  delegation_of: string | null;
  touches_mynumber: number;
  note: string | null;
  end_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface CommitteeTable {
  id: string;
  tenant_id: string;
  name: string;
  quorum: string;
  decision_mode: string;
  created_at: string;
  updated_at: string;
}

export interface AuditHeadTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface AuditEventTable {
  id: string;
  tenant_id: string;
  seq: number;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  client_ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobTable {
  id: string;
  tenant_id: string | null;
  queue: string;
  payload: string;
  state: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Uploaded files (committee minutes, …): content, size and SHA-256 as received. */
export interface StoredFileTable {
  id: string;
  tenant_id: string;
  sha256: string;
  original_name: string;
  mime: string;
  size: number;
  bytes: Buffer;
  created_by: string | null;
  created_at: string;
}

/** A version of the pledge (誓約書) text for one audience (STAFF | CONTRACTOR); published versions never change. */
export interface PledgeTextTable {
  id: string;
  tenant_id: string;
  audience: string;
  version: number;
  title: string;
  body: string;
  status: string;
  published_at: string | null;
  published_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One person's pledge to one text version, confirmed in the app or recorded from paper; kept after leaving. */
export interface PledgeTable {
  id: string;
  tenant_id: string;
  person_id: string;
  pledge_text_id: string;
  audience: string;
  method: string;
  signed_on: string;
  signed_at: string | null;
  recorded_by: string;
  note: string | null;
  created_at: string;
}

export interface CommitteeMeetingTable {
  id: string;
  tenant_id: string;
  committee_id: string;
  held_on: string;
  kind: string;
  title: string;
  attendees_json: string;
  agenda_json: string;
  decisions: string;
  minutes_file_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A tenant's classification scheme (情報資産の分類基準), in force from its effective date; definition is JSON. */
export interface AssetSchemeTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  effective_from: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

/** An entry of the 情報資産管理台帳; C/I/A as level codes of its scheme plus ranks (0 = not classified). */
export interface AssetTable {
  id: string;
  tenant_id: string;
  ref: string;
  name: string;
  kind: string;
  business: string | null;
  org_unit_id: string | null;
  medium: string;
  location: string | null;
  tier: string;
  scheme_id: string | null;
  c_level: string | null;
  i_level: string | null;
  a_level: string | null;
  c_rank: number;
  i_rank: number;
  a_rank: number;
  req_c_rank: number;
  req_i_rank: number;
  req_a_rank: number;
  has_personal: number;
  has_specific_personal: number;
  has_sensitive_personal: number;
  person_count: string | null;
  retention: string | null;
  retention_until: string | null;
  user_scope: string | null;
  contractor: string | null;
  next_review_on: string | null;
  last_reviewed_on: string | null;
  review_due_on: string;
  note: string | null;
  status: string;
  disposed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A link between two assets (stored in, processed by, derived from, depends on); src → dst is how the class flows. */
export interface AssetLinkTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  target_id: string;
  kind: string;
  src_id: string;
  dst_id: string;
  created_at: string;
}

/** A request for permission (運搬・提供・廃棄) to the owning 課室's 情報セキュリティ管理者, and its decision. */
export interface AssetPermissionTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  action: string;
  status: string;
  unit_id: string | null;
  applicant_person_id: string;
  applicant_label: string;
  purpose: string;
  destination: string | null;
  recipient: string | null;
  expected_return_on: string | null;
  method: string | null;
  decided_by_person_id: string | null;
  decided_by_label: string | null;
  decided_at: string | null;
  decision_note: string | null;
  used_by_event_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A lifecycle event of an asset (作成 … 廃棄), with the class and permission it had at the time. */
export interface AssetEventTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  action: string;
  at: string;
  recorded_by_label: string;
  performed_by: string | null;
  permission_id: string | null;
  permission_required: number;
  c_rank: number;
  encrypted: number | null;
  method: string | null;
  recipient: string | null;
  destination: string | null;
  reason: string | null;
  detail: string | null;
  expected_return_on: string | null;
  returned_at: string | null;
  certificate_file_id: string | null;
  created_at: string;
}

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

/** 三層の対策: dated network model and zones of a tenant (007_network). */
export interface NetworkSettingTable {
  id: string;
  tenant_id: string;
  effective_from: string;
  model: string;
  zones_json: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface NetworkExceptionTable {
  id: string;
  tenant_id: string;
  list: string;
  name: string;
  from_json: string;
  to_json: string;
  services_json: string;
  legal_basis: string | null;
  approved_by: string;
  approved_on: string;
  expires_on: string;
  created_at: string;
  updated_at: string;
}

export interface NetworkSystemTable {
  id: string;
  tenant_id: string;
  name: string;
  tier: string;
  addresses_json: string;
  roles_json: string;
  terminals_json: string;
  asset_ids_json: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface NetworkFlowTable {
  id: string;
  tenant_id: string;
  from_system_id: string;
  to_ref: string;
  service: string;
  mechanism: string;
  justification: string;
  screen_transfer_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface NetworkImportTable {
  id: string;
  tenant_id: string;
  created_at: string;
  actor_label: string;
  checked_on: string;
  model: string;
  complete: number;
  files_json: string;
  rulesets_json: string;
  result_json: string;
  finding_count: number;
}

export interface NetworkFindingTable {
  id: string;
  tenant_id: string;
  import_id: string;
  seq: number;
  code: string;
  severity: string;
  severity_rank: number;
  certainty: string;
  cell: string | null;
  file: string | null;
  message_ja: string;
  message_en: string;
  detail_json: string;
}

/** 無害化: one processed message (relay, release or PPAP re-processing); record_json is the pipeline's log record. */
export interface SanitizerMessageTable {
  id: string;
  tenant_id: string;
  received_at: string;
  origin: string;
  supersedes_id: string | null;
  verdict: string;
  reason: string | null;
  disposition: string;
  delivered_at: string | null;
  delivery_error: string | null;
  policy_version: string;
  raw_sha256: string;
  raw_size: number;
  out_sha256: string | null;
  out_size: number | null;
  quarantine_ref: string | null;
  envelope_from: string;
  /** JSON array of addresses. */
  envelope_to: string;
  peer: string | null;
  header_from: string;
  /** JSON array of addresses. */
  header_to: string;
  subject: string;
  message_id: string;
  outgoing_message_id: string | null;
  /** JSON array of marker actions (CHG_TEXT, …). */
  actions: string;
  body_source: string;
  body_urls: number;
  mismatches: number;
  parts_total: number;
  parts_removed: number;
  parts_held: number;
  total_ms: number | null;
  record_json: string;
  created_at: string;
}

/** 無害化: one attachment or archive entry of a message, as the pipeline logged it. */
export interface SanitizerPartTable {
  id: string;
  tenant_id: string;
  message_id: string;
  seq: number;
  part: string;
  depth: number;
  name: string | null;
  declared: string;
  sniffed: string;
  in_sha256: string;
  in_size: number;
  encrypted: number;
  action: string;
  verdict: string;
  rule: string;
  reason: string;
  out_name: string | null;
  out_type: string | null;
  out_sha256: string | null;
  out_size: number | null;
  out_pages: number | null;
  /** JSON array of { object, count, detail? }. */
  detections: string;
  quarantine_ref: string | null;
  duration_ms: number;
  received_at: string;
}

/** 無害化: a recipient address of a message and the person (person.email) and unit it belonged to. */
export interface SanitizerRecipientTable {
  id: string;
  tenant_id: string;
  message_id: string;
  address: string;
  person_id: string | null;
  unit_id: string | null;
}

/** 無害化: an original kept in the encrypted quarantine store (a reference, never the bytes). */
export interface SanitizerQuarantineItemTable {
  id: string;
  tenant_id: string;
  message_id: string;
  ref: string;
  kind: string;
  part: string | null;
  name: string | null;
  size: number;
  reason: string;
  created_at: string;
}

/** 無害化: a recipient's request for an original, decided by the owning 課室's 情報セキュリティ管理者. */
export interface SanitizerReleaseTable {
  id: string;
  tenant_id: string;
  message_id: string;
  status: string;
  channel: string | null;
  profile: string | null;
  /** 1 when the original itself went to LGWAN: a 例外措置. */
  exception: number;
  requester_person_id: string;
  requester_label: string;
  requester_address: string;
  unit_id: string;
  reason: string;
  decided_by_person_id: string | null;
  decided_by_label: string | null;
  decided_at: string | null;
  decision_note: string | null;
  result_message_id: string | null;
  delivered_at: string | null;
  delivery_error: string | null;
  created_at: string;
  updated_at: string;
}

/** 無害化: a one-time link for entering a PPAP password (only the SHA-256 of the token is kept). */
export interface SanitizerPpapTokenTable {
  id: string;
  tenant_id: string;
  message_id: string;
  token_hash: string;
  address: string;
  person_id: string | null;
  expires_at: string;
  used_at: string | null;
  result_message_id: string | null;
  created_at: string;
}

/** 無害化: the tenant's gateway settings (raw release off by default; policy overrides as JSON). */
export interface SanitizerSettingsTable {
  tenant_id: string;
  raw_release_allowed: number;
  raw_release_basis: string | null;
  policy_overrides: string;
  updated_by: string;
  updated_at: string;
}

export interface DB {
  tenant: TenantTable;
  implementing_body: ImplementingBodyTable;
  org_unit: OrgUnitTable;
  person: PersonTable;
  user_account: UserAccountTable;
  recovery_code: RecoveryCodeTable;
  webauthn_credential: WebauthnCredentialTable;
  auth_session: AuthSessionTable;
  login_throttle: LoginThrottleTable;
  appointment: AppointmentTable;
  committee: CommitteeTable;
  audit_head: AuditHeadTable;
  audit_event: AuditEventTable;
  job: JobTable;
  stored_file: StoredFileTable;
  pledge_text: PledgeTextTable;
  pledge: PledgeTable;
  committee_meeting: CommitteeMeetingTable;
  asset_scheme: AssetSchemeTable;
  asset: AssetTable;
  asset_link: AssetLinkTable;
  asset_permission: AssetPermissionTable;
  asset_event: AssetEventTable;
  policy_document: PolicyDocumentTable;
  policy_version: PolicyVersionTable;
  policy_vote: PolicyVoteTable;
  policy_link: PolicyLinkTable;
  policy_ack_campaign: PolicyAckCampaignTable;
  policy_ack: PolicyAckTable;
  policy_notice: PolicyNoticeTable;
  policy_review: PolicyReviewTable;
  policy_exception: PolicyExceptionTable;
  policy_exception_review: PolicyExceptionReviewTable;
  network_setting: NetworkSettingTable;
  network_exception: NetworkExceptionTable;
  network_system: NetworkSystemTable;
  network_flow: NetworkFlowTable;
  network_import: NetworkImportTable;
  network_finding: NetworkFindingTable;
  sanitizer_message: SanitizerMessageTable;
  sanitizer_part: SanitizerPartTable;
  sanitizer_recipient: SanitizerRecipientTable;
  sanitizer_quarantine_item: SanitizerQuarantineItemTable;
  sanitizer_release: SanitizerReleaseTable;
  sanitizer_ppap_token: SanitizerPpapTokenTable;
  sanitizer_settings: SanitizerSettingsTable;
  kysely_migration: { name: string; timestamp: string };
}

/** Tables whose rows belong to one tenant; on PostgreSQL each gets a row-level security policy. */
export const TENANT_TABLES = [
  'implementing_body',
  'org_unit',
  'person',
  'user_account',
  'recovery_code',
  'webauthn_credential',
  'auth_session',
  'appointment',
  'committee',
  'audit_head',
  'audit_event',
  'stored_file',
  'pledge_text',
  'pledge',
  'committee_meeting',
  'policy_document',
  'policy_version',
  'policy_vote',
  'policy_link',
  'policy_ack_campaign',
  'policy_ack',
  'policy_notice',
  'policy_review',
  'policy_exception',
  'policy_exception_review',
  'asset_scheme',
  'asset',
  'asset_link',
  'asset_permission',
  'asset_event',
  'network_setting',
  'network_exception',
  'network_system',
  'network_flow',
  'network_import',
  'network_finding',
  'sanitizer_message',
  'sanitizer_part',
  'sanitizer_recipient',
  'sanitizer_quarantine_item',
  'sanitizer_release',
  'sanitizer_ppap_token',
  'sanitizer_settings',
] as const;

/** Platform tables: reachable only in the system scope (sign-in lookups, the job runner, the CLI). */
export const SYSTEM_TABLES = ['login_throttle', 'job'] as const;
