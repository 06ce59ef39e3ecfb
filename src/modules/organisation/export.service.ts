/**
 * Exports of the organisation area's lists (職員等, 組織, 役割の任命, 実施機関) as .xlsx or CSV (UTF-8 with BOM, or
 * Shift_JIS). Built on the server so that each export is recorded in the audit trail with its filters and row count,
 * like the pledge, audit-trail and asset exports. A town's lists are thousands of rows at most: the rows are read
 * with the list services (same filters, same visibility), then written out.
 */
import { once } from 'node:events';
import type { Scope } from '../../db/scope.ts';
import { inTenant } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { ROLES, type RoleCode } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { attachmentHeader, encodeCsv, toCsv } from '../../platform/csv.ts';
import { MIME } from '../../platform/files.ts';
import type { Services } from '../../platform/http/services.ts';
import { toCp932 } from '../assets/export.service.ts';
import { sheetWriter } from '../assets/sheet-writer.ts';
import { listAppointments } from './appointments.service.ts';
import {
  BODY_KIND_LABELS,
  EMPLOYMENT_TYPE_LABELS,
  type EmploymentType,
  PERSON_STATUS_LABELS,
  UNIT_LEVEL_LABELS,
} from './contract.ts';
import { listPeople } from './people.service.ts';
import { listBodies, listUnits } from './units.service.ts';

export interface ExportFormat {
  format: 'xlsx' | 'csv';
  encoding: 'utf8' | 'sjis';
}

export interface OrganisationDownload {
  contentType: string;
  disposition: string;
  rows: number;
  body: Buffer;
}

interface Table {
  /** Sheet name and the start of the file name: 職員等 → 職員等_20260401.xlsx. */
  name: string;
  asciiName: string;
  header: string[];
  widths: number[];
  rows: Array<Array<string | number>>;
}

async function render(table: Table, out: ExportFormat): Promise<OrganisationDownload> {
  const stamp = todayInJapan().replaceAll('-', '');
  const disposition = attachmentHeader(
    `${table.name}_${stamp}.${out.format}`,
    `${table.asciiName}_${stamp}.${out.format}`,
  );
  if (out.format === 'csv') {
    const text = toCsv(table.header, table.rows);
    return {
      contentType: `text/csv; charset=${out.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
      disposition,
      rows: table.rows.length,
      body: out.encoding === 'sjis' ? encodeCsv(toCp932(text), 'sjis') : encodeCsv(text, 'utf8'),
    };
  }
  const sheet = sheetWriter(
    table.name,
    table.header.map((header, i) => ({ header, width: table.widths[i] ?? 16 })),
  );
  const chunks: Buffer[] = [];
  sheet.stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(sheet.stream, 'end');
  await sheet.addRows(table.rows);
  await sheet.done();
  await ended;
  return { contentType: MIME.xlsx, disposition, rows: table.rows.length, body: Buffer.concat(chunks) };
}

/** The audit event: what was exported, in which form, with which filters, how many rows. */
async function audit(
  services: Services,
  scope: Scope,
  entityType: string,
  out: ExportFormat,
  filter: object,
  rows: number,
) {
  await inTenant(services.database, scope, (tx) =>
    appendAudit(tx, scope, {
      action: 'export',
      entityType,
      after: { format: out.format, encoding: out.format === 'csv' ? out.encoding : undefined, filter, count: rows },
    }),
  );
}

const PAGE = 200;

export async function exportPeople(
  services: Services,
  scope: Scope,
  query: ExportFormat & {
    q?: string;
    unitId?: string;
    status?: string;
    employmentType?: string;
    sort: 'kana' | 'staffNumber';
  },
) {
  const { format, encoding, ...filter } = query;
  const rows: Table['rows'] = [];
  let cursor: string | undefined;
  do {
    const page = await listPeople(services, scope, { ...filter, limit: PAGE, cursor });
    for (const p of page.items) {
      rows.push([
        p.staffNumber,
        p.name,
        `${p.familyKana} ${p.givenKana}`,
        p.unitPath ?? '',
        p.title ?? '',
        EMPLOYMENT_TYPE_LABELS[p.employmentType as EmploymentType] ?? p.employmentType,
        p.employer ?? '',
        PERSON_STATUS_LABELS[p.status as keyof typeof PERSON_STATUS_LABELS] ?? p.status,
        p.email ?? '',
        p.phone ?? '',
        p.joinedOn ?? '',
        p.leftOn ?? '',
      ]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await audit(services, scope, 'person', query, filter, rows.length);
  return render(
    {
      name: '職員等',
      asciiName: 'people',
      header: [
        '職員番号',
        '氏名',
        'ふりがな',
        '所属',
        '職名',
        '雇用区分',
        '事業者名',
        '在職状況',
        'メールアドレス',
        '電話番号',
        '着任日',
        '退職・転出日',
      ],
      widths: [10, 16, 20, 30, 14, 18, 20, 12, 28, 14, 12, 12],
      rows,
    },
    query,
  );
}

export async function exportUnits(
  services: Services,
  scope: Scope,
  query: ExportFormat & { on?: string; includeClosed?: 'true' | 'false' },
) {
  const { format, encoding, ...filter } = query;
  const [units, bodies] = [await listUnits(services, scope, filter), await listBodies(services, scope)];
  const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
  const rows = treeOrder(units.items).map((u) => [
    bodyName.get(u.bodyId) ?? '',
    u.path,
    UNIT_LEVEL_LABELS[u.level as keyof typeof UNIT_LEVEL_LABELS] ?? u.level,
    u.code ?? '',
    u.peopleCount,
    u.validFrom,
    u.validTo ?? '',
  ]);
  await audit(services, scope, 'org_unit', query, filter, rows.length);
  return render(
    {
      name: '部局・課室',
      asciiName: 'units',
      header: ['実施機関', '組織のパス', '階層', '組織コード', '職員等', '設置日', '廃止日'],
      widths: [16, 36, 8, 12, 10, 12, 12],
      rows,
    },
    query,
  );
}

/** Parents before their children, siblings in the order the list gives them (as the unit tree shows them). */
function treeOrder<T extends { id: string; parentId: string | null }>(units: T[]): T[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, T[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: T[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push(u);
      walk(u.id);
    }
  };
  walk(null);
  return out;
}

export async function exportAppointments(
  services: Services,
  scope: Scope,
  query: ExportFormat & { role?: string; personId?: string; scopeId?: string; on?: string; includeEnded?: string },
) {
  const { format, encoding, ...filter } = query;
  const list = await listAppointments(services, scope, filter);
  const today = todayInJapan();
  const rows = list.items.map((a) => [
    ROLES[a.role as RoleCode]?.ja ?? a.role,
    a.scopeLabel ?? '団体全体',
    a.personName,
    a.validFrom,
    a.validTo ?? '',
    a.validFrom > today ? '予定' : a.validTo && a.validTo < today ? '終了' : '在任',
    a.endReason ?? '',
    a.appointedBy ?? '',
    a.note ?? '',
  ]);
  await audit(services, scope, 'appointment', query, filter, rows.length);
  return render(
    {
      name: '役割の任命',
      asciiName: 'appointments',
      header: ['役割', '対象', '氏名', '開始日', '終了日', '状態', '終了の理由', '任命者', '備考'],
      widths: [34, 30, 16, 12, 12, 10, 14, 14, 30],
      rows,
    },
    query,
  );
}

export async function exportBodies(services: Services, scope: Scope, query: ExportFormat) {
  const bodies = await listBodies(services, scope);
  const rows = bodies.map((b) => [
    BODY_KIND_LABELS[b.kind as keyof typeof BODY_KIND_LABELS] ?? b.kind,
    b.name,
    b.closedOn ? `廃止 ${b.closedOn}` : '存続',
    b.sortOrder,
  ]);
  await audit(services, scope, 'implementing_body', query, {}, rows.length);
  return render(
    {
      name: '実施機関',
      asciiName: 'bodies',
      header: ['種別', '名称', '状態', '表示順'],
      widths: [18, 30, 20, 10],
      rows,
    },
    query,
  );
}
