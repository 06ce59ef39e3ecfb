/**
 * Which way each field of the sanitizer policy is "stricter" (sanitizer.md §7): the gateway is shared, so a town's
 * overrides may only tighten the server's policy (makePolicy's defaults + MAMORI_SANITIZER_POLICY). Every leaf of the
 * policy has a rule here — the table is typed over the policy's leaf paths, so a new field does not compile until it
 * is classified. Pure: no I/O, used by the settings service, the effective policy and the web form.
 */
import type { Policy, PolicyInput, PolicyProblem } from '../../sanitizer/policy.ts';

/** Every leaf of T as a dotted path ('limits.maxParts', 'types.image.allow'); arrays are leaves. */
type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends readonly unknown[]
    ? `${Prefix}${K}`
    : T[K] extends object
      ? LeafPaths<T[K], `${Prefix}${K}.`>
      : `${Prefix}${K}`;
}[keyof T & string];
export type PolicyPath = LeafPaths<Policy>;

export type ValueAt<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? ValueAt<T[K], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** A number where lower is stricter: a town may lower it, never raise it above the server's. */
type AtMost = { kind: 'at-most' };
/** Every value of an enum or flag, strictest first: a town may move towards the front only. */
type Ranked<V> = { kind: 'ranked'; strictestFirst: readonly V[] };
/** An allow-list: a town may remove entries, never add one the server does not allow. */
type Subset = { kind: 'subset' };
/** Changes nothing about what gets through; a town may set it freely. */
type Free = { kind: 'free'; why: string };
/** Set on the server only (where the machine's scanner lives); a town may not set it at all. */
type ServerOnly = { kind: 'server-only' };
/** The ClamAV mode: a town may turn a scanner on when the server runs none; a scanner the server runs is fixed. */
type Scanner = { kind: 'scanner' };

type RuleFor<V> = [V] extends [number]
  ? AtMost | Free
  : [V] extends [readonly unknown[]]
    ? Subset
    : Ranked<V> | Free | ServerOnly | Scanner;
export type StrictnessRule = AtMost | Ranked<unknown> | Subset | Free | ServerOnly | Scanner;

const atMost = { kind: 'at-most' } as const;
const subset = { kind: 'subset' } as const;
/** on is stricter (a safeguard the server turned on stays on) */
const onFirst = { kind: 'ranked', strictestFirst: [true, false] } as const;
const blockFirst = <const V extends string>(loosest: V) =>
  ({ kind: 'ranked', strictestFirst: ['block', loosest] }) as const;

/**
 * The rules. Free fields, and why they do not weaken anything:
 * - policyVersion: a label for the records (the settings service requires a town's own);
 * - body.outputCharset: the encoding of the rebuilt plain text, the same characters either way;
 * - body.subjectPrefix: text put in front of the subject;
 * - archive.nameEncodingFallback: the code page a ZIP's legacy file names are read in. Entries are sniffed and
 *   handled by content, and neither code page shows every bad extension the other hides, so neither is stricter;
 * - types.image.out: the format images are written in after being rebuilt from their pixels (PNG or JPEG).
 * types.pdf.dpi is "at most" like the limits: rendering cost on the shared gateway grows with dpi².
 */
export const STRICTNESS = {
  policyVersion: { kind: 'free', why: 'label of the records' },
  'limits.maxMessageBytes': atMost,
  'limits.maxHeaderBytes': atMost,
  'limits.maxParts': atMost,
  'limits.maxNestingDepth': atMost,
  'limits.maxRfc822Depth': atMost,
  'limits.maxHtmlBytes': atMost,
  'limits.maxAttachmentBytes': atMost,
  'limits.maxProcessingMs': atMost,
  'limits.parseTimeoutMs': atMost,
  'limits.parseHeapMb': atMost,
  'body.defangUrls': onFirst,
  'body.defangMailto': onFirst,
  'body.defangTel': onFirst,
  'body.flagHrefTextMismatch': onFirst,
  'body.outputCharset': { kind: 'free', why: 'encoding of the same text' },
  'body.subjectPrefix': { kind: 'free', why: 'text before the subject' },
  'archive.maxDepth': atMost,
  'archive.maxEntries': atMost,
  'archive.maxTotalBytes': atMost,
  'archive.maxRatio': atMost,
  // removed outright is stricter than held for the recipient's password and then sanitised
  'archive.encrypted': blockFirst('ppap-hold'),
  'archive.nameEncodingFallback': { kind: 'free', why: 'code page of legacy ZIP names; content decides' },
  'types.pdf.action': blockFirst('rasterize'),
  'types.pdf.dpi': atMost,
  'types.pdf.maxPages': atMost,
  // an image of the pages keeps nothing active; a CDR rebuild keeps an editable document
  'types.ooxml.action': { kind: 'ranked', strictestFirst: ['block', 'rasterize', 'cdr'] },
  'types.ooxml.alt': blockFirst('cdr'),
  'types.legacyOffice.action': blockFirst('rasterize'),
  'types.odf.action': blockFirst('rasterize'),
  'types.rtf.action': blockFirst('rasterize'),
  'types.image.action': blockFirst('reencode'),
  'types.image.allow': subset,
  'types.image.maxPixels': atMost,
  'types.image.out': { kind: 'free', why: 'output format of pixels rebuilt either way' },
  'types.text.action': blockFirst('text'),
  'types.text.neutraliseCsv': onFirst,
  'types.html.action': blockFirst('extract-text'),
  'types.calendar.action': blockFirst('extract-text'),
  'types.archive.action': blockFirst('expand-and-recurse'),
  // off removes Office, ODF and RTF documents instead of converting them
  useLibreOffice: { kind: 'ranked', strictestFirst: [false, true] },
  'av.mode': { kind: 'scanner' },
  'av.timeoutMs': atMost,
  'av.database': { kind: 'server-only' },
  'av.clamdSocket': { kind: 'server-only' },
  converterTimeoutMs: atMost,
  dropInlineImages: onFirst,
} as const satisfies { [P in PolicyPath]: RuleFor<ValueAt<Policy, P>> };

/** The enum values a ranking leaves out: `never` while every ranking lists all its field's values (see the tests). */
export type UnrankedValues = {
  [P in PolicyPath]: (typeof STRICTNESS)[P] extends { strictestFirst: readonly (infer L)[] }
    ? Exclude<ValueAt<Policy, P>, L>
    : never;
}[PolicyPath];

export const POLICY_PATHS = Object.keys(STRICTNESS) as PolicyPath[];
export const pathsOfKind = (kind: StrictnessRule['kind']): PolicyPath[] =>
  POLICY_PATHS.filter((p) => STRICTNESS[p].kind === kind);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);
}

/** Values as an administrator reads them in the messages. */
const WORDS: Record<string, { ja: string; en: string }> = {
  true: { ja: 'する', en: 'on' },
  false: { ja: 'しない', en: 'off' },
  block: { ja: '削除', en: 'remove' },
  rasterize: { ja: '画像化した PDF に変換', en: 'rasterise to an image-only PDF' },
  cdr: { ja: '再構成（CDR）', en: 'rebuild (CDR)' },
  reencode: { ja: '画素から再生成', en: 'rebuild from pixels' },
  text: { ja: '文字コードを統一', en: 'unify the character set' },
  'extract-text': { ja: '文字だけを抽出', en: 'extract the text' },
  'expand-and-recurse': { ja: '展開して中身を個別に処理', en: 'expand and process each file' },
  'ppap-hold': { ja: '保留し、パスワードの入力後に無害化', en: 'hold for the password, then sanitise' },
};
const word = (v: unknown, lang: 'ja' | 'en') => WORDS[String(v)]?.[lang] ?? String(v);
const SHARED = {
  ja: '無害化ゲートウェイは共用のため、団体では厳しくすることだけができます',
  en: 'the gateway is shared, so a town may only tighten it',
};

/** Whether the town's value is looser than the server's (a value the rule does not know counts as looser). */
function looser(rule: StrictnessRule, server: unknown, v: unknown): boolean {
  switch (rule.kind) {
    case 'at-most':
      return typeof v === 'number' && typeof server === 'number' && v > server;
    case 'ranked': {
      const rank = rule.strictestFirst.indexOf(v);
      const limit = rule.strictestFirst.indexOf(server);
      // a value the table does not rank is taken as the loosest (fail closed)
      return v !== server && (rank < 0 || limit < 0 || rank > limit);
    }
    case 'subset':
      return Array.isArray(v) && v.some((x) => !(Array.isArray(server) && server.includes(x)));
    case 'free':
      return false;
    case 'server-only':
      return v !== undefined;
    case 'scanner':
      return server !== 'off' && v !== server;
  }
}

function message(path: string, rule: StrictnessRule, server: unknown, v: unknown): PolicyProblem {
  const s = server as never;
  switch (rule.kind) {
    case 'at-most':
      return {
        path,
        ja: `サーバーの設定（${s}）より緩い値は指定できません。団体の設定では ${s} 以下にしてください（${SHARED.ja}）。`,
        en: `A town may only tighten this limit: at most ${s} (the server's setting).`,
      };
    case 'ranked': {
      if (typeof server === 'boolean')
        return {
          path,
          ja: `サーバーの設定では「${word(server, 'ja')}」になっているため、団体の設定で「${word(!server, 'ja')}」にすることはできません（${SHARED.ja}）。`,
          en: `The server's setting is ${word(server, 'en')}; a town cannot turn it ${word(!server, 'en')} (${SHARED.en}).`,
        };
      const limit = rule.strictestFirst.indexOf(server);
      const allowed = limit < 0 ? [server] : rule.strictestFirst.slice(0, limit + 1);
      return {
        path,
        ja: `サーバーの設定（${word(server, 'ja')}）より緩い処理は指定できません。団体の設定では${allowed.map((a) => `「${word(a, 'ja')}」`).join('又は')}にしてください（${SHARED.ja}）。`,
        en: `A town may only tighten this: ${allowed.map((a) => word(a, 'en')).join(' or ')} (the server's setting is ${word(server, 'en')}).`,
      };
    }
    case 'subset': {
      const list = Array.isArray(server) ? (server as unknown[]) : [];
      const extra = (v as unknown[]).filter((x) => !list.includes(x));
      return {
        path,
        ja: `サーバーの設定で受け付けていないもの（${extra.join('、')}）は追加できません。${list.length ? `サーバーの設定（${list.join('、')}）の中から選んでください` : 'サーバーの設定では一つも受け付けていません'}（${SHARED.ja}）。`,
        en: `A town may only remove entries: ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not allowed by the server (${list.join(', ') || 'none'}).`,
      };
    }
    case 'server-only':
      return {
        path,
        ja: 'ウイルス検査の定義ファイルやソケットの場所は、サーバーの設定（MAMORI_SANITIZER_POLICY）でだけ指定できます。',
        en: 'Signature and socket locations are set on the server (MAMORI_SANITIZER_POLICY) only.',
      };
    case 'scanner':
      return {
        path,
        ja: `ウイルス検査はサーバーの設定（MAMORI_SANITIZER_POLICY）で ${s} に決められているため、団体の設定では変更も停止もできません。`,
        en: `The server runs ClamAV (${s}, MAMORI_SANITIZER_POLICY); a town cannot change or turn it off.`,
      };
    case 'free': // never looser; here for the compiler
      return { path, ja: '', en: '' };
  }
}

/** The fields of a town's overrides that would loosen the server's policy, each with the reason in ja and en. */
export function looserFields(server: Policy, tenantInput: PolicyInput): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const path of POLICY_PATHS) {
    const v = valueAt(tenantInput, path);
    if (v === undefined) continue;
    const rule: StrictnessRule = STRICTNESS[path];
    const s = valueAt(server, path);
    if (looser(rule, s, v)) out.push(message(path, rule, s, v));
  }
  return out;
}

/**
 * The merged policy with every field held to the server's where it is looser, or not a value the rule knows (for
 * overrides stored before these checks: fail closed). An allow-list keeps only what the server allows too.
 */
export function holdToServer(server: Policy, merged: Policy): Policy {
  const held = structuredClone(merged) as unknown as Record<string, unknown>;
  for (const path of POLICY_PATHS) {
    const rule: StrictnessRule = STRICTNESS[path];
    const s = valueAt(server, path);
    const v = valueAt(merged, path);
    let keep: unknown = v;
    if (rule.kind === 'at-most') keep = typeof v === 'number' && Number.isFinite(v) && v <= (s as number) ? v : s;
    else if (rule.kind === 'subset')
      keep = Array.isArray(v) && Array.isArray(s) ? v.filter((x) => s.includes(x)) : structuredClone(s);
    else if (rule.kind === 'server-only') keep = s;
    else if (rule.kind !== 'free' && looser(rule, s, v)) keep = s;
    if (keep !== v) setAt(held, path, keep);
  }
  return held as unknown as Policy;
}

function setAt(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);
  if (isObject(parent)) parent[keys[keys.length - 1]] = value;
}
