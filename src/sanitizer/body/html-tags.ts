/**
 * Tag names and the tree rules htmlparser2's Parser attaches to them (htmlparser2 12.0.0, MIT): implied end tags,
 * void elements, HTML integration points in foreign content, SVG tag-name casing. Each name is read once per tag into
 * a TagMeta; the names the handler registers (and the ones these rules use) get one shared meta each and are matched
 * in place, without a string.
 */

const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const pTag = new Set(['p']);
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
const openImpliesClose = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', pTag],
  ['h1', headingTags],
  ['h2', headingTags],
  ['h3', headingTags],
  ['h4', headingTags],
  ['h5', headingTags],
  ['h6', headingTags],
  ['select', formTags],
  ['input', formTags],
  ['output', formTags],
  ['button', formTags],
  ['datalist', formTags],
  ['textarea', formTags],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddtTags],
  ['dt', ddtTags],
  ['address', pTag],
  ['article', pTag],
  ['aside', pTag],
  ['blockquote', pTag],
  ['details', pTag],
  ['div', pTag],
  ['dl', pTag],
  ['fieldset', pTag],
  ['figcaption', pTag],
  ['figure', pTag],
  ['footer', pTag],
  ['form', pTag],
  ['header', pTag],
  ['hr', pTag],
  ['main', pTag],
  ['nav', pTag],
  ['ol', pTag],
  ['pre', pTag],
  ['section', pTag],
  ['table', pTag],
  ['ul', pTag],
  ['rt', rtpTags],
  ['rp', rtpTags],
  ['tbody', tableSectionTags],
  ['tfoot', tableSectionTags],
]);
const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const htmlIntegrationElements = new Set([
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignObject',
  'desc',
  'title',
]);
export const svgTagNameAdjustments = new Map<string, string>(
  [
    'altGlyph',
    'altGlyphDef',
    'altGlyphItem',
    'animateColor',
    'animateMotion',
    'animateTransform',
    'clipPath',
    'feBlend',
    'feColorMatrix',
    'feComponentTransfer',
    'feComposite',
    'feConvolveMatrix',
    'feDiffuseLighting',
    'feDisplacementMap',
    'feDistantLight',
    'feDropShadow',
    'feFlood',
    'feFuncA',
    'feFuncB',
    'feFuncG',
    'feFuncR',
    'feGaussianBlur',
    'feImage',
    'feMerge',
    'feMergeNode',
    'feMorphology',
    'feOffset',
    'fePointLight',
    'feSpecularLighting',
    'feSpotLight',
    'feTile',
    'feTurbulence',
    'foreignObject',
    'glyphRef',
    'linearGradient',
    'radialGradient',
    'textPath',
  ].map((n) => [n.toLowerCase(), n]),
);

export const NONE = 0;
export const SVG = 1;
export const MATHML = 2;
export const NOT_FOREIGN = -1;

/** What the tree rules need to know about a tag name; known names get one shared object, looked up once per tag. */
export interface TagMeta {
  /** the name as htmlparser2 has it (SVG names in camelCase) */
  name: string;
  lower: string;
  void: boolean;
  /** the foreign context this element opens: SVG, MATHML, NONE (an HTML integration point), or NOT_FOREIGN */
  opensContext: number;
  /** IMPLIED bits of the open elements that opening this one closes (htmlparser2's openImpliesClose) */
  impliesMask: number;
  /** this name's IMPLIED bit (0: opening no element closes it) */
  impliedBit: number;
  /** the handler's own bits for the lower-case name (registerTags) */
  info: number;
  /** index of a shared meta among the known names (0 … knownCount() - 1), -1 for another name */
  id: number;
}

/** One bit per name that opening some element implicitly closes (29 names: they fit in a 31-bit mask). */
const IMPLIED = new Map<string, number>();
for (const names of openImpliesClose.values())
  for (const n of names) if (!IMPLIED.has(n)) IMPLIED.set(n, 1 << IMPLIED.size);
if (IMPLIED.size > 31) throw new Error('implied-close names do not fit in a mask');

function impliesMaskOf(name: string): number {
  let mask = 0;
  for (const n of openImpliesClose.get(name) ?? []) mask |= IMPLIED.get(n) as number;
  return mask;
}

let handlerInfo: ReadonlyMap<string, number> = new Map();
/** metas of the known names, by name */
const META = new Map<string, TagMeta>();
/**
 * The known lower-case names that start with an ASCII letter, up to MAX_INTERNED characters, bucketed by first letter
 * and length: a tag name is compared in place with the few names of its bucket, without a string.
 */
const MAX_INTERNED = 12;
const BUCKETS: TagMeta[][] = Array.from({ length: 26 * (MAX_INTERNED + 1) }, () => []);

/** The bucket of a name of `length` starting with char code `first` (either case), or -1. */
function bucketOf(first: number, length: number): number {
  const letter = (first | 0x20) - 97;
  if (letter < 0 || letter > 25 || length > MAX_INTERNED) return -1;
  return letter * (MAX_INTERNED + 1) + length;
}

function makeMeta(name: string, id: number): TagMeta {
  const lower = name.toLowerCase();
  return {
    name,
    lower,
    void: voidElements.has(name),
    opensContext:
      name === 'svg' ? SVG : name === 'math' ? MATHML : htmlIntegrationElements.has(name) ? NONE : NOT_FOREIGN,
    impliesMask: impliesMaskOf(name),
    impliedBit: IMPLIED.get(name) ?? 0,
    info: handlerInfo.get(lower) ?? 0,
    id,
  };
}

/** How many names have a shared meta. */
export function knownCount(): number {
  return META.size;
}

/** The meta of a name: shared for known names, a fresh one for others (nothing unbounded is kept). */
export function metaOf(name: string): TagMeta {
  return META.get(name) ?? makeMeta(name, -1);
}

/**
 * Tells the tree which names the handler cares about and the bits to pass for them (once, when the handler's module
 * loads). Those names, the ones the tree rules use and `extra` (common inline tags) are read without allocating.
 */
export function registerTags(info: ReadonlyMap<string, number>, extra: Iterable<string> = []): void {
  handlerInfo = info;
  META.clear();
  for (const bucket of BUCKETS) bucket.length = 0;
  const names = new Set<string>([
    ...info.keys(),
    ...extra,
    ...voidElements,
    ...htmlIntegrationElements,
    ...openImpliesClose.keys(),
    ...[...openImpliesClose.values()].flatMap((v) => [...v]),
    ...svgTagNameAdjustments.values(),
    'svg',
    'math',
    'form',
  ]);
  for (const n of names) {
    const meta = makeMeta(n, META.size);
    META.set(n, meta);
    const bucket = n === n.toLowerCase() ? bucketOf(n.charCodeAt(0), n.length) : -1;
    if (bucket !== -1) BUCKETS[bucket].push(meta);
  }
}

/** Whether html[start, end) lower-cased is `name`. */
export function spellsName(html: string, start: number, end: number, name: string): boolean {
  if (name.length !== end - start) return false;
  for (let i = 0; i < name.length; i++) {
    let c = html.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The lower-cased tag name between start and end, as a meta; no new string for a known name. */
export function readLower(html: string, start: number, end: number): TagMeta {
  const bucket = bucketOf(html.charCodeAt(start), end - start);
  if (bucket !== -1) {
    const known = BUCKETS[bucket];
    for (let i = 0; i < known.length; i++) if (spellsName(html, start, end, known[i].name)) return known[i];
  }
  return metaOf(html.slice(start, end).toLowerCase());
}
