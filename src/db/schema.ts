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
] as const;

/** Platform tables: reachable only in the system scope (sign-in lookups, the job runner, the CLI). */
export const SYSTEM_TABLES = ['login_throttle', 'job'] as const;
