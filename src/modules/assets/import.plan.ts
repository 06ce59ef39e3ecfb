/**
 * Planning an import: each row checked (import.check.ts), then against the register: duplicates in the file, links
 * to 管理番号 that exist nowhere, what the importer may manage, and whether the row creates, updates or changes
 * nothing. The report is what the preview shows and what a refused commit returns.
 */
import type { Scope, Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { AXES, type ClassificationScheme } from '../../domain/classification.ts';
import type { Services } from '../../platform/http/services.ts';
import { accessContext, can } from './access.ts';
import type { AssetRow } from './assets.repo.ts';
import { headerOf } from './columns.ts';
import { type CheckedRow, checkRow, type RowError, unitResolver } from './import.check.ts';
import type { ParsedAssets } from './import.parse.ts';
import { loadSchemes } from './schemes.service.ts';

const MAX_REPORTED_ERRORS = 1000;
const SAMPLE_SIZE = 20;
export const COMPARED: Array<keyof AssetRow> = [
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

export interface Planned {
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

/** Checks every row against the register and plans what a commit would do; writes nothing. */
export async function check(tx: Tx, services: Services, scope: Scope, file: ParsedAssets) {
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
