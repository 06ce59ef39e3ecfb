/** Release requests as rows and as the API shows them; who may decide a recipient's request (never the recipient). */

import type { RoleGrant, Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { RoleCode } from '../../domain/roles.ts';
import { PermissionTable } from '../../platform/access/permissions.ts';
import { type UnitRow, unitChain, unitPath } from '../organisation/units.repo.ts';
import { SANITIZER, sanitizerPermissions } from './permissions.ts';

export const RELEASE_STATUSES = ['REQUESTED', 'APPROVED', 'DENIED', 'RELEASED', 'FAILED', 'WITHDRAWN'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export async function releaseRows(
  tx: Tx,
  tenantId: string,
  opts: { id?: string; messageId?: string; status?: string; limit: number; before?: { createdAt: string; id: string } },
) {
  let q = tx
    .selectFrom('sanitizer_release as r')
    .innerJoin('sanitizer_message as m', (j) =>
      j.onRef('m.id', '=', 'r.message_id').onRef('m.tenant_id', '=', 'r.tenant_id'),
    )
    .leftJoin('org_unit as u', (j) => j.onRef('u.id', '=', 'r.unit_id').onRef('u.tenant_id', '=', 'r.tenant_id'))
    .selectAll('r')
    .select(['m.subject', 'm.header_from', 'm.envelope_from', 'm.received_at', 'm.verdict', 'u.name as unit_name'])
    .where('r.tenant_id', '=', tenantId);
  if (opts.id) q = q.where('r.id', '=', opts.id);
  if (opts.messageId) q = q.where('r.message_id', '=', opts.messageId);
  if (opts.status) q = q.where('r.status', '=', opts.status);
  if (opts.before) {
    const b = opts.before;
    q = q.where((eb) =>
      eb.or([
        eb('r.created_at', '<', b.createdAt),
        eb.and([eb('r.created_at', '=', b.createdAt), eb('r.id', '<', b.id)]),
      ]),
    );
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(opts.limit).execute();
}
export type ReleaseRow = Awaited<ReturnType<typeof releaseRows>>[number];

export function releaseView(r: ReleaseRow) {
  return {
    id: r.id,
    messageId: r.message_id,
    status: r.status as ReleaseStatus,
    channel: r.channel,
    profile: r.profile,
    exception: Number(r.exception) === 1,
    /** the 例外措置 registry record of a raw release (policies module) */
    exceptionId: r.exception_id,
    requester: { personId: r.requester_person_id, label: r.requester_label, address: r.requester_address },
    unit: { id: r.unit_id, name: r.unit_name },
    reason: r.reason,
    decidedBy: r.decided_by_label,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    resultMessageId: r.result_message_id,
    deliveredAt: r.delivered_at,
    deliveryError: r.delivery_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    message: {
      subject: r.subject,
      from: r.header_from || r.envelope_from,
      receivedAt: r.received_at,
      verdict: r.verdict,
    },
  };
}

/** Who decides release requests: the permission table's `decide` lines of the gateway, as canDecide applies them. */
const deciding = new PermissionTable(sanitizerPermissions);
const DECIDING_ROLES = [...new Set(deciding.linesFor(SANITIZER, 'decide').map((l) => l.role))];

export interface Approver {
  personId: string;
  name: string;
  role: RoleCode;
  /** the unit of the appointment (a 課室, or the 部局 of a 責任者) */
  unitPath: string;
}

/**
 * Who may decide a recipient's release request, as the server will allow it: people whose appointment in force
 * passes the `decide` rule for the recipient's unit (the 課室's 情報セキュリティ管理者, the 部局's 責任者, …) — never
 * the recipient themselves (SOD-4: a requester does not decide their own request). The nearest unit with anyone wins,
 * so a manager's own mail names the next one up. `recipientIsApprover`: the recipient would decide for their unit,
 * so an empty list means nobody else can. Every recipient is resolved from one read of the appointments.
 */
export async function approversFor(tx: Tx, tenantId: string, units: UnitRow[]) {
  const today = todayInJapan();
  const appointments = await tx
    .selectFrom('appointment as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').onRef('p.tenant_id', '=', 'a.tenant_id'))
    .select(['a.role', 'a.scope_kind', 'a.scope_id', 'a.person_id', 'p.family_name', 'p.given_name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.role', 'in', DECIDING_ROLES)
    .where('p.status', '!=', 'RETIRED')
    .where('a.valid_from', '<=', today)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .orderBy('a.person_id')
    .execute();
  const mayDecide = (a: (typeof appointments)[number], chain: string[]) =>
    deciding.can(
      {
        userId: null,
        personId: a.person_id,
        label: '',
        roles: [{ role: a.role as RoleCode, scopeKind: a.scope_kind as RoleGrant['scopeKind'], scopeId: a.scope_id }],
      },
      'decide',
      SANITIZER,
      { unitChain: chain },
    );
  const roleOrder = (role: string) => DECIDING_ROLES.indexOf(role as RoleCode);
  return (r: { unit_id: string | null; person_id: string | null }) => {
    if (!r.unit_id) return { approvers: [] as Approver[], recipientIsApprover: false };
    const chain = unitChain(units, r.unit_id);
    const allowed = appointments.filter((a) => mayDecide(a, chain));
    // nearest first: the recipient's unit, then up its chain; appointments outside the chain (none today) last
    const distance = (a: (typeof allowed)[number]) => {
      const i = a.scope_id ? chain.indexOf(a.scope_id) : -1;
      return i < 0 ? chain.length : i;
    };
    const others = allowed.filter((a) => a.person_id !== r.person_id);
    const nearest = Math.min(...others.map(distance));
    const approvers = others
      .filter((a) => distance(a) === nearest)
      .sort((a, b) => roleOrder(a.role) - roleOrder(b.role))
      // one line per person, under their first role
      .filter((a, i, list) => list.findIndex((b) => b.person_id === a.person_id) === i)
      .map(
        (a): Approver => ({
          personId: a.person_id,
          name: `${a.family_name} ${a.given_name}`,
          role: a.role as RoleCode,
          unitPath: a.scope_id ? unitPath(units, a.scope_id) : '',
        }),
      );
    return { approvers, recipientIsApprover: allowed.some((a) => a.person_id === r.person_id) };
  };
}
