/**
 * Queries of the register. Every read is a fixed number of statements whatever the number of rows: a page is one
 * keyset query, its watermark two (the upstream closure by a recursive CTE, then its links), its links one.
 */
import { PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import { uuidv7 } from '../../db/ids.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/pagination.ts';
import type { AssetTable, DB } from '../../db/schema.ts';
import { nowIso, type Tx } from '../../db/scope.ts';
import { flowOf, propagate, type Watermark, type WatermarkLink } from '../../domain/assets/inheritance.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { badRequest } from '../../platform/errors.ts';
import { type UnitRow, unitChain } from '../organisation/units.repo.ts';
import { unitWithDescendants } from './access.ts';
import type { AssetFilter, AssetSort } from './contract.ts';

export type AssetRow = AssetTable;
type AssetQuery = SelectQueryBuilder<DB, 'asset', object>;

export const SORT_COLUMNS: Record<
  AssetSort,
  { column: 'ref' | 'name' | 'updated_at' | 'review_due_on' | 'c_rank'; order: 'asc' | 'desc' }
> = {
  ref: { column: 'ref', order: 'asc' },
  name: { column: 'name', order: 'asc' },
  updatedAt: { column: 'updated_at', order: 'desc' },
  nextReview: { column: 'review_due_on', order: 'asc' },
  confidentiality: { column: 'c_rank', order: 'desc' },
};

const likeTerm = (s: string) => s.normalize('NFKC').replace(/[%_\\]/g, '');

/** The filters of the list and the export, plus the units the actor may see (null = all). */
export function applyFilter(
  q: AssetQuery,
  f: AssetFilter,
  ctx: { units: UnitRow[]; visible: string[] | null; today?: string },
): AssetQuery {
  if (ctx.visible) q = q.where('org_unit_id', 'in', ctx.visible.length ? ctx.visible : ['-']);
  if (f.unitId) q = q.where('org_unit_id', 'in', unitWithDescendants(ctx.units, f.unitId).concat(f.unitId));
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.medium) q = q.where('medium', '=', f.medium);
  // Broad filters are written as expressions (`tier || ''`, `c_rank + 0`) so no index serves them: the page then walks
  // the sort's index and stops after `limit` matches, instead of SQLite (which keeps no statistics) reading every
  // matching row through the filter's index and sorting them. Selective filters (unit, search prefix) keep indexes.
  if (f.tier) q = q.where(sql<string>`${sql.ref('tier')} || ''`, '=', f.tier);
  if (f.confidentiality) q = q.where('c_level', '=', f.confidentiality.normalize('NFKC'));
  if (f.integrity) q = q.where('i_level', '=', f.integrity.normalize('NFKC'));
  if (f.availability) q = q.where('a_level', '=', f.availability.normalize('NFKC'));
  if (f.confidentialityMinRank) q = q.where(sql<number>`${sql.ref('c_rank')} + 0`, '>=', f.confidentialityMinRank);
  if (f.unclassified === 'true')
    q = q.where((eb) => eb.or([eb('c_rank', '=', 0), eb('i_rank', '=', 0), eb('a_rank', '=', 0)]));
  if (f.unclassified === 'false') q = q.where('c_rank', '>', 0).where('i_rank', '>', 0).where('a_rank', '>', 0);
  if (f.personal) q = q.where('has_personal', '=', f.personal === 'true' ? 1 : 0);
  if (f.specificPersonal) q = q.where('has_specific_personal', '=', f.specificPersonal === 'true' ? 1 : 0);
  if (f.sensitivePersonal) q = q.where('has_sensitive_personal', '=', f.sensitivePersonal === 'true' ? 1 : 0);
  if (f.status !== 'ALL') q = q.where('status', '=', f.status ?? 'ACTIVE');
  if (f.reviewDueBefore) q = q.where(sql<string>`${sql.ref('review_due_on')} || ''`, '<', f.reviewDueBefore);
  if (f.q) {
    const term = likeTerm(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('ref', 'like', `${term}%`),
        eb('name', 'like', `%${term}%`),
        eb('business', 'like', `%${term}%`),
        eb('location', 'like', `%${term}%`),
      ]),
    );
  }
  return q;
}

/**
 * One page in keyset order (sort column, then id). The cursor condition carries a redundant `col >= v` (or `<=`) so
 * SQLite can seek into the sort index; `col > v OR (col = v AND id > i)` alone makes it walk the index from the
 * start on every page (db/pagination.ts has that shape: a 100,000-row export took O(n²)).
 */
export async function keysetPage(
  q: AssetQuery,
  sort: AssetSort,
  page: { limit: number; cursor?: string },
  direction?: 'asc' | 'desc',
  /** Only these columns (an export's): fewer strings per row for the driver to build. Default: all. */
  columns?: ReadonlyArray<keyof AssetRow>,
): Promise<Page<AssetRow>> {
  const { column } = SORT_COLUMNS[sort];
  const order = direction ?? SORT_COLUMNS[sort].order;
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  if (page.cursor && (!after || typeof after[0] !== (column === 'c_rank' ? 'number' : 'string')))
    throw badRequest('INVALID_CURSOR', {
      ja: 'ページの指定が正しくありません。一覧の最初から表示し直してください。',
      en: 'The page cursor is not valid for this sort; start from the first page.',
    });
  if (after) {
    const [value, id] = after;
    const [op, eq] = order === 'asc' ? (['>', '>='] as const) : (['<', '<='] as const);
    q = q.where((eb) =>
      eb.and([
        eb(column, eq, value as never),
        eb.or([eb(column, op, value as never), eb.and([eb(column, '=', value as never), eb('id', op, id)])]),
      ]),
    );
  }
  const selected = columns
    ? q.select([...new Set([...columns, 'id', column])] as Array<keyof AssetRow>)
    : q.selectAll();
  const rows = await selected
    .orderBy(column, order)
    .orderBy('id', order)
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit) as AssetRow[];
  const last = items[items.length - 1];
  const value = last ? (column === 'c_rank' ? Number(last.c_rank) : last[column]) : null;
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(value, last.id) : null };
}

/**
 * PostgreSQL only, for this transaction: walk an index in the page's order instead of sorting. Under row-level
 * security the planner underestimates matching rows by orders of magnitude (the policy's current_setting()
 * comparison), then prefers a full scan plus top-N sort: 80 ms instead of 0.3 ms for a 50-row search page at 100,000
 * assets. A page is bounded by its limit, so index order is always the right plan for it (transaction-local, reset
 * after; other statements keep the defaults).
 */
export async function inIndexOrder<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return fn();
  await sql`SELECT set_config('enable_sort', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(
    tx,
  );
  try {
    return await fn();
  } finally {
    await sql`SELECT set_config('enable_sort', 'on', true), set_config('max_parallel_workers_per_gather', '2', true)`.execute(
      tx,
    );
  }
}

/**
 * Runs graph walks with nested loops only (PostgreSQL; transaction-local, restored after). A recursive CTE's work
 * table is estimated in the thousands, so PostgreSQL hashes the whole asset table on every iteration: 330 ms per
 * 2,000 seeds instead of a few ms through the indexes the walk is built for.
 */
export async function withNestedLoops<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return fn();
  await sql`SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`SELECT set_config('enable_hashjoin', 'on', true), set_config('enable_mergejoin', 'on', true)`.execute(tx);
  }
}

export function baseQuery(tx: Tx, tenantId: string): AssetQuery {
  return tx.selectFrom('asset').where('tenant_id', '=', tenantId);
}

export async function findAsset(tx: Tx, tenantId: string, id: string): Promise<AssetRow | undefined> {
  return tx.selectFrom('asset').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export interface LinkRow {
  id: string;
  assetId: string;
  targetId: string;
  kind: LinkKind;
  assetRef: string;
  assetName: string;
  targetRef: string;
  targetName: string;
}

/** Links recorded on the given assets (outgoing), or links that point at them (incoming). */
export async function linksOf(tx: Tx, tenantId: string, ids: string[], incoming: boolean): Promise<LinkRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('asset_link as l')
    .innerJoin('asset as s', 's.id', 'l.asset_id')
    .innerJoin('asset as t', 't.id', 'l.target_id')
    .select([
      'l.id',
      'l.asset_id',
      'l.target_id',
      'l.kind',
      's.ref as asset_ref',
      's.name as asset_name',
      't.ref as target_ref',
      't.name as target_name',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where(incoming ? 'l.target_id' : 'l.asset_id', 'in', ids)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    assetId: r.asset_id,
    targetId: r.target_id,
    kind: r.kind as LinkKind,
    assetRef: r.asset_ref,
    assetName: r.asset_name,
    targetRef: r.target_ref,
    targetName: r.target_name,
  }));
}

/** Replaces the links recorded on an asset. */
export async function replaceLinks(
  tx: Tx,
  tenantId: string,
  assetId: string,
  links: Array<{ kind: LinkKind; targetId: string }>,
): Promise<void> {
  await tx.deleteFrom('asset_link').where('tenant_id', '=', tenantId).where('asset_id', '=', assetId).execute();
  await insertLinks(
    tx,
    tenantId,
    links.map((l) => ({ ...l, assetId })),
  );
}

export async function insertLinks(
  tx: Tx,
  tenantId: string,
  links: Array<{ assetId: string; kind: LinkKind; targetId: string }>,
): Promise<void> {
  const seen = new Set<string>();
  const now = nowIso();
  const rows = links
    .filter((l) => {
      const key = `${l.assetId}:${l.kind}:${l.targetId}`;
      if (seen.has(key) || l.assetId === l.targetId) return false;
      seen.add(key);
      return true;
    })
    .map((l) => {
      const f = flowOf(l);
      return {
        id: uuidv7(),
        tenant_id: tenantId,
        asset_id: l.assetId,
        target_id: l.targetId,
        kind: l.kind,
        src_id: f.from,
        dst_id: f.to,
        created_at: now,
      };
    });
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('asset_link')
      .values(rows.slice(i, i + 500))
      .execute();
}

export interface WatermarkNodeRow {
  id: string;
  ref: string;
  name: string;
  c_rank: number;
  i_rank: number;
  a_rank: number;
  /** The stored required ranks (watermark.repo.ts keeps them current). */
  req_c: number;
  req_i: number;
  req_a: number;
}

/**
 * The watermarks of the given assets: their upstream closure (everything whose class can flow into them) is read
 * with one recursive query (UNION keeps it finite on cycles), its links with a second, then propagated in memory.
 */
export async function watermarksOf(tx: Tx, tenantId: string, ids: string[]) {
  if (ids.length === 0) return { marks: new Map<string, Watermark>(), nodes: new Map<string, WatermarkNodeRow>() };
  // One recursive statement walks upstream and returns, per link into the closure, the link and its source asset
  // (seeds come with empty link columns); UNION keeps it finite on cycles. CROSS JOIN keeps the queued row as the
  // outer loop on SQLite (each step an index search on (tenant_id, dst_id)); on PostgreSQL the work table is joined
  // by nested loops, where outer joins against the CTE's (misestimated) size would hash whole tables.
  const result = await withNestedLoops(tx, () =>
    sql<{
      id: string;
      tenant_id: string;
      ref: string;
      name: string;
      c: number;
      i: number;
      a: number;
      rc: number;
      ri: number;
      ra: number;
      link_asset: string | null;
      link_target: string | null;
      kind: string | null;
    }>`WITH RECURSIVE up(id, tenant_id, ref, name, c, i, a, rc, ri, ra, link_asset, link_target, kind) AS (
      SELECT id, tenant_id, ref, name, c_rank, i_rank, a_rank, req_c_rank, req_i_rank, req_a_rank,
          CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
        FROM asset WHERE id IN (${sql.join(ids)})
      UNION
      SELECT s.id, s.tenant_id, s.ref, s.name, s.c_rank, s.i_rank, s.a_rank, s.req_c_rank, s.req_i_rank, s.req_a_rank,
          l.asset_id, l.target_id, l.kind
        FROM up CROSS JOIN asset_link l CROSS JOIN asset s
        WHERE l.tenant_id = ${tenantId} AND l.dst_id = up.id AND s.id = l.src_id
    ) SELECT * FROM up`.execute(tx),
  );
  const rows = result.rows.filter((r) => r.tenant_id === tenantId);
  const byId = new Map<string, WatermarkNodeRow>();
  for (const r of rows)
    if (!byId.has(r.id))
      byId.set(r.id, {
        id: r.id,
        ref: r.ref,
        name: r.name,
        c_rank: Number(r.c),
        i_rank: Number(r.i),
        a_rank: Number(r.a),
        req_c: Number(r.rc),
        req_i: Number(r.ri),
        req_a: Number(r.ra),
      });
  const nodes = { rows: [...byId.values()] };
  const links = {
    rows: rows
      .filter((r) => r.kind !== null)
      .map((r) => ({ asset_id: r.link_asset!, target_id: r.link_target!, kind: r.kind as LinkKind })),
  };
  const marks = propagate(
    nodes.rows.map((n) => ({
      id: n.id,
      label: `${n.ref} ${n.name}`,
      declared: { C: Number(n.c_rank), I: Number(n.i_rank), A: Number(n.a_rank) },
    })),
    links.rows.map((l): WatermarkLink => ({ assetId: l.asset_id, targetId: l.target_id, kind: l.kind })),
  );
  return { marks, nodes: byId };
}

/**
 * The 情報セキュリティ管理者 in force today who answers for each unit's assets, with the holders' names. The 管理者 is
 * appointed per 課室, so a 係's assets fall to the nearest unit up its chain that has one (unitChain stops on cycles
 * and is bounded by the tenant's units). One read for all the chains' appointments, whatever the number of units.
 */
export async function managersOf(tx: Tx, tenantId: string, units: UnitRow[], unitIds: string[], on = todayInJapan()) {
  const out = new Map<string, Array<{ personId: string; name: string }>>();
  const chains = new Map([...new Set(unitIds.filter(Boolean))].map((id) => [id, unitChain(units, id)]));
  const ids = [...new Set([...chains.values()].flat())];
  if (ids.length === 0) return out;
  const rows = await tx
    .selectFrom('appointment as ap')
    .innerJoin('person as p', 'p.id', 'ap.person_id')
    .select(['ap.scope_id', 'p.id', 'p.family_name', 'p.given_name'])
    .where('ap.tenant_id', '=', tenantId)
    .where('ap.role', '=', 'SEC_MANAGER')
    .where('ap.scope_id', 'in', ids)
    .where('ap.valid_from', '<=', on)
    .where((eb) => eb.or([eb('ap.valid_to', 'is', null), eb('ap.valid_to', '>=', on)]))
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
  const direct = new Map<string, Array<{ personId: string; name: string }>>();
  for (const r of rows) {
    const list = direct.get(r.scope_id!) ?? [];
    if (!list.some((m) => m.personId === r.id)) list.push({ personId: r.id, name: `${r.family_name} ${r.given_name}` });
    direct.set(r.scope_id!, list);
  }
  for (const [unitId, chain] of chains) {
    const nearest = chain.find((id) => direct.has(id));
    if (nearest) out.set(unitId, direct.get(nearest)!);
  }
  return out;
}
