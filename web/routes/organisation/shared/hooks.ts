/** Reads shared by the organisation pages: 実施機関, units (tree order), the tenant's role settings. */
import { useQuery } from '@tanstack/react-query';
import { get, queryString } from '../../../api.ts';
import { type Body, orgKeys, type Tenant, type Unit, type UnitList } from './types.ts';

export function useBodies() {
  return useQuery({ queryKey: orgKeys.bodies, queryFn: () => get<Body[]>('/bodies') });
}

/** Units as the server lists them; closed ones too when asked (labels of history, the tree's toggle). */
export function useUnits(params: { includeClosed?: boolean; on?: string } = {}) {
  return useQuery({
    queryKey: orgKeys.units(params),
    queryFn: () =>
      get<UnitList>(
        `/units${queryString({ includeClosed: params.includeClosed ? 'true' : undefined, on: params.on })}`,
      ),
  });
}

export function useTenant() {
  return useQuery({ queryKey: orgKeys.tenant, queryFn: () => get<Tenant>('/tenant') });
}

export interface TreeUnit extends Unit {
  depth: number;
}

/**
 * Units in tree order (each parent followed by its children, siblings in the server's order: 表示順, then name),
 * with their depth. Units whose parent is not in the list (a closed parent hidden) start a branch of their own.
 */
export function treeOrder(units: Unit[]): TreeUnit[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: TreeUnit[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ ...u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Options for a unit select: full paths (総務部 > 総務課) in tree order, grouped by nothing but readable alone. */
export function unitOptions(units: Unit[], filter: (u: Unit) => boolean = () => true) {
  return treeOrder(units)
    .filter(filter)
    .map((u) => ({ value: u.id, label: u.path }));
}

/** Whether a unit is in force on a date (the same rule as the server: from ≤ date ≤ to). */
export function inForce(u: { validFrom: string; validTo: string | null }, on: string): boolean {
  return u.validFrom <= on && (!u.validTo || u.validTo >= on);
}
