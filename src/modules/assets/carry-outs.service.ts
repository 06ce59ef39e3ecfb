/**
 * The caller's own carry-outs not yet returned (GET /asset-carry-outs/mine), for 今日やること: whoever carried an
 * asset out answers for bringing it back (H-02), whether or not they may read the register's findings. Only events
 * whose 担当者 is the caller's own person are read; nobody else's carry-outs are ever part of the answer.
 */

import { inTenant, type Scope } from '../../db/scope.ts';
import { carryState } from '../../domain/assets/lifecycle.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { Services } from '../../platform/http/services.ts';

const LIMIT = 200;

export async function myCarryOuts(services: Services, scope: Scope) {
  const today = todayInJapan();
  const personId = scope.actor.personId;
  if (!personId) return { on: today, overdue: 0, items: [] };
  return inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('asset_event as e')
      .innerJoin('asset as a', (j) => j.onRef('a.id', '=', 'e.asset_id').on('a.tenant_id', '=', scope.tenantId))
      .select([
        'e.id',
        'e.at',
        'e.destination',
        'e.expected_return_on',
        'e.returned_at',
        'e.detail',
        'a.id as asset_id',
        'a.ref as asset_ref',
        'a.name as asset_name',
      ])
      .where('e.tenant_id', '=', scope.tenantId)
      .where('e.action', '=', 'CARRY')
      .where('e.performed_by', '=', personId)
      .where('e.returned_at', 'is', null)
      .orderBy('e.expected_return_on', 'asc')
      .orderBy('e.id', 'asc')
      .limit(LIMIT)
      .execute();
    const items = rows.map((r) => ({
      eventId: r.id,
      asset: { id: r.asset_id, ref: r.asset_ref, name: r.asset_name },
      at: r.at,
      destination: r.destination,
      expectedReturnOn: r.expected_return_on,
      carryState: carryState({ expectedReturnOn: r.expected_return_on, returnedAt: r.returned_at }, today),
      unauthorised: r.detail ? (JSON.parse(r.detail) as { unauthorised?: boolean }).unauthorised === true : false,
    }));
    return { on: today, overdue: items.filter((i) => i.carryState === 'OVERDUE').length, items };
  });
}
