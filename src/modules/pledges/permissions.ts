import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, withinGrantedUnit } from '../../platform/access/permissions.ts';

/** Who keeps the pledge texts, records paper pledges and reads every report. */
const KEEPERS: RoleCode[] = ['PLATFORM_ADMIN', 'POLICY_OFFICE', 'TOTAL_SEC_RESPONSIBLE', 'CISO'];

export const pledgesPermissions = [
  // Every member of staff reads the text in force, sees their own status and signs (基本方針5).
  allow('STAFF', 'read', 'pledge_text'),
  allow('STAFF', 'read_own', 'pledge'),
  allow('STAFF', 'sign', 'pledge'),

  ...allowAll(KEEPERS, 'read', 'pledge_text'),
  ...allowAll(KEEPERS, 'manage', 'pledge_text'),
  ...allowAll(KEEPERS, 'record', 'pledge'),
  ...allowAll(KEEPERS, 'read_report', 'pledge'),
  // 情報セキュリティ責任者 and 管理者 follow up their own 部局 and 課室.
  allow('SEC_RESPONSIBLE', 'read_report', 'pledge', withinGrantedUnit),
  allow('SEC_MANAGER', 'read_report', 'pledge', withinGrantedUnit),
];
