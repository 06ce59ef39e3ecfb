/**
 * From an uploaded file to rows of text: .xlsx through platform/excel.ts, CSV in UTF-8 (with or without BOM) or
 * Shift_JIS (CP932). Anything unreadable is a 400 that says what to do; nothing here touches the database.
 */
import iconv from 'iconv-lite';
import { badRequest } from '../../platform/errors.ts';
import { readFirstSheet } from '../../platform/excel.ts';
import { HEADERS, type ImportField, MAX_IMPORT_ROWS, matchHeaders } from './import.columns.ts';

export interface ParsedFile {
  format: 'xlsx' | 'csv';
  encoding: 'utf8' | 'cp932' | null;
  index: Map<ImportField, number>;
  /** Data rows (header excluded, blank rows skipped) with their row number in the file. */
  rows: Array<{ number: number; cells: string[] }>;
}

const MOJIBAKE = {
  ja: '文字コードを判別できません（文字化けしています）。CSVは UTF-8 又は Shift_JIS で保存してください。Excelでは「CSV UTF-8（コンマ区切り）」で保存できます。',
  en: 'The text encoding could not be recognised; save the CSV as UTF-8 or Shift_JIS.',
};

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise CP932; a replacement character means mojibake. */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf8' | 'cp932' } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: 'utf8' | 'cp932';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    encoding = 'utf8';
  } catch {
    if (bom) throw badRequest('IMPORT_MOJIBAKE', MOJIBAKE);
    text = iconv.decode(body, 'cp932');
    encoding = 'cp932';
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL in text means a binary file
  if (text.includes('\uFFFD') || /\u0000/.test(text)) throw badRequest('IMPORT_MOJIBAKE', MOJIBAKE);
  return { text, encoding };
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks; CRLF, LF or CR end a record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (quoted) {
    throw badRequest('IMPORT_CSV_BROKEN', {
      ja: 'CSVの引用符（"）が閉じられていません。ファイルの内容を確認してください。',
      en: 'A quoted CSV field is not closed.',
    });
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

const fail = (code: string, ja: string, en: string) => badRequest(code, { ja, en });

function looksLikeXlsx(bytes: Buffer, filename: string, mimetype: string): boolean {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return true;
  return /\.xlsx$/i.test(filename) || mimetype.includes('spreadsheetml');
}

/** Reads the upload into header-checked rows, or throws a 400 in Japanese. */
export async function parseUpload(bytes: Buffer, filename: string, mimetype: string): Promise<ParsedFile> {
  if (bytes.length === 0) {
    throw fail(
      'IMPORT_EMPTY',
      'ファイルが空です。テンプレートに入力したファイルを選んでください。',
      'The file is empty.',
    );
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0) {
    throw fail(
      'IMPORT_OLD_EXCEL',
      '古い形式のExcelファイル（.xls）には対応していません。Excelで「Excelブック（*.xlsx）」として保存し直してください。',
      'Old .xls files are not supported; save as .xlsx.',
    );
  }
  let format: ParsedFile['format'];
  let encoding: ParsedFile['encoding'] = null;
  let all: Array<{ number: number; cells: string[] }>;
  if (looksLikeXlsx(bytes, filename, mimetype)) {
    format = 'xlsx';
    all = (await readFirstSheet(bytes)).rows;
  } else {
    format = 'csv';
    const decoded = decodeText(bytes);
    encoding = decoded.encoding;
    all = parseCsv(decoded.text)
      .map((cells, i) => ({ number: i + 1, cells: cells.map((c) => c.trim()) }))
      .filter((r) => r.cells.some((c) => c !== ''));
  }
  const [header, ...rows] = all;
  if (!header) {
    throw fail(
      'IMPORT_EMPTY',
      'ファイルに内容がありません。テンプレートの見出し行と、取り込む行を入力してください。',
      'The file has no rows.',
    );
  }
  const matched = matchHeaders(header.cells);
  if (!matched.ok) {
    const parts = [
      matched.missing.length ? `不足している列: ${matched.missing.join('、')}` : '',
      matched.unknown.length ? `不明な列: ${matched.unknown.join('、')}` : '',
    ].filter(Boolean);
    const hint = format === 'csv' ? '文字コード（UTF-8又はShift_JIS）と、' : '';
    throw badRequest(
      'IMPORT_HEADER_MISMATCH',
      {
        ja: `${header.number}行目の見出しがテンプレートと一致しません（${parts.join('。')}）。${hint}見出し行がテンプレートのとおりか確認してください。`,
        en: 'The header row does not match the template.',
      },
      { expected: HEADERS, missing: matched.missing, unknown: matched.unknown },
    );
  }
  if (rows.length === 0) {
    throw fail(
      'IMPORT_NO_ROWS',
      '取り込む行がありません。見出し行の下に、職員等を1行以上入力してください。',
      'There are no data rows below the header.',
    );
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw fail(
      'IMPORT_TOO_MANY_ROWS',
      `行数が上限を超えています（${rows.length.toLocaleString('ja-JP')}行）。1回に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです。ファイルを分けて取り込んでください。`,
      `Too many rows (${rows.length}); at most ${MAX_IMPORT_ROWS} per file.`,
    );
  }
  return { format, encoding, index: matched.index, rows };
}
