import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inTenant, type Scope } from '../../db/scope.ts';
import { appendAudit, verifyChain } from '../../platform/audit-log/trail.ts';
import { toCsv } from '../../platform/csv.ts';
import type { Services } from '../../platform/http/services.ts';
import type { AuditFilters } from './contract.ts';

/** Dates are Japan calendar days; instants are stored in UTC. */
const startOfDayJst = (d: string) => new Date(`${d}T00:00:00+09:00`).toISOString();
const endOfDayJst = (d: string) => new Date(new Date(`${d}T00:00:00+09:00`).getTime() + 86_400_000).toISOString();

function filtered<O>(q: SelectQueryBuilder<DB, 'audit_event', O>, tenantId: string, f: Omit<AuditFilters, 'encoding'>) {
  let out = q.where('tenant_id', '=', tenantId);
  if (f.actor) out = out.where('actor_label', 'like', `%${f.actor.replace(/[%_\\]/g, '')}%`);
  if (f.entityType) out = out.where('entity_type', '=', f.entityType);
  if (f.entityId) out = out.where('entity_id', '=', f.entityId);
  if (f.action) out = out.where('action', '=', f.action);
  if (f.from) out = out.where('occurred_at', '>=', startOfDayJst(f.from));
  if (f.to) out = out.where('occurred_at', '<', endOfDayJst(f.to));
  return out;
}

const view = (e: DB['audit_event']) => ({
  seq: Number(e.seq),
  id: e.id,
  occurredAt: e.occurred_at,
  actor: e.actor_label,
  action: e.action,
  entityType: e.entity_type,
  entityId: e.entity_id,
  before: e.before_json ? JSON.parse(e.before_json) : null,
  after: e.after_json ? JSON.parse(e.after_json) : null,
  requestId: e.request_id,
  clientIp: e.client_ip,
  hash: e.hash,
});

/** Newest first; the cursor is the seq of the last row shown. */
export async function listEvents(
  services: Services,
  scope: Scope,
  query: Omit<AuditFilters, 'encoding'> & { limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    let q = filtered(tx.selectFrom('audit_event').selectAll(), scope.tenantId, query);
    const before = query.cursor && /^\d+$/.test(query.cursor) ? Number(query.cursor) : null;
    if (before !== null) q = q.where('seq', '<', before);
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit).map(view);
    // The count of results for the list (ui-guide: every list says how many it found), under the same filters.
    const counted = await filtered(
      tx.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')),
      scope.tenantId,
      query,
    ).executeTakeFirst();
    return {
      total: Number(counted?.n ?? 0),
      items,
      nextCursor: rows.length > query.limit ? String(items[items.length - 1].seq) : null,
    };
  });
}

const HEADER = [
  '通番',
  '日時（UTC）',
  '操作者',
  '操作',
  '対象の種類',
  '対象ID',
  '変更前',
  '変更後',
  'リクエストID',
  '接続元',
  'ハッシュ',
];

/** The export itself is recorded: who took a copy of the trail, with which filters. */
export async function exportEvents(services: Services, scope: Scope, filters: AuditFilters): Promise<string> {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await filtered(tx.selectFrom('audit_event').selectAll(), scope.tenantId, filters)
      .orderBy('seq')
      .limit(200_000)
      .execute();
    await appendAudit(tx, scope, {
      action: 'export',
      entityType: 'audit_event',
      after: { filters, rows: rows.length },
    });
    return toCsv(
      HEADER,
      rows.map((e) => [
        e.seq,
        e.occurred_at,
        e.actor_label,
        e.action,
        e.entity_type,
        e.entity_id,
        e.before_json,
        e.after_json,
        e.request_id,
        e.client_ip,
        e.hash,
      ]),
    );
  });
}

export async function verify(services: Services, scope: Scope) {
  const verdict = await verifyChain(services.database, scope.tenantId);
  await inTenant(services.database, scope, (tx) =>
    appendAudit(tx, scope, {
      action: 'verify',
      entityType: 'audit_event',
      after: { ok: verdict.ok, checked: verdict.checked, problem: verdict.problem?.kind ?? null },
    }),
  );
  return verdict;
}
