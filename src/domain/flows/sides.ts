/**
 * The endpoints side of a class, in ranks: which registered systems a source or destination rank set holds (with
 * their first address there) and a host of the unregistered rest. System boundaries are rank boundaries (check.ts
 * passes them to `compile`), so no class is decoded to addresses unless one of its endpoints is shown.
 * Many classes share their sets: sides are cached per rank set and numbered, so pairs of sides can be cached too.
 */
import { DIM } from './compile.ts';
import { formatAddress } from './ip.ts';
import type { RankSet, RankSpace } from './ranks.ts';
import type { RegisterSystem, TierPainting } from './register.ts';
import { hostOf } from './witness.ts';

export interface Side {
  id: number;
  d: number;
  set: RankSet;
  /** Systems found (indexes into the register's systems) and the rank of their first address in the set. */
  systems: number[];
  firstRanks: number[];
  /** Per direction (0 as source, 1 as destination): positions that can start an endpoint class (endpoints()). */
  heads: (number[] | undefined)[];
  /** Ids of the systems found. */
  ids: Set<string>;
  /** A host of the part no registered system covers, or null. */
  rest: bigint | null;
  restText: string | null;
}

/** Rank intervals of the registered systems in one dimension, in the order of `TierPainting.systems`. */
interface SystemRanks {
  lo: number[];
  hi: number[];
}

/** Below every rank / above every rank, for systems outside the universe (comparisons stay as with values). */
const BELOW = -1;
const ABOVE = Number.MAX_SAFE_INTEGER;
/** Single-interval sets get a numeric cache key while ranks stay below this. */
const KEY_SPAN = 2 ** 26;

export class SideIndex {
  private readonly ranks = new Map<number, SystemRanks>();
  private readonly cache = new Map<number, Map<number, Side[]>>();
  private readonly identity = [new WeakMap<RankSet, Side>(), new WeakMap<RankSet, Side>()];
  private readonly texts = new Map<number, Map<number, string>>();
  private next = 0;

  constructor(
    private readonly space: RankSpace,
    private readonly universe: readonly (readonly bigint[])[],
    private readonly painting: TierPainting,
  ) {}

  private systemRanks(d: number): SystemRanks {
    let r = this.ranks.get(d);
    if (r) return r;
    const u = this.universe[d];
    const u0 = u[0];
    const uEnd = u[u.length - 1];
    r = { lo: [], hi: [] };
    for (const s of this.painting.systems) {
      if (s.hi < u0) {
        r.lo.push(BELOW);
        r.hi.push(BELOW);
      } else if (s.lo > uEnd) {
        r.lo.push(ABOVE);
        r.hi.push(ABOVE);
      } else {
        // biome-ignore lint/complexity/useMathMinMax: bigint
        const lo = s.lo > u0 ? s.lo : u0;
        // biome-ignore lint/complexity/useMathMinMax: bigint
        const hi = s.hi < uEnd ? s.hi : uEnd;
        r.lo.push(this.space.rankOf(d, lo));
        r.hi.push(this.space.rankOf(d, hi));
      }
    }
    this.ranks.set(d, r);
    return r;
  }

  /** The side of rank set `set` of dimension `d` (source or destination). */
  side(d: number, set: RankSet): Side {
    // Classes often share the very same set object (a dimension not split below the entry): look that up first.
    const byIdentity = this.identity[d === DIM.src ? 0 : 1];
    let hit = byIdentity.get(set);
    if (hit) return hit;
    let byKey = this.cache.get(d);
    if (!byKey) {
      byKey = new Map();
      this.cache.set(d, byKey);
    }
    // By content: single intervals by a numeric key, others by a hash and comparison (sets with many holes are
    // long: no string keys).
    let key: number;
    if (set.length === 2 && set[1] < KEY_SPAN) key = set[0] * KEY_SPAN + set[1];
    else {
      let h = set.length;
      for (let i = 0; i < set.length; i++) h = (Math.imul(h, 31) + set[i]) | 0;
      key = -1 - (h >>> 0);
    }
    const bucket = byKey.get(key);
    hit = bucket?.find((s) => sameSet(s.set, set));
    if (!hit) {
      hit = this.systemsIn(d, set);
      if (bucket) bucket.push(hit);
      else byKey.set(key, [hit]);
    }
    byIdentity.set(set, hit);
    return hit;
  }

  private systemsIn(d: number, set: RankSet): Side {
    const { lo: sLo, hi: sHi } = this.systemRanks(d);
    const { systems } = this.painting;
    const found: number[] = [];
    const firstRanks: number[] = [];
    const ids = new Set<string>();
    const covered: number[] = [];
    const n = sLo.length;
    // Registered systems do not overlap, so their intervals are sorted by end as well as by start.
    for (let i = 0; i < set.length; i += 2) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sHi[mid] < set[i]) lo = mid + 1;
        else hi = mid;
      }
      for (let k = Math.max(0, lo - 1); k < n && sLo[k] <= set[i + 1]; k++) {
        if (sHi[k] < set[i]) continue;
        const first = Math.max(sLo[k], set[i]);
        covered.push(first, Math.min(sHi[k], set[i + 1]));
        found.push(systems[k].system);
        firstRanks.push(first);
      }
    }
    const rest = firstUncovered(set, covered);
    let restHost: bigint | null = null;
    if (rest) restHost = hostOf([this.space.valueAt(d, rest[0]), this.space.valueAt(d, rest[1] + 1) - 1n]);
    return { id: this.next++, d, set, systems: found, firstRanks, heads: [], ids, rest: restHost, restText: null };
  }

  /** Fills `side.ids` (kept apart so that the search above stays free of the register's strings). */
  idsOf(side: Side, all: readonly RegisterSystem[]): Set<string> {
    if (side.ids.size === 0) for (const k of side.systems) side.ids.add(all[k].id);
    return side.ids;
  }

  /** First address of the system at position `k` of `side`. */
  first(side: Side, k: number): bigint {
    return this.space.valueAt(side.d, side.firstRanks[k]);
  }

  /** That address as text (formatted once per rank). */
  text(side: Side, k: number): string {
    let byRank = this.texts.get(side.d);
    if (!byRank) {
      byRank = new Map();
      this.texts.set(side.d, byRank);
    }
    const r = side.firstRanks[k];
    let t = byRank.get(r);
    if (t === undefined) {
      t = formatAddress(this.space.valueAt(side.d, r));
      byRank.set(r, t);
    }
    return t;
  }
}

function sameSet(a: RankSet, b: RankSet): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** First interval of `set` minus the (sorted by start, possibly touching) rank intervals `covered`, or null. */
function firstUncovered(set: RankSet, covered: number[]): [number, number] | null {
  // Merge the covered pieces as `fromPairs` would (they come sorted unless systems overlap), then walk the set.
  let sorted = true;
  for (let i = 2; i < covered.length; i += 2) if (covered[i] < covered[i - 2]) sorted = false;
  let pieces = covered;
  if (!sorted) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < covered.length; i += 2) pairs.push([covered[i], covered[i + 1]]);
    pairs.sort((a, b) => a[0] - b[0]);
    pieces = pairs.flat();
  }
  const merged: number[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const lo = pieces[i];
    const hi = pieces[i + 1];
    const m = merged.length;
    if (m && lo <= merged[m - 1] + 1) {
      if (hi > merged[m - 1]) merged[m - 1] = hi;
    } else merged.push(lo, hi);
  }
  let j = 0;
  for (let i = 0; i < set.length; i += 2) {
    let lo = set[i];
    const hi = set[i + 1];
    while (j < merged.length && merged[j + 1] < lo) j += 2;
    let k = j;
    while (k < merged.length && merged[k] <= hi) {
      if (merged[k] > lo) return [lo, merged[k] - 1];
      if (merged[k + 1] + 1 > lo) lo = merged[k + 1] + 1;
      k += 2;
    }
    if (lo <= hi) return [lo, hi];
  }
  return null;
}

export function restTextOf(side: Side): string | null {
  if (side.rest === null) return null;
  side.restText ??= formatAddress(side.rest);
  return side.restText;
}
