/**
 * The clause-level 新旧対照表 between two versions. Pure.
 *
 * Clauses are matched in document order: first by identical content (heading and text, whitespace and full-width
 * forms folded), which keeps a clause that only moved or was renumbered paired with itself; then, between those
 * anchors, by the same number (path) or by similar content. What stays unpaired was inserted (新設) or deleted
 * (削除). A paired clause whose own number changed is marked renumbered; whose content changed, modified, with the
 * changed characters marked on both sides.
 */
import { type ClauseNode, citationOf, flattenClauses } from './clauses.ts';
import { comparable } from './normalize.ts';
import { diffText, type Segment, similarity } from './text-diff.ts';

export type RowChange = 'unchanged' | 'modified' | 'inserted' | 'deleted';

export interface ComparedSide {
  path: string;
  citation: string;
  label: string;
  heading: string;
  text: string;
  depth: number;
  marks: { label: Segment[]; heading: Segment[]; text: Segment[] };
}

export interface ComparisonRow {
  change: RowChange;
  /** The clause's own number differs (e.g. (3) → (4)). */
  renumbered: boolean;
  /** The full path differs (its own number or an enclosing one changed). */
  pathChanged: boolean;
  old: ComparedSide | null;
  new: ComparedSide | null;
}

export interface Comparison {
  rows: ComparisonRow[];
  summary: Record<RowChange, number> & { renumbered: number };
}

type Flat = ReturnType<typeof flattenClauses>[number];

const keyOf = (c: Flat) => `${comparable(c.heading)}\u0001${comparable(c.text)}`;
const contentOf = (c: Flat) => `${c.heading}\n${c.text}`;
const bare = (path: string) => path.replace(/#\d+/g, '');
const whole = (text: string, changed: boolean): Segment[] => (text ? [{ text, changed }] : []);

/** Pairs of indexes (i into a, j into b) of a longest common subsequence under `same`. */
function lcsPairs(m: number, n: number, same: (i: number, j: number) => boolean): Array<[number, number]> {
  const w = n + 1;
  const table = new Uint32Array((m + 1) * w);
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      table[i * w + j] = same(i, j)
        ? table[(i + 1) * w + j + 1] + 1
        : Math.max(table[(i + 1) * w + j], table[i * w + j + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (same(i, j)) pairs.push([i++, j++]);
    else if (table[(i + 1) * w + j] >= table[i * w + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Exact-content anchors; the common head and tail are taken first so large documents stay cheap. */
function anchors(a: Flat[], b: Flat[]): Array<[number, number]> {
  const ka = a.map(keyOf);
  const kb = b.map(keyOf);
  let head = 0;
  while (head < a.length && head < b.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && ka[a.length - 1 - tail] === kb[b.length - 1 - tail]) {
    tail++;
  }
  const m = a.length - head - tail;
  const n = b.length - head - tail;
  const middle =
    m * n <= 16_000_000
      ? lcsPairs(m, n, (i, j) => ka[head + i] === kb[head + j])
      : lcsPairs(Math.min(m, 4000), Math.min(n, 4000), (i, j) => ka[head + i] === kb[head + j]);
  return [
    ...Array.from({ length: head }, (_, k): [number, number] => [k, k]),
    ...middle.map(([i, j]): [number, number] => [head + i, head + j]),
    ...Array.from({ length: tail }, (_, k): [number, number] => [a.length - tail + k, b.length - tail + k]),
  ];
}

/** Within a gap between anchors: the order-keeping pairing with the best total of same-number and similarity. */
function pairGap(a: Flat[], b: Flat[]): Array<[number, number]> {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return [];
  const score = (i: number, j: number): number => {
    const samePath = bare(a[i].path) === bare(b[j].path);
    if (m * n > 40_000) return samePath ? 1 : 0;
    const sim = similarity(contentOf(a[i]), contentOf(b[j]));
    if (samePath) return 1 + sim;
    return sim >= 0.5 ? sim : 0;
  };
  const w = n + 1;
  const best = new Float64Array((m + 1) * w);
  const scores = new Float64Array(m * n);
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      const s = score(i, j);
      scores[i * n + j] = s;
      best[i * w + j] = Math.max(best[(i + 1) * w + j], best[i * w + j + 1], s > 0 ? best[(i + 1) * w + j + 1] + s : 0);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    const s = scores[i * n + j];
    if (s > 0 && best[i * w + j] === best[(i + 1) * w + j + 1] + s) pairs.push([i++, j++]);
    else if (best[i * w + j] === best[(i + 1) * w + j]) i++;
    else j++;
  }
  return pairs;
}

function side(c: Flat, marks: ComparedSide['marks']): ComparedSide {
  return {
    path: c.path,
    citation: citationOf(c.path),
    label: c.label,
    heading: c.heading,
    text: c.text,
    depth: c.depth,
    marks,
  };
}

function pairedRow(o: Flat, n: Flat): ComparisonRow {
  const renumbered = comparable(o.label) !== comparable(n.label);
  const pathChanged = bare(o.path) !== bare(n.path);
  const modified = keyOf(o) !== keyOf(n);
  const heading = modified
    ? diffText(o.heading, n.heading)
    : { old: whole(o.heading, false), new: whole(n.heading, false) };
  const text = modified ? diffText(o.text, n.text) : { old: whole(o.text, false), new: whole(n.text, false) };
  return {
    change: modified ? 'modified' : 'unchanged',
    renumbered,
    pathChanged,
    old: side(o, { label: whole(o.label, renumbered), heading: heading.old, text: text.old }),
    new: side(n, { label: whole(n.label, renumbered), heading: heading.new, text: text.new }),
  };
}

const deletedRow = (o: Flat): ComparisonRow => ({
  change: 'deleted',
  renumbered: false,
  pathChanged: false,
  old: side(o, { label: whole(o.label, true), heading: whole(o.heading, true), text: whole(o.text, true) }),
  new: null,
});

const insertedRow = (n: Flat): ComparisonRow => ({
  change: 'inserted',
  renumbered: false,
  pathChanged: false,
  old: null,
  new: side(n, { label: whole(n.label, true), heading: whole(n.heading, true), text: whole(n.text, true) }),
});

/** Rows for a stretch of old and new clauses with the given pairs: deletions before insertions, in order. */
function emit(rows: ComparisonRow[], a: Flat[], b: Flat[], pairs: Array<[number, number]>) {
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    while (i < pi) rows.push(deletedRow(a[i++]));
    while (j < pj) rows.push(insertedRow(b[j++]));
    if (pi < a.length && pj < b.length) rows.push(pairedRow(a[i++], b[j++]));
  }
}

export function compareClauses(oldClauses: ClauseNode[], newClauses: ClauseNode[]): Comparison {
  const a = flattenClauses(oldClauses);
  const b = flattenClauses(newClauses);
  const rows: ComparisonRow[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...anchors(a, b), [a.length, b.length] as [number, number]]) {
    const gapA = a.slice(i, ai);
    const gapB = b.slice(j, bj);
    emit(rows, gapA, gapB, pairGap(gapA, gapB));
    if (ai < a.length && bj < b.length) rows.push(pairedRow(a[ai], b[bj]));
    i = ai + 1;
    j = bj + 1;
  }
  const summary = { unchanged: 0, modified: 0, inserted: 0, deleted: 0, renumbered: 0 };
  for (const r of rows) {
    summary[r.change] += 1;
    if (r.renumbered) summary.renumbered += 1;
  }
  return { rows, summary };
}
