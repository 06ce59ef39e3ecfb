/**
 * Output-sensitive analysis: instead of one partition of the whole header space, each entry's own box is split
 * against the entries that overlap it (found through a block index on source and destination). The classes an
 * entry is the witness for are exactly the open classes of the global partition, but the work grows with the
 * overlaps, not with the product of all boundaries. Boxes that span everything (final deny, default actions) get
 * a volume test instead when only their reachability is needed.
 */
import { classify, type Leaf, newUses, type Painting, type RuleUse, type Walk, walk } from './classes.ts';
import { type Compiled, DIM, type Entry } from './compile.ts';
import { type IntervalSet, intersectionSize, size } from './intervals.ts';
import type { RankSet } from './ranks.ts';
import { witnessEntry } from './witness.ts';

/** Interval length classes of the index, in ranks (powers of 4; the last one takes everything longer). */
const CLASSES = [1, 4, 16, 64, 256, 1024, 4096, 16384, Number.MAX_SAFE_INTEGER];

export function overlaps(a: RankSet, b: RankSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1] < b[j]) i += 2;
    else if (b[j + 1] < a[i]) j += 2;
    else return true;
  }
  return false;
}

/** Dimensions of the bounding boxes in `OverlapIndex`. */
const BOUNDED = [DIM.src, DIM.dst, DIM.proto, DIM.dport];

/** Most selective dimensions first. */
const CHECK_ORDER = [DIM.dst, DIM.src, DIM.dport, DIM.proto, DIM.sport, DIM.srcZone, DIM.dstZone];

export function boxesOverlap(a: Pick<Entry, 'sets'>, b: Pick<Entry, 'sets'>, covered = 0): boolean {
  for (let k = 0; k < CHECK_ORDER.length; k++) {
    const d = CHECK_ORDER[k];
    if (!(covered & (1 << d)) && !overlaps(a.sets[d], b.sets[d])) return false;
  }
  return true;
}

function spansBeyond(set: IntervalSet, width: bigint): boolean {
  for (let i = 0; i < set.length; i += 2) if (set[i + 1] - set[i] >= width) return true;
  return false;
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Intervals of one address dimension bucketed by length: an interval of length ≤ L that meets [a, b] starts in
 * [a − L + 1, b], so each bucket is a sorted array searched by binary search. Identical intervals (one object
 * used by many rules) are stored once with all their owners.
 */
class DimIndex {
  private readonly starts: number[][] = [];
  private readonly ends: number[][] = [];
  private readonly owners: number[][][] = [];
  /** Prefix sums of owner counts, for cheap size estimates. */
  private readonly before: number[][] = [];
  /** Entries wider than the largest class in this dimension. */
  readonly wide: number[] = [];
  private readonly queries = new WeakMap<RankSet, { ranges: number[]; count: number }>();

  constructor(entries: Entry[], d: number) {
    const raw: Map<number | string, { lo: number; hi: number; owners: number[] }>[] = CLASSES.map(() => new Map());
    for (const e of entries) {
      const s = e.sets[d];
      // Wide (more than a /8 of addresses) entries are kept apart: they meet nearly every query.
      if (spansBeyond(e.values[d], 1n << 24n)) {
        this.wide.push(e.index);
        continue;
      }
      let cls = 0;
      for (let i = 0; i < s.length; i += 2) {
        const len = s[i + 1] - s[i] + 1;
        while (cls < CLASSES.length - 1 && len > CLASSES[cls]) cls++;
      }
      for (let i = 0; i < s.length; i += 2) {
        const key = s[i + 1] < 2 ** 26 ? s[i] * 2 ** 26 + s[i + 1] : `${s[i]}-${s[i + 1]}`;
        const u = raw[cls].get(key);
        if (u) u.owners.push(e.index);
        else raw[cls].set(key, { lo: s[i], hi: s[i + 1], owners: [e.index] });
      }
    }
    raw.forEach((m, k) => {
      const list = [...m.values()].sort((x, y) => x.lo - y.lo);
      this.starts[k] = list.map((x) => x.lo);
      this.ends[k] = list.map((x) => x.hi);
      this.owners[k] = list.map((x) => x.owners);
      let n = 0;
      this.before[k] = [0, ...list.map((x) => (n += x.owners.length))];
    });
  }

  /**
   * [bucket, from, to) ranges of intervals that may meet `set` (the wide list not included), flat as
   * (bucket, from, to, lo) fours, and the number of their owners.
   */
  ranges(set: RankSet): { ranges: number[]; count: number } {
    // Entries share their address sets (compile.ts encodes each set once): so do their queries.
    const known = this.queries.get(set);
    if (known) return known;
    const ranges: number[] = [];
    let count = 0;
    for (let k = 0; k < CLASSES.length; k++) {
      for (let i = 0; i < set.length; i += 2) {
        const from = lowerBound(this.starts[k], set[i] - CLASSES[k] + 1);
        const to = lowerBound(this.starts[k], set[i + 1] + 1);
        if (to > from) {
          ranges.push(k, from, to, set[i]);
          count += this.before[k][to] - this.before[k][from];
        }
      }
    }
    const found = { ranges, count };
    this.queries.set(set, found);
    return found;
  }

  /** Owners of interval `i` of bucket `k` if it reaches `lo`. */
  ownersFrom(k: number, i: number, lo: number): number[] | null {
    return this.ends[k][i] >= lo ? this.owners[k][i] : null;
  }
}

export class OverlapIndex {
  private readonly dims: DimIndex[];
  private readonly stamp: Int32Array;
  /** Per entry: src, dst, proto and dport rank bounds [lo, hi], for a quick rejection. */
  private readonly bounds: Int32Array;
  private run = 0;
  private readonly query = new Int32Array(8);

  /** Entries wide in source indexed by destination, and vice versa. */
  private readonly wideDims: DimIndex[];
  private readonly bothWide: number[];

  constructor(private readonly entries: Entry[]) {
    this.stamp = new Int32Array(entries.length);
    this.dims = [new DimIndex(entries, DIM.src), new DimIndex(entries, DIM.dst)];
    this.wideDims = [
      new DimIndex(
        this.dims[0].wide.map((i) => entries[i]),
        DIM.dst,
      ),
      new DimIndex(
        this.dims[1].wide.map((i) => entries[i]),
        DIM.src,
      ),
    ];
    this.bothWide = this.wideDims[0].wide;
    this.bounds = new Int32Array(entries.length * 8);
    entries.forEach((e, i) => {
      this.boundsOf(e.sets, this.bounds, i * 8);
    });
  }

  private boundsOf(sets: RankSet[], out: Int32Array, at: number) {
    let k = at;
    for (let x = 0; x < BOUNDED.length; x++) {
      const s = sets[BOUNDED[x]];
      out[k++] = s[0];
      out[k++] = s[s.length - 1];
    }
  }

  /** Source and destination both span more than a /8. */
  isWide(e: Entry): boolean {
    return spansBeyond(e.values[DIM.src], 1n << 24n) && spansBeyond(e.values[DIM.dst], 1n << 24n);
  }

  /** Entries whose box meets `e`'s (including `e` when it is an entry), ascending. */
  overlapping(e: Pick<Entry, 'sets'> & { coverMask?: number }): number[] {
    // Through the source index (its wide part indexed by destination), or the other way round: the cheaper.
    const viaSrc = [this.dims[0].ranges(e.sets[DIM.src]), this.wideDims[0].ranges(e.sets[DIM.dst])];
    const viaDst = [this.dims[1].ranges(e.sets[DIM.dst]), this.wideDims[1].ranges(e.sets[DIM.src])];
    const k = viaSrc[0].count + viaSrc[1].count <= viaDst[0].count + viaDst[1].count ? 0 : 1;
    const parts = k === 0 ? viaSrc : viaDst;
    const indexes = [this.dims[k], this.wideDims[k]];
    const run = ++this.run;
    const out: number[] = [];
    const q = this.query;
    this.boundsOf(e.sets, q, 0);
    const cover = e.coverMask ?? 0;
    const candidates: (readonly number[])[] = [this.bothWide];
    for (let p = 0; p < 2; p++) {
      const ranges = parts[p].ranges;
      for (let r = 0; r < ranges.length; r += 4) {
        const b = ranges[r];
        const from = ranges[r + 1];
        const to = ranges[r + 2];
        const lo = ranges[r + 3];
        for (let i = from; i < to; i++) {
          const owners = indexes[p].ownersFrom(b, i, lo);
          if (owners) candidates.push(owners);
        }
      }
    }
    // The bounding boxes first (inline: this loop runs a million times, much of it before it is optimised).
    const stamp = this.stamp;
    const b = this.bounds;
    const q0 = q[0];
    const q1 = q[1];
    const q2 = q[2];
    const q3 = q[3];
    const q4 = q[4];
    const q5 = q[5];
    const q6 = q[6];
    const q7 = q[7];
    for (let l = 0; l < candidates.length; l++) {
      const list = candidates[l];
      for (let x = 0; x < list.length; x++) {
        const i = list[x];
        if (stamp[i] === run) continue;
        stamp[i] = run;
        const o = i * 8;
        if (b[o] > q1 || q0 > b[o + 1] || b[o + 2] > q3 || q2 > b[o + 3]) continue;
        if (b[o + 4] > q5 || q4 > b[o + 5] || b[o + 6] > q7 || q6 > b[o + 7]) continue;
        // A dimension either box covers entirely meets the other (sets are never empty).
        if (boxesOverlap(this.entries[i], e, this.entries[i].coverMask | cover)) out.push(i);
      }
    }
    return out.sort((a, b) => a - b);
  }
}

/** Evaluates one packet (a value per dimension, inside the universe) with the compiled entries. */
export function probe(compiled: Compiled, index: OverlapIndex, point: bigint[]): Walk {
  const ranks = point.map((v, d) => compiled.space.rankOf(d, v));
  return walk(compiled.entries, index.overlapping({ sets: ranks.map((r) => [r, r]) }));
}

function volume(sets: IntervalSet[]): bigint {
  return sets.reduce((v, s) => v * size(s), 1n);
}

export interface EntryAnalysis {
  index: OverlapIndex;
  uses: RuleUse[];
  classes: number;
  /** Witness entries whose region was too complex to split within the budget. */
  truncated: Entry[];
}

/**
 * Calls `onOpenLeaf` once for every allowed or possibly allowed class (with the entry that witnesses it) and
 * collects per-rule statistics for the anomaly findings.
 */
export function analyzeEntries(
  compiled: Compiled,
  paintings: (Painting | null)[],
  onOpenLeaf: (leaf: Leaf) => void,
  maxLeavesPerEntry = 200_000,
): EntryAnalysis {
  const { entries } = compiled;
  const index = new OverlapIndex(entries);
  const uses = newUses(compiled.rules.length);
  const scratch = newUses(compiled.rules.length);
  const truncated: Entry[] = [];
  let classes = 0;
  const merge = (rule: number) => {
    const u = uses[rule];
    const s = scratch[rule];
    u.reached ||= s.reached;
    u.possiblyReached ||= s.possiblyReached;
    if (s.decided) u.runnerUpSame &&= s.runnerUpSame;
    u.decided += s.decided;
    u.coveredBy |= s.coveredBy;
    if (u.coveredByRule < 0) u.coveredByRule = s.coveredByRule;
    scratch[rule] = {
      reached: false,
      decided: 0,
      possiblyReached: false,
      coveredBy: 0,
      coveredByRule: -1,
      runnerUpSame: true,
    };
  };
  for (const e of entries) {
    if (e.kind === 'continue' || (e.kind === 'return' && !e.possible && e.rule < 0)) continue;
    const witness = e.kind === 'accept' || e.kind === 'unknown' || (e.possible && e.kind === 'return');
    if (!witness && e.rule < 0) continue;
    const cands = index.overlapping(e);
    if (!witness && index.isWide(e)) {
      // Reachability only: not reached iff earlier definite entries cover the whole box.
      let covered = 0n;
      const total = volume(e.values);
      for (const c of cands) {
        if (c >= e.index) break;
        const x = entries[c];
        if (x.possible || x.kind === 'continue') continue;
        let v = 1n;
        for (let d = 0; d < x.values.length && v > 0n; d++) v *= intersectionSize(x.values[d], e.values[d]);
        covered += v;
        if (covered >= total) break;
      }
      if (covered < total) {
        const u = uses[e.rule];
        u.reached = true;
        u.decided++;
        u.runnerUpSame = false;
        continue;
      }
    }
    const r = classify(
      compiled,
      paintings,
      (leaf) => {
        if (witness && leaf.outcome !== 'denied' && witnessEntry(leaf) === e) onOpenLeaf(leaf);
      },
      {
        universe: e.sets,
        candidates: cands,
        maxLeaves: maxLeavesPerEntry,
        uses: scratch,
        track: e.rule >= 0 ? e.rule : -2,
      },
    );
    classes += r.leaves;
    if (e.rule >= 0) merge(e.rule);
    if (r.truncated) {
      if (witness) truncated.push(e);
      if (e.rule >= 0) Object.assign(uses[e.rule], { reached: true, runnerUpSame: false });
    }
  }
  return { index, uses, classes, truncated };
}
