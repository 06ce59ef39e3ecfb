/**
 * Who may do what with the 無害化 gateway's records (sanitizer.md §8, organisation.md SOD-4).
 *
 * - Oversight (CISO, 統括, 事務局, CSIRT, audit) reads every message, quarantine item and release request.
 * - A 課室's 情報セキュリティ管理者 (and the 部局's 情報セキュリティ責任者, who decides in the 管理者's place, e.g. when
 *   the 管理者 is the requester) reads the messages addressed to people of their units and decides their requests.
 * - Every member of staff reads the messages addressed to them and may ask for an original (the service checks that
 *   their e-mail address is a recipient). The requester never decides their own request.
 * - The CISO and the 統括 keep the gateway's settings: policy overrides, and whether raw release is allowed at all.
 */
import type { RoleCode } from '../../domain/roles.ts';
import { allow, allowAll, type Rule, type Target, withinGrantedUnit } from '../../platform/access/permissions.ts';

export const SANITIZER = 'sanitizer';

/** A message as a permission rule sees it: its recipients as people and as unit chains. */
export interface MessageTarget extends Target {
  recipientPersonIds?: string[];
}

/** Rule: the actor is one of the message's recipients. */
export const ownMessage: Rule = (_grant, actor, target) =>
  actor.personId !== null && ((target as MessageTarget | undefined)?.recipientPersonIds ?? []).includes(actor.personId);

export const OVERSIGHT: RoleCode[] = [
  'CISO',
  'DEPUTY_CISO',
  'TOTAL_SEC_RESPONSIBLE',
  'POLICY_OFFICE',
  'CSIRT_LEAD',
  'CSIRT_MEMBER',
  'AUDIT_LEAD',
  'AUDITOR',
];
const UNIT_OWNERS: RoleCode[] = ['SEC_MANAGER', 'SEC_RESPONSIBLE'];

export const sanitizerPermissions = [
  ...allowAll(OVERSIGHT, 'read', SANITIZER),
  ...UNIT_OWNERS.map((role) => allow(role, 'read', SANITIZER, withinGrantedUnit)),
  allow('STAFF', 'read', SANITIZER, ownMessage),
  allow('STAFF', 'request', SANITIZER, ownMessage),
  ...UNIT_OWNERS.map((role) => allow(role, 'decide', SANITIZER, withinGrantedUnit)),
  ...allowAll(['CISO', 'TOTAL_SEC_RESPONSIBLE'], 'manage', SANITIZER),
];
