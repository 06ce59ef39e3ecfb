/**
 * Bulk reclassification (分類の一括変更) with a reason: every listed asset or none (fail closed), one RECLASSIFY event
 * each, one audit event for the decision, and the required classes downstream recomputed in the same transaction.
 */
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { AXES, type Axis, type ClassificationScheme } from '../../domain/classification.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { type FieldError, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { accessContext, can } from './access.ts';
import type { AssetRow } from './assets.repo.ts';
import { ASSET } from './assets.service.ts';
import { AXIS_FIELDS, resolveLevels, schemeFor } from './classify.ts';
import type { Reclassify } from './contract.ts';
import { loadSchemes } from './schemes.service.ts';
import { classificationOf } from './view.ts';
import { refreshWatermarks } from './watermark.repo.ts';

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
