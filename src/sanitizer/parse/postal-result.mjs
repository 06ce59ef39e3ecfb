// The postal-mime parse as the worker runs it, and the mapping of its Email onto the plain ParsedMessage the parent
// receives. Plain JavaScript on purpose: parse-worker.mjs imports it inside a worker_thread without the tsx loader.
// The in-thread fast path (fast-mime.ts) maps its own result with the same toParsedMessage, and the differential test
// compares the two through it.
import { Buffer } from 'node:buffer';
import PostalMime from 'postal-mime';

/** Upper bound on the MIME delimiters a message may have before it is refused as "too many parts". */
export function maxDelimiters(limits) {
  return limits.maxParts * 2 + 4;
}

export function countDelimiters(bytes) {
  // Upper bound on MIME parts: lines that start with "--" followed by a non-space (boundary delimiters). Found with
  // Buffer#indexOf (native) rather than a byte loop: this runs over every raw message.
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = b.length - 2;
  let n = 0;
  if (end > 0 && b[0] === 0x2d && b[1] === 0x2d && b[2] > 0x20) n++;
  for (let i = b.indexOf('\n--'); i !== -1; i = b.indexOf('\n--', i + 1)) {
    if (i + 1 < end && b[i + 3] > 0x20) n++;
  }
  return n;
}

export function postalMimeOptions(limits) {
  return {
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: limits.maxNestingDepth,
    maxHeadersSize: limits.maxHeaderBytes,
    maxRfc822NestingDepth: 0,
  };
}

function addresses(list) {
  return (list ?? [])
    .flatMap((x) => (x.group ? x.group : [x]))
    .map((m) => ({ name: m.name ?? '', address: m.address ?? '' }));
}

/** postal-mime's Email → ParsedMessage, plus the attachment buffers to transfer. */
export function toParsedMessage(email) {
  const transfer = [];
  const attachments = email.attachments.map((a) => {
    let content = a.content;
    if (typeof content === 'string') content = new TextEncoder().encode(content).buffer;
    else if (ArrayBuffer.isView(content))
      content = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength);
    transfer.push(content);
    return {
      filename: a.filename ?? null,
      mimeType: (a.mimeType || 'application/octet-stream').toLowerCase(),
      disposition: a.disposition ?? null,
      related: Boolean(a.related),
      contentId: a.contentId ?? null,
      content,
    };
  });
  const message = {
    headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
    from: email.from ? (addresses([email.from])[0] ?? null) : null,
    to: addresses(email.to),
    cc: addresses(email.cc),
    replyTo: addresses(email.replyTo),
    subject: email.subject ?? '',
    messageId: email.messageId ?? '',
    inReplyTo: email.inReplyTo ?? '',
    references: email.references ?? '',
    date: email.date ?? '',
    html: email.html ?? null,
    text: email.text ?? null,
    attachments,
  };
  return { message, transfer };
}

/** The worker's whole parse: a refusal ({ ok: false, limit, error }) or { ok: true, message, transfer }. */
export async function parseWithPostalMime(raw, limits) {
  const delimiters = countDelimiters(raw);
  if (delimiters > maxDelimiters(limits)) {
    return { ok: false, limit: 'parts', error: `too many MIME delimiters (${delimiters})` };
  }
  const email = await PostalMime.parse(raw, postalMimeOptions(limits));
  if (email.attachments.length > limits.maxParts) {
    return { ok: false, limit: 'parts', error: `too many parts (${email.attachments.length})` };
  }
  return { ok: true, ...toParsedMessage(email) };
}
