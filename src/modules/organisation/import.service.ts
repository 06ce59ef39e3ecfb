/**
 * Bulk import of people (職員等の一括取込). Every row is checked with the form's own schema (personCreate) plus the
 * file-level rules; a commit inserts all rows in one transaction or none at all (fail closed).
 */

import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, type Bilingual, badRequest } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { toFieldErrors } from '../../platform/http/validation-messages.ts';
import { EMPLOYMENT_TYPE_LABELS, EMPLOYMENT_TYPES, type PersonCreate, personCreate } from './contract.ts';
import { EMPLOYMENT_LABELS, headerOf, IMPORT_COLUMNS, type ImportField, UNIT_HEADER } from './import.columns.ts';
import type { ParsedFile } from './import.parse.ts';
import { insertPerson, STAFF_NUMBER_TAKEN } from './people.service.ts';
import { allUnits, type UnitRow, unitPath } from './units.repo.ts';

export interface RowError {
  row: number;
  column: string;
  message: Bilingual;
}

interface CheckedRow {
  row: number;
  input: Record<string, unknown>;
  unitPath: string;
  valid: PersonCreate | null;
}

const MAX_REPORTED_ERRORS = 1000;
const EMAIL_MESSAGE = { ja: 'メールアドレスの形式で入力してください。', en: 'Enter an email address.' };
const SAMPLE_SIZE = 20;

const normalisePath = (s: string) =>
  s
    .normalize('NFKC')
    .split('>')
    .map((p) => p.replace(/\s+/g, ''))
    .join('>');

/** Finds a unit by its code or its full path; prefers the unit in force today. */
function unitResolver(units: UnitRow[], today: string) {
  const inForce = (u: UnitRow) => u.valid_from <= today && (!u.valid_to || u.valid_to >= today);
  const entries = units.map((u) => ({
    u,
    code: u.code?.normalize('NFKC').trim(),
    path: normalisePath(unitPath(units, u.id)),
  }));
  return (value: string): { id: string; path: string } | { error: Bilingual } => {
    const key = value.normalize('NFKC').trim();
    let found = entries.filter((e) => e.code && e.code === key);
    if (found.length === 0) found = entries.filter((e) => e.path === normalisePath(value));
    const current = found.filter((e) => inForce(e.u));
    if (current.length === 1) return { id: current[0].u.id, path: unitPath(units, current[0].u.id) };
    if (current.length > 1) {
      return {
        error: {
          ja: `「${value}」に該当する組織が複数あります。組織コードで指定してください。`,
          en: `Several units match "${value}"; use the unit code.`,
        },
      };
    }
    if (found.length > 0) {
      return {
        error: { ja: `「${value}」は廃止された組織です。現在の所属を入力してください。`, en: 'The unit is closed.' },
      };
    }
    return {
      error: {
        ja: `「${value}」に該当する組織がありません。組織コード、又は「総務部 > 総務課」の形式の組織のパスを入力してください。`,
        en: `No unit matches "${value}"; give a unit code or a path such as "Dept > Section".`,
      },
    };
  };
}

const EMPLOYMENT_BY_LABEL = new Map<string, string>([
  ...EMPLOYMENT_TYPES.map((t) => [EMPLOYMENT_TYPE_LABELS[t], t] as const),
  ...EMPLOYMENT_TYPES.map((t) => [t, t] as const),
]);

/**
 * YYYY/M/D and YYYY.M.D become YYYY-MM-DD, and so does an Excel date serial (a date typed into a cell formatted as
 * text or number arrives as e.g. 46113); anything else goes to the schema as written.
 */
function normaliseDate(v: string): string {
  if (/^\d{5}$/.test(v)) return new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.normalize('NFKC'));
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : v;
}

function checkRow(
  number: number,
  cells: string[],
  index: Map<ImportField, number>,
  resolveUnit: ReturnType<typeof unitResolver>,
): { checked: CheckedRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const input: Record<string, unknown> = {};
  let path = '';
  for (const column of IMPORT_COLUMNS) {
    const raw = (cells[index.get(column.field) ?? -1] ?? '').trim();
    if (raw === '') continue;
    if (column.field === 'employmentType') {
      const code = EMPLOYMENT_BY_LABEL.get(raw.normalize('NFKC'));
      if (code) input.employmentType = code;
      else
        errors.push({
          row: number,
          column: column.header,
          message: {
            ja: `「${raw}」は選択肢にありません。${EMPLOYMENT_LABELS.join('、')} のいずれかを入力してください。`,
            en: `"${raw}" is not a choice; use one of: ${EMPLOYMENT_LABELS.join(', ')}.`,
          },
        });
    } else if (column.field === 'orgUnitId') {
      const unit = resolveUnit(raw);
      if ('error' in unit) errors.push({ row: number, column: UNIT_HEADER, message: unit.error });
      else {
        input.orgUnitId = unit.id;
        path = unit.path;
      }
    } else input[column.field] = column.field === 'joinedOn' ? normaliseDate(raw) : raw;
  }
  const flagged = new Set(errors.map((e) => e.column));
  const parsed = personCreate.safeParse(input);
  if (!parsed.success) {
    const items = parsed.error.issues.map((issue) => {
      const { path: issuePath, code, message, ...params } = issue;
      return { keyword: code, instancePath: `/${issuePath.join('/')}`, message, params };
    });
    for (const e of toFieldErrors(items, 'body')) {
      const column = headerOf(e.field);
      const message = e.field === 'email' ? EMAIL_MESSAGE : e.message;
      if (!flagged.has(column)) errors.push({ row: number, column, message });
    }
  }
  const valid = errors.length === 0 && parsed.success ? parsed.data : null;
  return { checked: { row: number, input, unitPath: path, valid }, errors };
}

/** Staff numbers twice in the file, or already registered. */
async function duplicateErrors(tx: Tx, tenantId: string, rows: CheckedRow[]): Promise<RowError[]> {
  const errors: RowError[] = [];
  const column = headerOf('staffNumber');
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const staffNumber = typeof r.input.staffNumber === 'string' ? r.input.staffNumber : '';
    if (!staffNumber) continue;
    const first = firstRow.get(staffNumber);
    if (first === undefined) firstRow.set(staffNumber, r.row);
    else
      errors.push({
        row: r.row,
        column,
        message: {
          ja: `職員番号「${staffNumber}」が${first}行目と重複しています。`,
          en: `Staff number ${staffNumber} repeats row ${first}.`,
        },
      });
  }
  const numbers = [...firstRow.keys()];
  const taken = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const found = await tx
      .selectFrom('person')
      .select('staff_number')
      .where('tenant_id', '=', tenantId)
      .where('staff_number', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const f of found) taken.add(f.staff_number);
  }
  for (const r of rows) {
    const staffNumber = r.input.staffNumber as string | undefined;
    if (staffNumber && taken.has(staffNumber) && firstRow.get(staffNumber) === r.row) {
      errors.push({
        row: r.row,
        column,
        message: { ja: `「${staffNumber}」: ${STAFF_NUMBER_TAKEN.ja}`, en: STAFF_NUMBER_TAKEN.en },
      });
    }
  }
  return errors;
}

export interface ImportReport {
  format: ParsedFile['format'];
  encoding: ParsedFile['encoding'];
  rows: number;
  valid: number;
  errorCount: number;
  errors: RowError[];
  sample: Array<Record<string, unknown>>;
}

async function check(
  tx: Tx,
  tenantId: string,
  file: ParsedFile,
): Promise<{ report: ImportReport; rows: CheckedRow[] }> {
  const units = await allUnits(tx, tenantId);
  const resolveUnit = unitResolver(units, todayInJapan());
  const rows: CheckedRow[] = [];
  let errors: RowError[] = [];
  for (const r of file.rows) {
    const result = checkRow(r.number, r.cells, file.index, resolveUnit);
    rows.push(result.checked);
    errors.push(...result.errors);
  }
  errors.push(...(await duplicateErrors(tx, tenantId, rows)));
  errors = errors.sort((a, b) => a.row - b.row);
  const badRows = new Set(errors.map((e) => e.row));
  const sample = rows.slice(0, SAMPLE_SIZE).map((r) => ({
    row: r.row,
    ...r.input,
    employmentTypeLabel: EMPLOYMENT_TYPE_LABELS[r.input.employmentType as keyof typeof EMPLOYMENT_TYPE_LABELS] ?? null,
    unitPath: r.unitPath,
    valid: !badRows.has(r.row),
  }));
  const report: ImportReport = {
    format: file.format,
    encoding: file.encoding,
    rows: rows.length,
    valid: rows.filter((r) => !badRows.has(r.row)).length,
    errorCount: errors.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    sample,
  };
  return { report, rows };
}

/** Checks the file and writes nothing. */
export async function previewImport(services: Services, scope: Scope, file: ParsedFile): Promise<ImportReport> {
  return inTenant(services.database, scope, async (tx) => (await check(tx, scope.tenantId, file)).report);
}

function rejected(report: ImportReport): AppError {
  const first = report.errors[0];
  const more = report.errorCount > 1 ? `（ほか${(report.errorCount - 1).toLocaleString('ja-JP')}件）` : '';
  return badRequest(
    'IMPORT_INVALID',
    {
      ja: `取り込めませんでした。${first ? `${first.row}行目「${first.column}」: ${first.message.ja}` : ''}${more}ファイルを修正して、もう一度取り込んでください。職員等は1人も登録されていません。`,
      en: `Nothing was imported: ${report.errorCount} error(s). Correct the file and try again.`,
    },
    report,
  );
}

/** Checks again and, only with zero errors, inserts every row in one transaction (all or nothing). */
export async function commitImport(
  services: Services,
  scope: Scope,
  file: ParsedFile,
  meta: { filename: string; sha256: string },
): Promise<ImportReport & { imported: number }> {
  return inTenant(services.database, scope, async (tx) => {
    const { report, rows } = await check(tx, scope.tenantId, file);
    if (report.errorCount > 0) throw rejected(report);
    for (const r of rows) {
      try {
        await insertPerson(tx, scope, r.valid as PersonCreate);
      } catch (error) {
        // A row that passed the checks can still collide with a concurrent change: the whole import stops.
        const fields =
          error instanceof AppError ? (error.details as { fields?: { field: string; message: Bilingual }[] }) : null;
        if (!fields?.fields) throw error;
        const errors = fields.fields.map((f) => ({ row: r.row, column: headerOf(f.field), message: f.message }));
        throw rejected({ ...report, valid: report.valid - 1, errorCount: errors.length, errors });
      }
    }
    await appendAudit(tx, scope, {
      action: 'import',
      entityType: 'person',
      after: {
        file: meta.filename,
        sha256: meta.sha256,
        format: file.format,
        encoding: file.encoding,
        rows: rows.length,
      },
    });
    return { ...report, imported: rows.length };
  });
}
