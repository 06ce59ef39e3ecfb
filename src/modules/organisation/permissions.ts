import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, withinGrantedUnit } from '../../platform/access/permissions.ts';

/** Who keeps the organisation records: the IT-policy office, the 統括 and the Mamori administrator. */
const KEEPERS: RoleCode[] = ['PLATFORM_ADMIN', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE'];
/** Who oversees: sees findings and contact details across the organisation. */
const OVERSIGHT: RoleCode[] = [
  'CISO',
  'DEPUTY_CISO',
  'TOTAL_SEC_RESPONSIBLE',
  'POLICY_OFFICE',
  'PLATFORM_ADMIN',
  'CSIRT_LEAD',
  'CSIRT_MEMBER',
];

export const organisationPermissions = [
  // Every member of staff may see the organisation: units, the staff directory, who holds which role.
  allow('STAFF', 'read', 'tenant'),
  allow('STAFF', 'read', 'org_unit'),
  allow('STAFF', 'read', 'person'),
  allow('STAFF', 'read', 'appointment'),
  allow('STAFF', 'read', 'committee'),

  ...allowAll(['PLATFORM_ADMIN', 'CISO', 'TOTAL_SEC_RESPONSIBLE'], 'update', 'tenant'),
  ...allowAll(KEEPERS, 'manage', 'org_unit'),
  ...allowAll(KEEPERS, 'create', 'person'),
  ...allowAll(KEEPERS, 'update', 'person'),
  ...allowAll(KEEPERS, 'leave', 'person'),
  // A 課室's 情報セキュリティ管理者 keeps the contact details of their own people current.
  allow('SEC_MANAGER', 'update', 'person', withinGrantedUnit),
  allow('SEC_RESPONSIBLE', 'update', 'person', withinGrantedUnit),

  // Mobile numbers are personal data: the emergency roles see them, and responsibles for their own units.
  ...allowAll(OVERSIGHT, 'read_contact', 'person'),
  allow('SEC_RESPONSIBLE', 'read_contact', 'person', withinGrantedUnit),
  allow('SEC_MANAGER', 'read_contact', 'person', withinGrantedUnit),

  ...allowAll([...KEEPERS, 'CISO'], 'manage', 'appointment'),
  ...allowAll(['PLATFORM_ADMIN', 'CISO', 'POLICY_OFFICE'], 'update', 'committee'),
  // Committee meeting records (attendance, decisions, minutes): members, oversight and audit read; the office keeps.
  ...allowAll(
    [
      'COMMITTEE_MEMBER',
      'CISO',
      'TOTAL_SEC_RESPONSIBLE',
      'POLICY_OFFICE',
      'PLATFORM_ADMIN',
      'SEC_RESPONSIBLE',
      'AUDIT_LEAD',
      'AUDITOR',
    ],
    'read',
    'committee_meeting',
  ),
  ...allowAll(['POLICY_OFFICE', 'PLATFORM_ADMIN', 'CISO'], 'manage', 'committee_meeting'),

  ...allowAll([...OVERSIGHT, 'AUDIT_LEAD', 'AUDITOR', 'COMMITTEE_MEMBER'], 'read', 'org_finding'),
  // A 部局・課室's responsible and manager see the findings about their own units, not the whole town's.
  ...allowAll(['SEC_RESPONSIBLE', 'SEC_MANAGER'], 'read', 'org_finding', withinGrantedUnit),
];
