/**
 * Coordinate compression: per dimension, every interval boundary of the entries (and of the tier painting) becomes
 * a rank, so the splitting engine works on small integers instead of 129-bit addresses. Exact: a rank stands for
 * the run of values between two consecutive boundaries, and no entry or tier distinguishes values inside a run.
 */
import type { IntervalSet } from './intervals.ts';

/** Flat inclusive rank intervals [lo0, hi0, lo1, hi1, …]. */
export type RankSet = readonly number[];

export class RankSpace {
  /** points[d][r] = first value of rank r; the last point is one past the universe. */
  private readonly points: bigint[][];
  private readonly index: Map<bigint, number>[];

  constructor(boundaries: bigint[][]) {
    this.points = boundaries.map((b) => [...new Set(b)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    this.index = this.points.map((p) => new Map(p.map((v, i) => [v, i])));
  }

  /** The rank set of a value set whose boundaries are all known points. */
  encode(d: number, set: IntervalSet): RankSet {
    const out: number[] = [];
    const idx = this.index[d];
    for (let i = 0; i < set.length; i += 2) {
      const lo = idx.get(set[i]);
      const end = idx.get(set[i + 1] + 1n);
      if (lo === undefined || end === undefined) throw new Error(`rank space misses a boundary of dimension ${d}`);
      out.push(lo, end - 1);
    }
    return out;
  }

  decode(d: number, set: RankSet): IntervalSet {
    const p = this.points[d];
    const out: bigint[] = [];
    for (let i = 0; i < set.length; i += 2) out.push(p[set[i]], p[set[i + 1] + 1] - 1n);
    return out;
  }

  /** First value of rank `r` (no allocation: the stored boundary itself). */
  valueAt(d: number, r: number): bigint {
    return this.points[d][r];
  }

  /** Rank of the run containing value `v` (which must lie in the universe). */
  rankOf(d: number, v: bigint): number {
    const p = this.points[d];
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Boundaries of a value set: each interval's start and one past its end. */
export function boundariesOf(set: IntervalSet, into: bigint[]) {
  for (let i = 0; i < set.length; i += 2) into.push(set[i], set[i + 1] + 1n);
}

export function rankIsSubset(a: RankSet, b: RankSet): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1] < a[i]) j += 2;
    if (j >= b.length || b[j] > a[i] || b[j + 1] < a[i + 1]) return false;
  }
  return true;
}

export function rankContains(a: RankSet, v: number): boolean {
  for (let i = 0; i < a.length; i += 2) if (a[i] <= v && v <= a[i + 1]) return true;
  return false;
}
