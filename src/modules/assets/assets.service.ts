/**
 * The register (情報資産管理台帳): list with server-side filter, sort, search and keyset pagination; create; edit;
 * bulk reclassification with a reason. A change of class or owner is an event of the asset as well as an audit
 * event, in the same transaction as the change.
 */
import { reviewDueOn } from '../../domain/assets/findings.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { AXES, type Axis, type ClassificationScheme, schemeInForce } from '../../domain/classification.ts';
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx, toCount } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, type FieldError, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { type AccessContext, accessContext, can, requireAccess, visibleUnits } from './access.ts';
import { applyFilter, type AssetRow, baseQuery, findAsset, replaceLinks, keysetPage } from './assets.repo.ts';
import { linkTargets, refreshWatermarks } from './watermark.repo.ts';
import { AXIS_FIELDS, resolveLevels } from './classify.ts';
import type { AssetCreate, AssetFilter, AssetListQuery, AssetUpdate, Reclassify } from './contract.ts';
import { loadSchemes } from './schemes.service.ts';
import { assetView, classificationOf, type ViewContext } from './view.ts';

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
    const page = await keysetPage(filtered, query.sort, query, query.order);
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

function resolveOrThrow(scheme: ClassificationScheme, input: Partial<Record<Axis, string | null | undefined>>) {
  const r = resolveLevels(scheme, input);
  if (r.errors.length) throw fieldErrors(r.errors.map((e) => ({ field: e.field, message: e.message })));
  return r.ok;
}

function schemeFor(list: ClassificationScheme[], id: string | null | undefined): ClassificationScheme {
  const s = id ? list.find((x) => x.id === id) : schemeInForce(list, todayInJapan());
  if (!s)
    throw fieldErrors([
      {
        field: 'schemeId',
        message: { ja: '分類基準が見つかりません。', en: 'The classification scheme was not found.' },
      },
    ]);
  return s;
}

const flag = (v: boolean | undefined | null, fallback: number) =>
  v === undefined || v === null ? fallback : v ? 1 : 0;

export async function insertEvent(
  tx: Tx,
  scope: Scope,
  row: { assetId: string; action: string; cRank: number; reason?: string | null; detail?: unknown },
) {
  const now = nowIso();
  await tx
    .insertInto('asset_event')
    .values({
      id: uuidv7(),
      tenant_id: scope.tenantId,
      asset_id: row.assetId,
      action: row.action,
      at: now,
      recorded_by_label: scope.actor.label,
      performed_by: scope.actor.personId,
      permission_id: null,
      permission_required: 0,
      c_rank: row.cRank,
      encrypted: null,
      method: null,
      recipient: null,
      destination: null,
      reason: row.reason ?? null,
      detail: row.detail === undefined ? null : JSON.stringify(row.detail),
      expected_return_on: null,
      returned_at: null,
      certificate_file_id: null,
      created_at: now,
    })
    .execute();
}

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

/** Bulk reclassification: every listed asset or none (fail closed), one RECLASSIFY event each, with the reason. */
export async function reclassifyAssets(services: Services, scope: Scope, input: Reclassify) {
  return inTenant(services.database, scope, async (tx) => {
    const ids = [...new Set(input.assetIds)];
    const rows = await tx
      .selectFrom('asset')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', 'in', ids)
      .execute();
    if (rows.length !== ids.length) throw notFound(ASSET);
    const ctx = await accessContext(tx, scope);
    if (rows.some((r) => !can(services, scope, ctx, 'manage', 'asset', r.org_unit_id))) throw forbidden();
    const schemes = await loadSchemes(tx, scope);
    const errors: FieldError[] = [];
    const changes: Array<{
      row: AssetRow;
      scheme: ClassificationScheme;
      codes: Record<Axis, string | null>;
      ranks: Record<Axis, number>;
    }> = [];
    for (const row of rows) {
      if (row.status === 'DISPOSED') {
        errors.push({
          field: 'assetIds',
          message: { ja: `「${row.ref}」は廃棄済みです。`, en: `${row.ref} is disposed of.` },
        });
        continue;
      }
      const scheme = schemeFor(schemes, input.schemeId ?? row.scheme_id);
      const given = { C: input.confidentiality, I: input.integrity, A: input.availability };
      const current = classificationOf(row);
      const r = resolveLevels(scheme, {
        C: given.C === undefined ? current.C : given.C,
        I: given.I === undefined ? current.I : given.I,
        A: given.A === undefined ? current.A : given.A,
      });
      for (const e of r.errors)
        errors.push({
          field: AXIS_FIELDS[e.axis],
          message: { ja: `「${row.ref}」: ${e.message.ja}`, en: e.message.en },
        });
      if (r.errors.length === 0) changes.push({ row, scheme, ...r.ok });
    }
    if (errors.length) throw fieldErrors(errors);
    const now = nowIso();
    const changed = changes.filter(
      (c) => c.scheme.id !== c.row.scheme_id || AXES.some((a) => c.codes[a] !== classificationOf(c.row)[a]),
    );
    for (const c of changed) {
      await tx
        .updateTable('asset')
        .set({
          scheme_id: c.scheme.id,
          c_level: c.codes.C,
          i_level: c.codes.I,
          a_level: c.codes.A,
          c_rank: c.ranks.C,
          i_rank: c.ranks.I,
          a_rank: c.ranks.A,
          updated_at: now,
        })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', c.row.id)
        .execute();
      const detail = {
        from: { schemeId: c.row.scheme_id, ...classificationOf(c.row) },
        to: { schemeId: c.scheme.id, ...c.codes },
      };
      await insertEvent(tx, scope, {
        assetId: c.row.id,
        action: 'RECLASSIFY',
        cRank: c.ranks.C,
        reason: input.reason,
        detail,
      });
    }
    await refreshWatermarks(
      tx,
      scope.tenantId,
      changed.map((c) => c.row.id),
    );
    await appendAudit(tx, scope, {
      action: 'reclassify',
      entityType: 'asset',
      after: {
        reason: input.reason,
        changes: changed.map((c) => ({
          id: c.row.id,
          ref: c.row.ref,
          from: classificationOf(c.row),
          to: c.codes,
          schemeId: c.scheme.id,
        })),
      },
    });
    return { requested: ids.length, changed: changed.length, unchanged: ids.length - changed.length };
  });
}
