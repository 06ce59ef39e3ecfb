/**
 * Sets of integers as sorted, disjoint, non-adjacent inclusive intervals, stored flat: [lo0, hi0, lo1, hi1, …].
 * Used for every header dimension (zones, addresses, protocol, ports); bigint so that IPv6 fits.
 */
export type IntervalSet = readonly bigint[];

export const EMPTY: IntervalSet = Object.freeze([]) as IntervalSet;

export function interval(lo: bigint, hi: bigint): IntervalSet {
  return lo <= hi ? [lo, hi] : EMPTY;
}

/** Builds a normalised set from arbitrary (possibly overlapping, unsorted) pairs. */
export function fromPairs(pairs: Iterable<readonly [bigint, bigint]>): IntervalSet {
  const list = [...pairs].filter(([lo, hi]) => lo <= hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [lo, hi] of list) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1n) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

export function isEmpty(a: IntervalSet): boolean {
  return a.length === 0;
}

export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i], a[i + 1]]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i], b[i + 1]]);
  return fromPairs(pairs);
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // biome-ignore lint/complexity/useMathMinMax: bigint
    const lo = a[i] > b[j] ? a[i] : b[j];
    // biome-ignore lint/complexity/useMathMinMax: bigint
    const hi = a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1];
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i];
    const hi = a[i + 1];
    while (j < b.length && b[j + 1] < lo) j += 2;
    let k = j;
    while (k < b.length && b[k] <= hi) {
      if (b[k] > lo) out.push(lo, b[k] - 1n);
      if (b[k + 1] + 1n > lo) lo = b[k + 1] + 1n;
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

export function complement(a: IntervalSet, universe: IntervalSet): IntervalSet {
  return subtract(universe, a);
}

export function contains(a: IntervalSet, v: bigint): boolean {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v < a[mid * 2]) hi = mid - 1;
    else if (v > a[mid * 2 + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Every member of `a` is in `b` (no allocation). */
export function isSubset(a: IntervalSet, b: IntervalSet): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1] < a[i]) j += 2;
    if (j >= b.length || b[j] > a[i] || b[j + 1] < a[i + 1]) return false;
  }
  return true;
}

export function equals(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Number of integers in `a ∩ b` (without building it). */
export function intersectionSize(a: IntervalSet, b: IntervalSet): bigint {
  let n = 0n;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // biome-ignore lint/complexity/useMathMinMax: bigint
    const lo = a[i] > b[j] ? a[i] : b[j];
    // biome-ignore lint/complexity/useMathMinMax: bigint
    const hi = a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1];
    if (lo <= hi) n += hi - lo + 1n;
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return n;
}

/** Number of integers in the set. */
export function size(a: IntervalSet): bigint {
  let n = 0n;
  for (let i = 0; i < a.length; i += 2) n += a[i + 1] - a[i] + 1n;
  return n;
}

export function first(a: IntervalSet): bigint | undefined {
  return a.length ? a[0] : undefined;
}

export function pairsOf(a: IntervalSet): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i], a[i + 1]]);
  return out;
}
