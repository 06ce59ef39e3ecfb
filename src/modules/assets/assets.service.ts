/**
 * The register (情報資産管理台帳): list with server-side filter, sort, search and keyset pagination; create; edit;
 * bulk reclassification with a reason. A change of class or owner is an event of the asset as well as an audit
 * event, in the same transaction as the change.
 */

import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx, toCount } from '../../db/scope.ts';
import { reviewDueOn } from '../../domain/assets/findings.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { AXES, type Axis, type ClassificationScheme } from '../../domain/classification.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, type FieldError, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { type AccessContext, accessContext, requireAccess, visibleUnits } from './access.ts';
import {
  type AssetRow,
  applyFilter,
  baseQuery,
  findAsset,
  inIndexOrder,
  keysetPage,
  replaceLinks,
} from './assets.repo.ts';
import { resolveOrThrow, schemeFor } from './classify.ts';
import type { AssetCreate, AssetFilter, AssetListQuery, AssetUpdate } from './contract.ts';
import { insertEvent } from './reclassify.service.ts';
import { loadSchemes } from './schemes.service.ts';
import { assetView, classificationOf, type ViewContext } from './view.ts';
import { linkTargets, refreshWatermarks } from './watermark.repo.ts';

export const ASSET = { ja: '情報資産', en: 'The asset' };
const AXIS_INPUT = { C: 'confidentiality', I: 'integrity', A: 'availability' } as const;

export async function viewContext(
  tx: Tx,
  scope: Scope,
  ctx: AccessContext,
): Promise<ViewContext & { list: ClassificationScheme[] }> {
  const list = await loadSchemes(tx, scope);
  return { units: ctx.units, schemes: new Map(list.map((s) => [s.id, s])), today: todayInJapan(), list };
}

export async function listAssets(services: Services, scope: Scope, query: AssetListQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await accessContext(tx, scope);
    const vis = visibleUnits(services, scope, ctx);
    const view = await viewContext(tx, scope, ctx);
    const filtered = applyFilter(baseQuery(tx, scope.tenantId), query, {
      units: ctx.units,
      visible: vis.all ? null : vis.unitIds,
    });
    const page = await inIndexOrder(tx, () => keysetPage(filtered, query.sort, query, query.order));
    return { items: page.items.map((r) => assetView(r, view)), nextCursor: page.nextCursor };
  });
}

/** How many assets match the filters (a separate request, so a page never waits for a count over the register). */
export async function countAssets(services: Services, scope: Scope, filter: AssetFilter) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await accessContext(tx, scope);
    const vis = visibleUnits(services, scope, ctx);
    const q = applyFilter(baseQuery(tx, scope.tenantId), filter, {
      units: ctx.units,
      visible: vis.all ? null : vis.unitIds,
    });
    return { total: toCount((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) };
  });
}

async function checkUnit(tx: Tx, tenantId: string, unitId: string | null | undefined) {
  if (!unitId) return;
  const unit = await tx
    .selectFrom('org_unit')
    .select(['id', 'valid_to'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit)
    throw fieldErrors([{ field: 'orgUnitId', message: { ja: '所管課室が見つかりません。', en: 'Unit not found.' } }]);
  if (unit.valid_to && unit.valid_to < todayInJapan())
    throw fieldErrors([
      { field: 'orgUnitId', message: { ja: '廃止された組織は所管課室にできません。', en: 'The unit is closed.' } },
    ]);
}

async function checkRefFree(tx: Tx, tenantId: string, ref: string, self: string | null) {
  const taken = await tx
    .selectFrom('asset')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('ref', '=', ref)
    .executeTakeFirst();
  if (taken && taken.id !== self)
    throw conflict('ASSET_REF_TAKEN', {
      ja: `管理番号「${ref}」は既に使われています。別の管理番号を入力してください。`,
      en: `Asset number ${ref} is taken.`,
    });
}

async function checkLinks(tx: Tx, tenantId: string, self: string, links: Array<{ kind: LinkKind; targetId: string }>) {
  const ids = [...new Set(links.map((l) => l.targetId))];
  if (ids.length === 0) return;
  const found = await tx
    .selectFrom('asset')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  const known = new Set(found.map((f) => f.id));
  const errors: FieldError[] = links.flatMap((l, i) =>
    !known.has(l.targetId) || l.targetId === self
      ? [
          {
            field: `links.${i}.targetId`,
            message:
              l.targetId === self
                ? { ja: '自分自身は関連先にできません。', en: 'An asset cannot link to itself.' }
                : { ja: '関連先の情報資産が見つかりません。', en: 'The linked asset was not found.' },
          },
        ]
      : [],
  );
  if (errors.length) throw fieldErrors(errors);
}

const flag = (v: boolean | undefined | null, fallback: number) =>
  v === undefined || v === null ? fallback : v ? 1 : 0;

export async function createAsset(services: Services, scope: Scope, input: AssetCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await accessContext(tx, scope);
    requireAccess(services, scope, ctx, 'manage', 'asset', input.orgUnitId ?? null);
    await checkUnit(tx, scope.tenantId, input.orgUnitId);
    await checkRefFree(tx, scope.tenantId, input.ref, null);
    const schemes = await loadSchemes(tx, scope);
    const scheme = schemeFor(schemes, input.schemeId);
    const levels = resolveOrThrow(scheme, { C: input.confidentiality, I: input.integrity, A: input.availability });
    const id = uuidv7();
    await checkLinks(tx, scope.tenantId, id, input.links ?? []);
    const now = nowIso();
    const row: AssetRow = {
      id,
      tenant_id: scope.tenantId,
      ref: input.ref,
      name: input.name,
      kind: input.kind,
      business: input.business ?? null,
      org_unit_id: input.orgUnitId ?? null,
      medium: input.medium,
      location: input.location ?? null,
      tier: input.tier,
      scheme_id: scheme.id,
      c_level: levels.codes.C,
      i_level: levels.codes.I,
      a_level: levels.codes.A,
      c_rank: levels.ranks.C,
      i_rank: levels.ranks.I,
      a_rank: levels.ranks.A,
      req_c_rank: levels.ranks.C,
      req_i_rank: levels.ranks.I,
      req_a_rank: levels.ranks.A,
      has_personal: flag(input.hasPersonal, 0),
      has_specific_personal: flag(input.hasSpecificPersonal, 0),
      has_sensitive_personal: flag(input.hasSensitivePersonal, 0),
      person_count: input.personCount ?? null,
      retention: input.retention ?? null,
      retention_until: input.retentionUntil ?? null,
      user_scope: input.userScope ?? null,
      contractor: input.contractor ?? null,
      next_review_on: input.nextReviewOn ?? null,
      last_reviewed_on: input.lastReviewedOn ?? null,
      review_due_on: reviewDueOn({
        nextReviewOn: input.nextReviewOn ?? null,
        lastReviewedOn: input.lastReviewedOn ?? null,
        createdOn: now,
      }),
      note: input.note ?? null,
      status: 'ACTIVE',
      disposed_at: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('asset').values(row).execute();
    await replaceLinks(tx, scope.tenantId, id, input.links ?? []);
    await refreshWatermarks(tx, scope.tenantId, [id]);
    await appendAudit(tx, scope, {
      action: 'create',
      entityType: 'asset',
      entityId: id,
      after: { ...row, links: input.links ?? [] },
    });
    return { id };
  });
}

/** Applies an edit; the classification is re-resolved against the (possibly new) scheme. */
export async function updateAsset(services: Services, scope: Scope, id: string, input: AssetUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await findAsset(tx, scope.tenantId, id);
    if (!before) throw notFound(ASSET);
    const ctx = await accessContext(tx, scope);
    requireAccess(services, scope, ctx, 'manage', 'asset', before.org_unit_id);
    if (before.status === 'DISPOSED')
      throw conflict('ASSET_DISPOSED', {
        ja: '廃棄済みの情報資産は編集できません。',
        en: 'The asset has been disposed of.',
      });
    const unitChanged = input.orgUnitId !== undefined && (input.orgUnitId ?? null) !== before.org_unit_id;
    if (unitChanged) {
      requireAccess(services, scope, ctx, 'manage', 'asset', input.orgUnitId ?? null);
      await checkUnit(tx, scope.tenantId, input.orgUnitId);
    }
    if (input.ref && input.ref !== before.ref) await checkRefFree(tx, scope.tenantId, input.ref, id);
    const schemes = await loadSchemes(tx, scope);
    const scheme = schemeFor(schemes, input.schemeId ?? before.scheme_id);
    const pick = (axis: Axis) => {
      const v = input[AXIS_INPUT[axis]];
      return v === undefined ? classificationOf(before)[axis] : v;
    };
    const levels = resolveOrThrow(scheme, { C: pick('C'), I: pick('I'), A: pick('A') });
    const reclassified =
      scheme.id !== before.scheme_id || AXES.some((a) => levels.codes[a] !== classificationOf(before)[a]);
    if (reclassified && !input.reason?.trim())
      throw fieldErrors([
        {
          field: 'reason',
          message: { ja: '分類を変更する理由を入力してください。', en: 'Give the reason for the reclassification.' },
        },
      ]);
    if (input.links) await checkLinks(tx, scope.tenantId, id, input.links);
    const set = (v: string | null | undefined, old: string | null) => (v === undefined ? old : v);
    const after: AssetRow = {
      ...before,
      ref: input.ref ?? before.ref,
      name: input.name ?? before.name,
      kind: input.kind ?? before.kind,
      business: set(input.business, before.business),
      org_unit_id: set(input.orgUnitId, before.org_unit_id),
      medium: input.medium ?? before.medium,
      location: set(input.location, before.location),
      tier: input.tier ?? before.tier,
      scheme_id: scheme.id,
      c_level: levels.codes.C,
      i_level: levels.codes.I,
      a_level: levels.codes.A,
      c_rank: levels.ranks.C,
      i_rank: levels.ranks.I,
      a_rank: levels.ranks.A,
      has_personal: flag(input.hasPersonal, before.has_personal),
      has_specific_personal: flag(input.hasSpecificPersonal, before.has_specific_personal),
      has_sensitive_personal: flag(input.hasSensitivePersonal, before.has_sensitive_personal),
      person_count: set(input.personCount, before.person_count),
      retention: set(input.retention, before.retention),
      retention_until: set(input.retentionUntil, before.retention_until),
      user_scope: set(input.userScope, before.user_scope),
      contractor: set(input.contractor, before.contractor),
      next_review_on: set(input.nextReviewOn, before.next_review_on),
      last_reviewed_on: set(input.lastReviewedOn, before.last_reviewed_on),
      note: set(input.note, before.note),
      updated_at: nowIso(),
    };
    after.review_due_on = reviewDueOn({
      nextReviewOn: after.next_review_on,
      lastReviewedOn: after.last_reviewed_on,
      createdOn: after.created_at,
    });
    const { id: _id, tenant_id: _t, req_c_rank: _c, req_i_rank: _i, req_a_rank: _a, ...changes } = after;
    await tx.updateTable('asset').set(changes).where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    const oldTargets = input.links ? await linkTargets(tx, scope.tenantId, [id]) : [];
    if (input.links) await replaceLinks(tx, scope.tenantId, id, input.links);
    if (reclassified || input.links) await refreshWatermarks(tx, scope.tenantId, [id, ...oldTargets]);
    if (reclassified) {
      const detail = {
        from: { schemeId: before.scheme_id, ...classificationOf(before) },
        to: { schemeId: scheme.id, ...levels.codes },
      };
      await insertEvent(tx, scope, {
        assetId: id,
        action: 'RECLASSIFY',
        cRank: levels.ranks.C,
        reason: input.reason,
        detail,
      });
    }
    if (unitChanged)
      await insertEvent(tx, scope, {
        assetId: id,
        action: 'TRANSFER_OWNER',
        cRank: levels.ranks.C,
        reason: input.reason,
        detail: { from: before.org_unit_id, to: after.org_unit_id },
      });
    await appendAudit(tx, scope, {
      action: reclassified ? 'reclassify' : 'update',
      entityType: 'asset',
      entityId: id,
      before,
      after: { ...after, ...(input.links ? { links: input.links } : {}), reason: input.reason ?? null },
    });
    return { id };
  });
}
