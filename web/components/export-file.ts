/**
 * Saving a list as a file in the browser (ui-guide.md, Lists: every list can be exported as .xlsx, or CSV in UTF-8
 * with BOM or Shift_JIS). The workbook is a minimal SpreadsheetML package zipped with fflate — exceljs stays on the
 * server. Shift_JIS uses encoding-japanese (CP932, so 髙 and ① survive), loaded only when asked for.
 */
import { strToU8, zipSync } from 'fflate';
import { ApiError, NETWORK_ERROR } from '../api.ts';
import { todayInJapan } from '../lib/dates.ts';

export type ExportFormat = 'xlsx' | 'csv-utf8' | 'csv-sjis';
export type ExportCell = string | number | null | undefined;

export interface ExportTable {
  /** Sheet name (at most 31 characters) and the start of the file name: 職員等 → 職員等_2026-04-01.xlsx. */
  name: string;
  header: string[];
  rows: ExportCell[][];
  /** Column widths in characters, for the workbook. */
  widths?: number[];
}

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection), as the server does. */
function csvCell(value: ExportCell): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsvText(table: ExportTable): string {
  return `${[table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 does not allow
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xml = (s: string) =>
  s
    .replace(XML_INVALID, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function sheetCell(value: ExportCell, ref: string, style: number): string {
  if (value === null || value === undefined || value === '') return '';
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${s}><v>${value}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xml(String(value))}</t></is></c>`;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Sheet names may not contain []:*?/\ and are at most 31 characters. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, '・').slice(0, 31) || 'Sheet1';

/** A one-sheet workbook: bold header row, frozen; every value as text except numbers. */
export function toXlsxBytes(table: ExportTable): Uint8Array {
  const rows = [table.header, ...table.rows]
    .map((row, r) => {
      const cells = row.map((v, c) => sheetCell(v, `${columnLetter(c)}${r + 1}`, r === 0 ? 1 : 0)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const cols = table.header
    .map((h, i) => {
      const width = table.widths?.[i] ?? Math.min(40, Math.max(8, [...h].length * 2 + 2));
      return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
  const sheet =
    `${HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>${rows}</sheetData></worksheet>`;
  const styles =
    `${HEAD}<styleSheet xmlns="${MAIN_NS}">` +
    '<fonts count="2"><font><sz val="11"/><name val="Yu Gothic"/><family val="3"/><charset val="128"/></font>' +
    '<font><b/><sz val="11"/><name val="Yu Gothic"/><family val="3"/><charset val="128"/></font></fonts>' +
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
  const workbook =
    `${HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<sheets><sheet name="${xml(sheetName(table.name))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const workbookRels =
    `${HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
  const rootRels =
    `${HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const contentTypes =
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '</Types>';
  return zipSync({
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(rootRels),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
    'xl/styles.xml': strToU8(styles),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  });
}

/** CSV bytes: UTF-8 with a BOM (Excel opens it correctly) or Shift_JIS (CP932) for older tools. */
export async function toCsvBytes(table: ExportTable, encoding: 'utf8' | 'sjis'): Promise<Uint8Array> {
  const text = toCsvText(table);
  if (encoding === 'utf8') {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const { default: Encoding } = await import('encoding-japanese');
  return Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
}

const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'csv-utf8': 'text/csv;charset=utf-8',
  'csv-sjis': 'text/csv;charset=Shift_JIS',
};

/** Builds the file and hands it to the browser as a download named 「<name>_<today>.<ext>」. */
export async function saveTable(table: ExportTable, format: ExportFormat): Promise<string> {
  const bytes =
    format === 'xlsx' ? toXlsxBytes(table) : await toCsvBytes(table, format === 'csv-sjis' ? 'sjis' : 'utf8');
  const fileName = `${table.name}_${todayInJapan()}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: MIME[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/**
 * Downloads a file the server builds (and records in the audit trail), e.g. /organisation lists:
 * GET /api/v1<path>; an error answer becomes an ApiError. Returns the file name and the row count the server reports.
 */
export async function saveDownload(path: string): Promise<{ fileName: string; count: number }> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR);
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    const b = (body ?? {}) as { code?: string; message?: { ja: string; en: string } };
    throw new ApiError(
      res.status,
      b.code ?? 'HTTP_ERROR',
      b.message ?? {
        ja: `サーバーがエラーを返しました（${res.status}）。`,
        en: `The server returned an error (${res.status}).`,
      },
    );
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName, count: Number(res.headers.get('x-row-count') ?? 0) };
}
