/** Release requests as rows and as the API shows them; who decides for a unit (its 情報セキュリティ管理者). */

import type { Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { type UnitRow, unitChain, unitPath } from '../organisation/units.repo.ts';

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

/**
 * The 情報セキュリティ管理者 in force for each unit: the nearest appointment up the unit's chain (a 係 belongs to its
 * 課室's 管理者). Several units are resolved with one read of the appointments.
 */
export async function managersFor(tx: Tx, tenantId: string, units: UnitRow[], unitIds: (string | null)[]) {
  const today = todayInJapan();
  const appointments = await tx
    .selectFrom('appointment as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').onRef('p.tenant_id', '=', 'a.tenant_id'))
    .select(['a.scope_id', 'a.person_id', 'p.family_name', 'p.given_name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.role', '=', 'SEC_MANAGER')
    .where('a.valid_from', '<=', today)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .execute();
  const result = new Map<string, { personId: string; name: string; unitPath: string }[]>();
  for (const unitId of new Set(unitIds)) {
    if (!unitId) continue;
    for (const scopeId of unitChain(units, unitId)) {
      const here = appointments.filter((a) => a.scope_id === scopeId);
      if (here.length) {
        result.set(
          unitId,
          here.map((a) => ({
            personId: a.person_id,
            name: `${a.family_name} ${a.given_name}`,
            unitPath: unitPath(units, scopeId),
          })),
        );
        break;
      }
    }
  }
  return result;
}
