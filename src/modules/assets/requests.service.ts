/**
 * Permission requests (許可の申請) for 運搬・提供・廃棄: the applicant asks, the owning 課室's 情報セキュリティ管理者
 * (or the 部局's 責任者) decides, never the applicant (SOD-1). Every request, decision and withdrawal is audited in
 * the transaction that makes it.
 */

import { uuidv7 } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { permissionRule } from '../../domain/assets/lifecycle.ts';
import type { PermissionAction } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { applicantIsNotApprover } from '../../domain/duties.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, conflict, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { accessContext, requireAccess, visibleUnits } from './access.ts';
import { findAsset } from './assets.repo.ts';
import { assetFacts, notDisposed } from './lifecycle.service.ts';
import { permissionRows, permissionView } from './lifecycle.views.ts';

const REQUEST = { ja: '許可の申請', en: 'The permission request' };

export async function requestPermission(
  services: Services,
  scope: Scope,
  assetId: string,
  input: {
    action: PermissionAction;
    purpose: string;
    destination?: string | null;
    recipient?: string | null;
    expectedReturnOn?: string | null;
    method?: string | null;
  },
) {
  return inTenant(services.database, scope, async (tx) => {
    const { row, ctx, scheme, cRank } = await assetFacts(tx, scope, assetId);
    requireAccess(services, scope, ctx, 'request', 'asset_permission', row.org_unit_id);
    notDisposed(row);
    if (!scope.actor.personId)
      throw forbidden({ ja: '職員として登録された方だけが申請できます。', en: 'Only staff members can apply.' });
    if (!row.org_unit_id)
      throw conflict('ASSET_NO_OWNER', {
        ja: '所管課室が登録されていないため、許可を申請できません。先に所管課室を登録してください。',
        en: 'The asset has no owning unit to decide.',
      });
    if (input.action === 'CARRY' && (!input.expectedReturnOn || input.expectedReturnOn < todayInJapan()))
      throw fieldErrors([
        {
          field: 'expectedReturnOn',
          message: { ja: '返却予定日を今日以降の日付で入力してください。', en: 'Enter a return date from today.' },
        },
      ]);
    if (input.action === 'PROVIDE' && !input.recipient?.trim())
      throw fieldErrors([
        { field: 'recipient', message: { ja: '提供先を入力してください。', en: 'Enter the recipient.' } },
      ]);
    const now = nowIso();
    const request = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      asset_id: assetId,
      action: input.action,
      status: 'PENDING',
      unit_id: row.org_unit_id,
      applicant_person_id: scope.actor.personId,
      applicant_label: scope.actor.label,
      purpose: input.purpose,
      destination: input.destination ?? null,
      recipient: input.recipient ?? null,
      expected_return_on: input.expectedReturnOn ?? null,
      method: input.method ?? null,
      decided_by_person_id: null,
      decided_by_label: null,
      decided_at: null,
      decision_note: null,
      used_by_event_id: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('asset_permission').values(request).execute();
    await appendAudit(tx, scope, {
      action: 'request',
      entityType: 'asset_permission',
      entityId: request.id,
      after: request,
    });
    const rule = permissionRule(scheme, input.action, { kind: row.kind as never, cRank });
    const [saved] = await permissionRows(tx, scope.tenantId, { id: request.id, limit: 1 });
    return { ...permissionView(saved), required: rule.required, clause: rule.clause };
  });
}

async function loadRequest(tx: Tx, scope: Scope, id: string) {
  const [r] = await permissionRows(tx, scope.tenantId, { id, limit: 1 });
  if (!r) throw notFound(REQUEST);
  return r;
}

/** The owning 課室's 管理者 (or the 部局's 責任者) approves or denies; never the applicant (SOD-1). */
export async function decidePermission(
  services: Services,
  scope: Scope,
  id: string,
  input: { decision: 'APPROVED' | 'DENIED'; note?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadRequest(tx, scope, id);
    const asset = await findAsset(tx, scope.tenantId, before.asset_id);
    const ctx = await accessContext(tx, scope);
    requireAccess(services, scope, ctx, 'decide', 'asset_permission', asset?.org_unit_id ?? before.unit_id);
    if (!scope.actor.personId) throw forbidden();
    const sod = applicantIsNotApprover(before.applicant_person_id, scope.actor.personId);
    if (sod) throw new AppError(403, 'SOD_APPLICANT_IS_APPROVER', sod.message, { rule: sod.rule });
    if (before.status !== 'PENDING')
      throw conflict('PERMISSION_DECIDED', {
        ja: 'この申請は既に処理されています。最新の状態を確認してください。',
        en: 'The request has already been decided.',
      });
    const now = nowIso();
    const change = {
      status: input.decision,
      decided_by_person_id: scope.actor.personId,
      decided_by_label: scope.actor.label,
      decided_at: now,
      decision_note: input.note ?? null,
      updated_at: now,
    };
    await tx
      .updateTable('asset_permission')
      .set(change)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'decide',
      entityType: 'asset_permission',
      entityId: id,
      before,
      after: { ...before, ...change },
    });
    return permissionView(await loadRequest(tx, scope, id));
  });
}

export async function withdrawPermission(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadRequest(tx, scope, id);
    if (before.applicant_person_id !== scope.actor.personId)
      throw forbidden({ ja: '申請を取り下げられるのは申請者本人だけです。', en: 'Only the applicant can withdraw.' });
    if (before.status !== 'PENDING' && before.status !== 'APPROVED')
      throw conflict('PERMISSION_CLOSED', {
        ja: 'この申請は取り下げられません。',
        en: 'The request cannot be withdrawn.',
      });
    const change = { status: 'WITHDRAWN', updated_at: nowIso() };
    await tx
      .updateTable('asset_permission')
      .set(change)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'withdraw',
      entityType: 'asset_permission',
      entityId: id,
      before,
      after: { ...before, ...change },
    });
    return permissionView(await loadRequest(tx, scope, id));
  });
}

/**
 * Applicants see their own requests, deciders those of their units, oversight all; `toDecide` lists the caller's work,
 * `mine` the caller's own applications.
 */
export async function listPermissions(
  services: Services,
  scope: Scope,
  query: { status: string; toDecide?: string; mine?: string; assetId?: string; limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await accessContext(tx, scope);
    const readAll = visibleUnits(services, scope, ctx, 'read', 'asset');
    const deciding = visibleUnits(services, scope, ctx, 'decide', 'asset_permission');
    const decideUnits = deciding.all ? null : deciding.unitIds;
    const visible =
      query.toDecide === 'true'
        ? { personId: scope.actor.personId, unitIds: decideUnits ?? [], excludeApplicant: true }
        : query.mine === 'true'
          ? { personId: scope.actor.personId, unitIds: [] }
          : readAll.all
            ? undefined
            : { personId: scope.actor.personId, unitIds: decideUnits ?? [] };
    const c = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await permissionRows(tx, scope.tenantId, {
      status: query.status,
      assetId: query.assetId,
      limit: query.limit + 1,
      visible,
      before: c ? { createdAt: String(c[0]), id: c[1] } : undefined,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(permissionView),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  });
}
