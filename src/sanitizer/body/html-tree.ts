/**
 * The element-level events of HTML (open, close, text) over html-scan.ts's tokens, with the HTML spec's
 * tree-building rules as htmlparser2's Parser applies them in HTML mode (htmlparser2 12.0.0, MIT: implied end tags,
 * void elements, a second <form> ignored, `</p>` and `</br>` without an opening tag, foreign content for SVG/MathML
 * including the tokenizer's raw-text rule, SVG tag-name casing and `image` → `img`) so the text it yields is the
 * same; html-tree.test.ts compares the events with the Parser's. Only the six attributes the body needs are read.
 */
import { scanHtml, type TokenSink } from './html-scan.ts';
import {
  knownCount,
  metaOf,
  NONE,
  NOT_FOREIGN,
  readLower,
  SVG,
  spellsName,
  svgTagNameAdjustments,
  type TagMeta,
} from './html-tags.ts';

export { registerTags } from './html-tags.ts';

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

class Tree implements TokenSink {
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
  /**
   * How many elements of each name are open (shared metas by id, other names by name), so that an end tag or a rule
   * never walks a deep stack that holds no such element: that was quadratic on `<div>`×n `</span>`×n.
   */
  private openKnown = new Int32Array(knownCount());
  private openOther: Map<string, number> | null = null;

  constructor(
    private readonly html: string,
    private readonly h: TreeHandler,
  ) {}

  inForeignContent(): boolean {
    return this.foreign[this.foreign.length - 1] !== NONE;
  }

  text(start: number, end: number): void {
    // empty text is reported too, as htmlparser2's Parser does (it can end a line in the body's output)
    this.h.text(this.html.slice(start, end));
  }

  textPiece(piece: string): void {
    this.h.text(piece);
  }

  private countOpen(meta: TagMeta, delta: number): void {
    if (meta.id >= 0) this.openKnown[meta.id] += delta;
    else {
      this.openOther ??= new Map();
      this.openOther.set(meta.name, (this.openOther.get(meta.name) ?? 0) + delta);
    }
  }

  /** Whether an element of this name is open. */
  private isOpen(meta: TagMeta): boolean {
    return (meta.id >= 0 ? this.openKnown[meta.id] : (this.openOther?.get(meta.name) ?? 0)) > 0;
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
      if (adjusted !== undefined && this.isOpen(metaOf(adjusted))) return metaOf(adjusted);
    }
    if (context === NONE && meta.name === 'image') return metaOf('img');
    return meta;
  }

  openTagName(start: number, end: number): void {
    this.emitOpenTag(this.readTag(start, end));
  }

  private emitOpenTag(meta: TagMeta): void {
    this.currentName = meta.name;
    if (meta.name === 'form' && this.isOpen(meta)) {
      this.currentName = '';
      this.current = null;
      return;
    }
    const mask = meta.impliesMask;
    if (mask !== 0) {
      while (this.stack.length > 0 && (mask & this.stack[this.stack.length - 1].impliedBit) !== 0) this.popElement();
    }
    if (!meta.void) {
      this.stack.push(meta);
      this.countOpen(meta, 1);
      if (meta.opensContext !== NOT_FOREIGN) this.foreign.push(meta.opensContext);
    }
    this.current = meta;
    this.seen = 0;
    const a = this.attrs;
    a.hidden = false;
    a.style = a.type = a.href = a.alt = a.start = undefined;
  }

  openTagEnd(): void {
    const meta = this.current;
    if (meta !== null) {
      this.h.open(meta.lower, meta.info, this.attrs);
      if (meta.void) this.h.close(meta.lower, meta.info);
      this.current = null;
    }
    this.currentName = '';
  }

  closeTag(start: number, end: number): void {
    // the common case first: outside SVG/MathML and HTML integration points (names are plain lower case there), the
    // innermost element closed by its own end tag
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && this.foreign.length === 1 && spellsName(this.html, start, end, top.name)) {
      this.popElement();
      return;
    }
    const meta = this.readTag(start, end);
    if (!meta.void) {
      const name = meta.name;
      if (this.isOpen(meta)) {
        // the walk passes only elements that are then closed
        let pos = this.stack.length - 1;
        while (this.stack[pos].name !== name) pos--;
        while (this.stack.length - 1 > pos) this.popElement();
        this.popElement();
      } else if (name === 'p') {
        this.emitOpenTag(meta);
        this.selfClosingTag();
      }
    } else if (meta.name === 'br') {
      const a = this.attrs;
      a.hidden = false;
      a.style = a.type = a.href = a.alt = a.start = undefined;
      this.h.open(meta.lower, meta.info, a);
      this.h.close(meta.lower, meta.info);
    }
  }

  private popElement(): void {
    const meta = this.stack.pop() as TagMeta;
    this.countOpen(meta, -1);
    if (meta.opensContext !== NOT_FOREIGN) this.foreign.pop();
    this.h.close(meta.lower, meta.info);
  }

  selfClosingTag(): void {
    const name = this.currentName;
    this.openTagEnd();
    if (this.stack.length > 0 && this.stack[this.stack.length - 1].name === name) this.popElement();
  }

  attributeSlot(start: number, end: number): number {
    return slotOf(this.html, start, end);
  }

  attribute(slot: number, value: string): void {
    if (this.current === null || (this.seen & (1 << slot)) !== 0) return;
    this.seen |= 1 << slot;
    const a = this.attrs;
    if (slot === A_HIDDEN) a.hidden = true;
    else if (slot === A_STYLE) a.style = value;
    else if (slot === A_TYPE) a.type = value;
    else if (slot === A_HREF) a.href = value;
    else if (slot === A_ALT) a.alt = value;
    else a.start = value;
  }

  end(): void {
    for (let i = this.stack.length - 1; i >= 0; i--) this.h.close(this.stack[i].lower, this.stack[i].info);
  }
}

/** Feed one whole HTML string to the handler as element events. */
export function walkHtml(html: string, handler: TreeHandler): void {
  scanHtml(html, new Tree(html, handler));
}
