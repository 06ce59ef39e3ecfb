/**
 * Rebuild a fresh MIME message (sanitizer.md §3 stage 8; never edit in place): whitelisted headers only, RFC 2047
 * encoded words (UTF-8 or ISO-2022-JP), a text/plain body, the 無害化レポート as a second text part, sanitised
 * attachments in base64 with RFC 2231 file names. CR, LF and NUL can never reach a header.
 */
import { randomUUID } from 'node:crypto';
import { encodeIso2022jp } from '../charset.ts';

export type OutCharset = 'utf-8' | 'iso-2022-jp';

export interface OutAddress {
  name: string;
  address: string;
}

export interface OutAttachment {
  name: string;
  type: string;
  data: Buffer;
}

export interface OutMessage {
  from: OutAddress | null;
  to: OutAddress[];
  cc: OutAddress[];
  replyTo: OutAddress[];
  subject: string;
  date: string;
  messageId: string;
  inReplyTo: string;
  references: string;
  marker: string;
  body: string;
  report: string;
  attachments: OutAttachment[];
  charset: OutCharset;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (s: string) => s.replace(/[\r\n\0]+/g, ' ').replace(CONTROL, '');

function chunksByBytes(text: string, maxBytes: number, encode: (s: string) => Buffer): Buffer[] {
  const out: Buffer[] = [];
  let cur = '';
  for (const ch of text) {
    const next = cur + ch;
    if (cur && encode(next).length > maxBytes) {
      out.push(encode(cur));
      cur = ch;
    } else cur = next;
  }
  if (cur) out.push(encode(cur));
  return out;
}

/** RFC 2047 B-encoding of a header text (phrase or unstructured). ASCII-only text is returned unchanged. */
export function encodeWords(text: string, charset: OutCharset): string {
  const t = clean(text);
  if (/^[\x20-\x7e]*$/.test(t)) return t;
  if (charset === 'iso-2022-jp' && encodeIso2022jp(t)) {
    return chunksByBytes(t, 45, (s) => encodeIso2022jp(s) as Buffer)
      .map((b) => `=?ISO-2022-JP?B?${b.toString('base64')}?=`)
      .join('\r\n ');
  }
  return chunksByBytes(t, 45, (s) => Buffer.from(s, 'utf8'))
    .map((b) => `=?UTF-8?B?${b.toString('base64')}?=`)
    .join('\r\n ');
}

const ADDR = /^[^\s<>()@",;:\\[\]]+@[^\s<>()@",;:\\[\]]+$/;

function formatAddress(a: OutAddress, charset: OutCharset): string | null {
  const address = clean(a.address).trim();
  if (!ADDR.test(address)) return null;
  const name = clean(a.name).trim();
  if (!name) return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${encodeWords(name, charset)} <${address}>`;
}

function addressList(list: OutAddress[], charset: OutCharset): string {
  return list
    .map((a) => formatAddress(a, charset))
    .filter((a): a is string => a !== null)
    .join(',\r\n ');
}

/** Base64 in lines of 76, as bytes: one encode, then line-sized copies (this runs on every body, report and attachment). */
function base64Lines(b: Buffer): Buffer {
  const enc = Buffer.from(b.toString('base64'), 'latin1');
  if (enc.length <= 76) return enc;
  const lines = Math.ceil(enc.length / 76);
  const out = Buffer.allocUnsafe(enc.length + (lines - 1) * 2);
  let pos = 0;
  for (let i = 0; i < enc.length; i += 76) {
    if (i > 0) {
      out[pos++] = 0x0d;
      out[pos++] = 0x0a;
    }
    pos += enc.copy(out, pos, i, Math.min(i + 76, enc.length));
  }
  return out;
}

/** RFC 2231 parameter with continuations, plus an RFC 2047 fallback in `name=` for older Japanese clients. */
function fileParams(name: string, charset: OutCharset): { disposition: string; typeName: string } {
  const safe = clean(name).replace(/["\\]/g, '_');
  if (/^[\x20-\x7e]*$/.test(safe) && safe.length < 60)
    return { disposition: `filename="${safe}"`, typeName: `name="${safe}"` };
  const pct = Buffer.from(safe, 'utf8')
    .toString('binary')
    .replace(/[^A-Za-z0-9!#$&+.^_`|~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const parts = pct.match(/(?:%[0-9A-F]{2}|[^%]){1,20}/g) ?? [];
  const disposition = parts.map((p, i) => `filename*${i}*=${i === 0 ? "UTF-8''" : ''}${p}`).join(';\r\n ');
  return { disposition, typeName: `name="${encodeWords(safe, charset).replace(/\r\n /g, ' ')}"` };
}

/** A text part as [head, content]: the head is ASCII, the content 7-bit JIS or base64 lines. */
function textPart(text: string, charset: OutCharset, extraHeaders: string[] = []): [string, Buffer] {
  const normal = text.includes('\r') ? text.replace(/\r?\n/g, '\r\n') : text.replaceAll('\n', '\r\n');
  if (charset === 'iso-2022-jp') {
    const jis = encodeIso2022jp(normal);
    if (jis && !normal.split('\r\n').some((l) => l.length > 300)) {
      return [
        [
          `Content-Type: text/plain; charset=ISO-2022-JP`,
          'Content-Transfer-Encoding: 7bit',
          ...extraHeaders,
          '',
          '',
        ].join('\r\n'),
        jis,
      ];
    }
  }
  return [
    ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', ...extraHeaders, '', ''].join(
      '\r\n',
    ),
    base64Lines(Buffer.from(normal, 'utf8')),
  ];
}

export function newMessageId(id: string): string {
  return `<${id}@mamori.invalid>`;
}

export function buildMessage(m: OutMessage): Buffer {
  // randomUUID draws from a cached entropy pool; randomBytes per message cost more than the rest of the header
  const boundary = `----=_mamori_${randomUUID().replaceAll('-', '')}`;
  const h: string[] = [];
  const from = m.from ? formatAddress(m.from, m.charset) : null;
  h.push(`From: ${from ?? 'unknown-sender@mamori.invalid'}`);
  const to = addressList(m.to, m.charset);
  if (to) h.push(`To: ${to}`);
  const cc = addressList(m.cc, m.charset);
  if (cc) h.push(`Cc: ${cc}`);
  const replyTo = addressList(m.replyTo, m.charset);
  if (replyTo) h.push(`Reply-To: ${replyTo}`);
  h.push(`Subject: ${encodeWords(m.subject, m.charset)}`);
  const date = new Date(m.date);
  h.push(`Date: ${(Number.isNaN(date.getTime()) ? new Date() : date).toUTCString().replace('GMT', '+0000')}`);
  h.push(`Message-ID: ${clean(m.messageId)}`);
  const ids = (s: string) => (clean(s).match(/<[^<>\s]+@[^<>\s]+>/g) ?? []).slice(0, 50).join(' ');
  if (ids(m.inReplyTo)) h.push(`In-Reply-To: ${ids(m.inReplyTo)}`);
  if (ids(m.references)) h.push(`References: ${ids(m.references)}`);
  h.push(`X-Mamori-Sanitized: ${clean(m.marker)}`);
  h.push('MIME-Version: 1.0');
  h.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
  const parts: [string, Buffer][] = [textPart(m.body, m.charset)];
  parts.push(
    textPart(m.report, m.charset, [
      'Content-Disposition: inline',
      `Content-Description: ${encodeWords('無害化レポート', m.charset)}`,
    ]),
  );
  for (const a of m.attachments) {
    const p = fileParams(a.name, m.charset);
    parts.push([
      [
        `Content-Type: ${clean(a.type)}; ${p.typeName}`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment;\r\n ${p.disposition}`,
        '',
        '',
      ].join('\r\n'),
      base64Lines(a.data),
    ]);
  }
  // built as bytes: the parts' contents are never turned back into one large string
  const chunks: Buffer[] = [];
  let head = `${h.join('\r\n')}\r\n\r\n`;
  for (const [partHead, content] of parts) {
    chunks.push(Buffer.from(`${head}--${boundary}\r\n${partHead}`, 'latin1'), content);
    head = '\r\n';
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}
