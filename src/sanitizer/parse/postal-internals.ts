/**
 * postal-mime's own header handling, borrowed by the in-thread fast path (fast-mime.ts) so that its output cannot
 * drift from the worker's: header unfolding and trimming, Content-Type / Content-Disposition parameters (quoting,
 * comments, RFC 2231 continuations), the transfer-encoding token, charset lookup and format=flowed are all done by
 * postal-mime's MimeNode, not re-implemented here.
 *
 * MimeNode is not exported by the package, but every parser holds one as `root`; its constructor is reached from
 * there. The members used are checked once (probe below): if a postal-mime upgrade moves them, the fast path turns
 * itself off and every message goes to the worker as before. The version is pinned in package.json, and
 * tests/sanitizer/fast-mime.test.ts compares the fast path against postal-mime message by message.
 */
import PostalMime from 'postal-mime';

export interface StructuredHeader {
  value: string;
  params: Record<string, string>;
}

export interface PostalMimeNode {
  headerLines: string[];
  headers: { key: string; originalKey: string; value: string }[];
  contentType: { value: string; parsed: StructuredHeader; multipart: string | false };
  contentTransferEncoding: { value: string; encoding: string };
  contentDisposition: { value: string; parsed: StructuredHeader };
  contentId?: string;
  content: ArrayBuffer | Uint8Array | null;
  processHeaders(): void;
  getTextContent(): string;
  setupContentDecoder(encoding: string): void;
}

type MimeNodeConstructor = new (options: {
  postalMime: { boundaries: unknown[] };
  parentMultipartType?: string | false;
  maxNestingDepth: number;
  maxHeadersSize: number;
}) => PostalMimeNode;

// processHeaders would allocate a body decoder (a 100 KiB buffer for quoted-printable); the fast path decodes bodies
// itself, so the node gets a no-op instead.
const skipDecoder = () => {};

function build(ctor: MimeNodeConstructor, headerLines: string[], parentMultipartType: string | false): PostalMimeNode {
  // No parentNode: depth and the child list are tracked by the caller. The limits are enforced by the caller too.
  const node = new ctor({ postalMime: { boundaries: [] }, parentMultipartType, maxNestingDepth: 1, maxHeadersSize: 1 });
  node.setupContentDecoder = skipDecoder;
  node.headerLines = headerLines;
  node.processHeaders();
  return node;
}

function findMimeNode(): MimeNodeConstructor | null {
  try {
    const root = (new PostalMime() as unknown as { root?: { constructor?: unknown } }).root;
    const ctor = root?.constructor as MimeNodeConstructor | undefined;
    if (typeof ctor !== 'function') return null;
    const probe = build(
      ctor,
      ['Content-Type: text/plain;', ' charset="iso-2022-jp"; format=flowed', 'Content-Transfer-Encoding: Base64'],
      false,
    );
    probe.content = new Uint8Array([0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42]);
    const ok =
      probe.contentType.parsed.value === 'text/plain' &&
      probe.contentType.parsed.params.charset === 'iso-2022-jp' &&
      probe.contentType.multipart === false &&
      probe.contentTransferEncoding.encoding === 'base64' &&
      probe.headers[0]?.key === 'content-type' &&
      probe.getTextContent() === 'あ';
    return ok ? ctor : null;
  } catch {
    return null;
  }
}

const MimeNode = findMimeNode();

/** False when this postal-mime no longer has the members the fast path borrows. */
export const postalInternalsAvailable = MimeNode !== null;

/** A postal-mime MimeNode with these (unfolded, undecoded) header lines processed exactly as postal-mime does. */
export function headerNode(headerLines: string[], parentMultipartType: string | false): PostalMimeNode {
  if (!MimeNode) throw new Error('postal-mime internals unavailable');
  return build(MimeNode, headerLines, parentMultipartType);
}

/** The part's text as postal-mime gives it: its charset's decoder (postal-mime's lookup), then format=flowed. */
export function textContent(node: PostalMimeNode, content: Uint8Array): string {
  node.content = content;
  try {
    return node.getTextContent();
  } finally {
    node.content = null;
  }
}
