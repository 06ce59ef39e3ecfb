/**
 * The element-level events of HTML (open, close, text) on htmlparser2's Tokenizer, without htmlparser2's Parser.
 *
 * The Parser builds an attribute object for every tag, lower-cases and slices every attribute name and value and
 * keeps its own chunk buffers; the 無害化 body only needs six attributes and a single string. This class follows the
 * Parser's HTML-mode rules exactly (htmlparser2 12.0.0, MIT: implied end tags, void elements, a second <form>
 * ignored, `</p>` and `</br>` without an opening tag, foreign content for SVG/MathML including the tokenizer's
 * raw-text rule, SVG tag-name casing and `image` → `img`) so the text it yields is the same, and is measured against
 * the Parser in tests/sanitizer/body.test.ts. Options are fixed to what the body needs: decode entities,
 * lower-case tags, recognise self-closing tags.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

const { fromCodePoint } = String;

/** The attributes the body looks at; the first occurrence of a name wins, as in htmlparser2. */
export interface TagAttrs {
  hidden: boolean;
  style: string | undefined;
  type: string | undefined;
  href: string | undefined;
  alt: string | undefined;
  start: string | undefined;
}

export interface TreeHandler {
  /** `tag` is lower-case (SVG's camelCase names are lowered too); `info` is what `tagInfo` gave for it (0 if none). */
  open(tag: string, info: number, attrs: TagAttrs): void;
  close(tag: string, info: number): void;
  text(data: string): void;
}

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
const svgTagNameAdjustments = new Map<string, string>(
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

const NONE = 0;
const SVG = 1;
const MATHML = 2;

/** What the tree rules need to know about a tag name; known names get one shared object, looked up once per tag. */
interface TagMeta {
  /** the name as htmlparser2 has it (SVG names in camelCase) */
  name: string;
  lower: string;
  void: boolean;
  integration: boolean;
  implies: Set<string> | undefined;
  /** the handler's own bits for the lower-case name (registerTags) */
  info: number;
}

let handlerInfo: ReadonlyMap<string, number> = new Map();
/** metas of the known names, by name */
const META = new Map<string, TagMeta>();
/** metas of the known lower-case ASCII names up to MAX_INTERNED characters, by hashName */
const INTERN = new Map<number, TagMeta>();
const MAX_INTERNED = 12;

function makeMeta(name: string): TagMeta {
  const lower = name.toLowerCase();
  return {
    name,
    lower,
    void: voidElements.has(name),
    integration: htmlIntegrationElements.has(name),
    implies: openImpliesClose.get(name),
    info: handlerInfo.get(lower) ?? 0,
  };
}

/** The meta of a name: shared for known names, a fresh one for others (nothing unbounded is kept). */
function metaOf(name: string): TagMeta {
  return META.get(name) ?? makeMeta(name);
}

/** A hash of the lower-cased ASCII name between start and end; -1 if it is not ASCII. */
function hashName(html: string, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) {
    let c = html.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 0x20;
    else if (c >= 0x80) return -1;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}

/**
 * Tells the tree which names the handler cares about and the bits to pass for them (once, when the handler's module
 * loads). Those names, the ones the tree rules use and `extra` (common inline tags) are read without allocating.
 */
export function registerTags(info: ReadonlyMap<string, number>, extra: Iterable<string> = []): void {
  handlerInfo = info;
  META.clear();
  INTERN.clear();
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
    const meta = makeMeta(n);
    META.set(n, meta);
    if (n.length > MAX_INTERNED || n !== n.toLowerCase()) continue;
    const h = hashName(n, 0, n.length);
    // on a hash collision the second name simply takes the slow path
    if (h !== -1 && !INTERN.has(h)) INTERN.set(h, meta);
  }
}

/** The lower-cased tag name between start and end, as a meta; no new string for a known name. */
function readLower(html: string, start: number, end: number): TagMeta {
  const n = end - start;
  if (n <= MAX_INTERNED) {
    const h = hashName(html, start, end);
    const known = h === -1 ? undefined : INTERN.get(h);
    if (known !== undefined && known.name.length === n) {
      const name = known.name;
      let i = 0;
      for (; i < n; i++) {
        let c = html.charCodeAt(start + i);
        if (c >= 65 && c <= 90) c |= 0x20;
        if (c !== name.charCodeAt(i)) break;
      }
      if (i === n) return known;
    }
  }
  return metaOf(html.slice(start, end).toLowerCase());
}

/** Attribute slots: which of the six names an attribute is (0 = one the body ignores). */
const A_IGNORED = 0;
const A_HIDDEN = 1;
const A_STYLE = 2;
const A_TYPE = 3;
const A_HREF = 4;
const A_ALT = 5;
const A_START = 6;

/** Whether html[start…] spells `word` (ASCII letters in any case). */
function spells(html: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    let c = html.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** The slot of the attribute name between start and end, read in place (names are compared case-insensitively). */
function slotOf(html: string, start: number, end: number): number {
  switch (end - start) {
    case 3:
      return spells(html, start, 'alt') ? A_ALT : A_IGNORED;
    case 4:
      return spells(html, start, 'href') ? A_HREF : spells(html, start, 'type') ? A_TYPE : A_IGNORED;
    case 5:
      return spells(html, start, 'style') ? A_STYLE : spells(html, start, 'start') ? A_START : A_IGNORED;
    case 6:
      return spells(html, start, 'hidden') ? A_HIDDEN : A_IGNORED;
    default:
      return A_IGNORED;
  }
}

class Tree implements TokenizerCallbacks {
  /** open elements, innermost last (htmlparser2 keeps them innermost first) */
  private stack: TagMeta[] = [];
  private foreign: number[] = [NONE];
  /** the open tag being read; null when there is none or it is ignored (a second <form>) */
  private current: TagMeta | null = null;
  private currentName = '';
  private attrs: TagAttrs = {
    hidden: false,
    style: undefined,
    type: undefined,
    href: undefined,
    alt: undefined,
    start: undefined,
  };
  private seen = 0;
  private slot = A_IGNORED;
  private value = '';

  constructor(
    private readonly html: string,
    private readonly h: TreeHandler,
  ) {}

  isInForeignContext(): boolean {
    return this.foreign[this.foreign.length - 1] !== NONE;
  }

  ontext(start: number, end: number): void {
    // empty text is reported too, as htmlparser2's Parser does (it can end a line in the body's output)
    this.h.text(this.html.slice(start, end));
  }

  ontextentity(cp: number): void {
    this.h.text(fromCodePoint(cp));
  }

  private stackHas(name: string): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i].name === name) return true;
    return false;
  }

  /** htmlparser2's readTagName: lower case, SVG casing inside <svg>, `image` → `img` outside foreign content. */
  private readTag(start: number, end: number): TagMeta {
    const meta = readLower(this.html, start, end);
    const context = this.foreign[this.foreign.length - 1];
    if (context === SVG) {
      const adjusted = svgTagNameAdjustments.get(meta.name);
      return adjusted === undefined ? meta : metaOf(adjusted);
    }
    if (this.foreign.length > 1) {
      const adjusted = svgTagNameAdjustments.get(meta.name);
      if (adjusted !== undefined && this.stackHas(adjusted)) return metaOf(adjusted);
    }
    if (context === NONE && meta.name === 'image') return metaOf('img');
    return meta;
  }

  onopentagname(start: number, end: number): void {
    this.emitOpenTag(this.readTag(start, end));
  }

  private emitOpenTag(meta: TagMeta): void {
    this.currentName = meta.name;
    if (meta.name === 'form' && this.stackHas('form')) {
      this.currentName = '';
      this.current = null;
      return;
    }
    const impliesClose = meta.implies;
    if (impliesClose) {
      while (this.stack.length > 0 && impliesClose.has(this.stack[this.stack.length - 1].name)) this.popElement();
    }
    if (!meta.void) {
      this.stack.push(meta);
      if (meta.name === 'svg') this.foreign.push(SVG);
      else if (meta.name === 'math') this.foreign.push(MATHML);
      else if (meta.integration) this.foreign.push(NONE);
    }
    this.current = meta;
    this.seen = 0;
    const a = this.attrs;
    a.hidden = false;
    a.style = a.type = a.href = a.alt = a.start = undefined;
  }

  private endOpenTag(): void {
    const meta = this.current;
    if (meta !== null) {
      this.h.open(meta.lower, meta.info, this.attrs);
      if (meta.void) this.h.close(meta.lower, meta.info);
      this.current = null;
    }
    this.currentName = '';
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onclosetag(start: number, end: number): void {
    const meta = this.readTag(start, end);
    if (!meta.void) {
      const name = meta.name;
      let pos = this.stack.length - 1;
      while (pos >= 0 && this.stack[pos].name !== name) pos--;
      if (pos !== -1) {
        while (this.stack.length - 1 > pos) this.popElement();
        this.popElement();
      } else if (name === 'p') {
        this.emitOpenTag(meta);
        this.closeCurrentTag();
      }
    } else if (meta.name === 'br') {
      const a = this.attrs;
      a.hidden = false;
      a.style = a.type = a.href = a.alt = a.start = undefined;
      this.h.open(meta.lower, meta.info, a);
      this.h.close(meta.lower, meta.info);
    }
  }

  onselfclosingtag(): void {
    this.closeCurrentTag();
  }

  private popElement(): void {
    const meta = this.stack.pop() as TagMeta;
    if (meta.name === 'svg' || meta.name === 'math' || meta.integration) this.foreign.pop();
    this.h.close(meta.lower, meta.info);
  }

  private closeCurrentTag(): void {
    const name = this.currentName;
    this.endOpenTag();
    if (this.stack.length > 0 && this.stack[this.stack.length - 1].name === name) this.popElement();
  }

  onattribname(start: number, end: number): void {
    this.slot = slotOf(this.html, start, end);
  }

  onattribdata(start: number, end: number): void {
    if (this.slot !== A_IGNORED) this.value += this.html.slice(start, end);
  }

  onattribentity(cp: number): void {
    if (this.slot !== A_IGNORED) this.value += fromCodePoint(cp);
  }

  onattribend(): void {
    const slot = this.slot;
    if (slot !== A_IGNORED && this.current !== null && (this.seen & (1 << slot)) === 0) {
      this.seen |= 1 << slot;
      const a = this.attrs;
      const v = this.value;
      if (slot === A_HIDDEN) a.hidden = true;
      else if (slot === A_STYLE) a.style = v;
      else if (slot === A_TYPE) a.type = v;
      else if (slot === A_HREF) a.href = v;
      else if (slot === A_ALT) a.alt = v;
      else a.start = v;
    }
    this.value = '';
    this.slot = A_IGNORED;
  }

  oncdata(start: number, end: number, offset: number): void {
    // HTML mode: CDATA is text only in foreign content, otherwise a comment
    if (this.isInForeignContext()) this.ontext(start, end - offset);
  }

  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}

  onend(): void {
    for (let i = this.stack.length - 1; i >= 0; i--) this.h.close(this.stack[i].lower, this.stack[i].info);
  }
}

/** Feed one whole HTML string to the handler as element events. */
export function walkHtml(html: string, handler: TreeHandler): void {
  const tree = new Tree(html, handler);
  const tokenizer = new Tokenizer({ decodeEntities: true, recognizeSelfClosing: true }, tree);
  tokenizer.write(html);
  tokenizer.end();
}
