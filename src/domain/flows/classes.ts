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
export function walk(entries: Entry[], cands: number[], from = 0, skip = -1, depth = 0): Walk {
  let possibleBits = 0;
  const possible: Entry[] = [];
  const passed: Entry[] = [];
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
        possible.push(e);
      } else {
        skipUntil = Math.max(skipUntil, e.blockEnd);
        passed.push(e);
      }
      continue;
    }
    if (e.possible) {
      possibleBits |= bits(e);
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
  // Which dimensions each candidate covers entirely, relative to the (possibly restricted) universe.
  const local = new Map<number, number>();
  if (opts.universe) {
    const u = opts.universe;
    for (const c of opts.candidates ?? entries.map((e) => e.index)) {
      const sets = entries[c].sets;
      let m = 0;
      for (let d = 0; d < NDIM; d++) if (rankIsSubset(u[d], sets[d])) m |= 1 << d;
      local.set(c, m);
    }
  }
  const maskOf = (c: number) => local.get(c) ?? entries[c].coverMask;

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

  const leaf = (cands: number[], sets: RankSet[], tags: number[]) => {
    if (++leaves > maxLeaves) throw new Truncated();
    const { outcome, decider, possible, passed, at, skipUntil, possibleBits } = walk(entries, cands);
    const i = at;
    for (const p of passed) {
      if (tracked(p.rule))
        Object.assign(uses[p.rule], { reached: true, decided: uses[p.rule].decided + 1, runnerUpSame: false });
    }
    for (const p of possible) {
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
      for (let j = i + 1; j < cands.length; j++) cover(entries[cands[j]], decider);
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
          const kept = opts.track === undefined ? [] : input.slice(i + 1).filter((c) => entries[c].rule === opts.track);
          if (!kept.length) for (let j = i + 1; j < input.length; j++) cover(entries[input[j]], stopper);
          cands = kept.length ? [...input.slice(0, i + 1), ...kept] : input.slice(0, i + 1);
        }
        break;
      }
    }
    // Dimensions no candidate restricts need no cut unless painted.
    let best = -1;
    let bestCount = -1;
    let painted = -1;
    for (let d = 0; d < NDIM; d++) {
      if (!(dimsLeft & (1 << d))) continue;
      let partial = 0;
      for (const c of cands) if (!(maskOf(c) & (1 << d))) partial++;
      if (partial > bestCount && partial > 0) [best, bestCount] = [d, partial];
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
    const full: number[] = [];
    const partial: number[] = [];
    for (const c of cands) (maskOf(c) & bit ? full : partial).push(c);
    const pts: number[] = [];
    for (let i = 0; i < U.length; i += 2) pts.push(U[i], U[i + 1] + 1);
    for (const c of partial) {
      const s = entries[c].sets[d];
      for (let i = 0; i < s.length; i += 2) pts.push(s[i], s[i + 1] + 1);
    }
    const paint = paintings[d];
    if (paint) {
      const lo = U[0];
      const hi = U[U.length - 1];
      for (let k = lowerBound(paint.ends, lo); k < paint.starts.length && paint.starts[k] <= hi; k++) {
        pts.push(paint.starts[k], paint.ends[k] + 1);
      }
    }
    pts.sort((a, b) => a - b);
    const atomLo: number[] = [];
    const atomHi: number[] = [];
    let ui = 0;
    for (let k = 0; k + 1 < pts.length; k++) {
      if (pts[k] === pts[k + 1]) continue;
      const lo = pts[k];
      while (ui < U.length && U[ui + 1] < lo) ui += 2;
      if (ui < U.length && U[ui] <= lo) {
        atomLo.push(lo);
        atomHi.push(pts[k + 1] - 1);
      }
    }
    const lists: number[][] = atomLo.map(() => []);
    for (const c of partial) {
      const s = entries[c].sets[d];
      for (let i = 0; i < s.length; i += 2) {
        for (let k = lowerBound(atomLo, s[i]); k < atomLo.length && atomLo[k] <= s[i + 1]; k++) lists[k].push(c);
      }
    }
    // Atoms with the same tag and candidate list form one group; a numeric hash avoids building string keys.
    const byHash = new Map<number, Group[]>();
    const groups: Group[] = [];
    for (let k = 0; k < atomLo.length; k++) {
      const tag = paint ? paintTag(paint, atomLo[k]) : -1;
      const list = lists[k];
      let h = tag + 1;
      for (const c of list) h = (Math.imul(h, 31) + c) | 0;
      let bucket = byHash.get(h);
      if (!bucket) {
        bucket = [];
        byHash.set(h, bucket);
      }
      let g = bucket.find((x) => x.tag === tag && sameList(x.list, list));
      if (!g) {
        g = { pairs: [], list, tag };
        bucket.push(g);
        groups.push(g);
      }
      const n = g.pairs.length;
      if (n && g.pairs[n - 1] + 1 === atomLo[k]) g.pairs[n - 1] = atomHi[k];
      else g.pairs.push(atomLo[k], atomHi[k]);
    }
    for (const g of groups) {
      const childSets = sets.slice();
      childSets[d] = g.pairs;
      const childTags = tags.slice();
      childTags[d] = g.tag;
      node(dimsLeft & ~bit, mergeSorted(full, g.list), childSets, childTags);
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
  list: number[];
  tag: number;
}

function sameList(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function mergeSorted(a: number[], b: number[]): number[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
