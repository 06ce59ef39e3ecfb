/**
 * In-thread MIME parse for the simple, common shapes of mail (issue #6): a single text/plain or text/html body, or
 * multipart/{mixed,alternative,related} a few levels deep with text bodies and attachments, in 7bit/8bit/binary,
 * quoted-printable or base64. Anything else returns null and goes to the postal-mime worker (pool.ts).
 *
 * The result is the worker's result, byte for byte: the structure is walked with postal-mime's line and boundary
 * rules, headers are processed by postal-mime's own MimeNode (postal-internals.ts), bodies are decoded to the bytes
 * postal-mime's decoders give (fast-decode.ts), and the message fields are built as PostalMime#buildMessage builds
 * them before the worker's own mapping (postal-result.mjs) turns them into a ParsedMessage.
 * tests/sanitizer/fast-mime.test.ts checks this against postal-mime on corpora, hand-built mails and mutants.
 *
 * This runs on the relay's main thread, so it is linear in the input and bounded: a size cap, a header cap, a depth
 * cap and a part cap; every loop advances; the boundary scan uses Buffer#indexOf.
 */
import { Buffer } from 'node:buffer';
import { type Address, type Attachment, addressParser, decodeWords, type Email } from 'postal-mime';
import type { Limits } from '../policy.ts';
import { decodeBody } from './fast-decode.ts';
import type { ParsedMessage } from './pool.ts';
import { headerNode, type PostalMimeNode, postalInternalsAvailable, textContent } from './postal-internals.ts';
import { countDelimiters, maxDelimiters, toParsedMessage } from './postal-result.mjs';

/** Larger messages go to the worker, where a slow parse is bounded by its timeout and heap. */
export const FAST_PATH_MAX_BYTES = 2 * 1024 * 1024;
/** Header bytes of all parts together (and never more than limits.maxHeaderBytes). */
export const FAST_PATH_MAX_HEADER_BYTES = 64 * 1024;
/** Multipart nesting below the root (and never more than limits.maxNestingDepth). */
export const FAST_PATH_MAX_DEPTH = 4;
/** MIME parts of every kind, multiparts included (and attachments never more than limits.maxParts). */
export const FAST_PATH_MAX_PARTS = 100;

const MULTIPART_KINDS = new Set(['mixed', 'alternative', 'related']);
const DASH = 0x2d;
const LF = 0x0a;
const CR = 0x0d;
const DASH_LINE = Buffer.from('\n--', 'latin1');
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
// Like postal-mime's, and ignoreBOM so that a U+FEFF opening a line stays a character of that line.
const headerDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

interface Part {
  node: PostalMimeNode;
  parent: Part | null;
  depth: number;
  children: Part[];
  multipart: string | false;
  boundary: Buffer | null;
  bodyStart: number;
  bodyEnd: number;
}

interface Scan {
  buf: Buffer;
  headerBytes: number;
  headerBudget: number;
  maxDepth: number;
  parts: number;
  /** open multiparts, innermost last (postal-mime's boundary list) */
  open: Part[];
}

export function fastParse(raw: Uint8Array, limits: Limits): ParsedMessage | null {
  if (!postalInternalsAvailable || raw.byteLength === 0 || raw.byteLength > FAST_PATH_MAX_BYTES) return null;
  // postal-mime refuses limits that are not non-negative integers; leave that answer to it
  if (!isCount(limits.maxNestingDepth) || !isCount(limits.maxHeaderBytes)) return null;
  if (countDelimiters(raw) > maxDelimiters(limits)) return null;
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const root = readTree(buf, limits);
  if (!root) return null;
  const rootType = root.node.contentType.parsed.value;
  if (!root.multipart && rootType !== 'text/plain' && rootType !== 'text/html') return null;

  const body: Collected = { selectors: new Map(), types: new Set(), attachments: [] };
  if (!collect(buf, root, null, false, body)) return null;
  if (body.attachments.length > limits.maxParts) return null;
  const texts = renderText(body);
  if (!texts) return null;

  const email = messageFields(root.node.headers);
  if (texts.html) email.html = texts.html;
  if (texts.plain) email.text = texts.plain;
  email.attachments = body.attachments;
  return toParsedMessage(email).message;
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

// ---- structure: postal-mime's line and boundary rules, over byte offsets ----

/** End of the line at `start` without its LF and trailing CRs, and where the next line starts. */
function lineAt(buf: Buffer, start: number): { end: number; next: number } {
  const lf = buf.indexOf(LF, start);
  const stop = lf === -1 ? buf.length : lf;
  let end = stop;
  while (end > start && buf[end - 1] === CR) end--;
  return { end, next: lf === -1 ? buf.length : lf + 1 };
}

/** Which open boundary the line at `start` is (innermost first, as postal-mime checks), or null. */
function matchBoundary(scan: Scan, start: number): { index: number; terminator: boolean; next: number } | null {
  const { buf, open } = scan;
  const line = lineAt(buf, start);
  const length = line.end - start;
  if (length <= 2 || buf[start] !== DASH || buf[start + 1] !== DASH) return null;
  for (let k = open.length - 1; k >= 0; k--) {
    const boundary = open[k].boundary as Buffer;
    const b = boundary.length;
    if (length < b + 2 || buf.compare(boundary, 0, b, start + 2, start + 2 + b) !== 0) continue;
    const terminator = length >= b + 4 && buf[start + b + 2] === DASH && buf[start + b + 3] === DASH;
    let j = start + b + (terminator ? 4 : 2);
    while (j < line.end && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
    if (j === line.end) return { index: k, terminator, next: line.next };
  }
  return null;
}

/** Start of the next line after `from` that begins with "--", or -1. */
function nextDashLine(buf: Buffer, from: number): number {
  const i = buf.indexOf(DASH_LINE, from);
  return i === -1 ? -1 : i + 1;
}

function firstDashLine(buf: Buffer, lineStart: number): number {
  return buf[lineStart] === DASH && buf[lineStart + 1] === DASH ? lineStart : nextDashLine(buf, lineStart);
}

/** The whole part tree, or null for any shape the fast path leaves to postal-mime. */
function readTree(buf: Buffer, limits: Limits): Part | null {
  const scan: Scan = {
    buf,
    headerBytes: 0,
    headerBudget: Math.min(limits.maxHeaderBytes, FAST_PATH_MAX_HEADER_BYTES),
    maxDepth: Math.min(limits.maxNestingDepth, FAST_PATH_MAX_DEPTH),
    parts: 0,
    open: [],
  };
  const root = readPart(scan, 0, null);
  if (!root) return null;
  // `current` receives the lines between boundaries: a leaf's body, or a multipart's preamble/epilogue (unused)
  let current = root;
  let at = scan.open.length ? firstDashLine(buf, root.bodyStart) : -1;
  while (at !== -1 && scan.open.length) {
    const match = matchBoundary(scan, at);
    if (!match) {
      at = nextDashLine(buf, at);
      continue;
    }
    // a delimiter of an outer multipart while an inner one is still open: its closing delimiter is missing
    if (match.index !== scan.open.length - 1) return null;
    const owner = scan.open[match.index];
    current.bodyEnd = at;
    if (match.terminator) {
      if (owner.children.length === 0) return null;
      scan.open.pop();
      current = owner.parent ?? root;
      at = match.next < buf.length ? firstDashLine(buf, match.next) : -1;
    } else {
      const child = readPart(scan, match.next, owner);
      if (!child) return null;
      owner.children.push(child);
      current = child;
      at = firstDashLine(buf, child.bodyStart);
    }
  }
  return scan.open.length ? null : root;
}

/** Header block at `start` (up to its blank line), processed by postal-mime; multiparts join scan.open. */
function readPart(scan: Scan, start: number, parent: Part | null): Part | null {
  const { buf } = scan;
  const depth = parent ? parent.depth + 1 : 0;
  if (depth > scan.maxDepth || ++scan.parts > FAST_PATH_MAX_PARTS) return null;
  let at = start;
  let blank = -1;
  while (at < buf.length) {
    const line = lineAt(buf, at);
    if (line.end === at) {
      blank = at;
      at = line.next;
      break;
    }
    if (scan.open.length && matchBoundary(scan, at)) return null; // part without a blank line after its headers
    scan.headerBytes += line.end - at;
    if (scan.headerBytes > scan.headerBudget) return null;
    at = line.next;
  }
  if (blank === -1) return null;
  const block = buf.subarray(start, blank);
  if (block.indexOf(0) !== -1) return null;
  const node = headerNode(headerLines(block), parent ? parent.multipart : false);

  const { multipart } = node.contentType;
  let boundary: Buffer | null = null;
  if (multipart !== false) {
    const value = node.contentType.parsed.params.boundary;
    if (!MULTIPART_KINDS.has(multipart) || !value || !PRINTABLE_ASCII.test(value)) return null;
    boundary = Buffer.from(value, 'latin1');
  }
  const part: Part = { node, parent, depth, children: [], multipart, boundary, bodyStart: at, bodyEnd: buf.length };
  if (boundary) scan.open.push(part);
  return part;
}

/** The header lines as postal-mime's MimeNode receives them: UTF-8 decoded, without LF and trailing CRs. */
function headerLines(block: Buffer): string[] {
  const lines = headerDecoder.decode(block).split('\n');
  lines.pop(); // the block ends with the LF of its last header line
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    let end = line.length;
    while (end > 0 && line.charCodeAt(end - 1) === CR) end--;
    if (end !== line.length) line = line.slice(0, end);
    lines[i] = line;
  }
  return lines;
}

// ---- bodies: PostalMime#collectNode and #renderTextContent for the shapes read above ----

type TextType = 'plain' | 'html';

interface Collected {
  /** text entries by the node that selects them: the closest multipart/alternative, or the part itself */
  selectors: Map<Part, Partial<Record<TextType, string[]>>>;
  types: Set<TextType>;
  attachments: Attachment[];
}

function collect(buf: Buffer, part: Part, alternative: Part | null, related: boolean, out: Collected): boolean {
  if (part.multipart !== false) {
    if (part.multipart === 'alternative') alternative = part;
    else if (part.multipart === 'related') related = true;
    for (const child of part.children) if (!collect(buf, child, alternative, related, out)) return false;
    return true;
  }
  const { node } = part;
  const type = node.contentType.parsed.value;
  // message/* would be parsed or reported; calendars are re-encoded; "multipart/" without a subtype is a leaf
  if (/^(?:message|multipart)\//.test(type) || type === 'text/calendar' || type === 'application/ics') return false;
  const content = decodeBody(buf, part.bodyStart, part.bodyEnd, node.contentTransferEncoding.encoding);
  if (!content) return false;
  const disposition = node.contentDisposition.parsed.value;
  if (disposition !== 'attachment' && (type === 'text/plain' || type === 'text/html')) {
    const textType: TextType = type === 'text/html' ? 'html' : 'plain';
    const selector = alternative ?? part;
    let entry = out.selectors.get(selector);
    if (!entry) {
      entry = {};
      out.selectors.set(selector, entry);
    }
    const entries = entry[textType] ?? [];
    entry[textType] = entries;
    entries.push(textContent(node, content));
    out.types.add(textType);
    return true;
  }
  const filename = node.contentDisposition.parsed.params.filename || node.contentType.parsed.params.name || null;
  const attachment: Attachment = {
    filename: filename ? decodeWords(filename) : null,
    mimeType: type,
    disposition: disposition || null,
    content: content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer,
  };
  if (related && node.contentId) attachment.related = true;
  if (node.contentId) attachment.contentId = node.contentId;
  out.attachments.push(attachment);
  return true;
}

/**
 * The text and HTML bodies: each selector's entries of a type, all selectors joined with "\n". Where postal-mime
 * would convert between text and HTML for a selector that lacks one type, null (its converters are not public).
 */
function renderText(body: Collected): Partial<Record<TextType, string>> | null {
  const rendered: Partial<Record<TextType, string[]>> = {};
  for (const entry of body.selectors.values()) {
    for (const type of body.types) {
      const own = entry[type];
      if (!own) return null;
      const list = rendered[type] ?? [];
      rendered[type] = list;
      for (const text of own) list.push(text);
    }
  }
  return { plain: rendered.plain?.join('\n'), html: rendered.html?.join('\n') };
}

// ---- message fields: PostalMime#buildMessage ----

function messageFields(headers: PostalMimeNode['headers']): Omit<Email, 'headerLines'> {
  const email: Omit<Email, 'headerLines'> = { headers, attachments: [] };
  const from = headers.find((h) => h.key === 'from');
  if (from?.value) {
    const addresses = addressParser(from.value);
    if (addresses?.length) email.from = addresses[0];
  }
  for (const [key, field] of [
    ['to', 'to'],
    ['cc', 'cc'],
    ['reply-to', 'replyTo'],
  ] as const) {
    const addresses: Address[] = [];
    for (const h of headers) {
      if (h.key === key && h.value) for (const address of addressParser(h.value)) addresses.push(address);
    }
    if (addresses.length) email[field] = addresses;
  }
  for (const [key, field] of [
    ['subject', 'subject'],
    ['message-id', 'messageId'],
    ['in-reply-to', 'inReplyTo'],
    ['references', 'references'],
  ] as const) {
    const header = headers.find((h) => h.key === key);
    if (header?.value) email[field] = decodeWords(header.value);
  }
  const date = headers.find((h) => h.key === 'date');
  if (date) {
    const parsed = new Date(date.value);
    email.date = parsed.toString() === 'Invalid Date' ? date.value : parsed.toISOString();
  }
  return email;
}
