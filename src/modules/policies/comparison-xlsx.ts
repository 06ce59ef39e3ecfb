/**
 * The 新旧対照表 as an Excel workbook: two columns, 旧 | 新, one row per clause, changed parts underlined in bold
 * (傍線), 新設 and 削除 written out; A4 landscape, the header row repeated on every printed page.
 *
 * exceljs is otherwise known only to platform/excel.ts; this sheet needs rich text, which that wrapper does not
 * offer yet, so the import is kept to this one file.
 */
// exceljs is loaded on first use: imported at start it holds ~20 MB of every server's memory.
import type ExcelJS from 'exceljs';
import type { ComparedSide, ComparisonRow } from '../../domain/policy/diff.ts';
import type { Segment } from '../../domain/policy/text-diff.ts';

export interface ComparisonSheet {
  townName: string;
  documentTitle: string;
  oldLabel: string;
  newLabel: string;
  rows: ComparisonRow[];
}

type RichText = ExcelJS.RichText;
const MARK: Partial<ExcelJS.Font> = { underline: true, bold: true, color: { argb: 'FFC00000' } };

function runs(segments: Segment[]): RichText[] {
  return segments.map((s) => (s.changed ? { text: s.text, font: MARK } : { text: s.text }));
}

function cellOf(side: ComparedSide | null, missing: string): ExcelJS.CellRichTextValue {
  if (!side) return { richText: [{ text: missing, font: { italic: true } }] };
  const indent = '　'.repeat(Math.max(0, side.depth - 1));
  const parts: RichText[] = [{ text: indent }, ...runs(side.marks.label)];
  if (side.marks.heading.length) parts.push({ text: '　' }, ...runs(side.marks.heading));
  if (side.marks.text.length) {
    const text = runs(side.marks.text).map((r) => ({ ...r, text: r.text.replaceAll('\n', `\n${indent}`) }));
    parts.push({ text: `\n${indent}` }, ...text);
  }
  return { richText: parts };
}

export async function comparisonWorkbook(sheet: ComparisonSheet): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet('新旧対照表', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${sheet.townName}&C${sheet.documentTitle} 新旧対照表&R&D`,
      oddFooter: '&C&P / &N',
    },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.columns = [{ width: 70 }, { width: 70 }];
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    bottom: { style: 'thin' },
    left: { style: 'thin' },
    right: { style: 'thin' },
  };

  ws.mergeCells('A1:B1');
  ws.getCell('A1').value = `${sheet.documentTitle} 新旧対照表`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(2).values = [sheet.oldLabel, sheet.newLabel];
  ws.getRow(2).alignment = { wrapText: true };
  const header = ws.getRow(3);
  header.values = ['旧', '新'];
  header.font = { bold: true };
  header.alignment = { horizontal: 'center' };
  for (const c of ['A3', 'B3']) {
    ws.getCell(c).border = border;
    ws.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  }

  for (const row of sheet.rows) {
    const r = ws.addRow([cellOf(row.old, '（新設）'), cellOf(row.new, '（削除）')]);
    r.alignment = { wrapText: true, vertical: 'top' };
    r.eachCell((cell) => {
      cell.border = border;
    });
  }
  if (sheet.rows.length === 0) ws.addRow(['（相違はありません）', '（相違はありません）']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
