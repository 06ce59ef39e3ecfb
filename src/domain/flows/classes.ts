/**
 * Splits the header space into equivalence classes of packets that meet the same ordered list of entries, without
 * enumerating packets: at each node one dimension is cut at the boundaries of the entries that do not cover it
 * entirely; the elementary intervals that meet the same entries (and carry the same tag) form one class.
 * Each leaf is a product of interval sets where every remaining candidate covers the whole leaf, so first-match
 * evaluation is a walk down the candidate list. Candidates after a definite, terminating entry that covers the whole
 * node are dropped early (they are shadowed there); that keeps 10⁴-rule sets fast.
 */
import { ALL_DIMS, type Compiled, type Entry, NDIM } from './compile.ts';
import type { IntervalSet } from './intervals.ts';
import { type RankSet, rankIsSubset } from './ranks.ts';
import { lowerBound, lowerBoundIn, mergeRuns, sameRun, sortedHas } from './sorted-runs.ts';

/** Disjoint, sorted segments of one dimension (in ranks), each with a tag (e.g. a tier). */
export interface Painting {
  starts: number[];
  ends: number[];
  tags: number[];
}

export type Outcome = 'allowed' | 'denied' | 'possibly';

/** A class: a product of rank sets (decode with `decodeLeaf` for addresses and ports). */
export interface Leaf {
  sets: RankSet[];
  /** Tag per dimension from its painting, -1 where unpainted. */
  tags: number[];
  outcome: Outcome;
  /** The first definite terminating entry, or null when only possible entries and no default were met. */
  decider: Entry | null;
  /** Possible entries met before the decider. */
  possible: Entry[];
}

export interface RuleUse {
  /** Decided or possibly decided at least one class. */
  reached: boolean;
  /** Classes it decided definitely. */
  decided: number;
  possiblyReached: boolean;
  /** Categories of the entries that kept it from deciding (1 accept, 2 block, 4 other). */
  coveredBy: number;
  coveredByRule: number;
  /** In every class it decided, the next decision would have been the same category. */
  runnerUpSame: boolean;
}

const ACCEPT = 1;
const BLOCK = 2;

function bits(e: Entry): number {
  return e.kind === 'accept' ? ACCEPT : e.kind === 'block' ? BLOCK : ACCEPT | BLOCK;
}

const terminal = (e: Entry) => e.kind === 'accept' || e.kind === 'block' || e.kind === 'unknown';

function paintTag(p: Painting, v: number): number {
  const i = lowerBound(p.ends, v);
  return i < p.starts.length && p.starts[i] <= v ? p.tags[i] : -1;
}

export interface ClassifyOptions {
  /** Sub-space to split, in ranks (default: the whole universe). */
  universe?: RankSet[];
  /** Entries that can match inside it, ascending (default: all). */
  candidates?: number[];
  /** Stop after this many classes (`truncated` is then set). */
  maxLeaves?: number;
  /** Array to collect rule statistics in (default: a new one). */
  uses?: RuleUse[];
  /** Collect statistics for this compiled rule only. */
  track?: number;
}

export function newUses(n: number): RuleUse[] {
  return Array.from({ length: n }, () => ({
    reached: false,
    decided: 0,
    possiblyReached: false,
    coveredBy: 0,
    coveredByRule: -1,
    runnerUpSame: true,
  }));
}

class Truncated extends Error {}

export interface Walk {
  outcome: Outcome;
  decider: Entry | null;
  possible: Entry[];
  /** Definite returns taken on the way (RETURN, or an accept that passes to the next base chain). */
  passed: Entry[];
  /** Position of the decider in the candidate list. */
  at: number;
  skipUntil: number;
  possibleBits: number;
}

/**
 * First-match evaluation over candidates that all cover the packet(s) in question, in entry order. A possible
 * `return` forks: the outcomes of both paths are united (depth-limited; beyond it the result is "possibly").
 */
/** The empty `possible`/`passed` list shared by walks that meet neither (never added to). */
const NONE: Entry[] = [];

export function walk(entries: Entry[], cands: number[], from = 0, skip = -1, depth = 0): Walk {
  let possibleBits = 0;
  // Most walks meet neither: share one empty list until something is added.
  let possible: Entry[] = NONE;
  let passed: Entry[] = NONE;
  let skipUntil = skip;
  let decider: Entry | null = null;
  let at = from;
  for (; at < cands.length; at++) {
    const e = entries[cands[at]];
    if (e.index < skipUntil || e.kind === 'continue') continue;
    if (e.kind === 'return') {
      if (e.possible) {
        possibleBits |=
          depth < 6 ? bitsOf(walk(entries, cands, at + 1, Math.max(skipUntil, e.blockEnd), depth + 1)) : ACCEPT | BLOCK;
        if (possible === NONE) possible = [];
        possible.push(e);
      } else {
        skipUntil = Math.max(skipUntil, e.blockEnd);
        if (passed === NONE) passed = [];
        passed.push(e);
      }
      continue;
    }
    if (e.possible) {
      possibleBits |= bits(e);
      if (possible === NONE) possible = [];
      possible.push(e);
      continue;
    }
    decider = e;
    break;
  }
  const all = possibleBits | (decider ? bits(decider) : 0);
  const outcome: Outcome = all === ACCEPT ? 'allowed' : all === BLOCK ? 'denied' : 'possibly';
  return { outcome, decider, possible, passed, at, skipUntil, possibleBits };
}

function bitsOf(w: Walk): number {
  return w.outcome === 'allowed' ? ACCEPT : w.outcome === 'denied' ? BLOCK : ACCEPT | BLOCK;
}

/** Scratch for the cover masks of `classify` (not re-entered: `onLeaf` callbacks do not classify). */
let masks = new Int32Array(0);

/**
 * Scratch arrays of `split`, grown as needed: each split is done with them before it recurses into its groups,
 * and typed arrays are costly to allocate by the hundred thousand.
 */
const buffers: Int32Array[] = [];
const [PTS, ATOM_LO, ATOM_HI, START, FLAT, FILL, FULL, PARTIAL, PARTIALS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
function scratch(slot: number, n: number): Int32Array {
  let b = buffers[slot];
  if (!b || b.length < n) {
    b = new Int32Array(Math.max(n, 2 * (b?.length ?? 0), 256));
    buffers[slot] = b;
  }
  return b;
}

export function classify(
  compiled: Compiled,
  paintings: (Painting | null)[],
  onLeaf: (leaf: Leaf) => void,
  opts: ClassifyOptions = {},
): { leaves: number; uses: RuleUse[]; truncated: boolean } {
  const { entries } = compiled;
  const uses: RuleUse[] = opts.uses ?? newUses(compiled.rules.length);
  const maxLeaves = opts.maxLeaves ?? Number.POSITIVE_INFINITY;
  let leaves = 0;
  // Which dimensions each candidate covers entirely, relative to the (possibly restricted) universe. Only
  // candidates (and subsets of them) are ever asked for, so one scratch array serves every call.
  let maskOf = (c: number) => entries[c].coverMask;
  if (opts.universe) {
    const u = opts.universe;
    if (masks.length < entries.length) masks = new Int32Array(entries.length);
    const local = masks;
    const list = opts.candidates ?? entries.map((e) => e.index);
    for (let x = 0; x < list.length; x++) {
      const c = list[x];
      const sets = entries[c].sets;
      // Covering the whole universe of a dimension covers any part of it.
      let m = entries[c].coverMask;
      for (let d = 0; d < NDIM; d++) if (!(m & (1 << d)) && rankIsSubset(u[d], sets[d])) m |= 1 << d;
      local[c] = m;
    }
    maskOf = (c: number) => local[c];
  }

  const tracked = (rule: number) => rule >= 0 && (opts.track === undefined || rule === opts.track);
  const cover = (e: Entry, by: Entry) => {
    if (!tracked(e.rule)) return;
    const u = uses[e.rule];
    u.coveredBy |=
      by.rule < 0
        ? bits(by)
        : compiled.rules[by.rule].category === 'accept'
          ? ACCEPT
          : compiled.rules[by.rule].category === 'block'
            ? BLOCK
            : 4;
    if (u.coveredByRule < 0) u.coveredByRule = by.rule;
  };

  const trackedEntries =
    opts.track === undefined ? null : opts.track >= 0 ? (compiled.rules[opts.track]?.entries ?? []) : [];
  const leaf = (cands: number[], sets: RankSet[], tags: number[]) => {
    if (++leaves > maxLeaves) throw new Truncated();
    const { outcome, decider, possible, passed, at, skipUntil, possibleBits } = walk(entries, cands);
    const i = at;
    for (let x = 0; x < passed.length; x++) {
      const p = passed[x];
      if (tracked(p.rule))
        Object.assign(uses[p.rule], { reached: true, decided: uses[p.rule].decided + 1, runnerUpSame: false });
    }
    for (let x = 0; x < possible.length; x++) {
      const p = possible[x];
      if (tracked(p.rule)) {
        uses[p.rule].reached = true;
        uses[p.rule].possiblyReached = true;
      }
    }
    if (decider) {
      if (tracked(decider.rule)) {
        const u = uses[decider.rule];
        u.reached = true;
        u.decided++;
        // Runner-up: the next definite decision if this entry were absent.
        let next: Entry | null = null;
        for (let j = i + 1; j < cands.length; j++) {
          const e = entries[cands[j]];
          if (e.index < skipUntil || e.kind === 'continue') continue;
          if (e.kind === 'return' || e.possible) break;
          next = e;
          break;
        }
        if (!next || bits(next) !== bits(decider) || possibleBits) u.runnerUpSame = false;
      }
      if (trackedEntries) {
        // Only the tracked rule's entries are counted: look for them after the decider (cands ascend).
        for (const t of trackedEntries) if (t > decider.index && sortedHas(cands, t, i + 1)) cover(entries[t], decider);
      } else for (let j = i + 1; j < cands.length; j++) cover(entries[cands[j]], decider);
    }
    onLeaf({ sets, tags, outcome, decider, possible });
  };

  const node = (dimsLeft: number, input: number[], sets: RankSet[], tags: number[]) => {
    // Drop candidates after the first definite terminal entry covering the whole node (one that no earlier return
    // can bypass); keep the next such entry too, as the runner-up of the first (for redundancy).
    let cands = input;
    let maxReturn = -1;
    let stopper: Entry | null = null;
    for (let i = 0; i < input.length; i++) {
      const e = entries[input[i]];
      if (e.kind === 'return' && e.blockEnd > maxReturn) maxReturn = e.blockEnd;
      if (!e.possible && terminal(e) && (maskOf(e.index) & dimsLeft) === dimsLeft && e.index >= maxReturn) {
        // The tracked rule deciding here needs its runner-up: look for the next such entry too.
        const runnerUpWanted = !stopper && (opts.track === undefined || e.rule === opts.track);
        stopper ??= e;
        if (runnerUpWanted) continue;
        if (i + 1 < input.length) {
          // A tracked rule stays to the leaves, where the entry that really takes each class is known.
          let kept: number[] | null = null;
          if (opts.track !== undefined) {
            for (let j = i + 1; j < input.length; j++) {
              if (entries[input[j]].rule !== opts.track) continue;
              kept ??= [];
              kept.push(input[j]);
            }
          }
          // (With a tracked rule and none of its entries left, every `cover` call would do nothing.)
          if (!kept && opts.track === undefined)
            for (let j = i + 1; j < input.length; j++) cover(entries[input[j]], stopper);
          cands = kept ? input.slice(0, i + 1).concat(kept) : input.slice(0, i + 1);
        }
        break;
      }
    }
    // Dimensions no candidate restricts need no cut unless painted.
    let best = -1;
    let bestCount = -1;
    let painted = -1;
    // One pass over the candidates counts, per dimension, those that do not cover it.
    const partials = scratch(PARTIALS, NDIM).fill(0, 0, NDIM);
    for (let x = 0; x < cands.length; x++) {
      const m = ~maskOf(cands[x]) & dimsLeft;
      if (m) for (let d = 0; d < NDIM; d++) if (m & (1 << d)) partials[d]++;
    }
    for (let d = 0; d < NDIM; d++) {
      if (!(dimsLeft & (1 << d))) continue;
      const partial = partials[d];
      if (partial > bestCount && partial > 0) {
        best = d;
        bestCount = partial;
      }
      if (partial === 0 && paintings[d] && painted < 0) painted = d;
      if (partial === 0 && !paintings[d]) dimsLeft &= ~(1 << d);
    }
    if (best < 0) best = painted;
    if (best < 0) return leaf(cands, sets, tags);
    split(best, dimsLeft, cands, sets, tags);
  };

  const split = (d: number, dimsLeft: number, cands: number[], sets: RankSet[], tags: number[]) => {
    const bit = 1 << d;
    const U = sets[d];
    // Candidates covering the dimension (full) and the others (partial), in order; scratch until the recursion.
    const full = scratch(FULL, cands.length);
    const partial = scratch(PARTIAL, cands.length);
    let nFull = 0;
    let nPartial = 0;
    for (let x = 0; x < cands.length; x++) {
      if (maskOf(cands[x]) & bit) full[nFull++] = cands[x];
      else partial[nPartial++] = cands[x];
    }
    // Ranks are small non-negative integers: a typed array sorts them natively, without a comparator.
    const paint = paintings[d];
    let size = U.length;
    for (let x = 0; x < nPartial; x++) size += entries[partial[x]].sets[d].length;
    let paintFrom = 0;
    let paintTo = 0;
    if (paint) {
      paintFrom = lowerBound(paint.ends, U[0]);
      paintTo = paintFrom;
      while (paintTo < paint.starts.length && paint.starts[paintTo] <= U[U.length - 1]) paintTo++;
      size += 2 * (paintTo - paintFrom);
    }
    const pts = scratch(PTS, size);
    let np = 0;
    for (let i = 0; i < U.length; i += 2) {
      pts[np++] = U[i];
      pts[np++] = U[i + 1] + 1;
    }
    for (let x = 0; x < nPartial; x++) {
      const s = entries[partial[x]].sets[d];
      for (let i = 0; i < s.length; i += 2) {
        pts[np++] = s[i];
        pts[np++] = s[i + 1] + 1;
      }
    }
    if (paint) {
      for (let k = paintFrom; k < paintTo; k++) {
        pts[np++] = paint.starts[k];
        pts[np++] = paint.ends[k] + 1;
      }
    }
    pts.subarray(0, np).sort();
    // Elementary intervals (atoms) inside U.
    const atomLo = scratch(ATOM_LO, np);
    const atomHi = scratch(ATOM_HI, np);
    let atoms = 0;
    let ui = 0;
    for (let k = 0; k + 1 < np; k++) {
      if (pts[k] === pts[k + 1]) continue;
      const lo = pts[k];
      while (ui < U.length && U[ui + 1] < lo) ui += 2;
      if (ui < U.length && U[ui] <= lo) {
        atomLo[atoms] = lo;
        atomHi[atoms++] = pts[k + 1] - 1;
      }
    }
    // The candidates meeting each atom, in candidate order, stored flat (offsets per atom): two passes over the
    // partial candidates, the first counting, the second filling.
    const start = scratch(START, atoms + 1).fill(0, 0, atoms + 1);
    for (let x = 0; x < nPartial; x++) {
      const s = entries[partial[x]].sets[d];
      for (let i = 0; i < s.length; i += 2) {
        for (let k = lowerBoundIn(atomLo, atoms, s[i]); k < atoms && atomLo[k] <= s[i + 1]; k++) start[k + 1]++;
      }
    }
    for (let k = 0; k < atoms; k++) start[k + 1] += start[k];
    const flat = scratch(FLAT, start[atoms]);
    const fill = scratch(FILL, atoms);
    for (let k = 0; k < atoms; k++) fill[k] = start[k];
    for (let x = 0; x < nPartial; x++) {
      const c = partial[x];
      const s = entries[c].sets[d];
      for (let i = 0; i < s.length; i += 2) {
        for (let k = lowerBoundIn(atomLo, atoms, s[i]); k < atoms && atomLo[k] <= s[i + 1]; k++) flat[fill[k]++] = c;
      }
    }
    // Atoms with the same tag and candidate list form one group; a numeric hash avoids building string keys (and
    // a map is only worth building for many atoms).
    const byHash = atoms > 16 ? new Map<number, Group>() : null;
    const groups: Group[] = [];
    for (let k = 0; k < atoms; k++) {
      const tag = paint ? paintTag(paint, atomLo[k]) : -1;
      const from = start[k];
      const to = start[k + 1];
      let h = tag + 1;
      for (let x = from; x < to; x++) h = (Math.imul(h, 31) + flat[x]) | 0;
      let g: Group | undefined;
      if (byHash) {
        g = byHash.get(h);
        while (g && !(g.tag === tag && sameRun(flat, g.from, g.to, from, to))) g = g.next;
      } else {
        for (let x = 0; x < groups.length && !g; x++) {
          const o = groups[x];
          if (o.hash === h && o.tag === tag && sameRun(flat, o.from, o.to, from, to)) g = o;
        }
      }
      if (!g) {
        g = { pairs: [atomLo[k], atomHi[k]], list: null, tag, hash: h, from, to, next: byHash?.get(h) };
        byHash?.set(h, g);
        groups.push(g);
        continue;
      }
      const n = g.pairs.length;
      if (g.pairs[n - 1] + 1 === atomLo[k]) g.pairs[n - 1] = atomHi[k];
      else g.pairs.push(atomLo[k], atomHi[k]);
    }
    // One group: every partial candidate meets it, so its candidates are the node's. Otherwise the lists are read
    // out of the scratch array before the first child reuses it.
    if (groups.length > 1) {
      for (let x = 0; x < groups.length; x++) {
        const g = groups[x];
        g.list = mergeRuns(full, nFull, flat, g.from, g.to);
      }
    }
    for (let x = 0; x < groups.length; x++) {
      const g = groups[x];
      const childSets = sets.slice();
      childSets[d] = g.pairs;
      let childTags = tags;
      if (tags[d] !== g.tag) {
        childTags = tags.slice();
        childTags[d] = g.tag;
      }
      node(dimsLeft & ~bit, g.list ?? cands, childSets, childTags);
    }
  };

  try {
    node(
      ALL_DIMS,
      opts.candidates ?? entries.map((e) => e.index),
      (opts.universe ?? compiled.universe).slice(),
      new Array<number>(NDIM).fill(-1),
    );
  } catch (e) {
    if (e instanceof Truncated) return { leaves: leaves - 1, uses, truncated: true };
    throw e;
  }
  return { leaves, uses, truncated: false };
}

/** A class with its sets as values (addresses, ports): for witnesses and policy checks. */
export interface ValueLeaf extends Omit<Leaf, 'sets'> {
  sets: IntervalSet[];
}

export function decodeLeaf(compiled: Compiled, leaf: Leaf): ValueLeaf {
  return { ...leaf, sets: leaf.sets.map((s, d) => compiled.space.decode(d, s)) };
}

interface Group {
  pairs: number[];
  /** Candidates of the child (null: the node's own). */
  list: number[] | null;
  tag: number;
  hash: number;
  /** Its candidate list as a run of the flat array, and the next group with the same hash. */
  from: number;
  to: number;
  next: Group | undefined;
}
