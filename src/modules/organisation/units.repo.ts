import { inForceOn } from '../../domain/calendar.ts';
import type { Tx } from '../../db/scope.ts';

export type UnitRow = Awaited<ReturnType<typeof allUnits>>[number];

/** All units of the tenant, closed ones included: a town has tens to a few hundred, so one read is cheap. */
export function allUnits(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('org_unit')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

export async function findUnit(tx: Tx, tenantId: string, unitId: string) {
  return tx
    .selectFrom('org_unit')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

export function unitsInForce(units: UnitRow[], on: string) {
  return units.filter((u) => inForceOn(on, u.valid_from, u.valid_to));
}

/**
 * The units of one allUnits() result by id, built once per result: lists call unitChain/unitPath for every row
 * (and the 部局 filter for every unit), which rebuilt this map each time. Keyed by the array itself; rebuilt if
 * its length changes (callers do not modify these arrays).
 */
const unitIndexes = new WeakMap<UnitRow[], Map<string, UnitRow>>();
function unitIndex(units: UnitRow[]): Map<string, UnitRow> {
  let byId = unitIndexes.get(units);
  if (!byId || byId.size !== units.length) {
    byId = new Map(units.map((u) => [u.id, u]));
    unitIndexes.set(units, byId);
  }
  return byId;
}

/** The unit and its ancestors, nearest first. Stops on a cycle rather than looping. */
export function unitChain(units: UnitRow[], unitId: string | null): string[] {
  const byId = unitIndex(units);
  const chain: string[] = [];
  let current = unitId ? byId.get(unitId) : undefined;
  while (current && !chain.includes(current.id)) {
    chain.push(current.id);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  return chain;
}

export async function unitChainOf(tx: Tx, tenantId: string, unitId: string | null): Promise<string[]> {
  if (!unitId) return [];
  return unitChain(await allUnits(tx, tenantId), unitId);
}

/** Full path for display: 総務部 > 総務課. */
export function unitPath(units: UnitRow[], unitId: string | null): string {
  const byId = unitIndex(units);
  return unitChain(units, unitId)
    .reverse()
    .map((id) => byId.get(id)?.name ?? '')
    .join(' > ');
}
