/**
 * The one place that knows exceljs (stack.md §9: old, with deprecated dependencies — keep it replaceable).
 * Builds import templates and reads the first sheet of an uploaded workbook as rows of text.
 */
// exceljs is loaded on first use: imported at start it holds ~20 MB of every server's memory.
import type ExcelJS from 'exceljs';
import { AppError, badRequest } from './errors.ts';
import { zipEntries } from './files.ts';

export interface TemplateColumn {
  header: string;
  width: number;
  /** Shown as a note on the header cell: what to write, with an example. */
  note?: string;
  /** Offer a dropdown (data validation) with these values. */
  list?: string[];
}

export interface TemplateSpec {
  sheetName: string;
  columns: TemplateColumn[];
  /** Rows the dropdowns and text formats cover (the import limit). */
  dataRows: number;
  /** A second sheet with an example row and notes, so the data sheet itself starts empty. */
  example: { sheetName: string; row: string[]; notes: string[] };
}

type DataValidations = { add(address: string, validation: ExcelJS.DataValidation): void };

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } } as const;

/** A workbook with a frozen header, notes on the headers, dropdowns, and every cell formatted as text. */
export async function buildTemplate(spec: TemplateSpec): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    if (c.note) cell.note = c.note;
    if (c.list) {
      const letter = ws.getColumn(i + 1).letter;
      // The typings lack dataValidations; a range address covers the whole column in one rule.
      (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(
        `${letter}2:${letter}${spec.dataRows + 1}`,
        {
          type: 'list',
          allowBlank: true,
          formulae: [`"${c.list.join(',')}"`],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: c.header,
          error: `${c.list.join('、')} から選んでください。`,
        },
      );
    }
  });

  const ex = wb.addWorksheet(spec.example.sheetName);
  ex.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  ex.getRow(1).font = { bold: true };
  ex.addRow(spec.example.row);
  ex.addRow([]);
  for (const line of spec.example.notes) ex.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Value = ExcelJS.CellValue;

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** A cell as the text a person sees: rich text joined, formulas by their last result, dates as YYYY-MM-DD. */
export function cellText(value: Value): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('hyperlink' in value) return cellText(value.text as Value);
    if ('result' in value) return cellText(value.result as Value);
    return '';
  }
  return String(value);
}

const NOT_XLSX = {
  ja: 'Excelファイル（.xlsx）として読み取れません。ファイルが壊れているか、別の形式です。Excelで開いて「Excelブック（*.xlsx）」として保存し直してください。',
  en: 'The file cannot be read as an Excel workbook (.xlsx); it is damaged or of another type.',
};

export interface SheetRows {
  sheetName: string;
  /** Non-empty rows with their row number in the sheet (1 = the first row). */
  rows: Array<{ number: number; cells: string[] }>;
}

/** Reads the first worksheet. A file that is not a readable .xlsx is a 400, never a crash. */
export async function readFirstSheet(bytes: Buffer): Promise<SheetRows> {
  // exceljs inflates the whole workbook in memory: a 5,000-row sheet is a few MB, so 50 MB is a generous cap.
  const entries = zipEntries(bytes, 50 * 1024 * 1024);
  if (!entries?.some((e) => e.name === 'xl/workbook.xml')) throw badRequest('IMPORT_NOT_XLSX', NOT_XLSX);
  const wb = new (await import('exceljs')).default.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badRequest('IMPORT_NOT_XLSX', NOT_XLSX);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('IMPORT_NOT_XLSX', NOT_XLSX);
  const rows: SheetRows['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value).trim();
    });
    const filled = Array.from(cells, (c) => c ?? '');
    if (filled.some((c) => c !== '')) rows.push({ number: row.number, cells: filled });
  });
  return { sheetName: ws.name, rows };
}
