/**
 * Who may do what with the network register (三層の対策). The CISO, the 統括情報セキュリティ責任者, the policy office
 * and the Mamori administrator keep the settings, exceptions, register and firewall imports; a 情報システム管理者
 * edits the system they are appointed for (and its declared flows); oversight, CSIRT and auditors read. Staff have
 * no access: addresses and firewall rules are not for everyone. A 情報セキュリティ管理者 gets only the dashboard
 * summary of the systems his units own.
 */
import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, type Rule } from '../../platform/access/permissions.ts';

/** Rule: the grant is a SYSTEM appointment for this very system. */
export const ownSystem: Rule = (grant, _actor, target) =>
  grant.scopeKind === 'SYSTEM' && grant.scopeId !== null && grant.scopeId === target?.systemId;

export const NETWORK_KEEPERS: RoleCode[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'POLICY_OFFICE', 'PLATFORM_ADMIN'];
export const NETWORK_READERS: RoleCode[] = [
  ...NETWORK_KEEPERS,
  'DEPUTY_CISO',
  'CSIRT_LEAD',
  'CSIRT_MEMBER',
  'AUDIT_LEAD',
  'AUDITOR',
  'SYS_MANAGER',
];

export const networkPermissions = [
  ...allowAll(NETWORK_READERS, 'read', 'network'),
  // 今日やること: a 情報セキュリティ管理者 sees the summary for the systems his 課室 owns (所管課), nothing more.
  ...allowAll([...NETWORK_READERS, 'SEC_MANAGER'], 'read_summary', 'network'),
  ...allowAll(NETWORK_KEEPERS, 'manage', 'network'),
  ...allowAll(NETWORK_KEEPERS, 'edit', 'network_system'),
  allow('SYS_MANAGER', 'edit', 'network_system', ownSystem),
];
