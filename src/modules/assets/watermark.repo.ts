/**
 * Keeping the required ranks (req_*_rank, the high-watermark rule) current. Every write that can change what flows
 * along the links (a class, a link, a new asset) names the assets it touched; their downstream closure is recomputed
 * from its full upstream closure, and only rows whose required ranks changed are written. Lists and filters then
 * read the stored values and never walk the graph.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.ts';
import { propagate } from '../../domain/assets/inheritance.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { watermarksOf, withNestedLoops } from './assets.repo.ts';

const CHUNK = 2000;

async function writeChanged(
  tx: Tx,
  tenantId: string,
  changes: Array<{ id: string; C: number; I: number; A: number }>,
): Promise<void> {
  for (const c of changes)
    await tx
      .updateTable('asset')
      .set({ req_c_rank: c.C, req_i_rank: c.I, req_a_rank: c.A })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', c.id)
      .execute();
}

/**
 * Recomputes the required ranks of everything downstream of `seeds` (the seeds included). Assets nothing flows into
 * require what they declare (one UPDATE per chunk); only those with incoming links are walked upstream.
 */
export async function refreshWatermarks(tx: Tx, tenantId: string, seeds: string[]): Promise<void> {
  const unique = [...new Set(seeds)];
  const affected = new Set<string>();
  await withNestedLoops(tx, async () => {
    for (let i = 0; i < unique.length; i += CHUNK) {
      const down = await sql<{ id: string }>`WITH RECURSIVE down(id) AS (
          SELECT id FROM asset WHERE id IN (${sql.join(unique.slice(i, i + CHUNK))})
          UNION
          SELECT l.dst_id FROM down CROSS JOIN asset_link l WHERE l.tenant_id = ${tenantId} AND l.src_id = down.id
        ) SELECT id FROM down`.execute(tx);
      for (const r of down.rows) affected.add(r.id);
    }
  });
  const ids = [...affected];
  const inflowing = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await tx
      .selectFrom('asset_link')
      .select('dst_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('dst_id', 'in', chunk)
      .execute();
    for (const r of rows) inflowing.add(r.dst_id);
    const plain = chunk.filter((id) => !inflowing.has(id));
    if (plain.length)
      await sql`UPDATE asset SET req_c_rank = c_rank, req_i_rank = i_rank, req_a_rank = a_rank
        WHERE tenant_id = ${tenantId} AND id IN (${sql.join(plain)})
          AND (req_c_rank <> c_rank OR req_i_rank <> i_rank OR req_a_rank <> a_rank)`.execute(tx);
  }
  const walked = [...inflowing];
  for (let i = 0; i < walked.length; i += CHUNK) {
    const chunk = walked.slice(i, i + CHUNK);
    const { marks, nodes } = await watermarksOf(tx, tenantId, chunk);
    const changes = chunk.flatMap((id) => {
      const m = marks.get(id);
      const n = nodes.get(id);
      if (!m || !n) return [];
      const same = m.required.C === n.req_c && m.required.I === n.req_i && m.required.A === n.req_a;
      return same ? [] : [{ id, ...m.required }];
    });
    await writeChanged(tx, tenantId, changes);
  }
}

/** Recomputes the whole tenant (after a scheme's ranks changed, or a bulk load). */
export async function refreshAllWatermarks(tx: Tx, tenantId: string): Promise<void> {
  // Assets outside every link require exactly what they declare.
  await sql`UPDATE asset SET req_c_rank = c_rank, req_i_rank = i_rank, req_a_rank = a_rank
    WHERE tenant_id = ${tenantId}
      AND (req_c_rank <> c_rank OR req_i_rank <> i_rank OR req_a_rank <> a_rank)
      AND id NOT IN (SELECT asset_id FROM asset_link WHERE tenant_id = ${tenantId})
      AND id NOT IN (SELECT target_id FROM asset_link WHERE tenant_id = ${tenantId})`.execute(tx);
  const nodes = await sql<{ id: string; c: number; i: number; a: number; rc: number; ri: number; ra: number }>`
    SELECT a.id, a.c_rank AS c, a.i_rank AS i, a.a_rank AS a, a.req_c_rank AS rc, a.req_i_rank AS ri, a.req_a_rank AS ra
    FROM asset a WHERE a.tenant_id = ${tenantId} AND a.id IN (
      SELECT asset_id FROM asset_link WHERE tenant_id = ${tenantId}
      UNION SELECT target_id FROM asset_link WHERE tenant_id = ${tenantId})`.execute(tx);
  const links = await tx
    .selectFrom('asset_link')
    .select(['asset_id', 'target_id', 'kind'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const marks = propagate(
    nodes.rows.map((n) => ({ id: n.id, label: n.id, declared: { C: Number(n.c), I: Number(n.i), A: Number(n.a) } })),
    links.map((l) => ({ assetId: l.asset_id, targetId: l.target_id, kind: l.kind as LinkKind })),
  );
  const changes = nodes.rows.flatMap((n) => {
    const r = marks.get(n.id)!.required;
    return r.C === Number(n.rc) && r.I === Number(n.ri) && r.A === Number(n.ra) ? [] : [{ id: n.id, ...r }];
  });
  await writeChanged(tx, tenantId, changes);
}

/** The targets of the links recorded on these assets: they may lose what flowed from them when the links change. */
export async function linkTargets(tx: Tx, tenantId: string, assetIds: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < assetIds.length; i += CHUNK) {
    const rows = await tx
      .selectFrom('asset_link')
      .select('target_id')
      .where('tenant_id', '=', tenantId)
      .where('asset_id', 'in', assetIds.slice(i, i + CHUNK))
      .execute();
    out.push(...rows.map((r) => r.target_id));
  }
  return out;
}
