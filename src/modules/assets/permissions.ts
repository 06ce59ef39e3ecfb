/**
 * Who may do what with the information asset register. The 課室's 情報セキュリティ管理者 owns its assets and decides
 * permissions (運搬・提供・廃棄); the 部局's 情報セキュリティ責任者 answers for the 部局's assets; the CISO, the 統括,
 * the policy office, CSIRT and the auditors read everything. Staff see and use the assets of their own 課室.
 */
import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, type Rule, type Target, withinGrantedUnit } from '../../platform/access/permissions.ts';

/** A target that also says where the acting member of staff works (their unit and its ancestors). */
export interface AssetTarget extends Target {
  actorUnitChain?: string[];
}

/** Rule: the asset belongs to the actor's own unit (or a unit above it: a 係's member uses the 課's assets). */
export const assetOfOwnUnit: Rule = (_grant, _actor, target) => {
  const owner = target?.unitChain?.[0];
  return owner !== undefined && ((target as AssetTarget).actorUnitChain ?? []).includes(owner);
};

/** Read every asset: oversight, incident response and audit. */
export const READ_ALL: RoleCode[] = [
  'CISO',
  'DEPUTY_CISO',
  'TOTAL_SEC_RESPONSIBLE',
  'POLICY_OFFICE',
  'CSIRT_LEAD',
  'CSIRT_MEMBER',
  'AUDIT_LEAD',
  'AUDITOR',
];
/** Keep the whole register (洗い出し, imports, bulk reclassification). */
const KEEPERS: RoleCode[] = ['TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE'];
/** Edit the classification schemes (the policy's own text). */
const SCHEME_KEEPERS: RoleCode[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE'];
const UNIT_OWNERS: RoleCode[] = ['SEC_RESPONSIBLE', 'SEC_MANAGER'];

const unitLines = (action: string, resource: string) =>
  UNIT_OWNERS.map((role) => allow(role, action, resource, withinGrantedUnit));

export const assetsPermissions = [
  // Every member of staff reads the schemes: level names, definitions and 取扱制限 are what they must follow.
  allow('STAFF', 'read', 'asset_scheme'),
  ...allowAll(SCHEME_KEEPERS, 'manage', 'asset_scheme'),

  ...allowAll(READ_ALL, 'read', 'asset'),
  ...unitLines('read', 'asset'),
  allow('STAFF', 'read', 'asset', assetOfOwnUnit),

  ...allowAll(KEEPERS, 'manage', 'asset'),
  ...unitLines('manage', 'asset'),

  // Lifecycle: staff record what they do with their 課室's assets and ask for permission where it is needed.
  ...allowAll(KEEPERS, 'record', 'asset'),
  ...unitLines('record', 'asset'),
  allow('STAFF', 'record', 'asset', assetOfOwnUnit),
  allow('STAFF', 'request', 'asset_permission', assetOfOwnUnit),
  ...unitLines('request', 'asset_permission'),
  // The owning 課室's 管理者 decides; the 部局's 責任者 may decide in their place (e.g. when the 管理者 applies).
  ...unitLines('decide', 'asset_permission'),
  // Requests: applicants see their own, deciders those of their units, oversight all.
  allow('STAFF', 'read', 'asset_permission'),
  // Everyone sees the carry-outs they made themselves and have not returned (今日やること), in any unit.
  allow('STAFF', 'read_own', 'asset_carry'),

  ...allowAll(READ_ALL, 'read', 'asset_finding'),
  ...unitLines('read', 'asset_finding'),
];
