/**
 * The findings list as an .xlsx sheet (ui-guide.md: every list can be exported). exceljs directly, as
 * assets/xlsx.ts does, until platform/excel.ts offers a plain list writer.
 */

import { TIER_NAMES } from '../../domain/tier-names.ts';
import type { Tier } from '../../domain/tiers.ts';
import { SEVERITY_LABELS } from './contract.ts';
import type { FindingView, ImportView } from './import.service.ts';

const CERTAINTY = { definite: '確定', possible: '可能性あり' } as Record<string, string>;
const VERDICT = { allowed: '許可', possibly: '許可の可能性', denied: '拒否' } as Record<string, string>;

export function cellLabel(cell: string | null): string {
  if (!cell) return '';
  const [a, b] = cell.split('->') as [Tier, Tier];
  return `${TIER_NAMES[a]?.ja ?? a} → ${TIER_NAMES[b]?.ja ?? b}`;
}

export async function findingsWorkbook(imp: ImportView | null, items: FindingView[]): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook(); // loaded on first use: ~20 MB of a server's memory at start
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet('指摘事項', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '重要度', width: 8 },
    { header: '確度', width: 12 },
    { header: '種別', width: 24 },
    { header: '区分（通信元→通信先）', width: 44 },
    { header: '内容', width: 60 },
    { header: 'ファイル', width: 22 },
    { header: 'ルール', width: 18 },
    { header: '行', width: 6 },
    { header: '証拠の通信（送信元）', width: 18 },
    { header: '証拠の通信（宛先）', width: 18 },
    { header: 'プロトコル/ポート', width: 14 },
    { header: '判定', width: 12 },
    { header: '根拠', width: 50 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const f of items) {
    const w = f.witness;
    ws.addRow([
      SEVERITY_LABELS[f.severity as keyof typeof SEVERITY_LABELS] ?? f.severity,
      CERTAINTY[f.certainty] ?? f.certainty,
      f.code,
      cellLabel(f.cell),
      f.message.ja,
      f.file ?? '',
      f.rule?.id ?? (w ? '既定の動作' : ''),
      f.rule?.line ?? '',
      w?.srcIp ?? '',
      w?.dstIp ?? '',
      w ? `${w.proto === 6 ? 'tcp' : w.proto === 17 ? 'udp' : w.proto}${w.port !== undefined ? `/${w.port}` : ''}` : '',
      w ? (VERDICT[w.verdict] ?? w.verdict) : '',
      `${f.clause.ref} ${f.clause.summary} [${f.clause.label}]`,
    ]);
  }
  if (imp) {
    const info = wb.addWorksheet('取込情報');
    info.addRow(['取込日時', imp.createdAt]);
    info.addRow(['判定日', imp.checkedOn]);
    info.addRow(['モデル', imp.model]);
    info.addRow(['完全性', imp.complete ? '完全' : '不完全（未対応の行あり）']);
    for (const f of imp.files)
      info.addRow(['ファイル', f.file, f.vendor, `${f.rules}ルール`, f.complete ? '完全' : '不完全']);
    info.addRow(['評価の限界', '経路（ルーティング）、NAT、複数機器の連鎖は評価しない（v1）']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
