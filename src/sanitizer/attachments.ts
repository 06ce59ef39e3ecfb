/**
 * One attachment (or archive entry) through classify → decide → transform → verify (sanitizer.md §3 stages 4–7).
 * The decision is made on the sniffed type; the name only adds reasons to block. Every failure removes the part
 * (original quarantined) with a Japanese reason: nothing unconverted ever reaches an output.
 */
import { avScan } from './av.ts';
import { nameContradicts, nameFacts, type Sniffed, sniff } from './classify/sniff.ts';
import { expandZip } from './convert/archive.ts';
import { reencodeImage } from './convert/image.ts';
import { libreOfficeAvailable, officeToPdf } from './convert/office.ts';
import { CdrError, ooxmlCdr } from './convert/ooxml.ts';
import { ConvertError, pdfTriage, rasterizePdf } from './convert/pdf.ts';
import { calendarToText, htmlAttachmentToText, textAttachment } from './convert/text.ts';
import type { OutAttachment } from './out/mime.ts';
import type { Policy } from './policy.ts';
import { type QuarantineStore, sha256hex } from './quarantine.ts';
import {
  type Detection,
  type MarkerAction,
  type PartAction,
  type PartRecord,
  type QuarantinedOriginal,
  TempfailError,
} from './types.ts';

export interface FileIn {
  bytes: Buffer;
  name: string | null;
  declared: string;
  part: string;
  /** archive nesting depth (0 = attachment of the mail) */
  depth: number;
  /** already scanned by ClamAV as part of its (unencrypted) archive */
  avCovered?: boolean;
}

export interface FileCtx {
  policy: Policy;
  msgId: string;
  store: QuarantineStore;
  deadline: number;
  passwords: string[];
  quarantined: QuarantinedOriginal[];
  actions: Set<MarkerAction>;
}

export interface FileOut {
  record: PartRecord;
  outputs: OutAttachment[];
  held: boolean;
}

const stem = (name: string | null, fallback: string) => {
  const base =
    (name ?? '')
      .split(/[\\/]/)
      .pop()
      ?.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
      .trim() || fallback;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};

const OFFICE_EXT: Record<string, string> = {
  word: 'docx',
  excel: 'xlsx',
  powerpoint: 'pptx',
  doc: 'doc',
  xls: 'xls',
  ppt: 'ppt',
};

export async function processFile(f: FileIn, ctx: FileCtx): Promise<FileOut> {
  const t0 = Date.now();
  const { policy } = ctx;
  const s: Sniffed = sniff(f.bytes);
  const facts = nameFacts(f.name);
  const record: PartRecord = {
    ts: new Date().toISOString(),
    event: 'part.sanitized',
    msgId: ctx.msgId,
    part: f.part,
    policy: policy.policyVersion,
    rule: `types.${s.kind}`,
    in: {
      name: f.name,
      declared: f.declared,
      sniffed: s.mime + (s.detail ? `;${s.detail}` : ''),
      sha256: sha256hex(f.bytes),
      size: f.bytes.length,
      encrypted: false,
    },
    detections: [],
    action: 'block',
    verdict: 'removed',
    reason: '',
    durationMs: 0,
  };
  const out: FileOut = { record, outputs: [], held: false };

  const block = async (reason: string, rule = record.rule, detections: Detection[] = []): Promise<FileOut> => {
    record.event = 'part.blocked';
    record.action = 'block';
    record.verdict = 'removed';
    record.rule = rule;
    record.reason = reason;
    record.detections.push(...detections);
    record.quarantineRef = await quarantine(f, ctx, 'original-part', reason);
    ctx.actions.add('DEL_ATTACH');
    record.durationMs = Date.now() - t0;
    return out;
  };
  const deliver = (
    action: PartAction,
    a: OutAttachment,
    reason: string,
    marker: MarkerAction,
    extra: { pages?: number } = {},
  ) => {
    record.action = action;
    record.verdict = 'delivered-sanitized';
    record.reason = reason;
    record.out = { name: a.name, type: a.type, sha256: sha256hex(a.data), size: a.data.length, ...extra };
    out.outputs.push(a);
    ctx.actions.add(marker);
    record.durationMs = Date.now() - t0;
    return out;
  };
  const left = () => ctx.deadline - Date.now();

  if (f.bytes.length > policy.limits.maxAttachmentBytes)
    return block('ファイルサイズが上限を超えています', 'limits.maxAttachmentBytes');
  if (facts.bidi) return block('ファイル名に文字の向きを偽装する制御文字（RLO 等）が含まれています', 'name.bidi');
  if (facts.bad.length)
    return block(`実行形式・スクリプト等の危険な拡張子（.${facts.bad.join(', .')}）です`, 'name.extension');
  if (nameContradicts(facts.last, s))
    return block(`拡張子（.${facts.last}）と内容（${s.mime}）が一致しません（偽装の疑い）`, 'name.mismatch');
  if (left() <= 0) return block('処理時間の上限に達したため処理できませんでした', 'limits.maxProcessingMs');
  if (!f.avCovered && policy.av.mode !== 'off') {
    const av = await avScan(f.bytes, { ...policy.av, timeoutMs: Math.max(1, Math.min(policy.av.timeoutMs, left())) });
    if (av) {
      record.av =
        av.result === 'FOUND'
          ? { engine: av.engine, result: 'FOUND', signature: av.signature }
          : av.result === 'ERROR'
            ? { engine: av.engine, result: 'ERROR', error: av.error }
            : { engine: av.engine, result: 'OK' };
      if (av.result === 'FOUND')
        return block(`ウイルス対策ソフトがマルウェア（${av.signature}）を検知したため削除しました`, 'av.found', [
          { object: 'malware', count: 1, detail: av.signature },
        ]);
      if (av.result === 'ERROR')
        return block('ウイルス検査を完了できなかったため、安全のため削除しました', 'av.error', [
          { object: 'av-error', count: 1, detail: av.error },
        ]);
    }
  }

  try {
    switch (s.kind) {
      case 'pdf': {
        if (policy.types.pdf.action !== 'rasterize') return block('PDF はポリシーにより削除されます', 'types.pdf');
        record.detections.push(...pdfTriage(f.bytes));
        const r = await rasterizePdf(f.bytes, {
          dpi: policy.types.pdf.dpi,
          maxPages: policy.types.pdf.maxPages,
          maxPixelsPerPage: policy.types.image.maxPixels,
          timeoutMs: Math.min(left(), converterTimeout(f, ctx)),
        });
        return deliver(
          'rasterize',
          { name: `${stem(f.name, 'document')}.pdf`, type: 'application/pdf', data: r.pdf },
          `画像化した PDF に変換しました（${r.pages} ページ）`,
          'RASTERIZE',
          { pages: r.pages },
        );
      }
      case 'image': {
        if (policy.types.image.action !== 'reencode') return block('画像はポリシーにより削除されます', 'types.image');
        const r = await reencodeImage(f.bytes, {
          allow: policy.types.image.allow,
          maxPixels: policy.types.image.maxPixels,
          out: policy.types.image.out,
          sniffed: s.detail ?? '',
        });
        return deliver(
          'reencode',
          { name: `${stem(f.name, 'image')}.${r.ext}`, type: r.type, data: r.data },
          `画素から画像を再生成しました（${r.width}×${r.height}、付加情報は削除）`,
          'REENCODE',
        );
      }
      case 'ooxml': {
        record.rule = 'types.ooxml';
        if (policy.types.ooxml.action === 'cdr') {
          try {
            const r = ooxmlCdr(f.bytes, policy.archive);
            record.detections.push(...r.detections);
            const removed = r.detections.length
              ? `（削除: ${r.detections.map((d) => `${d.object} ${d.count} 件`).join('、')}）`
              : '';
            return deliver(
              'cdr',
              { name: `${stem(f.name, 'document')}.${r.ext}`, type: r.type, data: r.data },
              `マクロ・埋め込みオブジェクト・外部リンク・DDE を除去して再構成しました${removed}`,
              'CDR',
            );
          } catch (err) {
            if (!(err instanceof CdrError)) throw err;
            record.detections.push({ object: 'cdr-anomaly', count: 1, detail: err.message });
          }
        }
        if (policy.types.ooxml.action === 'block') return block('Office 文書はポリシーにより削除されます');
        return await rasterizeOffice(f, s, ctx, OFFICE_EXT[s.detail ?? ''] ?? 'docx', deliver, block);
      }
      case 'legacy-office':
        record.rule = 'types.legacyOffice';
        if (policy.types.legacyOffice.action !== 'rasterize')
          return block('旧形式の Office 文書はポリシーにより削除されます');
        return await rasterizeOffice(f, s, ctx, OFFICE_EXT[s.detail ?? ''] ?? 'doc', deliver, block);
      case 'odf':
        record.rule = 'types.odf';
        if (policy.types.odf.action !== 'rasterize') return block('ODF 文書はポリシーにより削除されます');
        return await rasterizeOffice(
          f,
          s,
          ctx,
          s.mime.includes('spreadsheet') ? 'ods' : s.mime.includes('presentation') ? 'odp' : 'odt',
          deliver,
          block,
        );
      case 'rtf':
        record.rule = 'types.rtf';
        if (policy.types.rtf.action !== 'rasterize') return block('RTF 文書はポリシーにより削除されます');
        return await rasterizeOffice(f, s, ctx, 'rtf', deliver, block);
      case 'ooxml-encrypted':
        record.in.encrypted = true;
        return block('パスワード付き（暗号化）の Office 文書のため検査できません', 'types.encryptedOffice');
      case 'zip':
        return await archive(f, ctx, out, block);
      case 'text': {
        if (policy.types.text.action !== 'text')
          return block('テキストファイルはポリシーにより削除されます', 'types.text');
        const ext = facts.last && ['txt', 'csv', 'tsv', 'log', 'md'].includes(facts.last) ? facts.last : null;
        const r = textAttachment(f.bytes, s.charset, ext, policy.types.text.neutraliseCsv);
        if (r.formulaCells) record.detections.push({ object: 'csv-formula', count: r.formulaCells });
        const name = ext ? `${stem(f.name, 'text')}.${ext}` : `${stem(f.name, 'text')}.txt`;
        return deliver(
          'text',
          { name, type: ext === 'csv' ? 'text/csv; charset=UTF-8' : 'text/plain; charset=UTF-8', data: r.data },
          r.formulaCells
            ? `文字コードを UTF-8 に統一し、数式として解釈されうるセル ${r.formulaCells} 件を無効化しました`
            : '文字コードを UTF-8 に統一しました',
          'CHG_TEXT',
        );
      }
      case 'html': {
        if (policy.types.html.action !== 'extract-text')
          return block('HTML ファイルはポリシーにより削除されます', 'types.html');
        const r = htmlAttachmentToText(f.bytes, s.charset);
        return deliver(
          'extract-text',
          { name: `${stem(f.name, 'html')}.txt`, type: 'text/plain; charset=UTF-8', data: r.data },
          'HTML ファイルから文字だけを取り出しました（スクリプト・リンクは無効）',
          'EXTRACT_TEXT',
        );
      }
      case 'calendar': {
        if (policy.types.calendar.action !== 'extract-text')
          return block('予定表ファイルはポリシーにより削除されます', 'types.calendar');
        const data = calendarToText(f.bytes, s.charset);
        return deliver(
          'extract-text',
          { name: `${stem(f.name, 'invite')}.txt`, type: 'text/plain; charset=UTF-8', data },
          '予定表（iCalendar）から予定の内容だけを取り出しました',
          'EXTRACT_TEXT',
        );
      }
      case 'svg':
        return block('SVG 画像はスクリプトを含みうるため受け付けません', 'types.svg');
      case 'executable':
        return block('実行ファイルです', 'types.executable');
      case 'script':
        return block('スクリプトの可能性があるファイルです', 'types.script');
      case 'archive-other':
        return block(`この形式のアーカイブ（${s.detail}）は検査できません`, 'types.archiveOther');
      case 'xml':
        return block('XML ファイルは受け付けません（Office 2003 XML 等を含む）', 'types.xml');
      case 'outlook-msg':
      case 'tnef':
        return block('Outlook 独自形式（.msg / winmail.dat）は検査できません', `types.${s.kind}`);
      default:
        return block('種類を判別できないファイルです', 'defaults.unknownType');
    }
  } catch (err) {
    if (err instanceof TempfailError) throw err;
    const reason =
      err instanceof ConvertError
        ? err.reasonJa
        : `処理中にエラーが発生しました（${(err as Error).message.slice(0, 120)}）`;
    return block(reason, record.rule, [
      { object: 'converter-error', count: 1, detail: (err as Error).message.slice(0, 300) },
    ]);
  }
}

function converterTimeout(f: FileIn, ctx: FileCtx): number {
  // dangerzone: max(60 s, 30 s × MB)
  return Math.max(ctx.policy.converterTimeoutMs, 30_000 * Math.ceil(f.bytes.length / 1_048_576));
}

type Deliver = (
  action: PartAction,
  a: OutAttachment,
  reason: string,
  marker: MarkerAction,
  extra?: { pages?: number },
) => FileOut;
type Block = (reason: string, rule?: string, detections?: Detection[]) => Promise<FileOut>;

async function rasterizeOffice(
  f: FileIn,
  _s: Sniffed,
  ctx: FileCtx,
  ext: string,
  deliver: Deliver,
  block: Block,
): Promise<FileOut> {
  if (!ctx.policy.useLibreOffice)
    return block('文書変換機能（LibreOffice）をポリシーにより使用しないため、変換せずに削除しました', 'useLibreOffice');
  if (!libreOfficeAvailable())
    return block('文書変換機能（LibreOffice）が導入されていないため、安全に変換できず削除しました');
  const timeout = Math.min(ctx.deadline - Date.now(), converterTimeout(f, ctx));
  const pdf = await officeToPdf(f.bytes, ext, timeout);
  const p = ctx.policy.types.pdf;
  const r = await rasterizePdf(pdf, {
    dpi: p.dpi,
    maxPages: p.maxPages,
    maxPixelsPerPage: ctx.policy.types.image.maxPixels,
    timeoutMs: Math.max(1, Math.min(ctx.deadline - Date.now(), converterTimeout(f, ctx))),
  });
  return deliver(
    'rasterize',
    { name: `${stem(f.name, 'document')}.pdf`, type: 'application/pdf', data: r.pdf },
    `文書を画像化した PDF に変換しました（${r.pages} ページ、マクロ等は含まれません）`,
    'RASTERIZE',
    { pages: r.pages },
  );
}

async function archive(f: FileIn, ctx: FileCtx, out: FileOut, block: Block): Promise<FileOut> {
  const t0 = Date.now();
  const { record } = out;
  record.rule = 'types.archive';
  if (ctx.policy.types.archive.action !== 'expand-and-recurse') return block('アーカイブはポリシーにより削除されます');
  const r = await expandZip(f.bytes, f.depth, ctx.policy.archive, ctx.policy.limits.maxAttachmentBytes, ctx.passwords);
  if (r.kind === 'refused') return block(r.reason, 'archive.limits');
  if (r.kind === 'encrypted') {
    record.in.encrypted = true;
    if (ctx.policy.archive.encrypted !== 'ppap-hold')
      return block('パスワード付き ZIP はポリシーにより削除されます', 'archive.encrypted');
    record.event = 'part.held';
    record.action = 'ppap-hold';
    record.verdict = 'held';
    record.rule = 'archive.encrypted';
    record.detections.push({ object: 'encrypted-zip', count: 1, detail: r.names.slice(0, 20).join(' / ') });
    record.reason = `パスワード付き ZIP のため保留しました（中身: ${r.names.slice(0, 10).join('、')}${r.names.length > 10 ? ' ほか' : ''}）`;
    record.quarantineRef = await quarantine(f, ctx, 'ppap-hold', 'ppap-hold');
    ctx.actions.add('PPAP_HOLD');
    out.held = true;
    record.durationMs = Date.now() - t0;
    return out;
  }
  record.action = 'expand-and-recurse';
  record.entries = [];
  // ClamAV scanned the archive with its contents, unless they were encrypted (PPAP: decrypted here, scanned now)
  const avCovered = record.av?.result === 'OK' && !r.decrypted;
  const used = new Set<string>();
  for (const [i, e] of r.entries.entries()) {
    const part = `${f.part}/${i + 1}`;
    const child: FileOut = e.data
      ? await processFile(
          { bytes: e.data, name: e.path, declared: 'application/octet-stream', part, depth: f.depth + 1, avCovered },
          ctx,
        )
      : await processFile(
          {
            bytes: Buffer.alloc(0),
            name: e.path,
            declared: 'application/octet-stream',
            part,
            depth: f.depth + 1,
            avCovered: true,
          },
          ctx,
        ).then((c) => {
          c.record.reason = e.refused ?? c.record.reason;
          return c;
        });
    record.entries.push(child.record);
    if (child.held) out.held = true;
    for (const a of child.outputs) {
      let name = `${stem(f.name, 'archive')}_${a.name.split(/[\\/]/).pop()}`;
      while (used.has(name)) name = `${i + 1}_${name}`;
      used.add(name);
      out.outputs.push({ ...a, name });
    }
  }
  const delivered = record.entries.filter((e) => e.verdict === 'delivered-sanitized').length;
  record.verdict = out.held ? 'held' : delivered ? 'delivered-sanitized' : 'removed';
  record.event = out.held ? 'part.held' : delivered ? 'part.sanitized' : 'part.blocked';
  record.reason = `ZIP を展開し、${r.entries.length} 件を個別に処理しました（${delivered} 件を無害化して添付）`;
  if (!delivered) record.quarantineRef = await quarantine(f, ctx, 'original-part', record.reason);
  record.durationMs = Date.now() - t0;
  return out;
}

async function quarantine(
  f: FileIn,
  ctx: FileCtx,
  cls: 'original-part' | 'ppap-hold',
  reason: string,
): Promise<string> {
  try {
    const ref = await ctx.store.put(f.bytes, { cls, name: f.name, msgId: ctx.msgId, reason });
    ctx.quarantined.push({ ref, kind: 'part', name: f.name, size: f.bytes.length, reason });
    return ref;
  } catch (err) {
    throw new TempfailError(`quarantine write failed: ${(err as Error).message}`);
  }
}
