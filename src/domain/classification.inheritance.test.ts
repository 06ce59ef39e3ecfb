import { describe, expect, it } from 'vitest';
import {
  describePath,
  flowOf,
  mismatches,
  propagate,
  type WatermarkLink,
  type WatermarkNode,
} from './assets/inheritance.ts';

const node = (id: string, C = 0, I = 0, A = 0): WatermarkNode => ({ id, label: id, declared: { C, I, A } });
const link = (assetId: string, kind: WatermarkLink['kind'], targetId: string): WatermarkLink => ({
  assetId,
  targetId,
  kind,
});

describe('high-watermark inheritance', () => {
  it('raises a container to the class of what is stored in or processed by it (C, I and A)', () => {
    const r = propagate(
      [node('extract', 4, 2, 1), node('nas', 2, 1, 2), node('system', 1, 1, 1)],
      [link('extract', 'STORED_IN', 'nas'), link('extract', 'PROCESSED_BY', 'system')],
    );
    expect(r.get('nas')?.required).toEqual({ C: 4, I: 2, A: 2 });
    expect(r.get('system')?.required).toEqual({ C: 4, I: 2, A: 1 });
    expect(r.get('extract')?.required).toEqual({ C: 4, I: 2, A: 1 });
  });

  it('gives a copy the class of its source, not the other way round', () => {
    const r = propagate(
      [node('source', 5, 2, 2), node('printout', 2, 1, 1)],
      [link('printout', 'DERIVED_FROM', 'source')],
    );
    expect(r.get('printout')?.required).toEqual({ C: 5, I: 2, A: 2 });
    expect(r.get('source')?.required).toEqual({ C: 5, I: 2, A: 2 });
  });

  it('carries only availability to what a system depends on, never confidentiality', () => {
    expect(flowOf(link('app', 'DEPENDS_ON', 'dns')).axes).toEqual(['A']);
    const r = propagate([node('app', 5, 2, 2), node('dns', 1, 1, 1)], [link('app', 'DEPENDS_ON', 'dns')]);
    expect(r.get('dns')?.required).toEqual({ C: 1, I: 1, A: 2 });
  });

  it('propagates along chains of different links, keeping the axes each link carries', () => {
    // data stored in server; server depends on network: the network needs the data's A but not its C.
    const r = propagate(
      [node('data', 5, 2, 2), node('server', 1, 1, 1), node('network', 1, 1, 1), node('backup', 1, 1, 1)],
      [
        link('data', 'STORED_IN', 'server'),
        link('server', 'DEPENDS_ON', 'network'),
        link('backup', 'DERIVED_FROM', 'server'),
      ],
    );
    expect(r.get('server')?.required).toEqual({ C: 5, I: 2, A: 2 });
    expect(r.get('network')?.required).toEqual({ C: 1, I: 1, A: 2 });
    expect(r.get('backup')?.required).toEqual({ C: 5, I: 2, A: 2 });
    expect(r.get('backup')?.paths.C?.map((s) => s.id)).toEqual(['data', 'server', 'backup']);
  });

  it('converges on a cycle of two: each ends at the maximum of both', () => {
    const r = propagate(
      [node('a', 2, 1, 2), node('b', 5, 2, 1)],
      [link('a', 'STORED_IN', 'b'), link('b', 'STORED_IN', 'a')],
    );
    expect(r.get('a')?.required).toEqual({ C: 5, I: 2, A: 2 });
    expect(r.get('b')?.required).toEqual({ C: 5, I: 2, A: 2 });
    expect(r.get('a')?.paths.C?.map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('converges on a long cycle with a tail and a self-link, with loop-free explaining paths', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const nodes = [...ids.map((id) => node(id, 1, 1, 1)), node('origin', 5, 1, 1), node('tail', 1, 1, 1)];
    const links = ids.map((id, i) => link(id, 'STORED_IN', ids[(i + 1) % ids.length]));
    links.push(link('origin', 'STORED_IN', 'n17'), link('n3', 'STORED_IN', 'tail'), link('n9', 'STORED_IN', 'n9'));
    const r = propagate(nodes, links);
    for (const id of [...ids, 'tail']) expect(r.get(id)?.required.C, id).toBe(5);
    const path = r.get('tail')!.paths.C!;
    expect(path[0].id).toBe('origin');
    expect(path[path.length - 1].id).toBe('tail');
    expect(new Set(path.map((s) => s.id)).size).toBe(path.length);
    expect(path.map((s) => s.id).slice(0, 3)).toEqual(['origin', 'n17', 'n18']);
  });

  it('ignores links to nodes it was not given and keeps unclassified nodes at the raised value', () => {
    const r = propagate(
      [node('a', 3, 1, 1), node('b')],
      [link('a', 'STORED_IN', 'b'), link('a', 'STORED_IN', 'ghost')],
    );
    expect(r.get('b')?.required).toEqual({ C: 3, I: 1, A: 1 });
    expect(r.has('ghost')).toBe(false);
  });

  it('reports declared-below-required mismatches with the path, but not for unclassified axes', () => {
    const r = propagate(
      [node('住民記録抽出', 4, 2, 1), node('共有NAS', 2, 1, 1), node('バックアップNAS', 2, 0, 1)],
      [link('住民記録抽出', 'STORED_IN', '共有NAS'), link('バックアップNAS', 'DERIVED_FROM', '共有NAS')],
    );
    const m = mismatches(r.get('バックアップNAS')!);
    expect(m.map((x) => x.axis)).toEqual(['C']);
    expect(m[0]).toMatchObject({ declared: 2, required: 4 });
    expect(describePath(m[0].path)).toBe('住民記録抽出 →保存→ 共有NAS →複製→ バックアップNAS');
    expect(mismatches(r.get('住民記録抽出')!)).toEqual([]);
  });

  it('keeps declared values when there are no links', () => {
    const r = propagate([node('alone', 2, 1, 2)], []);
    expect(r.get('alone')).toEqual({ declared: { C: 2, I: 1, A: 2 }, required: { C: 2, I: 1, A: 2 }, paths: {} });
  });
});
