/**
 * High-watermark inheritance (assets-and-classification.md §6, a Mamori design rule): a container must be at least
 * as protected as what it holds, a copy keeps its source's class ("copies keep the originator's class" [例文]), and
 * what a system depends on must be at least as available.
 *
 *   effective(a, axis) = max(declared(a, axis), effective(src, axis) for every edge src → a that carries axis)
 *
 * Iterated to a fixed point: max is monotone and ranks are bounded, so cycles converge. For each derived value the
 * path that explains it is kept.
 */
import { type AssetClause, AXES, type Axis } from '../classification.ts';
import type { LinkKind } from './vocabulary.ts';

export type Ranks = Record<Axis, number>;

export interface WatermarkNode {
  id: string;
  label: string;
  /** Declared ranks; 0 = not classified on that axis. */
  declared: Ranks;
}

/** A link as recorded on its subject (see vocabulary.ts LINK_KINDS). */
export interface WatermarkLink {
  assetId: string;
  targetId: string;
  kind: LinkKind;
}

export const INHERITANCE_CLAUSE: AssetClause = {
  document: 'Mamoriの点検項目',
  ref: '分類の継承（保存先・複製・依存先）',
  code: 'AC-5',
  origin: 'mamori',
  summary:
    '保存先・処理する情報システムは格納する情報資産以上の分類、複製は複製元の分類、依存先は依存元以上の可用性とする。',
  label: '例文',
};

/** Which way the class flows along a link, and which axes it carries. */
export function flowOf(link: WatermarkLink): { from: string; to: string; axes: readonly Axis[] } {
  switch (link.kind) {
    case 'DERIVED_FROM':
      return { from: link.targetId, to: link.assetId, axes: AXES };
    case 'DEPENDS_ON':
      // Y's A ≥ X's A; not C (unless Y also holds X's data, which is a STORED_IN link of its own).
      return { from: link.assetId, to: link.targetId, axes: ['A'] };
    default:
      return { from: link.assetId, to: link.targetId, axes: AXES };
  }
}

export interface PathStep {
  id: string;
  label: string;
  /** The link kind that carried the value from this step to the next one; null on the last step. */
  via: LinkKind | null;
}

export interface Watermark {
  declared: Ranks;
  required: Ranks;
  /** Per axis where required > declared: origin first, this asset last. */
  paths: Partial<Record<Axis, PathStep[]>>;
}

/**
 * Effective (required) ranks of every node. Links to unknown nodes are ignored; an unknown node has no declared
 * class, so the caller must pass every node of the upstream closure of those it asks about.
 */
export function propagate(nodes: readonly WatermarkNode[], links: readonly WatermarkLink[]): Map<string, Watermark> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const eff = new Map(nodes.map((n) => [n.id, { ...n.declared }]));
  const via = new Map<string, { from: string; kind: LinkKind }>(); // key `${id}:${axis}`
  const out = new Map<string, Array<{ to: string; axes: readonly Axis[]; kind: LinkKind }>>();
  for (const link of links) {
    const f = flowOf(link);
    if (!byId.has(f.from) || !byId.has(f.to) || f.from === f.to) continue;
    out.set(f.from, [...(out.get(f.from) ?? []), { to: f.to, axes: f.axes, kind: link.kind }]);
  }
  const queue = nodes.map((n) => n.id);
  const queued = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift()!;
    queued.delete(id);
    const from = eff.get(id)!;
    for (const edge of out.get(id) ?? []) {
      const to = eff.get(edge.to)!;
      let raised = false;
      for (const axis of edge.axes) {
        if (from[axis] > to[axis]) {
          to[axis] = from[axis];
          via.set(`${edge.to}:${axis}`, { from: id, kind: edge.kind });
          raised = true;
        }
      }
      if (raised && !queued.has(edge.to)) {
        queue.push(edge.to);
        queued.add(edge.to);
      }
    }
  }
  const result = new Map<string, Watermark>();
  for (const n of nodes) {
    const required = eff.get(n.id)!;
    const paths: Watermark['paths'] = {};
    for (const axis of AXES) {
      if (required[axis] > n.declared[axis]) paths[axis] = pathTo(n.id, axis, via, byId);
    }
    result.set(n.id, { declared: { ...n.declared }, required: { ...required }, paths });
  }
  return result;
}

/** Follows the via pointers back to the origin; each pointer was set when the value first rose, so no loop. */
function pathTo(
  id: string,
  axis: Axis,
  via: Map<string, { from: string; kind: LinkKind }>,
  byId: Map<string, WatermarkNode>,
): PathStep[] {
  const steps: PathStep[] = [{ id, label: byId.get(id)?.label ?? id, via: null }];
  const seen = new Set([id]);
  let current = via.get(`${id}:${axis}`);
  while (current && !seen.has(current.from)) {
    seen.add(current.from);
    steps.unshift({ id: current.from, label: byId.get(current.from)?.label ?? current.from, via: current.kind });
    current = via.get(`${current.from}:${axis}`);
  }
  return steps;
}

export interface Mismatch {
  axis: Axis;
  declared: number;
  required: number;
  path: PathStep[];
}

/** Axes where a classified asset is declared below what its links require (CLASS-BELOW-DERIVED). */
export function mismatches(w: Watermark): Mismatch[] {
  return AXES.filter((axis) => w.declared[axis] > 0 && w.declared[axis] < w.required[axis]).map((axis) => ({
    axis,
    declared: w.declared[axis],
    required: w.required[axis],
    path: w.paths[axis] ?? [],
  }));
}

const ARROW: Record<LinkKind, string> = {
  STORED_IN: '保存',
  PROCESSED_BY: '処理',
  DERIVED_FROM: '複製',
  DEPENDS_ON: '依存',
};

/** "住民記録抽出 →保存→ 共有NAS →複製→ バックアップNAS": the path in words. */
export function describePath(path: PathStep[]): string {
  return path.map((s) => (s.via ? `${s.label} →${ARROW[s.via]}→ ` : s.label)).join('');
}
