/**
 * Bulk import of the register (情報資産の一括取込). A row whose 管理番号 is registered updates that asset; a new one
 * creates it; a row equal to what is registered changes nothing (so an exported file imports back unchanged).
 * A commit writes every row in one transaction or nothing at all (fail closed), with one audit event for the file.
 */

import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { reviewDueOn } from '../../domain/assets/findings.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { type AppError, badRequest } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { type AssetRow, insertLinks } from './assets.repo.ts';
import type { ParsedAssets } from './import.parse.ts';
import { COMPARED, check, type ImportReport, type Planned } from './import.plan.ts';
import { linkTargets, refreshWatermarks } from './watermark.repo.ts';

export type { ImportReport };

export async function previewAssetImport(services: Services, scope: Scope, file: ParsedAssets): Promise<ImportReport> {
  return inTenant(services.database, scope, async (tx) => (await check(tx, services, scope, file)).report);
}

function rejected(report: ImportReport): AppError {
  const first = report.errors[0];
  const more = report.errorCount > 1 ? `（ほか${(report.errorCount - 1).toLocaleString('ja-JP')}件）` : '';
  return badRequest(
    'IMPORT_INVALID',
    {
      ja: `取り込めませんでした。${first ? `${first.row}行目「${first.column}」: ${first.message.ja}` : ''}${more}ファイルを修正して、もう一度取り込んでください。情報資産は1件も登録・更新されていません。`,
      en: `Nothing was imported: ${report.errorCount} error(s). Correct the file and try again.`,
    },
    report,
  );
}

/** Checks again inside the transaction and writes everything, or throws and writes nothing. */
export async function commitAssetImport(
  services: Services,
  scope: Scope,
  file: ParsedAssets,
  meta: { filename: string; sha256: string },
): Promise<ImportReport & { imported: number }> {
  return inTenant(services.database, scope, async (tx) => {
    const { report, planned, linked, existing } = await check(tx, services, scope, file);
    if (report.errorCount > 0) throw rejected(report);
    const now = nowIso();
    const idOf = new Map<string, string>([...existing].map(([ref, r]) => [ref, r.id]));
    for (const [ref, r] of linked) idOf.set(ref, r.id);
    const creates = planned.filter((p) => p.change === 'create');
    for (const p of creates) idOf.set(p.row.ref, uuidv7());
    const rows: AssetRow[] = creates.map((p) => ({
      id: idOf.get(p.row.ref)!,
      tenant_id: scope.tenantId,
      ref: p.row.ref,
      ...p.values,
      req_c_rank: p.values.c_rank,
      req_i_rank: p.values.i_rank,
      req_a_rank: p.values.a_rank,
      review_due_on: reviewDueOn({
        nextReviewOn: p.values.next_review_on,
        lastReviewedOn: p.values.last_reviewed_on,
        createdOn: now,
      }),
      status: 'ACTIVE',
      disposed_at: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('asset')
        .values(rows.slice(i, i + 500))
        .execute();
    const updates = planned.filter((p) => p.change === 'update');
    const events: Array<Record<string, unknown>> = [];
    for (const p of updates) {
      const before = p.existing!;
      await tx
        .updateTable('asset')
        .set({
          ...p.values,
          review_due_on: reviewDueOn({
            nextReviewOn: p.values.next_review_on,
            lastReviewedOn: p.values.last_reviewed_on,
            createdOn: before.created_at,
          }),
          updated_at: now,
        })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', before.id)
        .execute();
      if (p.classChanged)
        events.push({
          id: uuidv7(),
          tenant_id: scope.tenantId,
          asset_id: before.id,
          action: 'RECLASSIFY',
          at: now,
          recorded_by_label: scope.actor.label,
          performed_by: scope.actor.personId,
          permission_id: null,
          permission_required: 0,
          c_rank: p.values.c_rank,
          encrypted: null,
          method: null,
          recipient: null,
          destination: null,
          reason: `一括取込（${meta.filename}）`,
          detail: JSON.stringify({
            from: { schemeId: before.scheme_id, C: before.c_level, I: before.i_level, A: before.a_level },
            to: { schemeId: p.values.scheme_id, C: p.values.c_level, I: p.values.i_level, A: p.values.a_level },
          }),
          expected_return_on: null,
          returned_at: null,
          certificate_file_id: null,
          created_at: now,
        });
    }
    for (let i = 0; i < events.length; i += 500)
      await tx
        .insertInto('asset_event')
        .values(events.slice(i, i + 500) as never)
        .execute();
    const relinked = [...creates, ...updates];
    const relinkIds = updates.map((p) => p.existing!.id);
    const oldTargets = await linkTargets(tx, scope.tenantId, relinkIds);
    for (let i = 0; i < relinkIds.length; i += 500)
      await tx
        .deleteFrom('asset_link')
        .where('tenant_id', '=', scope.tenantId)
        .where('asset_id', 'in', relinkIds.slice(i, i + 500))
        .execute();
    await insertLinks(
      tx,
      scope.tenantId,
      relinked.flatMap((p) =>
        p.row.links.map((l) => ({
          assetId: idOf.get(p.row.ref)!,
          kind: l.kind as LinkKind,
          targetId: idOf.get(l.ref)!,
        })),
      ),
    );
    await refreshWatermarks(tx, scope.tenantId, [...relinked.map((p) => idOf.get(p.row.ref)!), ...oldTargets]);
    await appendAudit(tx, scope, {
      action: 'import',
      entityType: 'asset',
      after: {
        file: meta.filename,
        sha256: meta.sha256,
        format: file.format,
        encoding: file.encoding,
        rows: planned.length,
        created: creates.map((p) => ({ id: idOf.get(p.row.ref), ref: p.row.ref })),
        updated: updates.map((p) => ({
          id: p.existing!.id,
          ref: p.row.ref,
          changes: Object.fromEntries(
            COMPARED.filter((k) => (p.existing![k] ?? null) !== (p.values[k as keyof Planned['values']] ?? null)).map(
              (k) => [k, [p.existing![k], p.values[k as keyof Planned['values']]]],
            ),
          ),
        })),
      },
    });
    return { ...report, imported: creates.length + updates.length };
  });
}
