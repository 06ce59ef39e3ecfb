/**
 * Bulk import of the register (情報資産の一括取込). A row whose 管理番号 is registered updates that asset; a new one
 * creates it; a row equal to what is registered changes nothing (so an exported file imports back unchanged).
 * A commit writes every row in one transaction or nothing at all (fail closed), with one audit event for the file.
 */
import { reviewDueOn } from '../../domain/assets/findings.ts';
import type { LinkKind } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { AXES, type ClassificationScheme } from '../../domain/classification.ts';
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { accessContext, can } from './access.ts';
import { type AssetRow, insertLinks } from './assets.repo.ts';
import { headerOf } from './columns.ts';
import { type CheckedRow, checkRow, type RowError, unitResolver } from './import.check.ts';
import type { ParsedAssets } from './import.parse.ts';
import { loadSchemes } from './schemes.service.ts';
import { linkTargets, refreshWatermarks } from './watermark.repo.ts';

const MAX_REPORTED_ERRORS = 1000;
const SAMPLE_SIZE = 20;
const COMPARED: Array<keyof AssetRow> = [
  'name',
  'kind',
  'business',
  'org_unit_id',
  'medium',
  'location',
  'tier',
  'scheme_id',
  'c_level',
  'i_level',
  'a_level',
  'has_personal',
  'has_specific_personal',
  'has_sensitive_personal',
  'person_count',
  'retention',
  'retention_until',
  'user_scope',
  'contractor',
  'next_review_on',
  'last_reviewed_on',
  'note',
];

export interface ImportReport {
  format: ParsedAssets['format'];
  encoding: ParsedAssets['encoding'];
  rows: number;
  valid: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: RowError[];
  sample: Array<Record<string, unknown>>;
}

interface Planned {
  row: CheckedRow;
  existing: AssetRow | null;
  values: Omit<
    AssetRow,
    | 'id'
    | 'tenant_id'
    | 'status'
    | 'disposed_at'
    | 'created_at'
    | 'updated_at'
    | 'review_due_on'
    | 'ref'
    | 'req_c_rank'
    | 'req_i_rank'
    | 'req_a_rank'
  >;
  linkKey: string;
  change: 'create' | 'update' | 'unchanged';
  classChanged: boolean;
}

async function byRefs(tx: Tx, tenantId: string, refs: string[]) {
  const out = new Map<string, AssetRow>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await tx
      .selectFrom('asset')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ref', 'in', refs.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.ref, r);
  }
  return out;
}

async function existingLinkKeys(tx: Tx, tenantId: string, ids: string[]) {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .selectFrom('asset_link as l')
      .innerJoin('asset as t', 't.id', 'l.target_id')
      .select(['l.asset_id', 'l.kind', 't.ref'])
      .where('l.tenant_id', '=', tenantId)
      .where('l.asset_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.asset_id, [...(out.get(r.asset_id) ?? []), `${r.kind}:${r.ref}`]);
  }
  return out;
}

const linkKey = (links: Array<{ kind: string; ref: string }>) =>
  [...new Set(links.map((l) => `${l.kind}:${l.ref}`))].sort().join('|');

async function check(tx: Tx, services: Services, scope: Scope, file: ParsedAssets) {
  const ctx = await accessContext(tx, scope);
  const schemes = await loadSchemes(tx, scope);
  const today = todayInJapan();
  const fileRefs = [
    ...new Set(
      file.rows.map((r) => (r.cells[file.index.get('ref') ?? -1] ?? '').normalize('NFKC').trim()).filter(Boolean),
    ),
  ];
  const existing = await byRefs(tx, scope.tenantId, fileRefs);
  const schemeById = new Map(schemes.map((s) => [s.id, s]));
  const rowCtx = {
    resolveUnit: unitResolver(ctx.units, today),
    schemes,
    today,
    existingScheme: (ref: string): ClassificationScheme | null => {
      const id = existing.get(ref)?.scheme_id;
      return id ? (schemeById.get(id) ?? null) : null;
    },
  };
  const errors: RowError[] = file.merges.map((m) => ({
    row: m.row,
    column: m.column,
    message: {
      ja: `セルが結合されています（${m.range}）。結合を解除し、各セルに値を入力してください。`,
      en: `Merged cells (${m.range}); unmerge them.`,
    },
  }));
  const rows: CheckedRow[] = [];
  for (const r of file.rows) {
    const result = checkRow(r.number, r.cells, file.index, rowCtx);
    rows.push(result.checked);
    errors.push(...result.errors);
  }
  const refColumn = headerOf('ref');
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    if (!r.ref) continue;
    const first = firstRow.get(r.ref);
    if (first === undefined) firstRow.set(r.ref, r.row);
    else
      errors.push({
        row: r.row,
        column: refColumn,
        message: {
          ja: `管理番号「${r.ref}」が${first}行目と重複しています。`,
          en: `Asset number ${r.ref} repeats row ${first}.`,
        },
      });
  }
  const linkRefs = [...new Set(rows.flatMap((r) => r.links.map((l) => l.ref)))].filter(
    (ref) => !firstRow.has(ref) && !existing.has(ref),
  );
  const linked = await byRefs(tx, scope.tenantId, linkRefs);
  const oldLinks = await existingLinkKeys(
    tx,
    scope.tenantId,
    [...existing.values()].map((e) => e.id),
  );
  const planned: Planned[] = [];
  for (const r of rows) {
    for (const l of r.links) {
      if (l.ref === r.ref)
        errors.push({
          row: r.row,
          column: headerOf(l.kind),
          message: { ja: '自分自身の管理番号は指定できません。', en: 'An asset cannot link to itself.' },
        });
      else if (!firstRow.has(l.ref) && !existing.has(l.ref) && !linked.has(l.ref))
        errors.push({
          row: r.row,
          column: headerOf(l.kind),
          message: {
            ja: `管理番号「${l.ref}」の情報資産が見つかりません（台帳にもこのファイルにもありません）。`,
            en: `No asset ${l.ref}.`,
          },
        });
    }
    const before = existing.get(r.ref) ?? null;
    if (before && !can(services, scope, ctx, 'manage', 'asset', before.org_unit_id))
      errors.push({
        row: r.row,
        column: refColumn,
        message: {
          ja: `管理番号「${r.ref}」の情報資産を更新する権限がありません。`,
          en: 'Not allowed to update this asset.',
        },
      });
    if (!r.input || !r.scheme) continue;
    const i = r.input;
    if (!can(services, scope, ctx, 'manage', 'asset', i.orgUnitId ?? null))
      errors.push({
        row: r.row,
        column: headerOf('unit'),
        message: { ja: 'この所管課室の情報資産を登録する権限がありません。', en: 'Not allowed for this unit.' },
      });
    const values: Planned['values'] = {
      name: i.name,
      kind: i.kind,
      business: i.business ?? null,
      org_unit_id: i.orgUnitId ?? null,
      medium: i.medium,
      location: i.location ?? null,
      tier: i.tier,
      scheme_id: r.scheme.id,
      c_level: i.confidentiality ?? null,
      i_level: i.integrity ?? null,
      a_level: i.availability ?? null,
      c_rank: r.ranks.C,
      i_rank: r.ranks.I,
      a_rank: r.ranks.A,
      has_personal: i.hasPersonal ? 1 : 0,
      has_specific_personal: i.hasSpecificPersonal ? 1 : 0,
      has_sensitive_personal: i.hasSensitivePersonal ? 1 : 0,
      person_count: i.personCount ?? null,
      retention: i.retention ?? null,
      retention_until: i.retentionUntil ?? null,
      user_scope: i.userScope ?? null,
      contractor: i.contractor ?? null,
      next_review_on: i.nextReviewOn ?? null,
      last_reviewed_on: i.lastReviewedOn ?? null,
      note: i.note ?? null,
    };
    const key = linkKey(r.links);
    const differs = before
      ? COMPARED.some((k) => (before[k] ?? null) !== (values[k as keyof Planned['values']] ?? null))
      : true;
    const linksDiffer = before ? (oldLinks.get(before.id) ?? []).sort().join('|') !== key : true;
    if (before?.status === 'DISPOSED' && (differs || linksDiffer))
      errors.push({
        row: r.row,
        column: refColumn,
        message: { ja: `管理番号「${r.ref}」は廃棄済みのため変更できません。`, en: 'Disposed assets cannot change.' },
      });
    const classChanged =
      before !== null &&
      (before.scheme_id !== values.scheme_id ||
        AXES.some(
          (a) =>
            before[`${a.toLowerCase() as 'c' | 'i' | 'a'}_level`] !==
            values[`${a.toLowerCase() as 'c' | 'i' | 'a'}_level`],
        ));
    planned.push({
      row: r,
      existing: before,
      values,
      linkKey: key,
      change: !before ? 'create' : differs || linksDiffer ? 'update' : 'unchanged',
      classChanged,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  const badRows = new Set(errors.map((e) => e.row));
  const count = (c: Planned['change']) => planned.filter((p) => p.change === c && !badRows.has(p.row.row)).length;
  const report: ImportReport = {
    format: file.format,
    encoding: file.encoding,
    rows: rows.length,
    valid: rows.filter((r) => !badRows.has(r.row)).length,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    errorCount: errors.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    sample: rows.slice(0, SAMPLE_SIZE).map((r) => ({
      row: r.row,
      ref: r.ref,
      name: r.input?.name ?? null,
      unitPath: r.unitPath,
      change: planned.find((p) => p.row === r)?.change ?? null,
      valid: !badRows.has(r.row),
    })),
  };
  return { report, planned, linked, existing };
}

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
