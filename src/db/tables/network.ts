/** 三層の対策: settings, exceptions, systems, flows, firewall imports, findings. Conventions: see ../schema.ts. */

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
  /** 所管課 (010_network_system_unit). */
  org_unit_id: string | null;
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
