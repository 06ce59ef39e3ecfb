/**
 * Lifecycle of an asset (作成 … 廃棄): events, and permission requests to the owning 課室's 情報セキュリティ管理者
 * where the class requires them (運搬・提供・廃棄 of 機密性2以上, disposal of equipment). The applicant never decides
 * their own request (SOD-1); every request, decision and event is in the audit trail with the change it describes.
 */

import { uuidv7 } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { checkEvent, permissionRule } from '../../domain/assets/lifecycle.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { ClassificationScheme } from '../../domain/classification.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { badRequest, conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { type AccessContext, accessContext, requireAccess } from './access.ts';
import { type AssetRow, findAsset } from './assets.repo.ts';
import { ASSET } from './assets.service.ts';
import type { EventCreate } from './contract.ts';
import { eventRows, eventView, permissionRows } from './lifecycle.views.ts';
import { loadSchemes } from './schemes.service.ts';

const EVENT = { ja: '記録', en: 'The event' };

/** The asset, the caller's access context, its scheme and its effective confidentiality (declared or required). */
export async function assetFacts(tx: Tx, scope: Scope, assetId: string) {
  const row = await findAsset(tx, scope.tenantId, assetId);
  if (!row) throw notFound(ASSET);
  const ctx = await accessContext(tx, scope);
  const schemes = await loadSchemes(tx, scope);
  const scheme = schemes.find((s) => s.id === row.scheme_id) ?? schemes[0];
  const cRank = Math.max(Number(row.c_rank), Number(row.req_c_rank));
  return { row, ctx, scheme, cRank };
}

export function notDisposed(row: AssetRow) {
  if (row.status === 'DISPOSED')
    throw conflict('ASSET_DISPOSED', { ja: 'この情報資産は廃棄済みです。', en: 'The asset has been disposed of.' });
}

async function usablePermission(tx: Tx, scope: Scope, id: string, assetId: string, action: string) {
  const [p] = await permissionRows(tx, scope.tenantId, { id, limit: 1 });
  const wrong = (ja: string) =>
    fieldErrors([{ field: 'permissionId', message: { ja, en: 'The permission cannot be used for this event.' } }]);
  if (!p || p.asset_id !== assetId || p.action !== action)
    throw wrong('この情報資産・操作に対する許可ではありません。');
  if (p.status === 'USED') throw wrong('この許可は既に使用されています。新たに申請してください。');
  if (p.status !== 'APPROVED') throw wrong('承認された許可ではありません。');
  return p;
}

function cannotRecordWithoutPermission(scheme: ClassificationScheme, rule: ReturnType<typeof permissionRule>) {
  return conflict(
    'PERMISSION_REQUIRED',
    {
      ja: `${rule.reason?.ja ?? ''}先に許可を申請し、承認を受けてから記録してください。`,
      en: `${rule.reason?.en ?? 'Permission is required.'} Apply for permission first.`,
    },
    { clause: rule.clause, scheme: scheme.name },
  );
}

export async function recordEvent(services: Services, scope: Scope, assetId: string, input: EventCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const { row, ctx, scheme, cRank } = await assetFacts(tx, scope, assetId);
    requireAccess(services, scope, ctx, 'record', 'asset', row.org_unit_id);
    if (input.unauthorised) requireAccess(services, scope, ctx, 'manage', 'asset', row.org_unit_id);
    notDisposed(row);
    const at = input.at ? new Date(input.at).toISOString() : nowIso();
    const facts = { kind: row.kind as never, cRank };
    const rule = permissionRule(scheme, input.action, facts);
    const permission = input.permissionId
      ? await usablePermission(tx, scope, input.permissionId, assetId, input.action)
      : null;
    if (rule.required && !permission && !input.unauthorised) throw cannotRecordWithoutPermission(scheme, rule);
    const performedBy = input.performedBy === undefined ? scope.actor.personId : input.performedBy;
    if (performedBy) await checkPerson(tx, scope.tenantId, performedBy);
    const event = {
      action: input.action,
      at,
      performedBy,
      method: input.method ?? permission?.method ?? null,
      encrypted: input.encrypted ?? null,
      recipient: input.recipient ?? permission?.recipient ?? null,
      expectedReturnOn: input.expectedReturnOn ?? permission?.expected_return_on ?? null,
    };
    const problems = checkEvent(scheme, facts, event);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw fieldErrors(errors.map((p) => ({ field: p.field, message: p.message })));
    if (input.unauthorised && !input.reason?.trim())
      throw fieldErrors([
        { field: 'reason', message: { ja: '経緯を入力してください。', en: 'Describe what happened.' } },
      ]);
    const id = uuidv7();
    const record = {
      id,
      tenant_id: scope.tenantId,
      asset_id: assetId,
      action: input.action,
      at,
      recorded_by_label: scope.actor.label,
      performed_by: performedBy,
      permission_id: permission?.id ?? null,
      permission_required: rule.required ? 1 : 0,
      c_rank: cRank,
      encrypted: event.encrypted === null ? null : event.encrypted ? 1 : 0,
      method: event.method,
      recipient: event.recipient,
      destination: input.destination ?? permission?.destination ?? null,
      reason: input.reason ?? null,
      detail: input.unauthorised ? JSON.stringify({ unauthorised: true }) : null,
      expected_return_on: event.expectedReturnOn,
      returned_at: null,
      certificate_file_id: null,
      created_at: nowIso(),
    };
    await tx.insertInto('asset_event').values(record).execute();
    if (permission)
      await tx
        .updateTable('asset_permission')
        .set({ status: 'USED', used_by_event_id: id, updated_at: nowIso() })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', permission.id)
        .execute();
    if (input.action === 'DISPOSE')
      await tx
        .updateTable('asset')
        .set({ status: 'DISPOSED', disposed_at: at, updated_at: nowIso() })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', assetId)
        .execute();
    await appendAudit(tx, scope, { action: 'record', entityType: 'asset_event', entityId: id, after: record });
    const [saved] = await eventRows(tx, scope.tenantId, { assetId, id, limit: 1 });
    return {
      ...eventView(saved, todayInJapan()),
      warnings: problems.filter((p) => p.severity === 'warning'),
      permissionRule: rule,
    };
  });
}

async function checkPerson(tx: Tx, tenantId: string, personId: string) {
  const p = await tx
    .selectFrom('person')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p)
    throw fieldErrors([{ field: 'performedBy', message: { ja: '担当者が見つかりません。', en: 'Person not found.' } }]);
}

async function loadEvent(tx: Tx, scope: Scope, assetId: string, eventId: string) {
  const row = await tx
    .selectFrom('asset_event')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', '=', assetId)
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!row) throw notFound(EVENT);
  return row;
}

async function eventAccess(
  tx: Tx,
  services: Services,
  scope: Scope,
  assetId: string,
  action: string,
): Promise<AccessContext> {
  const asset = await findAsset(tx, scope.tenantId, assetId);
  if (!asset) throw notFound(ASSET);
  const ctx = await accessContext(tx, scope);
  requireAccess(services, scope, ctx, action, 'asset', asset.org_unit_id);
  return ctx;
}

/** A carried-out asset comes back; the overdue flag ends. */
export async function returnCarried(
  services: Services,
  scope: Scope,
  assetId: string,
  eventId: string,
  returnedAt?: string,
) {
  return inTenant(services.database, scope, async (tx) => {
    await eventAccess(tx, services, scope, assetId, 'record');
    const before = await loadEvent(tx, scope, assetId, eventId);
    if (before.action !== 'CARRY')
      throw badRequest('NOT_A_CARRY', { ja: '持ち出しの記録ではありません。', en: 'Not a carry-out.' });
    if (before.returned_at)
      throw conflict('ALREADY_RETURNED', { ja: '既に返却が記録されています。', en: 'Already returned.' });
    const at = returnedAt ? new Date(returnedAt).toISOString() : nowIso();
    await tx
      .updateTable('asset_event')
      .set({ returned_at: at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', eventId)
      .execute();
    await appendAudit(tx, scope, {
      action: 'return',
      entityType: 'asset_event',
      entityId: eventId,
      before,
      after: { ...before, returned_at: at },
    });
    const [saved] = await eventRows(tx, scope.tenantId, { assetId, id: eventId, limit: 1 });
    return eventView(saved, todayInJapan());
  });
}

export async function listEvents(
  services: Services,
  scope: Scope,
  assetId: string,
  page: { limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    await eventAccess(tx, services, scope, assetId, 'read');
    const c = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await eventRows(tx, scope.tenantId, {
      assetId,
      limit: page.limit + 1,
      before: c ? { at: String(c[0]), id: c[1] } : undefined,
    });
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    const today = todayInJapan();
    return {
      items: items.map((e) => eventView(e, today)),
      nextCursor: rows.length > page.limit && last ? encodeCursor(last.at, last.id) : null,
    };
  });
}

export { eventAccess, loadEvent };
