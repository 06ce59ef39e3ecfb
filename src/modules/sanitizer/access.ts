/**
 * Record-level access to the gateway's messages: which messages an actor may see or act on, from the permission
 * table's rules applied to the recipients (their person and their unit chain). Oversight sees all; a 課室's
 * 管理者 the messages of people in their units; everyone their own (by person, or by their current e-mail address).
 */
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Scope, Tx } from '../../db/scope.ts';
import type { Services } from '../../platform/http/services.ts';
import { allUnits, type UnitRow, unitChain } from '../organisation/units.repo.ts';
import { type MessageTarget, SANITIZER } from './permissions.ts';

export interface Visibility {
  all: boolean;
  /** units whose people's messages are visible */
  unitIds: string[];
  /** the actor's own person and e-mail address, when "own messages" applies */
  personId: string | null;
  address: string | null;
  units: UnitRow[];
}

export interface RecipientRef {
  address: string;
  person_id: string | null;
  unit_id: string | null;
}

export async function actorAddress(tx: Tx, scope: Scope): Promise<string | null> {
  if (!scope.actor.personId) return null;
  const p = await tx
    .selectFrom('person')
    .select(['email', 'org_unit_id'])
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', scope.actor.personId)
    .executeTakeFirst();
  return p?.email ? p.email.trim().toLowerCase() : null;
}

export async function visibility(services: Services, scope: Scope, tx: Tx, action = 'read'): Promise<Visibility> {
  const units = await allUnits(tx, scope.tenantId);
  const can = (t: MessageTarget) => services.permissions.can(scope.actor, action, SANITIZER, t);
  const all = can({ unitChain: [], recipientPersonIds: [] });
  const unitIds = all ? [] : units.filter((u) => can({ unitChain: unitChain(units, u.id) })).map((u) => u.id);
  const own = scope.actor.personId !== null && can({ recipientPersonIds: [scope.actor.personId] });
  return {
    all,
    unitIds,
    personId: own ? scope.actor.personId : null,
    address: own ? await actorAddress(tx, scope) : null,
    units,
  };
}

/** Whether a message with these recipients is visible. */
export function visibleMessage(v: Visibility, recipients: RecipientRef[]): boolean {
  if (v.all) return true;
  return recipients.some(
    (r) =>
      (r.unit_id !== null && v.unitIds.includes(r.unit_id)) ||
      (v.personId !== null && r.person_id === v.personId) ||
      (v.address !== null && r.address === v.address),
  );
}

/** SQL condition on `m` (sanitizer_message): the message is visible (use only when `v.all` is false). */
export function visibleWhere(v: Visibility, tenantId: string) {
  return (eb: ExpressionBuilder<DB & { m: DB['sanitizer_message'] }, 'm'>) =>
    eb.exists(
      eb
        .selectFrom('sanitizer_recipient as r')
        .select('r.id')
        .whereRef('r.message_id', '=', 'm.id')
        .where('r.tenant_id', '=', tenantId)
        .where((e) => {
          const conds = [];
          if (v.unitIds.length) conds.push(e('r.unit_id', 'in', v.unitIds));
          if (v.personId) conds.push(e('r.person_id', '=', v.personId));
          if (v.address) conds.push(e('r.address', '=', v.address));
          return conds.length ? e.or(conds) : sql<SqlBool>`1 = 0`;
        }),
    );
}
