/**
 * Spreadsheet pieces the asset register needs beyond platform/excel.ts: a template whose drop-downs read long lists
 * (units) from a second sheet (an inline list is limited to 255 characters), and the merged ranges of an uploaded
 * sheet (exports: sheet-writer.ts). Kept in one file so it can
 * move into platform/excel.ts (the one place meant to know exceljs, stack.md §9) when that file's owner agrees.
 */
// exceljs is loaded on first use: imported at start it holds ~20 MB of every server's memory.
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';

export interface SheetColumn {
  header: string;
  width: number;
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } } as const;

export interface ListColumn extends SheetColumn {
  note?: string;
  /** Drop-down values, written to the lists sheet and referenced by range. */
  list?: string[];
}

type DataValidations = { add(address: string, validation: ExcelJS.DataValidation): void };

/** A template: frozen header with notes, text-formatted cells, drop-downs from a hidden 選択肢 sheet, an example sheet. */
export async function listTemplate(spec: {
  sheetName: string;
  columns: ListColumn[];
  dataRows: number;
  example: { sheetName: string; row: string[]; notes: string[] };
}): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet('選択肢', { state: 'hidden' });
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  let listColumn = 0;
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    if (c.note) cell.note = c.note;
    if (!c.list?.length) return;
    listColumn += 1;
    const col = lists.getColumn(listColumn);
    col.values = [c.header, ...c.list];
    const letter = col.letter;
    const target = ws.getColumn(i + 1).letter;
    (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(
      `${target}2:${target}${spec.dataRows + 1}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [`'選択肢'!$${letter}$2:$${letter}$${c.list.length + 1}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `${c.header}は一覧から選んでください。`,
      },
    );
  });
  const ex = wb.addWorksheet(spec.example.sheetName);
  ex.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  ex.getRow(1).font = { bold: true };
  ex.addRow(spec.example.row);
  ex.addRow([]);
  for (const line of spec.example.notes) ex.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * The merged ranges (e.g. "B3:C3") of the first worksheet, read from the sheet's XML. A merged cell hides values
 * (exceljs repeats the master's value into it), so an import must refuse it. Call after the zip passed the guards.
 */
export function mergedRanges(bytes: Buffer): string[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml)$/.test(f.name),
    });
  } catch {
    return [];
  }
  const text = (name: string) => (files[name] ? Buffer.from(files[name]).toString('utf8') : '');
  const firstSheet = /<sheet\b[^>]*>/.exec(text('xl/workbook.xml'))?.[0];
  const relId = firstSheet ? attr(firstSheet, 'r:id') : undefined;
  const rel = relId
    ? [...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)]
        .map((m) => m[0])
        .find((t) => attr(t, 'Id') === relId)
    : undefined;
  const target = rel ? attr(rel, 'Target') : undefined;
  const path = target
    ? target.startsWith('/')
      ? target.slice(1)
      : `xl/${target.replace(/^\.\//, '')}`
    : 'xl/worksheets/sheet1.xml';
  return [...text(path).matchAll(/<mergeCell\b[^>]*ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"/g)].map((m) => m[1]);
}

/** "C12" → { column: 3, row: 12 }. */
export function cellAddress(ref: string): { column: number; row: number } {
  const m = /^([A-Z]+)([0-9]+)$/.exec(ref);
  if (!m) return { column: 0, row: 0 };
  const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { column, row: Number(m[2]) };
}
