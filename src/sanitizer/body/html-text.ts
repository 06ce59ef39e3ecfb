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
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:!important)?\s*(?:;|$)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|(?:max-)?height\s*:\s*0(?:px)?\s*(?:!important)?\s*;[^"]*overflow\s*:\s*hidden|mso-hide\s*:\s*all)/i;

export interface HtmlTextResult {
  text: string;
  links: LinkFinding[];
  hiddenTextDropped: number;
  images: number;
}

/** One lookup per tag: what kind of element it is for the text (bits below). */
const IS_SKIP = 1;
const IS_VOID = 2;
const IS_BLOCK = 4;
const IS_PARA = 8;
const IS_HEADING = 16;
const TAG_INFO = new Map<string, number>();
const mark = (tags: Iterable<string>, bit: number) => {
  for (const t of tags) TAG_INFO.set(t, (TAG_INFO.get(t) ?? 0) | bit);
};
mark(SKIP, IS_SKIP);
mark(VOID, IS_VOID);
mark(BLOCK, IS_BLOCK);
mark(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'ul', 'ol', 'dl'], IS_PARA);
mark(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], IS_HEADING);
registerTags(TAG_INFO, [
  ...['span', 'b', 'i', 'u', 's', 'strong', 'em', 'font', 'small', 'big', 'sup', 'sub', 'label', 'abbr', 'code'],
  ...['cite', 'q', 'mark', 'nobr', 'thead', 'tbody', 'tfoot', 'th', 'td', 'caption', 'colgroup', 'a', 'img'],
]);

/** Frame flags: this element started hidden / skipped content, or is a <pre>. */
const F_HIDDEN = 1;
const F_SKIP = 2;
const F_PRE = 4;

const WS = /[ \t\r\n\f\u00a0]+/g;

interface Sink {
  kind: 'root' | 'cell' | 'link';
  out: string[];
  href?: string;
}

function isHidden(attrs: TagAttrs): boolean {
  if (attrs.hidden) return true;
  const style = attrs.style;
  if (style && HIDDEN_STYLE.test(style)) return true;
  return attrs.type === 'hidden';
}

/** Collects the text while walkHtml reports elements; one instance per document. */
class TextBuilder implements TreeHandler {
  /** open elements the text cares about, innermost last: tag names and F_* flags side by side */
  private frameTags: string[] = [];
  private frameFlags: number[] = [];
  private frameInfo: number[] = [];
  private sinks: Sink[] = [{ kind: 'root', out: [] }];
  private cur: string[] = this.sinks[0].out;
  private rows: string[][] = [];
  private lists: { ordered: boolean; n: number }[] = [];
  readonly links: LinkFinding[] = [];
  hiddenTextDropped = 0;
  images = 0;
  private hiddenDepth = 0;
  private skipDepth = 0;
  private preDepth = 0;

  private pushSink(s: Sink) {
    this.sinks.push(s);
    this.cur = s.out;
  }

  private popSink(): Sink {
    const s = this.sinks.pop() as Sink;
    this.cur = this.sinks[this.sinks.length - 1].out;
    return s;
  }

  private newline() {
    const out = this.cur;
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith('\n')) out.push('\n');
  }

  open(tag: string, info: number, attrs: TagAttrs): void {
    const hidden = this.hiddenDepth > 0 || isHidden(attrs);
    const skip = this.skipDepth > 0 || (info & IS_SKIP) !== 0;
    if (info & IS_VOID) {
      if (hidden || skip) return;
      if (tag === 'br') this.cur.push('\n');
      else if (tag === 'hr') this.cur.push('\n----------\n');
      else if (tag === 'img') {
        this.images++;
        const alt = (attrs.alt ?? '').trim();
        if (alt) this.cur.push(`[画像: ${alt}]`);
      }
      return;
    }
    let flags = 0;
    if (hidden && this.hiddenDepth === 0) flags |= F_HIDDEN;
    if (skip && this.skipDepth === 0) flags |= F_SKIP;
    if (tag === 'pre') flags |= F_PRE;
    this.frameTags.push(tag);
    this.frameFlags.push(flags);
    this.frameInfo.push(info);
    if (hidden) this.hiddenDepth++;
    if (skip) this.skipDepth++;
    if (flags & F_PRE) this.preDepth++;
    if (hidden || skip) return;
    if (info & IS_BLOCK) this.newline();
    if (info & IS_HEADING) this.cur.push('■ ');
    if (tag === 'ul' || tag === 'ol')
      this.lists.push({ ordered: tag === 'ol', n: Number.parseInt(attrs.start ?? '1', 10) || 1 });
    else if (tag === 'li') {
      const list = this.lists[this.lists.length - 1];
      const indent = '\u3000'.repeat(Math.max(0, this.lists.length - 1));
      this.cur.push(list?.ordered ? `${indent}${list.n++}. ` : `${indent}・ `);
    } else if (tag === 'tr') this.rows.push([]);
    else if (tag === 'td' || tag === 'th') this.pushSink({ kind: 'cell', out: [] });
    else if (tag === 'a' && attrs.href !== undefined) this.pushSink({ kind: 'link', out: [], href: attrs.href.trim() });
    else if (tag === 'blockquote') this.cur.push('> ');
  }

  text(data: string): void {
    if (this.skipDepth > 0) return;
    if (this.hiddenDepth > 0) {
      this.hiddenTextDropped += data.trim().length;
      return;
    }
    this.cur.push(this.preDepth > 0 ? data : collapseSpace(data));
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
    const tag = this.frameTags.pop() as string;
    const flags = this.frameFlags.pop() as number;
    const info = this.frameInfo.pop() as number;
    const wasHidden = this.hiddenDepth > 0;
    const wasSkip = this.skipDepth > 0;
    if (flags & F_PRE) this.preDepth--;
    if (flags & F_HIDDEN) this.hiddenDepth = 0;
    else if (this.hiddenDepth > 0) this.hiddenDepth--;
    if (flags & F_SKIP) this.skipDepth = 0;
    else if (this.skipDepth > 0) this.skipDepth--;
    if (wasHidden || wasSkip) return;
    const kind = this.sinks[this.sinks.length - 1].kind;
    if (tag === 'ul' || tag === 'ol') this.lists.pop();
    if ((tag === 'td' || tag === 'th') && kind === 'cell') {
      const text = inlineText(this.popSink().out);
      const row = this.rows[this.rows.length - 1];
      if (row) row.push(text);
      else this.cur.push(` ${text} `);
    } else if (tag === 'tr') {
      const row = this.rows.pop() ?? [];
      const cells = row.filter((c) => c !== '');
      if (cells.length) {
        const multi = cells.some((c) => c.includes('\n'));
        this.newline();
        this.cur.push(`${multi ? cells.join('\n') : cells.join(' | ')}\n`);
      }
    } else if (tag === 'a' && kind === 'link') {
      const link = this.popSink();
      this.cur.push(renderLink(inlineText(link.out), link.href ?? '', this.links));
    }
    if (info & IS_BLOCK) this.newline();
    if (info & IS_PARA && this.lists.length === 0) this.cur.push('\n');
  }

  finish(): string {
    // close anything left open
    while (this.frameTags.length) this.closeFrame();
    while (this.sinks.length > 1) {
      const s = this.popSink();
      const text = s.out.join('');
      if (s.kind === 'link') this.cur.push(renderLink(tidy(text).trim(), s.href ?? '', this.links));
      else this.cur.push(text);
    }
    return tidy(this.sinks[0].out.join('')).trim();
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

/** Collapse spaces around newlines and runs of blank lines (each pass only where the text has something for it). */
function tidy(s: string): string {
  let t = s;
  if (t.includes(' \n') || t.includes('\t\n')) t = t.replace(/[ \t]+\n/g, '\n');
  if (t.includes('\n ') || t.includes('\n\t')) t = t.replace(/\n[ \t]+/g, '\n');
  if (t.includes('\n\n\n')) t = t.replace(/\n{3,}/g, '\n\n');
  if (t.includes('  ')) t = t.replace(/ {2,}/g, ' ');
  return t;
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
function inlineText(out: string[]): string {
  const joined = out.length === 1 ? out[0] : out.join('');
  if (joined.includes('\n')) return tidy(joined).trim();
  return (joined.includes('  ') ? joined.replace(/ {2,}/g, ' ') : joined).trim();
}
