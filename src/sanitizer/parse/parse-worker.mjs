// MIME parse worker (sanitizer.md §3 stage 2). Plain JavaScript on purpose: it must load in a worker_thread without
// the tsx loader. It runs under resourceLimits; the parent terminates it on a wall-clock timeout. It only parses and
// returns plain data; every decision is made in the parent.
import { Buffer } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import PostalMime from 'postal-mime';

function countDelimiters(bytes) {
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

async function parse(raw, limits) {
  const delimiters = countDelimiters(raw);
  if (delimiters > limits.maxParts * 2 + 4) {
    return { ok: false, limit: 'parts', error: `too many MIME delimiters (${delimiters})` };
  }
  const email = await PostalMime.parse(raw, {
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: limits.maxNestingDepth,
    maxHeadersSize: limits.maxHeaderBytes,
    maxRfc822NestingDepth: 0,
  });
  if (email.attachments.length > limits.maxParts) {
    return { ok: false, limit: 'parts', error: `too many parts (${email.attachments.length})` };
  }
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
  const addr = (list) =>
    (list ?? [])
      .flatMap((x) => (x.group ? x.group : [x]))
      .map((m) => ({ name: m.name ?? '', address: m.address ?? '' }));
  const result = {
    ok: true,
    headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
    from: email.from ? (addr([email.from])[0] ?? null) : null,
    to: addr(email.to),
    cc: addr(email.cc),
    replyTo: addr(email.replyTo),
    subject: email.subject ?? '',
    messageId: email.messageId ?? '',
    inReplyTo: email.inReplyTo ?? '',
    references: email.references ?? '',
    date: email.date ?? '',
    html: email.html ?? null,
    text: email.text ?? null,
    attachments,
  };
  return { result, transfer };
}

parentPort.on('message', async (msg) => {
  try {
    const out = await parse(new Uint8Array(msg.raw), msg.limits);
    if (out.ok === false) parentPort.postMessage({ id: msg.id, ...out });
    else parentPort.postMessage({ id: msg.id, ...out.result }, [...new Set(out.transfer)]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String(err?.message ? err.message : err) });
  }
});
