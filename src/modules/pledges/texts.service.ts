/**
 * Pledge texts (誓約書の文面) by audience and version: a draft may change; a published version never does; the
 * latest published version of an audience is the one in force.
 */
import { uuidv7 } from '../../db/ids.ts';
import type { PledgeTextTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience, type PledgeTextCreate, type PledgeTextUpdate } from './contract.ts';
import { defaultPledgeText, PLEDGE_CLAUSES } from './defaults.ts';

const TEXT = { ja: '誓約書の文面', en: 'The pledge text' };

export type PledgeTextRow = PledgeTextTable;

export function textView(row: PledgeTextRow, inForceId: string | null) {
  return {
    id: row.id,
    audience: row.audience,
    audienceLabel: AUDIENCE_LABELS[row.audience as Audience] ?? row.audience,
    version: Number(row.version),
    title: row.title,
    body: row.body,
    status: row.status,
    publishedAt: row.published_at,
    inForce: row.id === inForceId,
    clauses: PLEDGE_CLAUSES,
  };
}

/** The first use of pledges in a tenant creates version 1 of each audience's text, published, from the defaults. */
export async function ensureDefaultTexts(tx: Tx, scope: Scope): Promise<void> {
  const existing = await tx
    .selectFrom('pledge_text')
    .select('audience')
    .distinct()
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  const have = new Set(existing.map((r) => r.audience));
  const missing = AUDIENCES.filter((a) => !have.has(a));
  if (missing.length === 0) return;
  const tenant = await tx
    .selectFrom('tenant')
    .select('name')
    .where('id', '=', scope.tenantId)
    .executeTakeFirstOrThrow();
  for (const audience of missing) {
    const now = nowIso();
    const row: PledgeTextRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      audience,
      version: 1,
      ...defaultPledgeText(audience, tenant.name),
      status: 'PUBLISHED',
      published_at: now,
      published_by: '初期文面',
      created_at: now,
      updated_at: now,
    };
    // Two first uses at once: the unique (tenant, audience, version) lets only one insert through.
    const result = await tx
      .insertInto('pledge_text')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'audience', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
      // Prepared by Mamori, not by whoever happened to open the page first: the trail must say so.
      const system: Scope = { tenantId: scope.tenantId, actor: { ...scope.actor, userId: null, personId: null, label: 'Mamori（既定の誓約書の文面）' } };
      await appendAudit(tx, system, { action: 'create', entityType: 'pledge_text', entityId: row.id, after: row });
    }
  }
}

/** The version in force for each audience (the latest published one). */
export async function textsInForce(tx: Tx, tenantId: string): Promise<Map<Audience, PledgeTextRow>> {
  const rows = await tx
    .selectFrom('pledge_text')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'PUBLISHED')
    .orderBy('version', 'asc')
    .execute();
  const map = new Map<Audience, PledgeTextRow>();
  for (const r of rows) map.set(r.audience as Audience, r);
  return map;
}

async function loadText(tx: Tx, tenantId: string, textId: string): Promise<PledgeTextRow> {
  const row = await tx
    .selectFrom('pledge_text')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', textId)
    .executeTakeFirst();
  if (!row) throw notFound(TEXT);
  return row;
}

/** Published versions for everyone who may read them; drafts only for those who manage the texts. */
export async function listTexts(services: Services, scope: Scope, audience?: Audience) {
  const withDrafts = services.permissions.canAtAll(scope.actor, 'manage', 'pledge_text');
  return inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    const inForce = await textsInForce(tx, scope.tenantId);
    let q = tx.selectFrom('pledge_text').selectAll().where('tenant_id', '=', scope.tenantId);
    if (audience) q = q.where('audience', '=', audience);
    if (!withDrafts) q = q.where('status', '=', 'PUBLISHED');
    const rows = await q.orderBy('audience').orderBy('version', 'desc').execute();
    const inForceIds = new Set([...inForce.values()].map((t) => t.id));
    return { items: rows.map((r) => textView(r, inForceIds.has(r.id) ? r.id : null)) };
  });
}

export async function getText(services: Services, scope: Scope, textId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await loadText(tx, scope.tenantId, textId);
    if (row.status !== 'PUBLISHED' && !services.permissions.canAtAll(scope.actor, 'manage', 'pledge_text')) {
      throw notFound(TEXT);
    }
    const inForce = await textsInForce(tx, scope.tenantId);
    return textView(row, inForce.get(row.audience as Audience)?.id ?? null);
  });
}

const PUBLISHED_IS_FIXED = {
  ja: '公開した版は変更・削除できません。改訂するときは、新しい版の下書きを作成してください。',
  en: 'A published version cannot change; create a new draft version instead.',
};

/** A new draft version; one draft per audience at a time. */
export async function createDraft(services: Services, scope: Scope, input: PledgeTextCreate) {
  return inTenant(services.database, scope, async (tx) => {
    await ensureDefaultTexts(tx, scope);
    const rows = await tx
      .selectFrom('pledge_text')
      .select(['version', 'status'])
      .where('tenant_id', '=', scope.tenantId)
      .where('audience', '=', input.audience)
      .execute();
    if (rows.some((r) => r.status === 'DRAFT')) {
      throw conflict('PLEDGE_DRAFT_EXISTS', {
        ja: 'この対象の下書きが既にあります。その下書きを編集するか、公開してから次の版を作成してください。',
        en: 'A draft for this audience already exists.',
      });
    }
    const now = nowIso();
    const row: PledgeTextRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      audience: input.audience,
      version: Math.max(0, ...rows.map((r) => Number(r.version))) + 1,
      title: input.title,
      body: input.body,
      status: 'DRAFT',
      published_at: null,
      published_by: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('pledge_text').values(row).execute();
    await appendAudit(tx, scope, { action: 'create', entityType: 'pledge_text', entityId: row.id, after: row });
    return textView(row, null);
  });
}

async function loadDraft(tx: Tx, tenantId: string, textId: string) {
  const row = await loadText(tx, tenantId, textId);
  if (row.status !== 'DRAFT') throw conflict('PLEDGE_TEXT_PUBLISHED', PUBLISHED_IS_FIXED);
  return row;
}

export async function updateDraft(services: Services, scope: Scope, textId: string, input: PledgeTextUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadDraft(tx, scope.tenantId, textId);
    const after = {
      ...before,
      title: input.title ?? before.title,
      body: input.body ?? before.body,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('pledge_text')
      .set({ title: after.title, body: after.body, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', textId)
      .where('status', '=', 'DRAFT')
      .execute();
    await appendAudit(tx, scope, { action: 'update', entityType: 'pledge_text', entityId: textId, before, after });
    return textView(after, null);
  });
}

/** Publishing puts the version in force: from then on, pledges to earlier versions are no longer valid. */
export async function publishDraft(services: Services, scope: Scope, textId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadDraft(tx, scope.tenantId, textId);
    const after = { ...before, status: 'PUBLISHED', published_at: nowIso(), published_by: scope.actor.label };
    await tx
      .updateTable('pledge_text')
      .set({ status: after.status, published_at: after.published_at, published_by: after.published_by })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', textId)
      .where('status', '=', 'DRAFT')
      .execute();
    await appendAudit(tx, scope, { action: 'publish', entityType: 'pledge_text', entityId: textId, before, after });
    return textView(after, after.id);
  });
}

export async function deleteDraft(services: Services, scope: Scope, textId: string) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadDraft(tx, scope.tenantId, textId);
    await tx.deleteFrom('pledge_text').where('tenant_id', '=', scope.tenantId).where('id', '=', textId).execute();
    await appendAudit(tx, scope, { action: 'delete', entityType: 'pledge_text', entityId: textId, before });
  });
}
