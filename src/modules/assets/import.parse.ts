/**
 * From an uploaded file to header-checked rows of text: .xlsx through platform/excel.ts (plus its merged ranges),
 * CSV in UTF-8 or Shift_JIS (CP932) through the people import's decoder and parser. Nothing here touches the database.
 */
import { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';
import { readFirstSheet } from '../../platform/excel.ts';
import { bilingual } from '../../platform/http/fields.ts';
import { decodeText, parseCsv } from '../organisation/import.parse.ts';
import { ASSET_COLUMNS, type ColumnKey, MAX_IMPORT_ROWS, matchHeaders } from './columns.ts';
import { cellAddress, mergedRanges } from './xlsx.ts';

export interface ParsedAssets {
  format: 'xlsx' | 'csv';
  encoding: 'utf8' | 'cp932' | null;
  index: Map<ColumnKey, number>;
  rows: Array<{ number: number; cells: string[] }>;
  /** Merged ranges of the sheet, with the row and the header of their first cell. */
  merges: Array<{ range: string; row: number; column: string }>;
}

const fail = (code: string, ja: string, en: string) => badRequest(code, { ja, en });

const MAPPING_INVALID = {
  ja: '列の対応付けの指定が正しくありません。画面から対応付けをやり直してください。',
  en: 'The column mapping is not valid.',
};

/**
 * Column mapping sent with an upload (?map=JSON): a header of the file → the template's header, or "" to leave the
 * column out. Lets a town import its own 台帳 layout without editing the file first.
 */
export const columnMapping = z
  .string()
  .max(8000)
  .transform((text, ctx) => {
    try {
      const value = JSON.parse(text) as unknown;
      const parsed = z.record(z.string().max(200), z.string().max(200)).safeParse(value);
      if (parsed.success && Object.keys(parsed.data).length <= 100) return parsed.data;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', ...bilingual(MAPPING_INVALID.ja, MAPPING_INVALID.en) });
    return z.NEVER;
  });
export type ColumnMapping = Record<string, string>;

const mappingKey = (h: string) => h.normalize('NFKC').replace(/\s+/g, '');

/** The header row with the mapped headers renamed; a mapped-out column gets an empty header and is ignored. */
function applyMapping(cells: string[], mapping: ColumnMapping | undefined): string[] {
  if (!mapping) return cells;
  const byKey = new Map(Object.entries(mapping).map(([from, to]) => [mappingKey(from), to]));
  return cells.map((cell) => {
    const to = byKey.get(mappingKey(cell ?? ''));
    return to === undefined ? cell : to;
  });
}

export async function parseAssetUpload(
  bytes: Buffer,
  filename: string,
  mimetype: string,
  mapping?: ColumnMapping,
): Promise<ParsedAssets> {
  if (bytes.length === 0)
    throw fail(
      'IMPORT_EMPTY',
      'ファイルが空です。テンプレートに入力したファイルを選んでください。',
      'The file is empty.',
    );
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0)
    throw fail(
      'IMPORT_OLD_EXCEL',
      '古い形式のExcelファイル（.xls）には対応していません。Excelで「Excelブック（*.xlsx）」として保存し直してください。',
      'Old .xls files are not supported; save as .xlsx.',
    );
  const zip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  let format: ParsedAssets['format'];
  let encoding: ParsedAssets['encoding'] = null;
  let all: Array<{ number: number; cells: string[] }>;
  let merges: string[] = [];
  if (zip || /\.xlsx$/i.test(filename) || mimetype.includes('spreadsheetml')) {
    format = 'xlsx';
    all = (await readFirstSheet(bytes)).rows;
    merges = mergedRanges(bytes);
  } else {
    format = 'csv';
    const decoded = decodeText(bytes);
    encoding = decoded.encoding;
    // An exported CSV guards formula-like cells with an apostrophe (CSV injection); reading it back drops the guard.
    all = parseCsv(decoded.text)
      .map((cells, i) => ({ number: i + 1, cells: cells.map((c) => c.trim().replace(/^'(?=[=+\-@\t\r])/, '')) }))
      .filter((r) => r.cells.some((c) => c !== ''));
  }
  const [header, ...rows] = all;
  if (!header)
    throw fail(
      'IMPORT_EMPTY',
      'ファイルに内容がありません。テンプレートの見出し行と、取り込む行を入力してください。',
      'The file has no rows.',
    );
  const headerCells = applyMapping(header.cells, mapping);
  const matched = matchHeaders(headerCells);
  if (!matched.ok) {
    const parts = [
      matched.missing.length ? `不足している列: ${matched.missing.join('、')}` : '',
      matched.unknown.length ? `不明な列: ${matched.unknown.join('、')}` : '',
    ].filter(Boolean);
    throw badRequest(
      'IMPORT_HEADER_MISMATCH',
      {
        ja: `${header.number}行目の見出しがテンプレートと一致しません（${parts.join('。')}）。${format === 'csv' ? '文字コード（UTF-8又はShift_JIS）と、' : ''}見出し行がテンプレートのとおりか確認してください。`,
        en: 'The header row does not match the template.',
      },
      {
        expected: ASSET_COLUMNS.map((c) => c.header),
        required: ASSET_COLUMNS.filter((c) => c.required).map((c) => c.header),
        missing: matched.missing,
        unknown: matched.unknown,
      },
    );
  }
  if (rows.length === 0)
    throw fail(
      'IMPORT_NO_ROWS',
      '取り込む行がありません。見出し行の下に、情報資産を1行以上入力してください。',
      'There are no data rows.',
    );
  if (rows.length > MAX_IMPORT_ROWS)
    throw fail(
      'IMPORT_TOO_MANY_ROWS',
      `行数が上限を超えています（${rows.length.toLocaleString('ja-JP')}行）。1回に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです。ファイルを分けて取り込んでください。`,
      `Too many rows (${rows.length}); at most ${MAX_IMPORT_ROWS} per file.`,
    );
  const byIndex = new Map([...matched.index].map(([key, i]) => [i, key]));
  const headerText = (col: number) => {
    const key = byIndex.get(col - 1);
    return key ? (ASSET_COLUMNS.find((c) => c.key === key)?.header ?? '') : (headerCells[col - 1] ?? `${col}列目`);
  };
  return {
    format,
    encoding,
    index: matched.index,
    rows,
    merges: merges.map((range) => {
      const first = cellAddress(range.split(':')[0]);
      return { range, row: first.row, column: headerText(first.column) };
    }),
  };
}

/** Text that was decoded with the wrong encoding somewhere before it reached the sheet. */
export function looksGarbled(value: string): boolean {
  return (
    value.includes('\uFFFD') ||
    /[\u00C2-\u00EF][\u0080-\u00BF]/.test(value) ||
    /[縺繧繝][\u3000-\u9fff]?[縺繧繝]/.test(value) ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in a cell mean a damaged file
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(value)
  );
}
