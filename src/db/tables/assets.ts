/** 情報資産: schemes, the register, links, permissions and lifecycle events. Conventions: see ../schema.ts. */

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
