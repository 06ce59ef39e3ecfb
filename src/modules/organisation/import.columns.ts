/** The columns of the bulk import of people (職員等の一括取込): one place for headers, template notes and fields. */
import type { TemplateSpec } from '../../platform/excel.ts';
import { EMPLOYMENT_TYPE_LABELS, EMPLOYMENT_TYPES, type PersonCreate } from './contract.ts';

export type ImportField = keyof PersonCreate;

export interface ImportColumn {
  field: ImportField;
  header: string;
  width: number;
  note: string;
  example: string;
}

export const EMPLOYMENT_LABELS = EMPLOYMENT_TYPES.map((t) => EMPLOYMENT_TYPE_LABELS[t]);

export const UNIT_HEADER = '所属（組織コード又は組織のパス 例: 総務部 > 総務課）';

export const IMPORT_COLUMNS: ImportColumn[] = [
  { field: 'staffNumber', header: '職員番号', width: 12, note: '必須。半角英数字とハイフン。', example: '1001' },
  { field: 'familyName', header: '姓', width: 10, note: '必須。', example: '髙橋' },
  { field: 'givenName', header: '名', width: 10, note: '必須。', example: '花子' },
  { field: 'familyKana', header: '姓ふりがな', width: 14, note: '必須。ひらがな又はカタカナ。', example: 'たかはし' },
  { field: 'givenKana', header: '名ふりがな', width: 14, note: '必須。ひらがな又はカタカナ。', example: 'はなこ' },
  {
    field: 'employmentType',
    header: '雇用区分',
    width: 22,
    note: `必須。${EMPLOYMENT_LABELS.join('、')} から選びます。`,
    example: '職員',
  },
  {
    field: 'orgUnitId',
    header: UNIT_HEADER,
    width: 34,
    note: '任意。組織コード、又は「総務部 > 総務課」の形式の組織のパス。',
    example: '総務部 > 総務課',
  },
  { field: 'title', header: '職名', width: 12, note: '任意。', example: '主事' },
  {
    field: 'employer',
    header: '事業者名',
    width: 20,
    note: '派遣職員・委託事業者の従事者は必須。所属する事業者の名称。',
    example: '',
  },
  { field: 'email', header: 'メール', width: 28, note: '任意。', example: 'takahashi@town.example.lg.jp' },
  { field: 'phone', header: '電話', width: 14, note: '任意。内線又は電話番号。', example: '0178-55-1234' },
  { field: 'mobilePhone', header: '携帯電話', width: 14, note: '任意。', example: '090-1234-5678' },
  { field: 'joinedOn', header: '着任日', width: 12, note: '任意。2026-04-01 の形式。', example: '2026-04-01' },
];

export const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

export const headerOf = (field: string): string => IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** Header text as compared: NFKC, no spaces; the part before a bracket also counts (所属 for the long header). */
function headerKeys(header: string): string[] {
  const full = header.normalize('NFKC').replace(/\s+/g, '');
  const base = full.split('(')[0];
  return base && base !== full ? [full, base] : [full];
}

const BY_KEY = new Map(IMPORT_COLUMNS.flatMap((c) => headerKeys(c.header).map((k) => [k, c] as const)));

/** Maps the header row to columns: the index of each field, or the headers that are missing or unknown. */
export function matchHeaders(
  cells: string[],
): { ok: true; index: Map<ImportField, number> } | { ok: false; missing: string[]; unknown: string[] } {
  const index = new Map<ImportField, number>();
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    if (!cell?.trim()) return;
    const column = headerKeys(cell)
      .map((k) => BY_KEY.get(k))
      .find(Boolean);
    if (!column || index.has(column.field)) unknown.push(cell.trim());
    else index.set(column.field, i);
  });
  const missing = IMPORT_COLUMNS.filter((c) => !index.has(c.field)).map((c) => c.header);
  return missing.length || unknown.length ? { ok: false, missing, unknown } : { ok: true, index };
}

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const TEMPLATE_SPEC: TemplateSpec = {
  sheetName: '職員等',
  columns: IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    note: `${c.note}${c.example ? `\n例: ${c.example}` : ''}`,
    list: c.field === 'employmentType' ? EMPLOYMENT_LABELS : undefined,
  })),
  dataRows: MAX_IMPORT_ROWS,
  example: {
    sheetName: '記入例',
    row: IMPORT_COLUMNS.map((c) => c.example),
    notes: [
      '記入例です。このシートは取り込まれません。「職員等」シートの2行目から入力してください。',
      '1行目の見出しは変更しないでください。1回に取り込めるのは5,000行までです。',
      '誤りが1件でもあるときは、1人も登録されません。取込前に「確認」で誤りがないことを確かめてください。',
    ],
  },
};
