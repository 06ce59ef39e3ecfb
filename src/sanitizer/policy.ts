/**
 * Sanitizer policy (sanitizer.md §7). Every decision logs `policyVersion` and the rule id (`types.pdf`, `limits.parts`…).
 * The defaults are fail-closed: unknown types are blocked, limits quarantine the message.
 */

import type { AvPolicy } from './av.ts';

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
  /** convert Office/ODF/RTF documents through LibreOffice (when installed); off → such documents are blocked */
  useLibreOffice: boolean;
  /** ClamAV as an extra signal (off by default; a hit or a scanner failure removes the part) */
  av: AvPolicy;
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
  useLibreOffice: true,
  av: { mode: 'off', timeoutMs: 30_000, database: '', clamdSocket: '/var/run/clamav/clamd.ctl' },
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
    if (!Object.hasOwn(out, k)) throw new Error(`unknown policy key: ${k}`);
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

export interface PolicyProblem {
  path: string;
  ja: string;
  en: string;
}

const IMAGE_FORMATS = ['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp'] as const;
/** 2×10^8 pixels (about 14,000 × 14,000): beyond that a decoded image alone needs gigabytes */
const MAX_IMAGE_PIXELS = 200_000_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a path with control characters is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Value checks makePolicy's key check cannot do: enums, positive bounded numbers. A policy that fails here must not be
 * used (a typo such as `maxParts: -1` or `mode: "of"` would otherwise silently change what is let through).
 */
export function policyProblems(p: Policy): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const int = (path: string, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      out.push({
        path,
        ja: `${min} 以上 ${max} 以下の整数を指定してください。`,
        en: `An integer from ${min} to ${max}.`,
      });
  };
  const oneOf = (path: string, v: unknown, allowed: readonly unknown[]) => {
    if (!allowed.includes(v))
      out.push({
        path,
        ja: `${allowed.join('、')} のいずれかを指定してください。`,
        en: `One of ${allowed.join(', ')}.`,
      });
  };
  if (typeof p.policyVersion !== 'string' || !/^[\w.+-]{1,40}$/.test(p.policyVersion))
    out.push({
      path: 'policyVersion',
      ja: '版は 40 文字以内の英数字・ピリオド・ハイフンで指定してください（例: 2026-12-01.1）。',
      en: 'Letters, digits, dots and hyphens, up to 40.',
    });
  const L = p.limits;
  int('limits.maxMessageBytes', L.maxMessageBytes, 1024, 200 * MiB);
  int('limits.maxHeaderBytes', L.maxHeaderBytes, 1024, 16 * MiB);
  int('limits.maxParts', L.maxParts, 1, 10_000);
  int('limits.maxNestingDepth', L.maxNestingDepth, 1, 100);
  int('limits.maxRfc822Depth', L.maxRfc822Depth, 0, 10);
  int('limits.maxHtmlBytes', L.maxHtmlBytes, 1024, 100 * MiB);
  int('limits.maxAttachmentBytes', L.maxAttachmentBytes, 1024, 200 * MiB);
  int('limits.maxProcessingMs', L.maxProcessingMs, 1000, 3_600_000);
  int('limits.parseTimeoutMs', L.parseTimeoutMs, 100, 600_000);
  int('limits.parseHeapMb', L.parseHeapMb, 32, 4096);
  for (const k of ['defangUrls', 'defangMailto', 'defangTel', 'flagHrefTextMismatch'] as const)
    oneOf(`body.${k}`, p.body[k], [true, false]);
  oneOf('body.outputCharset', p.body.outputCharset, ['utf-8', 'iso-2022-jp']);
  if (
    typeof p.body.subjectPrefix !== 'string' ||
    p.body.subjectPrefix.length > 40 ||
    /[\r\n]/.test(p.body.subjectPrefix)
  )
    out.push({
      path: 'body.subjectPrefix',
      ja: '改行を含まない 40 文字以内で指定してください。',
      en: 'Up to 40 characters.',
    });
  int('archive.maxDepth', p.archive.maxDepth, 0, 10);
  int('archive.maxEntries', p.archive.maxEntries, 1, 10_000);
  int('archive.maxTotalBytes', p.archive.maxTotalBytes, 1024, 2048 * MiB);
  int('archive.maxRatio', p.archive.maxRatio, 1, 10_000);
  oneOf('archive.encrypted', p.archive.encrypted, ['ppap-hold', 'block']);
  oneOf('archive.nameEncodingFallback', p.archive.nameEncodingFallback, ['cp932', 'cp437']);
  oneOf('types.ooxml.action', p.types.ooxml.action, ['rasterize', 'cdr', 'block']);
  oneOf('types.ooxml.alt', p.types.ooxml.alt, ['cdr', 'block']);
  oneOf('types.legacyOffice.action', p.types.legacyOffice.action, ['rasterize', 'block']);
  oneOf('types.odf.action', p.types.odf.action, ['rasterize', 'block']);
  oneOf('types.rtf.action', p.types.rtf.action, ['rasterize', 'block']);
  oneOf('types.pdf.action', p.types.pdf.action, ['rasterize', 'block']);
  int('types.pdf.dpi', p.types.pdf.dpi, 50, 300);
  int('types.pdf.maxPages', p.types.pdf.maxPages, 1, 2000);
  oneOf('types.image.action', p.types.image.action, ['reencode', 'block']);
  if (!Array.isArray(p.types.image.allow) || p.types.image.allow.some((f) => !IMAGE_FORMATS.includes(f as never)))
    out.push({
      path: 'types.image.allow',
      ja: `画像形式は ${IMAGE_FORMATS.join('、')} から選んでください（SVG は受け付けません）。`,
      en: `Image formats from ${IMAGE_FORMATS.join(', ')} (never SVG).`,
    });
  // a decompression bomb is refused on its header before decoding: the limit must be a real number of pixels
  int('types.image.maxPixels', p.types.image.maxPixels, 1, MAX_IMAGE_PIXELS);
  oneOf('types.image.out', p.types.image.out, ['png', 'jpeg']);
  oneOf('types.text.action', p.types.text.action, ['text', 'block']);
  oneOf('types.text.neutraliseCsv', p.types.text.neutraliseCsv, [true, false]);
  oneOf('types.html.action', p.types.html.action, ['extract-text', 'block']);
  oneOf('types.calendar.action', p.types.calendar.action, ['extract-text', 'block']);
  oneOf('types.archive.action', p.types.archive.action, ['expand-and-recurse', 'block']);
  oneOf('useLibreOffice', p.useLibreOffice, [true, false]);
  oneOf('av.mode', p.av.mode, ['off', 'clamscan', 'clamd']);
  int('av.timeoutMs', p.av.timeoutMs, 1000, 600_000);
  for (const k of ['database', 'clamdSocket'] as const)
    if (typeof p.av[k] !== 'string' || p.av[k].length > 500 || CONTROL.test(p.av[k]))
      out.push({
        path: `av.${k}`,
        ja: '改行や制御文字を含まない 500 文字以内のパスを指定してください。',
        en: 'A path of up to 500 characters without control characters.',
      });
  int('converterTimeoutMs', p.converterTimeoutMs, 1000, 3_600_000);
  oneOf('dropInlineImages', p.dropInlineImages, [true, false]);
  return out;
}

export { IMAGE_FORMATS };
