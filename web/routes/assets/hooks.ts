/** Shared queries of the asset pages: the classification schemes and the units (課室) to pick from. */
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api.ts';
import { assetKeys, type SchemeList, type SchemeView, type UnitOption } from './types.ts';

export type AxisKey = 'confidentiality' | 'integrity' | 'availability';
export const AXIS_KEYS: AxisKey[] = ['confidentiality', 'integrity', 'availability'];

export function useSchemes() {
  return useQuery({
    queryKey: assetKeys.schemes,
    queryFn: () => get<SchemeList>('/asset-schemes'),
    staleTime: 300_000,
  });
}

export function useUnits() {
  return useQuery({
    queryKey: assetKeys.units,
    queryFn: () => get<{ items: UnitOption[] }>('/units'),
    staleTime: 300_000,
  });
}

/** The scheme in force today (the one new classifications use). */
export const schemeInForce = (list: SchemeList | undefined): SchemeView | undefined =>
  list?.items.find((s) => s.inForce) ?? list?.items[list.items.length - 1];

/** Level options of one axis over every scheme of the town, by code (a code shared by two schemes is listed once). */
export function levelOptionsAcrossSchemes(list: SchemeList | undefined, axis: AxisKey) {
  const seen = new Map<string, string>();
  for (const s of list?.items ?? [])
    for (const l of [...s[axis]].sort((a, b) => b.rank - a.rank))
      if (!seen.has(l.code)) seen.set(l.code, l.displayName);
  return [...seen].map(([value, label]) => ({ value, label }));
}

/** Levels of one axis of one scheme, highest first. */
export const levelsOf = (scheme: SchemeView | undefined, axis: AxisKey) =>
  [...(scheme?.[axis] ?? [])].sort((a, b) => b.rank - a.rank);
