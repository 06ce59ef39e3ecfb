/** 無害化: messages, parts, recipients, quarantine references, releases, PPAP links, settings. Conventions: see ../schema.ts. */

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
  /** the policy_exception (例外措置 registry) record of a raw release (migration 009) */
  exception_id: string | null;
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
