/** Platform core: tenants, organisation, accounts, sessions, appointments, committee, audit trail, jobs. Conventions: see ../schema.ts. */

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
  /** 1 when an administrator set the password (new account or reset): it must be changed at the next sign-in. */
  password_change_required: number;
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
