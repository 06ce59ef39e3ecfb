/**
 * Record-level access to assets: the target a permission rule looks at (the asset's unit chain, and the acting
 * person's own unit chain for the staff rule) and the set of units whose assets an actor may see in a list.
 */
import type { Scope, Tx } from '../../db/scope.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { allUnits, type UnitRow, unitChain } from '../organisation/units.repo.ts';
import type { AssetTarget } from './permissions.ts';

export interface AccessContext {
  units: UnitRow[];
  /** The acting person's unit and its ancestors (empty without a person or a unit). */
  actorChain: string[];
}

/** Units and the actor's own place in them: two reads, whatever the number of rows that follow. */
export async function accessContext(tx: Tx, scope: Scope): Promise<AccessContext> {
  const units = await allUnits(tx, scope.tenantId);
  let actorChain: string[] = [];
  if (scope.actor.personId) {
    const p = await tx
      .selectFrom('person')
      .select('org_unit_id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', scope.actor.personId)
      .executeTakeFirst();
    actorChain = unitChain(units, p?.org_unit_id ?? null);
  }
  return { units, actorChain };
}

export function targetFor(ctx: AccessContext, unitId: string | null): AssetTarget {
  return { unitChain: unitChain(ctx.units, unitId), actorUnitChain: ctx.actorChain };
}

export function can(
  services: Services,
  scope: Scope,
  ctx: AccessContext,
  action: string,
  resource: string,
  unitId: string | null,
) {
  return services.permissions.can(scope.actor, action, resource, targetFor(ctx, unitId));
}

export function requireAccess(
  services: Services,
  scope: Scope,
  ctx: AccessContext,
  action: string,
  resource: string,
  unitId: string | null,
): void {
  if (!can(services, scope, ctx, action, resource, unitId)) throw forbidden();
}

/**
 * Which assets an actor may list: all (a line without a rule, e.g. the CISO's), or those of the listed units.
 * Assets without a unit are seen only by those who see all.
 */
export function visibleUnits(
  services: Services,
  scope: Scope,
  ctx: AccessContext,
  action = 'read',
  resource = 'asset',
): { all: true } | { all: false; unitIds: string[] } {
  if (services.permissions.can(scope.actor, action, resource, { unitChain: [] })) return { all: true };
  const unitIds = ctx.units.filter((u) => can(services, scope, ctx, action, resource, u.id)).map((u) => u.id);
  return { all: false, unitIds };
}

/** A unit and every unit below it. */
export function unitWithDescendants(units: UnitRow[], unitId: string): string[] {
  return units.filter((u) => unitChain(units, u.id).includes(unitId)).map((u) => u.id);
}
