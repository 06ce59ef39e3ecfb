/**
 * Output-sensitive analysis: instead of one partition of the whole header space, each entry's own box is split
 * against the entries that overlap it (found through a block index on source and destination). The classes an
 * entry is the witness for are exactly the open classes of the global partition, but the work grows with the
 * overlaps, not with the product of all boundaries. Boxes that span everything (final deny, default actions) get
 * a volume test instead when only their reachability is needed.
 */
import { classify, type Leaf, newUses, type Painting, type RuleUse } from './classes.ts';
import { type Compiled, DIM, type Entry, NDIM } from './compile.ts';
import { type IntervalSet, intersect, size } from './intervals.ts';
import { witnessEntry } from './reach.ts';

/** Interval length classes of the index: hosts, /24, /16, /8; anything larger is "wide". */
const CLASSES = [1n, 256n, 65536n, 1n << 24n];

export function overlaps(a: IntervalSet, b: IntervalSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1] < b[j]) i += 2;
    else if (b[j + 1] < a[i]) j += 2;
    else return true;
  }
  return false;
}

/** Most selective dimensions first. */
const CHECK_ORDER = [DIM.dst, DIM.src, DIM.dport, DIM.proto, DIM.sport, DIM.srcZone, DIM.dstZone];

export function boxesOverlap(a: Entry, b: Entry): boolean {
  for (const d of CHECK_ORDER) if (!overlaps(a.sets[d], b.sets[d])) return false;
  return true;
}

function lowerBound(xs: bigint[], v: bigint): number {
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
 * [a − L + 1, b], so each bucket is a sorted array searched by binary search.
 */
class DimIndex {
  private readonly starts: bigint[][] = CLASSES.map(() => []);
  private readonly owners: number[][] = CLASSES.map(() => []);
  /** Entries wider than a /8 in this dimension. */
  readonly wide: number[] = [];

  constructor(entries: Entry[], d: number) {
    const raw: [bigint, number][][] = CLASSES.map(() => []);
    for (const e of entries) {
      const s = e.sets[d];
      let cls = 0;
      for (let i = 0; i < s.length; i += 2) {
        const len = s[i + 1] - s[i] + 1n;
        while (cls < CLASSES.length && len > CLASSES[cls]) cls++;
      }
      if (cls === CLASSES.length) this.wide.push(e.index);
      else for (let i = 0; i < s.length; i += 2) raw[cls].push([s[i], e.index]);
    }
    raw.forEach((list, k) => {
      list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
      this.starts[k] = list.map((x) => x[0]);
      this.owners[k] = list.map((x) => x[1]);
    });
  }

  /** [bucket, from, to) ranges of entries that may meet `set` (the wide list not included), and their number. */
  ranges(set: IntervalSet): { ranges: [number, number, number][]; count: number } {
    const ranges: [number, number, number][] = [];
    let count = 0;
    for (let k = 0; k < CLASSES.length; k++) {
      for (let i = 0; i < set.length; i += 2) {
        const from = lowerBound(this.starts[k], set[i] - CLASSES[k] + 1n);
        const to = lowerBound(this.starts[k], set[i + 1] + 1n);
        if (to > from) {
          ranges.push([k, from, to]);
          count += to - from;
        }
      }
    }
    return { ranges, count };
  }

  owner(k: number, i: number): number {
    return this.owners[k][i];
  }
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class OverlapIndex {
  private readonly dims: DimIndex[];
  private readonly stamp: Int32Array;
  /** Per entry: [srcLo, srcHi, dstLo, dstHi] as doubles for a quick rejection (exact below 2^53). */
  private readonly bounds: Float64Array;
  private run = 0;

  /** Entries wide in source indexed by destination, and vice versa. */
  private readonly wideDims: DimIndex[];
  private readonly bothWide: number[];

  constructor(private readonly entries: Entry[]) {
    this.stamp = new Int32Array(entries.length);
    this.dims = [new DimIndex(entries, DIM.src), new DimIndex(entries, DIM.dst)];
    this.wideDims = [
      new DimIndex(this.dims[0].wide.map((i) => entries[i]), DIM.dst),
      new DimIndex(this.dims[1].wide.map((i) => entries[i]), DIM.src),
    ];
    this.bothWide = this.wideDims[0].wide;
    this.bounds = new Float64Array(entries.length * 4);
    entries.forEach((e, i) => {
      const b = [e.sets[DIM.src][0], e.sets[DIM.src].at(-1), e.sets[DIM.dst][0], e.sets[DIM.dst].at(-1)] as bigint[];
      // Beyond 2^53 rounding could separate touching intervals: widen to ±Infinity there.
      b.forEach((v, k) => {
        this.bounds[i * 4 + k] = v <= SAFE ? Number(v) : k % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      });
    });
  }

  private mayMeet(i: number, q: number): boolean {
    const b = this.bounds;
    return b[i * 4] <= b[q * 4 + 1] && b[q * 4] <= b[i * 4 + 1] && b[i * 4 + 2] <= b[q * 4 + 3] && b[q * 4 + 2] <= b[i * 4 + 3];
  }

  /** Source and destination both span more than a /8. */
  isWide(e: Entry): boolean {
    return [DIM.src, DIM.dst].every((d) => {
      const s = e.sets[d];
      for (let i = 0; i < s.length; i += 2) if (s[i + 1] - s[i] + 1n > CLASSES[CLASSES.length - 1]) return true;
      return false;
    });
  }

  /** Entries whose box meets `e`'s (including `e`), ascending. */
  overlapping(e: Entry): number[] {
    // Through the source index (its wide part indexed by destination), or the other way round: the cheaper.
    const viaSrc = [this.dims[0].ranges(e.sets[DIM.src]), this.wideDims[0].ranges(e.sets[DIM.dst])];
    const viaDst = [this.dims[1].ranges(e.sets[DIM.dst]), this.wideDims[1].ranges(e.sets[DIM.src])];
    const k = viaSrc[0].count + viaSrc[1].count <= viaDst[0].count + viaDst[1].count ? 0 : 1;
    const parts = k === 0 ? viaSrc : viaDst;
    const indexes = [this.dims[k], this.wideDims[k]];
    const run = ++this.run;
    const out: number[] = [];
    const q = e.index;
    const consider = (i: number) => {
      if (this.stamp[i] === run) return;
      this.stamp[i] = run;
      if (this.mayMeet(i, q) && boxesOverlap(this.entries[i], e)) out.push(i);
    };
    for (const i of this.bothWide) consider(i);
    for (let p = 0; p < 2; p++) for (const [b, from, to] of parts[p].ranges) for (let i = from; i < to; i++) consider(indexes[p].owner(b, i));
    return out.sort((a, b) => a - b);
  }
}

function volume(sets: IntervalSet[]): bigint {
  return sets.reduce((v, s) => v * size(s), 1n);
}

export interface EntryAnalysis {
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
    scratch[rule] = { reached: false, decided: 0, possiblyReached: false, coveredBy: 0, coveredByRule: -1, runnerUpSame: true };
  };
  for (const e of entries) {
    if (e.kind === 'continue' || (e.kind === 'return' && !e.possible && e.rule < 0)) continue;
    const witness = e.kind === 'accept' || e.kind === 'unknown' || (e.possible && e.kind === 'return');
    if (!witness && e.rule < 0) continue;
    const cands = index.overlapping(e);
    if (!witness && index.isWide(e)) {
      // Reachability only: not reached iff earlier definite entries cover the whole box.
      let covered = 0n;
      const total = volume(e.sets);
      for (const c of cands) {
        if (c >= e.index) break;
        const x = entries[c];
        if (x.possible || x.kind === 'continue') continue;
        covered += volume(x.sets.map((s, d) => intersect(s, e.sets[d])));
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
    const r = classify(compiled, paintings, (leaf) => {
      if (witness && leaf.outcome !== 'denied' && witnessEntry(leaf) === e) onOpenLeaf(leaf);
    }, { universe: e.sets, candidates: cands, maxLeaves: maxLeavesPerEntry, uses: scratch, track: e.rule >= 0 ? e.rule : -2 });
    classes += r.leaves;
    if (e.rule >= 0) merge(e.rule);
    if (r.truncated) {
      if (witness) truncated.push(e);
      if (e.rule >= 0) Object.assign(uses[e.rule], { reached: true, runnerUpSame: false });
    }
  }
  return { uses, classes, truncated };
}
