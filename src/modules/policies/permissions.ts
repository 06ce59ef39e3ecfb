import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, withinGrantedUnit } from '../../platform/access/permissions.ts';

/**
 * Who may do what with policy documents. A 実施手順 is further limited, in every route, to the roles it names
 * (domain/policy/visibility.ts): a caller who may not read it gets 404, as if it did not exist.
 */

/** Keep the 基本方針 and 対策基準: the policy office, the 統括, the CISO and the Mamori administrator. */
export const KEEPERS: RoleCode[] = ['PLATFORM_ADMIN', 'POLICY_OFFICE', 'TOTAL_SEC_RESPONSIBLE', 'CISO'];
/** Draft 実施手順 for their own system or unit (the service checks the scope). */
export const PROCEDURE_AUTHORS: RoleCode[] = ['SYS_MANAGER', 'SEC_RESPONSIBLE', 'SEC_MANAGER'];
/** See drafts under review: keepers, the committee, the deputy CISO and the auditors. */
const DRAFT_READERS: RoleCode[] = [
  ...KEEPERS,
  'DEPUTY_CISO',
  'COMMITTEE_MEMBER',
  'SEC_RESPONSIBLE',
  'AUDIT_LEAD',
  'AUDITOR',
];
/** Members of the committee by office or appointment (organisation/committee.service.ts): may vote. */
const VOTERS: RoleCode[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'SEC_RESPONSIBLE', 'COMMITTEE_MEMBER'];
const OVERSIGHT: RoleCode[] = ['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE', 'PLATFORM_ADMIN'];

export const policiesPermissions = [
  // Everyone reads the published 基本方針 and 対策基準 (and the 実施手順 that name them), and the clause links.
  allow('STAFF', 'read', 'policy'),
  ...allowAll(['PLATFORM_ADMIN'], 'read', 'policy'),
  ...allowAll(DRAFT_READERS, 'read_draft', 'policy'),
  ...allowAll([...KEEPERS, ...PROCEDURE_AUTHORS], 'edit', 'policy'),
  ...allowAll(['TOTAL_SEC_RESPONSIBLE', 'CISO', 'DEPUTY_CISO', 'POLICY_OFFICE'], 'review', 'policy'),
  ...allowAll(VOTERS, 'vote', 'policy'),
  // The chair (CISO) or the deputy records the committee's decision; the 統括 or the CISO approves a 実施手順.
  ...allowAll(['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE'], 'decide', 'policy'),
  ...allowAll(KEEPERS, 'publish', 'policy'),
  ...allowAll([...KEEPERS, 'AUDIT_LEAD', 'AUDITOR', 'SEC_RESPONSIBLE', 'SEC_MANAGER', 'SYS_MANAGER'], 'link', 'policy'),

  // Read-and-acknowledge campaigns.
  allow('STAFF', 'acknowledge', 'policy_ack'),
  ...allowAll(KEEPERS, 'manage', 'policy_ack'),
  ...allowAll(KEEPERS, 'read_report', 'policy_ack'),
  allow('SEC_RESPONSIBLE', 'read_report', 'policy_ack', withinGrantedUnit),
  allow('SEC_MANAGER', 'read_report', 'policy_ack', withinGrantedUnit),

  // 見直し.
  ...allowAll(DRAFT_READERS, 'read', 'policy_review'),
  ...allowAll([...KEEPERS, 'DEPUTY_CISO'], 'manage', 'policy_review'),

  // Findings: overdue reviews, expired or unapproved exceptions.
  ...allowAll(
    [...OVERSIGHT, 'AUDIT_LEAD', 'AUDITOR', 'COMMITTEE_MEMBER', 'SEC_RESPONSIBLE', 'SEC_MANAGER'],
    'read',
    'policy_finding',
  ),

  // 例外措置: the 情報セキュリティ管理者 applies; the CISO (or the deputy) decides; SOD-3 in the service.
  allow('SEC_MANAGER', 'request', 'policy_exception'),
  ...allowAll(['CISO', 'DEPUTY_CISO'], 'decide', 'policy_exception'),
  ...allowAll(['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE'], 'review', 'policy_exception'),
  ...allowAll(
    ['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE', 'AUDIT_LEAD', 'AUDITOR'],
    'read',
    'policy_exception',
  ),
  allow('SEC_MANAGER', 'read', 'policy_exception', withinGrantedUnit),
  allow('SEC_RESPONSIBLE', 'read', 'policy_exception', withinGrantedUnit),
  ...allowAll(['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE', 'SEC_MANAGER'], 'withdraw', 'policy_exception'),
];
