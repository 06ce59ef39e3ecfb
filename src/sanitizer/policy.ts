/**
 * Sanitizer policy (sanitizer.md §7). Every decision logs `policyVersion` and the rule id (`types.pdf`, `limits.parts`…).
 * The defaults are fail-closed: unknown types are blocked, limits quarantine the message.
 */

export type TypeAction =
  | 'text'
  | 'rasterize'
  | 'reencode'
  | 'cdr'
  | 'extract-text'
  | 'block'
  | 'expand-and-recurse'
  | 'ppap-hold';

export interface Limits {
  /** whole raw message, bytes */
  maxMessageBytes: number;
  /** total header bytes of all MIME parts */
  maxHeaderBytes: number;
  /** MIME parts (attachments + body parts) */
  maxParts: number;
  /** MIME nesting depth */
  maxNestingDepth: number;
  /** message/rfc822 nesting */
  maxRfc822Depth: number;
  /** HTML body, bytes */
  maxHtmlBytes: number;
  maxAttachmentBytes: number;
  /** wall clock for the whole message, ms */
  maxProcessingMs: number;
  /** wall clock for the parse worker, ms */
  parseTimeoutMs: number;
  /** heap of the parse worker, MiB */
  parseHeapMb: number;
}

export interface BodyPolicy {
  defangUrls: boolean;
  defangMailto: boolean;
  defangTel: boolean;
  flagHrefTextMismatch: boolean;
  /** charset of the rebuilt text/plain part and headers */
  outputCharset: 'utf-8' | 'iso-2022-jp';
  subjectPrefix: string;
}

export interface ArchivePolicy {
  maxDepth: number;
  maxEntries: number;
  maxTotalBytes: number;
  maxRatio: number;
  encrypted: 'ppap-hold' | 'block';
  nameEncodingFallback: 'cp932' | 'cp437';
}

export interface Policy {
  policyVersion: string;
  limits: Limits;
  body: BodyPolicy;
  archive: ArchivePolicy;
  types: {
    pdf: { action: 'rasterize' | 'block'; dpi: number; maxPages: number };
    ooxml: { action: 'rasterize' | 'cdr' | 'block'; alt: 'cdr' | 'block' };
    legacyOffice: { action: 'rasterize' | 'block' };
    odf: { action: 'rasterize' | 'block' };
    rtf: { action: 'rasterize' | 'block' };
    image: { action: 'reencode' | 'block'; allow: string[]; maxPixels: number; out: 'png' | 'jpeg' };
    text: { action: 'text' | 'block'; neutraliseCsv: boolean };
    html: { action: 'extract-text' | 'block' };
    calendar: { action: 'extract-text' | 'block' };
    archive: { action: 'expand-and-recurse' | 'block' };
  };
  /** converter timeout per job (ms); the real timeout is max(this, 30 s × MB) bounded by the message budget */
  converterTimeoutMs: number;
  /** drop inline images of multipart/related HTML (they were only decoration of the dropped HTML) */
  dropInlineImages: boolean;
}

const MiB = 1024 * 1024;

export const defaultPolicy: Policy = {
  policyVersion: '2026-11-26.1',
  limits: {
    maxMessageBytes: 50 * MiB,
    maxHeaderBytes: 1 * MiB,
    maxParts: 500,
    maxNestingDepth: 20,
    maxRfc822Depth: 3,
    maxHtmlBytes: 5 * MiB,
    maxAttachmentBytes: 20 * MiB,
    maxProcessingMs: 180_000,
    parseTimeoutMs: 10_000,
    parseHeapMb: 256,
  },
  body: {
    defangUrls: true,
    defangMailto: true,
    defangTel: true,
    flagHrefTextMismatch: true,
    outputCharset: 'utf-8',
    subjectPrefix: '',
  },
  archive: {
    maxDepth: 2,
    maxEntries: 200,
    maxTotalBytes: 200 * MiB,
    maxRatio: 100,
    encrypted: 'ppap-hold',
    nameEncodingFallback: 'cp932',
  },
  types: {
    pdf: { action: 'rasterize', dpi: 150, maxPages: 200 },
    ooxml: { action: 'rasterize', alt: 'cdr' },
    legacyOffice: { action: 'rasterize' },
    odf: { action: 'rasterize' },
    rtf: { action: 'rasterize' },
    image: { action: 'reencode', allow: ['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp'], maxPixels: 50e6, out: 'png' },
    text: { action: 'text', neutraliseCsv: true },
    html: { action: 'extract-text' },
    calendar: { action: 'extract-text' },
    archive: { action: 'expand-and-recurse' },
  },
  converterTimeoutMs: 60_000,
  dropInlineImages: true,
};

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer _U)[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};
export type PolicyInput = DeepPartial<Policy>;

function merge<T>(base: T, over: unknown): T {
  if (over === undefined || over === null) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return over as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    if (!(k in out)) throw new Error(`unknown policy key: ${k}`);
    out[k] = merge(out[k], v);
  }
  return out as T;
}

/** Policy from defaults plus overrides; unknown keys are an error (a typo must not silently weaken the policy). */
export function makePolicy(input: PolicyInput = {}): Policy {
  return merge(defaultPolicy, input);
}

/** The "keep editable" profile: OOXML rebuilt by CDR instead of rasterised (offered as a release channel). */
export function cdrProfile(base: Policy): Policy {
  return { ...base, types: { ...base.types, ooxml: { ...base.types.ooxml, action: 'cdr' } } };
}
