/**
 * The 無害化 pipeline for one message (sanitizer.md §3): ingest limits → parse (the in-thread fast path or the
 * postal-mime worker, parse/pool.ts) → body to defanged text → attachments by detected type → rebuild a fresh MIME
 * message → log and quarantine. Fail closed: a limit or parse failure quarantines the message and delivers only a
 * notice; if the quarantine or the log cannot be written the result is `tempfailed` and there is no output at all.
 */
import { decodeWords } from 'postal-mime';
import { uuidv7 } from '../db/ids.ts';
import { type FileCtx, processFile } from './attachments.ts';
import { defangText } from './body/defang.ts';
import { htmlToText } from './body/html-text.ts';
import type { LogSink } from './log.ts';
import { buildMessage, newMessageId, type OutAttachment, type OutMessage } from './out/mime.ts';
import { buildReport } from './out/report.ts';
import { type ParsedMessage, ParseLimitError, type ParsePool, sharedParsePool } from './parse/pool.ts';
import { defaultPolicy, makePolicy, type Policy, type PolicyInput } from './policy.ts';
import { MemoryQuarantineStore, type QuarantineStore, sha256hex } from './quarantine.ts';
import {
  type LinkFinding,
  type MarkerAction,
  type MessageRecord,
  type PartRecord,
  type QuarantinedOriginal,
  type SanitizeResult,
  TempfailError,
} from './types.ts';

export interface SanitizeOptions {
  store?: QuarantineStore;
  log?: LogSink;
  parsePool?: ParsePool;
  envelope?: { from: string; to: string[]; peer?: string };
  /** PPAP: passwords the recipient supplied for held ZIPs (never logged) */
  passwords?: string[];
  /** id of the message this one re-processes (PPAP release, re-sanitising with another profile) */
  supersedes?: string;
}

interface Body {
  text: string;
  sourceType: 'text' | 'html' | 'none';
  urls: number;
  links: LinkFinding[];
  hidden: number;
}

function bodyText(p: ParsedMessage, policy: Policy): Body | null {
  let text = '';
  let sourceType: Body['sourceType'] = 'none';
  let links: LinkFinding[] = [];
  let hidden = 0;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most bodies are under the limit without counting their bytes
  const max = policy.limits.maxHtmlBytes;
  if (p.html && (p.html.length * 3 <= max || Buffer.byteLength(p.html) <= max)) {
    const r = htmlToText(p.html);
    text = r.text;
    links = r.links;
    hidden = r.hiddenTextDropped;
    sourceType = 'html';
  } else if (p.text !== null) {
    text = p.text;
    sourceType = 'text';
  } else if (p.html) return null; // HTML over the limit and no text alternative
  const stats = { urls: 0 };
  text = defangText(text.includes('\r') ? text.replace(/\r\n/g, '\n') : text, policy.body, stats);
  return { text, sourceType, urls: stats.urls, links: policy.body.flagHrefTextMismatch ? links : [], hidden };
}

/** Top-level headers read without the parser, for the notice of a message that could not be parsed. */
function roughHeaders(raw: Buffer): { subject: string; from: string; messageId: string } {
  const end = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : Math.min(raw.length, 65536);
  const head = raw
    .subarray(0, Math.min(end, 65536))
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  const get = (k: string) => new RegExp(`^${k}:[ \\t]*(.{0,998})$`, 'mi').exec(head)?.[1]?.trim() ?? '';
  const safe = (s: string) => {
    try {
      return decodeWords(s).slice(0, 300);
    } catch {
      return s.slice(0, 300);
    }
  };
  return { subject: safe(get('Subject')), from: safe(get('From')), messageId: get('Message-ID') };
}

const ADDR_RE = /^[^\s<>()@",;:\\[\]]+@[^\s<>()@",;:\\[\]]+$/;

export async function sanitizeMessage(
  raw: Buffer,
  policyIn: Policy | PolicyInput = defaultPolicy,
  opts: SanitizeOptions = {},
): Promise<SanitizeResult> {
  const started = Date.now();
  const policy =
    'limits' in policyIn && 'types' in policyIn && 'body' in policyIn && 'archive' in policyIn && policyIn.policyVersion
      ? (policyIn as Policy)
      : makePolicy(policyIn as PolicyInput);
  const id = uuidv7();
  const store = opts.store ?? new MemoryQuarantineStore();
  const quarantined: QuarantinedOriginal[] = [];
  const actions = new Set<MarkerAction>();
  const timings: Record<string, number> = {};
  const rawSha = sha256hex(raw);
  const record: MessageRecord = {
    ts: new Date().toISOString(),
    event: 'message.processed',
    msgId: id,
    policy: policy.policyVersion,
    raw: { sha256: rawSha, size: raw.length },
    envelope: opts.envelope,
    headers: { from: '', to: [], subject: '', messageId: '', date: '' },
    body: { sourceType: 'none', urls: 0, mismatches: [], hiddenTextDropped: 0 },
    parts: [],
    actions: [],
    verdict: 'delivered-sanitized',
    timings,
    quarantineRefs: [],
  };
  const tempfail = (reason: string): SanitizeResult => {
    record.verdict = 'tempfailed';
    record.reason = reason;
    return {
      id,
      verdict: 'tempfailed',
      output: Buffer.alloc(0),
      log: { message: record, parts: [] },
      quarantined,
      smtp: { code: 451, message: '4.3.0 一時的に処理できません / temporary failure, try again later' },
    };
  };

  // stage 10 first: the original must be safe in quarantine before anything else happens
  try {
    const ref = await store.put(raw, {
      cls: 'original-message',
      name: null,
      msgId: id,
      reason: 'original',
      sha256: rawSha,
    });
    quarantined.push({ ref, kind: 'message', name: null, size: raw.length, reason: 'original' });
    record.quarantineRefs.push(ref);
  } catch (err) {
    return tempfail(`quarantine write failed: ${(err as Error).message}`);
  }

  let parsed: ParsedMessage | null = null;
  let limitReason: string | null = null;
  const headerEnd = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const headerBlock = raw.subarray(0, headerEnd >= 0 ? headerEnd : raw.length);
  if (raw.length > policy.limits.maxMessageBytes) limitReason = 'メールのサイズが上限を超えています';
  else if (headerBlock.length > policy.limits.maxHeaderBytes) limitReason = 'ヘッダーのサイズが上限を超えています';
  else if (headerBlock.includes(0)) limitReason = 'ヘッダーに NUL 文字が含まれています（不正な形式）';
  if (!limitReason) {
    const t = Date.now();
    try {
      parsed = await pool(opts, policy).parse(raw, policy.limits);
    } catch (err) {
      const e = err as Error;
      limitReason =
        err instanceof ParseLimitError
          ? {
              timeout: '解析が時間の上限を超えました',
              memory: '解析がメモリの上限を超えました',
              parts: 'MIME パートの数が上限を超えています',
              parse: `メールの形式を解析できませんでした（${e.message.slice(0, 100)}）`,
              crash: 'メールの解析中に異常終了しました',
            }[err.limit]
          : `メールの形式を解析できませんでした（${e.message.slice(0, 100)}）`;
    }
    timings.parseMs = Date.now() - t;
  }

  const partRecords: PartRecord[] = [];
  const outputs: OutAttachment[] = [];
  let body: Body | null = null;
  let held = false;
  let inlineDropped = 0;
  if (parsed) {
    const t = Date.now();
    body = bodyText(parsed, policy);
    if (!body) limitReason = 'HTML 本文のサイズが上限を超えています';
    timings.bodyMs = Date.now() - t;
  }
  if (parsed && body) {
    if (body.sourceType === 'html') actions.add('CHG_TEXT');
    if (body.urls) actions.add('REP_LINK');
    const ctx: FileCtx = {
      policy,
      msgId: id,
      store,
      deadline: started + policy.limits.maxProcessingMs,
      passwords: opts.passwords ?? [],
      quarantined,
      actions,
    };
    const t = Date.now();
    try {
      for (const [i, a] of parsed.attachments.entries()) {
        const part = String(i + 2);
        const bytes = Buffer.from(a.content);
        if (policy.dropInlineImages && a.related && a.mimeType.startsWith('image/') && body.sourceType === 'html') {
          inlineDropped++;
          actions.add('DEL_INLINE');
          partRecords.push(inlinePart(id, policy, part, a.filename, a.mimeType, bytes));
          continue;
        }
        if (a.mimeType === 'message/rfc822' || a.mimeType === 'message/global') {
          const r = await nestedMessage(bytes, a.filename, part, 1, ctx, pool(opts, policy), partRecords, outputs);
          if (r) held = true;
          continue;
        }
        const r = await processFile({ bytes, name: a.filename, declared: a.mimeType, part, depth: 0 }, ctx);
        partRecords.push(r.record);
        outputs.push(...r.outputs);
        if (r.held) held = true;
      }
    } catch (err) {
      if (err instanceof TempfailError) return tempfail(err.message);
      throw err;
    }
    timings.attachmentsMs = Date.now() - t;
  }

  const processedAt = new Date().toISOString();
  const hdr = parsed
    ? parsed
    : (() => {
        const r = roughHeaders(raw);
        return {
          from: null,
          to: [],
          cc: [],
          replyTo: [],
          subject: r.subject,
          messageId: r.messageId,
          inReplyTo: '',
          references: '',
          date: '',
        };
      })();
  if (limitReason) {
    actions.add('QUARANTINE');
    record.verdict = 'quarantined';
    record.reason = limitReason;
  } else if (held) {
    record.verdict = 'quarantined';
    record.reason = 'ppap-hold';
  }
  const report = buildReport({
    id,
    policy: policy.policyVersion,
    processedAt,
    body: {
      sourceType: body?.sourceType ?? 'none',
      urls: body?.urls ?? 0,
      mismatches: body?.links ?? [],
      hiddenTextDropped: body?.hidden ?? 0,
      inlineDropped,
    },
    parts: limitReason ? [] : partRecords,
    held,
    quarantinedReason: limitReason ?? undefined,
  });
  const notice = limitReason
    ? `【無害化ゲートウェイ】このメールは安全に処理できなかったため隔離されました。\n理由: ${limitReason}\n処理番号: ${id}\n`
    : `【無害化済み】このメールはインターネットから届いたため、本文をテキストに変換し、添付ファイルを無害化しています。詳細は末尾の「無害化レポート」をご覧ください。\n${'─'.repeat(30)}\n\n`;
  const incomingId = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}@[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/.test(hdr.messageId.trim())
    ? hdr.messageId.trim()
    : newMessageId(id);
  const marker = `v=1; policy=${policy.policyVersion}; id=${id}; actions=${[...actions].join(',') || 'NONE'}`;
  const subject =
    (policy.body.subjectPrefix ? `${policy.body.subjectPrefix} ` : '') +
    (limitReason ? `[隔離] ${hdr.subject}` : hdr.subject);
  const envelopeFrom =
    opts.envelope?.from && ADDR_RE.test(opts.envelope.from) ? { name: '', address: opts.envelope.from } : null;
  const msg: OutMessage = {
    from: hdr.from ?? envelopeFrom,
    to: hdr.to.length ? hdr.to : (opts.envelope?.to ?? []).map((a) => ({ name: '', address: a })),
    cc: hdr.cc,
    replyTo: hdr.replyTo,
    subject,
    date: hdr.date,
    messageId: incomingId,
    inReplyTo: hdr.inReplyTo,
    references: hdr.references,
    marker,
    body: limitReason ? notice : notice + (body?.text ?? ''),
    report,
    attachments: limitReason ? [] : outputs,
    charset: policy.body.outputCharset,
  };
  const t = Date.now();
  const output = buildMessage(msg);
  timings.rebuildMs = Date.now() - t;
  timings.totalMs = Date.now() - started;

  record.headers = {
    from: hdr.from ? hdr.from.address : roughHeaders(raw).from,
    to: hdr.to.map((a) => a.address),
    subject: hdr.subject,
    messageId: hdr.messageId,
    date: hdr.date,
  };
  record.body = {
    sourceType: body?.sourceType ?? 'none',
    urls: body?.urls ?? 0,
    mismatches: (body?.links ?? []).filter((l) => l.mismatch),
    hiddenTextDropped: body?.hidden ?? 0,
  };
  record.parts = partRecords.map((p) => ({
    part: p.part,
    verdict: p.verdict,
    action: p.action,
    ...(p.av ? { av: p.av.result === 'FOUND' ? `FOUND ${p.av.signature}` : p.av.result } : {}),
  }));
  record.actions = [...actions];
  record.outgoingMessageId = incomingId;
  record.out = { sha256: sha256hex(output), size: output.length };
  record.quarantineRefs = [...new Set(quarantined.map((q) => q.ref))];
  if (opts.supersedes) (record as MessageRecord & { supersedes?: string }).supersedes = opts.supersedes;
  try {
    await opts.log?.write([...partRecords, record]);
  } catch (err) {
    return tempfail(`log write failed: ${(err as Error).message}`);
  }
  return { id, verdict: record.verdict, output, log: { message: record, parts: partRecords }, quarantined };
}

function pool(opts: SanitizeOptions, policy: Policy): ParsePool {
  return opts.parsePool ?? sharedParsePool(policy.limits.parseHeapMb);
}

/**
 * A forwarded message (message/rfc822): parsed like the outer one; its body becomes a text attachment,
 * its attachments go through processFile. Deeper than maxRfc822Depth → removed. Returns true if something was held.
 */
async function nestedMessage(
  bytes: Buffer,
  filename: string | null,
  part: string,
  depth: number,
  ctx: FileCtx,
  parser: ParsePool,
  records: PartRecord[],
  outputs: OutAttachment[],
): Promise<boolean> {
  const t0 = Date.now();
  const base = {
    ts: new Date().toISOString(),
    msgId: ctx.msgId,
    part,
    policy: ctx.policy.policyVersion,
    rule: 'limits.maxRfc822Depth',
  };
  const inRec = {
    name: filename,
    declared: 'message/rfc822',
    sniffed: 'message/rfc822',
    sha256: sha256hex(bytes),
    size: bytes.length,
    encrypted: false,
  };
  const remove = async (reason: string) => {
    let ref: string;
    try {
      ref = await ctx.store.put(bytes, { cls: 'original-part', name: filename, msgId: ctx.msgId, reason });
    } catch (err) {
      throw new TempfailError(`quarantine write failed: ${(err as Error).message}`);
    }
    ctx.quarantined.push({ ref, kind: 'part', name: filename, size: bytes.length, reason });
    ctx.actions.add('DEL_ATTACH');
    records.push({
      ...base,
      event: 'part.blocked',
      in: inRec,
      detections: [],
      action: 'block',
      verdict: 'removed',
      reason,
      durationMs: Date.now() - t0,
      quarantineRef: ref,
    });
    return false;
  };
  if (depth > ctx.policy.limits.maxRfc822Depth) return remove('転送メールの入れ子が上限を超えています');
  let p: ParsedMessage;
  try {
    p = await parser.parse(bytes, ctx.policy.limits);
  } catch (err) {
    return remove(`転送メールを解析できませんでした（${(err as Error).message.slice(0, 80)}）`);
  }
  const body = bodyText(p, ctx.policy);
  if (!body) return remove('転送メールの HTML 本文が上限を超えています');
  if (body.sourceType === 'html') ctx.actions.add('CHG_TEXT');
  if (body.urls) ctx.actions.add('REP_LINK');
  const head = `差出人: ${defangText(p.from ? `${p.from.name} <${p.from.address}>` : '', ctx.policy.body)}\n件名: ${p.subject}\n日付: ${p.date}\n\n`;
  const data = Buffer.from(head + body.text, 'utf8');
  const name = `${(p.subject || filename || '転送メール').replace(/[\\/:*?"<>|\r\n]/g, '_').slice(0, 60)}.txt`;
  outputs.push({ name, type: 'text/plain; charset=UTF-8', data });
  ctx.actions.add('CHG_TEXT');
  records.push({
    ...base,
    rule: 'types.message',
    event: 'part.sanitized',
    in: inRec,
    detections: body.links
      .filter((l) => l.mismatch)
      .map((l) => ({ object: 'href-mismatch', count: 1, detail: l.href })),
    action: 'extract-text',
    verdict: 'delivered-sanitized',
    reason: '転送されたメールを本文テキストに変換しました',
    out: { name, type: 'text/plain', sha256: sha256hex(data), size: data.length },
    durationMs: Date.now() - t0,
  });
  let held = false;
  for (const [j, a] of p.attachments.entries()) {
    const sub = `${part}.${j + 1}`;
    const b = Buffer.from(a.content);
    if (a.mimeType === 'message/rfc822' || a.mimeType === 'message/global') {
      if (await nestedMessage(b, a.filename, sub, depth + 1, ctx, parser, records, outputs)) held = true;
      continue;
    }
    if (ctx.policy.dropInlineImages && a.related && a.mimeType.startsWith('image/') && body.sourceType === 'html') {
      records.push(inlinePart(ctx.msgId, ctx.policy, sub, a.filename, a.mimeType, b));
      continue;
    }
    const r = await processFile({ bytes: b, name: a.filename, declared: a.mimeType, part: sub, depth: 0 }, ctx);
    records.push(r.record);
    outputs.push(...r.outputs);
    if (r.held) held = true;
  }
  return held;
}

function inlinePart(
  msgId: string,
  policy: Policy,
  part: string,
  name: string | null,
  declared: string,
  bytes: Buffer,
): PartRecord {
  return {
    ts: new Date().toISOString(),
    event: 'part.blocked',
    msgId,
    part,
    policy: policy.policyVersion,
    rule: 'dropInlineImages',
    in: { name, declared, sniffed: declared, sha256: sha256hex(bytes), size: bytes.length, encrypted: false },
    detections: [],
    action: 'drop-inline',
    verdict: 'removed',
    reason: 'HTML 本文に埋め込まれた画像のため削除しました',
    durationMs: 0,
  };
}
