/**
 * Exports: any filtered list of the register to .xlsx or CSV (UTF-8 with BOM, or Shift_JIS), streamed in batches
 * of short transactions so 100,000 rows need neither the memory nor a long lock; the import template with
 * drop-downs; and the findings. The export writes the import's own columns, so it imports back unchanged.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { CompiledQuery } from 'kysely';
import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import {
  ASSET_KIND_LABELS,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  type AssetKind,
  type AssetMedium,
  type AssetTier,
  LINK_KINDS,
  PERSON_COUNT_LABELS,
  type PersonCount,
} from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { type ClassificationScheme, labelText, levelsOf, schemeInForce } from '../../domain/classification.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { attachmentHeader, encodeCsv, toCsv } from '../../platform/csv.ts';
import { MIME } from '../../platform/files.ts';
import type { Services } from '../../platform/http/services.ts';
import { type UnitRow, unitPath, unitsInForce } from '../organisation/units.repo.ts';
import { accessContext, visibleUnits } from './access.ts';
import {
  type AssetRow,
  applyFilter,
  baseQuery,
  inIndexOrder,
  keysetPage,
  type LinkRow,
  linksOf,
  SORT_COLUMNS,
} from './assets.repo.ts';
import { ASSET_COLUMNS, EXPORT_HEADERS, MAX_IMPORT_ROWS, NO, YES } from './columns.ts';
import type { AssetFilter, AssetSort } from './contract.ts';
import { computeFindings } from './findings.service.ts';
import { loadSchemes } from './schemes.service.ts';
import { sheetWriter } from './sheet-writer.ts';
import { listTemplate } from './xlsx.ts';

const BATCH = 500;
/** Rows per FETCH from the PostgreSQL cursor. */
const FETCH = 1000;
/** What rowValues reads (no tenant id, ranks or timestamps it does not print). */
const EXPORTED_COLUMNS: ReadonlyArray<keyof AssetRow> = [
  'id',
  'ref',
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
  'status',
  'updated_at',
];
const stamp = () => todayInJapan().replaceAll('-', '');

/** What every row of an export needs, computed once: unit paths and the 表示 text per classification. */
function exportContext(units: UnitRow[], schemes: Map<string, ClassificationScheme>) {
  const paths = new Map(units.map((u) => [u.id, unitPath(units, u.id)]));
  const labels = new Map<string, string>();
  const label = (r: AssetRow) => {
    const scheme = r.scheme_id ? schemes.get(r.scheme_id) : undefined;
    if (!scheme) return '【未分類】';
    const key = `${scheme.id}|${r.c_level}|${r.i_level}|${r.a_level}`;
    let text = labels.get(key);
    if (text === undefined) {
      text = labelText(scheme, { C: r.c_level, I: r.i_level, A: r.a_level }).short;
      labels.set(key, text);
    }
    return text;
  };
  return { paths, schemes, label };
}

function rowValues(r: AssetRow, ctx: ReturnType<typeof exportContext>, links: LinkRow[]): string[] {
  const scheme = r.scheme_id ? ctx.schemes.get(r.scheme_id) : undefined;
  const refs = (kind: string) =>
    links.length === 0
      ? ''
      : links
          .filter((l) => l.kind === kind)
          .map((l) => l.targetRef)
          .sort()
          .join('、');
  const yesNo = (v: number) => (Number(v) === 1 ? YES : NO);
  return [
    r.ref,
    r.name,
    ASSET_KIND_LABELS[r.kind as AssetKind] ?? r.kind,
    r.business ?? '',
    r.org_unit_id ? (ctx.paths.get(r.org_unit_id) ?? '') : '',
    ASSET_MEDIUM_LABELS[r.medium as AssetMedium] ?? r.medium,
    r.location ?? '',
    ASSET_TIER_LABELS[r.tier as AssetTier] ?? r.tier,
    scheme?.code ?? '',
    r.c_level ?? '',
    r.i_level ?? '',
    r.a_level ?? '',
    yesNo(r.has_personal),
    yesNo(r.has_specific_personal),
    yesNo(r.has_sensitive_personal),
    r.person_count ? (PERSON_COUNT_LABELS[r.person_count as PersonCount] ?? r.person_count) : '',
    r.retention ?? '',
    r.retention_until ?? '',
    r.user_scope ?? '',
    r.contractor ?? '',
    r.next_review_on ?? '',
    r.last_reviewed_on ?? '',
    ...LINK_KINDS.map(refs),
    r.note ?? '',
    r.status === 'DISPOSED' ? '廃棄済' : '管理中',
    ctx.label(r),
    r.updated_at,
  ];
}

function* groups<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let group: T[] = [];
  for (const item of items) {
    group.push(item);
    if (group.length === size) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

export interface Download {
  contentType: string;
  disposition: string;
  body: Readable | Buffer;
}

/**
 * Characters whose Unicode form differs between Japanese code tables: CP932 has the full-width forms (～ for 〜 etc.).
 * Anything else CP932 lacks (𠮷, emoji) becomes "?": the UTF-8 export keeps everything.
 */
const CP932_FORMS: Record<string, string> = {
  '\u301C': '\uFF5E',
  '\u2212': '\uFF0D',
  '\u2016': '\u2225',
  '\u2014': '\u2015',
  '\u00A2': '\uFFE0',
  '\u00A3': '\uFFE1',
  '\u00AC': '\uFFE2',
};
export const toCp932 = (text: string) =>
  text.replace(/[\u301C\u2212\u2016\u2014\u00A2\u00A3\u00AC]/g, (c) => CP932_FORMS[c]);

/** Writes CSV rows in chunks; the first chunk carries the BOM (UTF-8) or nothing (Shift_JIS). */
function csvSink(encoding: 'utf8' | 'sjis') {
  const stream = new PassThrough();
  let first = true;
  return {
    stream,
    write(rows: string[][]) {
      if (rows.length === 0) return true;
      // toCsv formats its first argument like any row (it is the header slot), so a batch is toCsv(row0, rest).
      const text = toCsv(rows[0], rows.slice(1));
      const bytes =
        encoding === 'sjis'
          ? iconv.encode(toCp932(text), 'cp932')
          : first
            ? encodeCsv(text, 'utf8')
            : Buffer.from(text, 'utf8');
      first = false;
      return stream.write(bytes);
    },
  };
}

export async function exportAssets(
  services: Services,
  scope: Scope,
  query: AssetFilter & { sort: AssetSort; format: 'xlsx' | 'csv'; encoding: 'utf8' | 'sjis' },
): Promise<Download> {
  const setup = await inTenant(services.database, scope, async (tx) => {
    const ctx = await accessContext(tx, scope);
    const vis = visibleUnits(services, scope, ctx);
    const schemes = await loadSchemes(tx, scope);
    const { format, encoding, ...filter } = query;
    await appendAudit(tx, scope, { action: 'export', entityType: 'asset', after: { format, encoding, filter } });
    const byId = new Map(schemes.map((s) => [s.id, s]));
    return { units: ctx.units, visible: vis.all ? null : vis.unitIds, rows: exportContext(ctx.units, byId) };
  });
  const columns = EXPORT_HEADERS.map((header, i) => ({ header, width: ASSET_COLUMNS[i]?.width ?? 18 }));
  const xlsx = query.format === 'xlsx' ? sheetWriter('情報資産管理台帳', columns) : null;
  const csv = query.format === 'csv' ? csvSink(query.encoding) : null;
  const out = (xlsx?.stream ?? csv?.stream) as PassThrough;
  csv?.write([EXPORT_HEADERS]);
  /** Writes one batch; each row is let go as soon as it is written, so little outlives the next scavenge. */
  const write = async (items: AssetRow[], links: LinkRow[]) => {
    const byAsset = new Map<string, LinkRow[]>();
    for (const l of links) {
      const list = byAsset.get(l.assetId);
      if (list) list.push(l);
      else byAsset.set(l.assetId, [l]);
    }
    const values = function* () {
      for (let i = 0; i < items.length; i += 1) {
        const r = items[i];
        items[i] = undefined as never;
        yield rowValues(r, setup.rows, byAsset.get(r.id) ?? []);
      }
    };
    if (xlsx) await xlsx.addRows(values());
    else for (const group of groups(values(), 50)) if (!csv!.write(group) && !out.destroyed) await once(out, 'drain');
  };
  const filterOf = (tx: Tx) =>
    applyFilter(baseQuery(tx, scope.tenantId), query, { units: setup.units, visible: setup.visible });
  const produce = async () => {
    if (services.database.dialect === 'postgres') {
      // One transaction and a server-side cursor: no BEGIN/set_config/COMMIT and query build per batch. Keyset batches
      // of 500 in their own transactions promoted ~1 MB per scavenge, and the old generation grew by ~150 MB before a
      // full collection (PERFORMANCE.md). The snapshot holds no lock writers wait for; it holds one pooled connection
      // while the download lasts.
      await inTenant(services.database, scope, async (tx) => {
        const { column, order } = SORT_COLUMNS[query.sort];
        const compiled = filterOf(tx)
          .select([...new Set([...EXPORTED_COLUMNS, column])] as Array<keyof AssetRow>)
          .orderBy(column, order)
          .orderBy('id', order)
          .compile();
        // The plan is fixed at DECLARE: index order for it only (with sorts off, the links query's plan costs
        // 10^10, which sets off ~100 ms of JIT compilation per batch).
        await inIndexOrder(tx, () =>
          tx.executeQuery(
            CompiledQuery.raw(`DECLARE asset_export NO SCROLL CURSOR FOR ${compiled.sql}`, [...compiled.parameters]),
          ),
        );
        for (;;) {
          if (out.destroyed) return;
          const { rows } = await tx.executeQuery<AssetRow>(CompiledQuery.raw(`FETCH ${FETCH} FROM asset_export`));
          if (rows.length === 0) break;
          const links = await linksOf(
            tx,
            scope.tenantId,
            rows.map((r) => r.id),
            false,
          );
          await write(rows as AssetRow[], links);
        }
        await tx.executeQuery(CompiledQuery.raw('CLOSE asset_export'));
      });
    } else {
      let cursor: string | undefined;
      do {
        if (out.destroyed) return;
        const batch = await inTenant(services.database, scope, async (tx) => {
          const page = await keysetPage(
            filterOf(tx),
            query.sort,
            { limit: BATCH, cursor },
            undefined,
            EXPORTED_COLUMNS,
          );
          const ids = page.items.map((r) => r.id);
          return { ...page, links: await linksOf(tx, scope.tenantId, ids, false) };
        });
        await write(batch.items, batch.links);
        cursor = batch.nextCursor ?? undefined;
      } while (cursor);
    }
    if (xlsx) await xlsx.done();
    else out.end();
  };
  produce().catch((error: Error) => out.destroy(error));
  const name = `情報資産管理台帳_${stamp()}.${query.format}`;
  return {
    contentType:
      query.format === 'xlsx' ? MIME.xlsx : `text/csv; charset=${query.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
    disposition: attachmentHeader(name, `assets_${stamp()}.${query.format}`),
    body: out,
  };
}

export async function assetTemplate(services: Services, scope: Scope, format: 'xlsx' | 'csv'): Promise<Download> {
  if (format === 'csv')
    return {
      contentType: 'text/csv; charset=utf-8',
      disposition: attachmentHeader('情報資産取込テンプレート.csv', 'asset-import-template.csv'),
      body: encodeCsv(
        toCsv(
          ASSET_COLUMNS.map((c) => c.header),
          [],
        ),
        'utf8',
      ),
    };
  const { units, schemes } = await inTenant(services.database, scope, async (tx) => ({
    units: (await accessContext(tx, scope)).units,
    schemes: await loadSchemes(tx, scope),
  }));
  const today = todayInJapan();
  const current = schemeInForce(schemes, today) ?? schemes[0];
  const codes = (axis: 'C' | 'I' | 'A') => [...new Set(schemes.flatMap((s) => levelsOf(s, axis).map((l) => l.code)))];
  const lists: Record<string, string[]> = {
    kind: Object.values(ASSET_KIND_LABELS),
    medium: Object.values(ASSET_MEDIUM_LABELS),
    tier: Object.values(ASSET_TIER_LABELS),
    unit: unitsInForce(units, today).map((u) => unitPath(units, u.id)),
    scheme: schemes.map((s) => s.code),
    C: codes('C'),
    I: codes('I'),
    A: codes('A'),
    yesno: [YES, NO],
    personCount: Object.values(PERSON_COUNT_LABELS),
  };
  const body = await listTemplate({
    sheetName: '情報資産',
    columns: ASSET_COLUMNS.map((c) => ({
      header: c.header,
      width: c.width,
      note: `${c.note}${c.example ? `\n例: ${c.example}` : ''}`,
      list: c.list ? lists[c.list] : undefined,
    })),
    dataRows: MAX_IMPORT_ROWS,
    example: {
      sheetName: '記入例',
      row: ASSET_COLUMNS.map((c) => c.example),
      notes: [
        '記入例です。このシートは取り込まれません。「情報資産」シートの2行目から入力してください。',
        `施行中の分類基準: ${current?.name ?? ''}（${current?.code ?? ''}）。機密性・完全性・可用性は、この基準の区分コードで入力します。`,
        '管理番号が登録済みの行は、その情報資産を上書き更新します。出力したファイルをそのまま取り込んでも、何も変わりません。',
        `1回に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです。誤りが1件でもあるときは、1件も登録されません。`,
      ],
    },
  });
  return {
    contentType: MIME.xlsx,
    disposition: attachmentHeader('情報資産取込テンプレート.xlsx', 'asset-import-template.xlsx'),
    body,
  };
}

const FINDING_HEADERS = [
  '重要度',
  'コード',
  '内容',
  '情報資産',
  '所管課室',
  '根拠文書',
  '条項',
  '根拠の確度',
  '根拠の要旨',
];
const SEVERITY_LABELS = { critical: '重大', high: '高', medium: '中', low: '低' } as const;

export async function exportFindings(
  services: Services,
  scope: Scope,
  query: { code?: string; unitId?: string; format: 'xlsx' | 'csv'; encoding: 'utf8' | 'sjis' },
): Promise<Download> {
  const rows = await inTenant(services.database, scope, async (tx) => {
    const { findings } = await computeFindings(tx, services, scope, query);
    const units = (await accessContext(tx, scope)).units;
    await appendAudit(tx, scope, {
      action: 'export',
      entityType: 'asset_finding',
      after: { ...query, count: findings.length },
    });
    return findings.map((f) => [
      SEVERITY_LABELS[f.severity],
      f.code,
      f.message.ja,
      f.subject.label,
      f.unitId ? unitPath(units, f.unitId) : '',
      f.clause.document,
      f.clause.ref,
      f.clause.label,
      f.clause.summary,
    ]);
  });
  const name = `情報資産の指摘事項_${stamp()}.${query.format}`;
  const disposition = attachmentHeader(name, `asset-findings_${stamp()}.${query.format}`);
  if (query.format === 'csv')
    return {
      contentType: `text/csv; charset=${query.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
      disposition,
      body:
        query.encoding === 'sjis'
          ? iconv.encode(toCp932(toCsv(FINDING_HEADERS, rows)), 'cp932')
          : encodeCsv(toCsv(FINDING_HEADERS, rows), 'utf8'),
    };
  const sheet = sheetWriter(
    '指摘事項',
    FINDING_HEADERS.map((header, i) => ({ header, width: i === 2 || i === 8 ? 60 : 18 })),
  );
  const chunks: Buffer[] = [];
  sheet.stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(sheet.stream, 'end');
  await sheet.addRows(rows);
  await sheet.done();
  await ended;
  return { contentType: MIME.xlsx, disposition, body: Buffer.concat(chunks) };
}
