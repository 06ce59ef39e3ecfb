/**
 * HTML → faithful plain text over walkHtml's element events (sanitizer.md §4). Unlike html-to-text 10 it drops hidden
 * text (display:none, visibility:hidden, font-size:0, `hidden`, opacity:0…), keeps tables readable (cells joined
 * with " | ", nested layout tables flattened), numbers ordered lists, and writes links as `text [defanged href]`,
 * recording href/text host mismatches as phishing signs. No DOM is built: one pass over the input.
 */
import type { LinkFinding } from '../types.ts';
import {
  collapseSpace,
  hasNewline,
  hiddenByStyle,
  inlineText,
  renderLink,
  tidy,
  trimmed,
  trimmedLength,
} from './html-text-parts.ts';
import { registerTags, type TagAttrs, type TreeHandler, walkHtml } from './html-tree.ts';

const SKIP = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'object',
  'embed',
  'applet',
  'iframe',
  'frame',
  'frameset',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'select',
  'datalist',
  'xml',
  'o:p',
  'meta',
  'link',
  'base',
  'noembed',
]);
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'base',
  'col',
  'area',
  'wbr',
  'source',
  'track',
  'param',
  'embed',
  'keygen',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'address',
  'center',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'caption',
  'details',
  'summary',
  'body',
  'html',
]);
export interface HtmlTextResult {
  text: string;
  links: LinkFinding[];
  hiddenTextDropped: number;
  images: number;
}

/** One lookup per tag: what kind of element it is for the text (bits below; the last ones name single tags). */
const IS_SKIP = 1;
const IS_VOID = 2;
const IS_BLOCK = 4;
const IS_PARA = 8;
const IS_HEADING = 16;
const IS_LIST = 32;
const IS_LI = 64;
const IS_TR = 128;
const IS_CELL = 256;
const IS_A = 512;
const IS_QUOTE = 1024;
const IS_PRE = 2048;
const TAG_INFO = new Map<string, number>();
const mark = (tags: Iterable<string>, bit: number) => {
  for (const t of tags) TAG_INFO.set(t, (TAG_INFO.get(t) ?? 0) | bit);
};
mark(SKIP, IS_SKIP);
mark(VOID, IS_VOID);
mark(BLOCK, IS_BLOCK);
mark(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'ul', 'ol', 'dl'], IS_PARA);
mark(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], IS_HEADING);
mark(['ul', 'ol'], IS_LIST);
mark(['li'], IS_LI);
mark(['tr'], IS_TR);
mark(['td', 'th'], IS_CELL);
mark(['a'], IS_A);
mark(['blockquote'], IS_QUOTE);
mark(['pre'], IS_PRE);
registerTags(TAG_INFO, [
  ...['span', 'b', 'i', 'u', 's', 'strong', 'em', 'font', 'small', 'big', 'sup', 'sub', 'label', 'abbr', 'code'],
  ...['cite', 'q', 'mark', 'nobr', 'thead', 'tbody', 'tfoot', 'th', 'td', 'caption', 'colgroup', 'a', 'img'],
]);

/** Frame flags: this element started hidden / skipped content; its cell or link sink was not opened (too deep). */
const F_HIDDEN = 1;
const F_SKIP = 2;
const F_NO_SINK = 4;
/**
 * Cells nested deeper than this write into the enclosing sink, and so do links inside more than MAX_LINK_SINKS
 * links: each closing sink re-reads all the text inside it, so unbounded nesting (20 000 tables in 500 KB) would be
 * quadratic. Real layouts nest far less. A link's own cap is separate, so no depth of tables hides a link's address.
 */
const MAX_SINK_DEPTH = 32;
const MAX_LINK_SINKS = 8;

/**
 * List items are indented by nesting depth, capped: each item of a list nested n deep would otherwise cost n
 * characters (quadratic output). The indents and bullets of each depth are made once.
 */
const MAX_LIST_INDENT = 16;
const INDENT = Array.from({ length: MAX_LIST_INDENT + 1 }, (_, depth) => '\u3000'.repeat(depth));
const BULLET = INDENT.map((indent) => `${indent}・ `);

/** Where text goes: the document, a table cell (joined into its row) or a link (rendered with its href). */
const K_ROOT = 0;
const K_CELL = 1;
const K_LINK = 2;
/** What the last piece written to a sink was: none yet, one ending in a newline, anything else (even ''). */
const L_NONE = 0;
const L_NEWLINE = 1;
const L_OTHER = 2;

interface SavedSink {
  text: string;
  last: number;
  kind: number;
  href: string;
}

function isHidden(attrs: TagAttrs): boolean {
  if (attrs.hidden) return true;
  const style = attrs.style;
  if (style && hiddenByStyle(style)) return true;
  return attrs.type === 'hidden';
}

/**
 * Collects the text while walkHtml reports elements; one instance per document. Each sink is one growing string
 * (V8 appends to it without copying) plus what its last piece was, which is all the line logic needs.
 */
class TextBuilder implements TreeHandler {
  /** open elements, innermost last: tag names, F_* flags and tag bits side by side */
  private frameTags: string[] = [];
  private frameFlags: number[] = [];
  private frameInfo: number[] = [];
  /** the current sink, and the enclosing ones (records reused from one cell or link to the next) */
  private cur = '';
  private curLast = L_NONE;
  private curKind = K_ROOT;
  private curHref = '';
  private saved: SavedSink[] = [];
  private savedDepth = 0;
  private rows: string[][] = [];
  private lists: { ordered: boolean; n: number }[] = [];
  readonly links: LinkFinding[] = [];
  hiddenTextDropped = 0;
  images = 0;
  private hiddenDepth = 0;
  private skipDepth = 0;
  private preDepth = 0;
  /**
   * The document text (root sink) ends in a blank line: white space written now would only join a run that tidy()
   * turns into "\n\n" anyway, so it is left out (the line logic still sees it through curLast).
   */
  private blank = false;

  private push(piece: string) {
    this.cur += piece;
    this.curLast = piece.length > 0 && piece.charCodeAt(piece.length - 1) === 10 ? L_NEWLINE : L_OTHER;
    this.blank = false;
  }

  /** push() for a piece known not to end in a newline (no char read: a fresh concatenation would be flattened) */
  private write(piece: string) {
    this.cur += piece;
    this.curLast = L_OTHER;
    this.blank = false;
  }

  /** push() for a piece known to end in a newline */
  private writeLine(piece: string) {
    this.cur += piece;
    this.curLast = L_NEWLINE;
    this.blank = false;
  }

  /** writeLine('\n') */
  private lineBreak() {
    if (!this.blank) {
      this.blank = this.curLast === L_NEWLINE && this.curKind === K_ROOT;
      this.cur += '\n';
    }
    this.curLast = L_NEWLINE;
  }

  /** link sinks among the saved ones */
  private linkSinks = 0;
  private pushSink(kind: number, href: string) {
    if (kind === K_LINK) this.linkSinks++;
    if (this.savedDepth === this.saved.length) this.saved.push({ text: '', last: L_NONE, kind: K_ROOT, href: '' });
    const saved = this.saved[this.savedDepth++];
    saved.text = this.cur;
    saved.last = this.curLast;
    saved.kind = this.curKind;
    saved.href = this.curHref;
    this.cur = '';
    this.curLast = L_NONE;
    this.curKind = kind;
    this.curHref = href;
    this.blank = false;
  }

  /** Ends the current sink and returns its text (its href stays in `poppedHref`). */
  private poppedHref = '';
  private popSink(): string {
    const text = this.cur;
    if (this.curKind === K_LINK) this.linkSinks--;
    this.poppedHref = this.curHref;
    const saved = this.saved[--this.savedDepth];
    this.cur = saved.text;
    this.curLast = saved.last;
    this.curKind = saved.kind;
    this.curHref = saved.href;
    saved.text = '';
    this.blank = false;
    return text;
  }

  private newline() {
    if (this.curLast === L_OTHER) {
      if (!this.blank) this.cur += '\n';
      this.curLast = L_NEWLINE;
    }
  }

  open(_tag: string, info: number, attrs: TagAttrs): void {
    const hidden = this.hiddenDepth > 0 || isHidden(attrs);
    const skip = this.skipDepth > 0 || (info & IS_SKIP) !== 0;
    if (info & IS_VOID) {
      if (hidden || skip) return;
      if (_tag === 'br') this.lineBreak();
      else if (_tag === 'hr') this.writeLine('\n----------\n');
      else if (_tag === 'img') {
        this.images++;
        const alt = (attrs.alt ?? '').trim();
        if (alt) this.write(`[画像: ${alt}]`);
      }
      return;
    }
    // an element that changes nothing (span, b, font… outside hidden or skipped content) needs no frame: see close()
    if (info === 0 && !hidden && !skip) return;
    let flags = 0;
    if (hidden && this.hiddenDepth === 0) flags |= F_HIDDEN;
    if (skip && this.skipDepth === 0) flags |= F_SKIP;
    this.frameTags.push(_tag);
    this.frameFlags.push(flags);
    this.frameInfo.push(info);
    if (hidden) this.hiddenDepth++;
    if (skip) this.skipDepth++;
    if (info & IS_PRE) this.preDepth++;
    if (hidden || skip) return;
    if (info & IS_BLOCK) this.newline();
    if (info & IS_HEADING) this.write('■ ');
    if (info & IS_LIST) {
      const start = attrs.start === undefined ? 1 : Number.parseInt(attrs.start, 10) || 1;
      this.lists.push({ ordered: _tag === 'ol', n: start });
    } else if (info & IS_LI) {
      const list = this.lists[this.lists.length - 1];
      const depth = Math.min(MAX_LIST_INDENT, Math.max(0, this.lists.length - 1));
      this.write(list?.ordered ? `${INDENT[depth]}${list.n++}. ` : BULLET[depth]);
    } else if (info & IS_TR) this.rows.push([]);
    else if (info & IS_CELL) this.openSink(K_CELL, '');
    else if (info & IS_A) {
      if (attrs.href !== undefined) this.openSink(K_LINK, trimmed(attrs.href));
    } else if (info & IS_QUOTE) this.write('> ');
  }

  /** A cell's or link's own sink; none past MAX_SINK_DEPTH (its text joins the enclosing one; marked on its frame). */
  private openSink(kind: number, href: string) {
    const room = kind === K_LINK ? this.linkSinks < MAX_LINK_SINKS : this.savedDepth - this.linkSinks < MAX_SINK_DEPTH;
    if (room) this.pushSink(kind, href);
    else this.frameFlags[this.frameFlags.length - 1] |= F_NO_SINK;
  }

  text(data: string): void {
    if (this.skipDepth > 0) return;
    if (this.hiddenDepth > 0) {
      this.hiddenTextDropped += trimmedLength(data);
      return;
    }
    // collapsed text holds no newline
    if (this.preDepth > 0) this.push(data);
    else {
      const collapsed = collapseSpace(data);
      if (this.blank && collapsed === ' ') this.curLast = L_OTHER;
      else this.write(collapsed);
    }
  }

  close(tag: string, info: number): void {
    if (info & IS_VOID) return;
    // frames of such elements exist only inside hidden or skipped content (its frame closes all above it)
    if (info === 0 && this.hiddenDepth === 0 && this.skipDepth === 0) return;
    // find the matching frame (tolerate unclosed inner tags)
    const tags = this.frameTags;
    let i = tags.length - 1;
    while (i >= 0 && tags[i] !== tag) i--;
    if (i < 0) return;
    while (tags.length > i) this.closeFrame();
  }

  /** Close the innermost frame. */
  closeFrame() {
    this.frameTags.pop();
    const flags = this.frameFlags.pop() as number;
    const info = this.frameInfo.pop() as number;
    const wasHidden = this.hiddenDepth > 0;
    const wasSkip = this.skipDepth > 0;
    if (info & IS_PRE) this.preDepth--;
    if (flags & F_HIDDEN) this.hiddenDepth = 0;
    else if (this.hiddenDepth > 0) this.hiddenDepth--;
    if (flags & F_SKIP) this.skipDepth = 0;
    else if (this.skipDepth > 0) this.skipDepth--;
    if (wasHidden || wasSkip) return;
    if (info & IS_LIST) this.lists.pop();
    if (info & IS_CELL && !(flags & F_NO_SINK) && this.curKind === K_CELL) {
      const text = inlineText(this.popSink());
      const row = this.rows[this.rows.length - 1];
      if (row) row.push(text);
      else this.write(` ${text} `);
    } else if (info & IS_TR) {
      const row = this.rows.pop();
      if (row !== undefined) this.endRow(row);
    } else if (info & IS_A && !(flags & F_NO_SINK) && this.curKind === K_LINK) {
      // a rendered link ends in its trimmed text or a bracket, never in a newline
      const text = inlineText(this.popSink());
      this.write(renderLink(text, this.poppedHref, this.links));
    }
    if (info & IS_BLOCK) this.newline();
    if (info & IS_PARA && this.lists.length === 0) this.lineBreak();
  }

  /** A table row as one line of its non-empty cells joined with " | ", or one cell a line if one holds a newline. */
  private endRow(row: string[]) {
    let multi = false;
    let cells = 0;
    for (let i = 0; i < row.length; i++) {
      if (row[i] === '') continue;
      cells++;
      if (hasNewline(row[i])) multi = true;
    }
    if (cells === 0) return;
    const separator = multi ? '\n' : ' | ';
    let line = '';
    for (let i = 0; i < row.length; i++) {
      // cells are never '' here, so an empty line means none is written yet
      if (row[i] !== '') line = line === '' ? row[i] : line + separator + row[i];
    }
    this.newline();
    this.writeLine(`${line}\n`);
  }

  finish(): string {
    // close anything left open
    while (this.frameTags.length) this.closeFrame();
    while (this.savedDepth > 0) {
      const kind = this.curKind;
      const text = this.popSink();
      if (kind === K_LINK) this.write(renderLink(tidy(text).trim(), this.poppedHref, this.links));
      else this.push(text);
    }
    return tidy(this.cur).trim();
  }
}

export function htmlToText(html: string): HtmlTextResult {
  const b = new TextBuilder();
  walkHtml(html, b);
  const text = b.finish();
  return { text, links: b.links, hiddenTextDropped: b.hiddenTextDropped, images: b.images };
}
