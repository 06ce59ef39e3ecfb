/**
 * HTML → faithful plain text on htmlparser2's streaming tokenizer (sanitizer.md §4). Unlike html-to-text 10 it drops
 * hidden text (display:none, visibility:hidden, font-size:0, `hidden`, opacity:0…), keeps tables readable (cells joined
 * with " | ", nested layout tables flattened), numbers ordered lists, and writes links as `text [defanged href]`,
 * recording href/text host mismatches as phishing signs. No DOM is built: one pass, linear in the input.
 */
import type { LinkFinding } from '../types.ts';
import { defangUrl, hostOf } from './defang.ts';
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
const HIDDEN_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:!important)?\s*(?:;|$)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|mso-hide\s*:\s*all)/i;
/**
 * `height:0; … overflow:hidden` (no `"` between) is checked per `"`-free segment from the first height:0 in it: one
 * regex with `[^"]*` between the two would rescan the rest of the style from every `;height:0;` (quadratic).
 */
const ZERO_HEIGHT = /(?:^|;)\s*(?:max-)?height\s*:\s*0(?:px)?\s*(?:!important)?\s*;/i;
const OVERFLOW_HIDDEN = /overflow\s*:\s*hidden/i;

function hiddenByStyle(style: string): boolean {
  if (HIDDEN_STYLE.test(style)) return true;
  if (!/height/i.test(style)) return false;
  let start = 0;
  while (start <= style.length) {
    let end = style.indexOf('"', start);
    if (end === -1) end = style.length;
    // a segment after a `"` must not match `^`: keep the `"` in front of it
    const segment = style.slice(start === 0 ? 0 : start - 1, end);
    const m = ZERO_HEIGHT.exec(segment);
    if (m && OVERFLOW_HIDDEN.test(segment.slice(m.index + m[0].length))) return true;
    start = end + 1;
  }
  return false;
}

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

/** Frame flags: this element started hidden / skipped content. */
const F_HIDDEN = 1;
const F_SKIP = 2;

const WS = /[ \t\r\n\f\u00a0]+/g;
const MAX_LIST_INDENT = 16;

/** Where text goes: the document, a table cell (joined into its row) or a link (rendered with its href). */
const K_ROOT = 0;
const K_CELL = 1;
const K_LINK = 2;
/** What the last piece written to a sink was: none yet, one ending in a newline, anything else (even ''). */
const L_NONE = 0;
const L_NEWLINE = 1;
const L_OTHER = 2;

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
  /** the current sink, and the enclosing ones saved side by side */
  private cur = '';
  private curLast = L_NONE;
  private curKind = K_ROOT;
  private curHref = '';
  private savedText: string[] = [];
  private savedLast: number[] = [];
  private savedKind: number[] = [];
  private savedHref: string[] = [];
  private rows: string[][] = [];
  private lists: { ordered: boolean; n: number }[] = [];
  readonly links: LinkFinding[] = [];
  hiddenTextDropped = 0;
  images = 0;
  private hiddenDepth = 0;
  private skipDepth = 0;
  private preDepth = 0;

  private push(piece: string) {
    this.cur += piece;
    this.curLast = piece.length > 0 && piece.charCodeAt(piece.length - 1) === 10 ? L_NEWLINE : L_OTHER;
  }

  private pushSink(kind: number, href: string) {
    this.savedText.push(this.cur);
    this.savedLast.push(this.curLast);
    this.savedKind.push(this.curKind);
    this.savedHref.push(this.curHref);
    this.cur = '';
    this.curLast = L_NONE;
    this.curKind = kind;
    this.curHref = href;
  }

  /** Ends the current sink and returns its text (its href stays in `poppedHref`). */
  private poppedHref = '';
  private popSink(): string {
    const text = this.cur;
    this.poppedHref = this.curHref;
    this.cur = this.savedText.pop() as string;
    this.curLast = this.savedLast.pop() as number;
    this.curKind = this.savedKind.pop() as number;
    this.curHref = this.savedHref.pop() as string;
    return text;
  }

  private newline() {
    if (this.curLast === L_OTHER) {
      this.cur += '\n';
      this.curLast = L_NEWLINE;
    }
  }

  open(_tag: string, info: number, attrs: TagAttrs): void {
    const hidden = this.hiddenDepth > 0 || isHidden(attrs);
    const skip = this.skipDepth > 0 || (info & IS_SKIP) !== 0;
    if (info & IS_VOID) {
      if (hidden || skip) return;
      if (_tag === 'br') this.push('\n');
      else if (_tag === 'hr') this.push('\n----------\n');
      else if (_tag === 'img') {
        this.images++;
        const alt = (attrs.alt ?? '').trim();
        if (alt) this.push(`[画像: ${alt}]`);
      }
      return;
    }
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
    if (info & IS_HEADING) this.push('■ ');
    if (info & IS_LIST) this.lists.push({ ordered: _tag === 'ol', n: Number.parseInt(attrs.start ?? '1', 10) || 1 });
    else if (info & IS_LI) {
      const list = this.lists[this.lists.length - 1];
      // indentation capped: each item of a list nested n deep would otherwise cost n characters (quadratic output)
      const indent = '\u3000'.repeat(Math.min(MAX_LIST_INDENT, Math.max(0, this.lists.length - 1)));
      this.push(list?.ordered ? `${indent}${list.n++}. ` : `${indent}・ `);
    } else if (info & IS_TR) this.rows.push([]);
    else if (info & IS_CELL) this.pushSink(K_CELL, '');
    else if (info & IS_A) {
      if (attrs.href !== undefined) this.pushSink(K_LINK, attrs.href.trim());
    } else if (info & IS_QUOTE) this.push('> ');
  }

  text(data: string): void {
    if (this.skipDepth > 0) return;
    if (this.hiddenDepth > 0) {
      this.hiddenTextDropped += data.trim().length;
      return;
    }
    this.push(this.preDepth > 0 ? data : collapseSpace(data));
  }

  close(tag: string, info: number): void {
    if (info & IS_VOID) return;
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
    if (info & IS_CELL && this.curKind === K_CELL) {
      const text = inlineText(this.popSink());
      const row = this.rows[this.rows.length - 1];
      if (row) row.push(text);
      else this.push(` ${text} `);
    } else if (info & IS_TR) {
      const row = this.rows.pop() ?? [];
      const cells = row.filter((c) => c !== '');
      if (cells.length) {
        const multi = cells.some((c) => c.includes('\n'));
        this.newline();
        this.push(`${multi ? cells.join('\n') : cells.join(' | ')}\n`);
      }
    } else if (info & IS_A && this.curKind === K_LINK) {
      const text = inlineText(this.popSink());
      this.push(renderLink(text, this.poppedHref, this.links));
    }
    if (info & IS_BLOCK) this.newline();
    if (info & IS_PARA && this.lists.length === 0) this.push('\n');
  }

  finish(): string {
    // close anything left open
    while (this.frameTags.length) this.closeFrame();
    while (this.savedText.length > 0) {
      const kind = this.curKind;
      const text = this.popSink();
      if (kind === K_LINK) this.push(renderLink(tidy(text).trim(), this.poppedHref, this.links));
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

function renderLink(text: string, href: string, links: LinkFinding[]): string {
  if (!href || href.startsWith('#')) return text;
  const textHost = hostOf(text);
  // the href's host matters only when the text itself looks like an address (most link texts are words)
  const hrefHost = textHost === null ? null : hostOf(href);
  const mismatch =
    textHost !== null &&
    hrefHost !== null &&
    textHost.replace(/^www\d{0,3}\./, '') !== hrefHost.replace(/^www\d{0,3}\./, '');
  const mismatchScheme = textHost !== null && hrefHost === null && !/^(?:mailto|tel):/i.test(href); // text looks like a URL, href is javascript:/data:/…
  links.push({ href, text, mismatch: mismatch || mismatchScheme });
  const same = text === href || text === href.replace(/^mailto:|^tel:/i, '') || `${text}/` === href;
  if (!text) return `[${defangUrl(href)}]`;
  if (same) return text;
  const warn = mismatch || mismatchScheme ? '（注意: 表示とリンク先が異なります）' : '';
  return `${text} [${defangUrl(href)}]${warn}`;
}

/** Runs of two or more spaces, tabs and newlines: the only places tidy changes (linear: no suffix to backtrack for). */
const WS_RUN = /[ \t\n]{2,}/g;

/**
 * Spaces and tabs around newlines removed, runs of newlines kept to at most one blank line, runs of spaces made one.
 * One pass over the runs of [ \t\n] (a `[ \t]+\n` regex is quadratic on a long run of tabs in a <pre>).
 */
function tidy(s: string): string {
  return s.replace(WS_RUN, tidyRun);
}

function tidyRun(run: string): string {
  let newlines = 0;
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) === 10) newlines++;
  if (newlines > 0) return newlines === 1 ? '\n' : '\n\n';
  return run.includes('  ') ? run.replace(/ {2,}/g, ' ') : run;
}

/** White space of a text node as one space; the regex runs only when something needs collapsing. */
function collapseSpace(data: string): string {
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 32) {
      const next = data.charCodeAt(i + 1);
      if (next === 32 || next === 9 || next === 10 || next === 13 || next === 12 || next === 0xa0)
        return data.replace(WS, ' ');
    } else if (c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0) return data.replace(WS, ' ');
  }
  return data;
}

/** The text of a table cell or a link: one line unless it holds line breaks, trimmed. */
function inlineText(joined: string): string {
  if (joined.includes('\n')) return tidy(joined).trim();
  return (joined.includes('  ') ? joined.replace(/ {2,}/g, ' ') : joined).trim();
}
