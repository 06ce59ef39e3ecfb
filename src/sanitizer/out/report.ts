/** The Japanese 無害化レポート part: every change and removal, in words a recipient can act on. */

import { toWarekiWithSeireki } from '../../domain/calendar.ts';
import { defangUrl } from '../body/defang.ts';
import type { LinkFinding, PartRecord } from '../types.ts';

export interface ReportInput {
  id: string;
  policy: string;
  processedAt: string;
  body: {
    sourceType: 'text' | 'html' | 'none';
    urls: number;
    mismatches: LinkFinding[];
    hiddenTextDropped: number;
    inlineDropped: number;
  };
  parts: PartRecord[];
  held: boolean;
  quarantinedReason?: string;
}

/** What the gateway found inside a file, in words (the log keeps the short names). */
export const DETECTION_NAMES: Record<string, string> = {
  'csv-formula': '数式として実行されうるセル',
  malware: 'マルウェア',
  'av-error': 'ウイルス検査の失敗',
  'cdr-anomaly': '再構成できない構造',
  'encrypted-zip': 'パスワード付き ZIP',
  'href-mismatch': '表示とリンク先が異なるリンク',
  dde: 'DDE（外部プログラムの呼出し）',
  'external-relationship': '外部への参照',
  'orphan-relationships': '参照されていない部品',
  vba: 'マクロ（VBA）',
  activex: 'ActiveX コントロール',
  'ole-object': '埋め込みオブジェクト（OLE）',
  'xlm-macrosheet': 'Excel 4.0 マクロ',
  'custom-ui': 'リボンの変更',
  'external-link': '外部データへの接続',
  'binary-part': 'バイナリ形式の部品',
  javascript: 'JavaScript',
  'additional-actions': '操作に連動する処理',
  openaction: '開いたときに実行される処理',
  acroform: '入力フォーム',
  jbig2: 'JBIG2 画像',
  richmedia: 'リッチメディア（動画・Flash 等）',
  launch: '外部プログラムの起動',
  'embedded-file': '埋め込みファイル',
  xfa: 'XFA フォーム',
  'object-stream': 'オブジェクトストリーム',
  uri: 'リンク（URI）',
  'remote-goto': '別ファイルへの移動',
  encrypt: '暗号化',
};
export const detectionName = (object: string) => DETECTION_NAMES[object] ?? object;

/** 令和8年11月26日（2026年11月26日） 13:39 — the instant in Japan time (UTC+9, no daylight saving). */
export function japanDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const jst = new Date(ms + 9 * 3600_000).toISOString();
  return `${toWarekiWithSeireki(jst.slice(0, 10))} ${jst.slice(11, 16)}`;
}

const kb = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;

function partLines(p: PartRecord, indent: string, n: string): string[] {
  const name = p.in.name ?? '（名前なし）';
  const verdict = p.verdict === 'delivered-sanitized' ? '無害化して添付' : p.verdict === 'held' ? '保留' : '削除';
  const lines = [`${indent}${n}. ${name}（${kb(p.in.size)}）→ ${verdict}: ${p.reason}`];
  const det = p.detections.filter((d) => d.object !== 'converter-error');
  if (det.length)
    lines.push(`${indent}   検出: ${det.map((d) => `${detectionName(d.object)} ${d.count} 件`).join('、')}`);
  if (p.quarantineRef) lines.push(`${indent}   原本は隔離保管されています（参照: ${p.quarantineRef.slice(0, 23)}…）`);
  for (const [i, e] of (p.entries ?? []).entries()) lines.push(...partLines(e, `${indent}   `, `${n}.${i + 1}`));
  return lines;
}

export function buildReport(r: ReportInput): string {
  const L: string[] = [];
  L.push('━━━━━━━━━━━━━━━━━━━━━━━━━━━━');
  L.push('無害化レポート（Mamori 無害化ゲートウェイ）');
  L.push('━━━━━━━━━━━━━━━━━━━━━━━━━━━━');
  L.push(`処理番号: ${r.id}`);
  L.push(`ポリシー: ${r.policy}`);
  L.push(`処理日時: ${japanDateTime(r.processedAt)}`);
  L.push('');
  if (r.quarantinedReason) {
    L.push('■ このメールは隔離されました');
    L.push(`・理由: ${r.quarantinedReason}`);
    // How to ask for the original is said once, at the end of the report.
    L.push('・元のメールは LGWAN 側には届けていません。');
    L.push('');
  }
  L.push('■ 本文');
  if (r.body.sourceType === 'html')
    L.push('・HTML 形式の本文をテキスト形式に変換しました（スクリプト・画像・書式は削除）。');
  else if (r.body.sourceType === 'text') L.push('・本文はテキスト形式です。');
  else L.push('・本文はありません。');
  if (r.body.urls)
    L.push(`・URL・メールアドレス等 ${r.body.urls} 件をクリックできない形（例: hxxps://example[.]jp）に変換しました。`);
  if (r.body.hiddenTextDropped)
    L.push(`・画面に表示されない隠し文字列（${r.body.hiddenTextDropped} 文字）を削除しました。`);
  if (r.body.inlineDropped) L.push(`・本文に埋め込まれた画像 ${r.body.inlineDropped} 件を削除しました。`);
  const bad = r.body.mismatches.filter((m) => m.mismatch);
  if (bad.length) {
    L.push(`・【注意】表示とリンク先が異なるリンクが ${bad.length} 件あります（フィッシングの疑い）:`);
    for (const m of bad.slice(0, 20)) L.push(`    表示: ${defangUrl(m.text)}  → 実際のリンク先: ${defangUrl(m.href)}`);
  }
  L.push('');
  L.push('■ 添付ファイル');
  const parts = r.parts.filter((p) => p.action !== 'drop-inline');
  if (!parts.length) L.push('・添付ファイルはありません。');
  for (const [i, p] of parts.entries()) L.push(...partLines(p, '', String(i + 1)));
  if (r.held) {
    L.push('');
    L.push('■ パスワード付き ZIP（PPAP）について');
    L.push('・パスワード付き ZIP は中身を検査できないため、原本を保留しています。');
    L.push(
      '・インターネット接続系の端末（または画面転送）から Mamori の受付画面を開き、処理番号とパスワードを入力してください。',
    );
    L.push('  中身を無害化したうえで、あらためてこの宛先に届けます。パスワードは記録されません。');
  }
  L.push('');
  L.push('原本の取り出しが必要な場合は、処理番号を添えて所属の情報セキュリティ管理者に申請してください。');
  L.push('（原則として、別の方式での再無害化により提供します。）');
  return L.join('\n');
}
