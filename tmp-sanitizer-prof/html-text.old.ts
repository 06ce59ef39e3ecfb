/**
 * HTML → faithful plain text on htmlparser2's streaming tokenizer (sanitizer.md §4). Unlike html-to-text 10 it drops
 * hidden text (display:none, visibility:hidden, font-size:0, `hidden`, opacity:0…), keeps tables readable (cells joined
 * with " | ", nested layout tables flattened), numbers ordered lists, and writes links as `text [defanged href]`,
 * recording href/text host mismatches as phishing signs. No DOM is built: one pass, linear in the input.
 */
import { Parser } from 'htmlparser2';
import type { LinkFinding } from '../src/sanitizer/types.ts';
import { defangUrl, hostOf } from './defang.old.ts';

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

interface Frame {
  tag: string;
  hidden: boolean;
  skip: boolean;
  pre: boolean;
}

interface Sink {
  kind: 'root' | 'cell' | 'link';
  out: string[];
  href?: string;
  row?: string[][];
}

function isHidden(attrs: Record<string, string>): boolean {
  if ('hidden' in attrs) return true;
  const style = attrs.style;
  if (style && HIDDEN_STYLE.test(style)) return true;
  if (attrs.type === 'hidden') return true;
  return false;
}

export function htmlToText(html: string): HtmlTextResult {
  const frames: Frame[] = [];
  const sinks: Sink[] = [{ kind: 'root', out: [] }];
  const rows: string[][][] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  const links: LinkFinding[] = [];
  let hiddenTextDropped = 0;
  let images = 0;
  let hiddenDepth = 0;
  let skipDepth = 0;
  let preDepth = 0;

  const sink = () => sinks[sinks.length - 1];
  const write = (s: string) => {
    sink().out.push(s);
  };
  const newline = () => {
    const out = sink().out;
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith('\n')) write('\n');
  };
  const PARA = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'ul', 'ol', 'dl']);

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        const hidden = hiddenDepth > 0 || isHidden(attrs);
        const skip = skipDepth > 0 || SKIP.has(tag);
        if (VOID.has(tag)) {
          if (hidden || skip) return;
          if (tag === 'br') write('\n');
          else if (tag === 'hr') write('\n----------\n');
          else if (tag === 'img') {
            images++;
            const alt = (attrs.alt ?? '').trim();
            if (alt) write(`[画像: ${alt}]`);
          }
          return;
        }
        const frame: Frame = {
          tag,
          hidden: hidden && hiddenDepth === 0,
          skip: skip && skipDepth === 0,
          pre: tag === 'pre',
        };
        frames.push(frame);
        if (hidden) hiddenDepth++;
        if (skip) skipDepth++;
        if (frame.pre) preDepth++;
        if (hidden || skip) return;
        if (BLOCK.has(tag)) newline();
        if (/^h[1-6]$/.test(tag)) write('■ ');
        if (tag === 'ul' || tag === 'ol')
          lists.push({ ordered: tag === 'ol', n: Number.parseInt(attrs.start ?? '1', 10) || 1 });
        else if (tag === 'li') {
          const list = lists[lists.length - 1];
          const indent = '\u3000'.repeat(Math.max(0, lists.length - 1));
          write(list?.ordered ? `${indent}${list.n++}. ` : `${indent}・ `);
        } else if (tag === 'tr') rows.push([]);
        else if (tag === 'td' || tag === 'th') sinks.push({ kind: 'cell', out: [] });
        else if (tag === 'a' && attrs.href !== undefined)
          sinks.push({ kind: 'link', out: [], href: attrs.href.trim() });
        else if (tag === 'blockquote') write('> ');
      },
      ontext(data) {
        if (skipDepth > 0) return;
        if (hiddenDepth > 0) {
          hiddenTextDropped += data.trim().length;
          return;
        }
        write(preDepth > 0 ? data : data.replace(/[ \t\r\n\f\u00a0]+/g, ' '));
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (VOID.has(tag)) return;
        // find the matching frame (tolerate unclosed inner tags)
        let i = frames.length - 1;
        while (i >= 0 && frames[i].tag !== tag) i--;
        if (i < 0) return;
        while (frames.length > i) {
          const f = frames.pop() as Frame;
          close(f);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );

  function close(f: Frame) {
    const wasHidden = hiddenDepth > 0;
    const wasSkip = skipDepth > 0;
    if (f.pre) preDepth--;
    if (f.hidden) hiddenDepth = 0;
    else if (hiddenDepth > 0) hiddenDepth--;
    if (f.skip) skipDepth = 0;
    else if (skipDepth > 0) skipDepth--;
    if (wasHidden || wasSkip) return;
    const tag = f.tag;
    if (tag === 'ul' || tag === 'ol') lists.pop();
    if ((tag === 'td' || tag === 'th') && sink().kind === 'cell') {
      const cell = sinks.pop() as Sink;
      const joined = cell.out.join('');
      const text = (joined.includes('\n') ? tidy(joined) : joined.replace(/ {2,}/g, ' ')).trim();
      const row = rows[rows.length - 1];
      if (row) row.push([text]);
      else write(` ${text} `);
    } else if (tag === 'tr') {
      const row = rows.pop() ?? [];
      const cells = row.map((c) => c[0]).filter((c) => c !== '');
      if (cells.length) {
        const multi = cells.some((c) => c.includes('\n'));
        newline();
        write(`${multi ? cells.join('\n') : cells.join(' | ')}\n`);
      }
    } else if (tag === 'a' && sink().kind === 'link') {
      const link = sinks.pop() as Sink;
      const joined = link.out.join('');
      const text = (joined.includes('\n') ? tidy(joined) : joined.replace(/ {2,}/g, ' ')).trim();
      write(renderLink(text, link.href ?? '', links));
    }
    if (BLOCK.has(tag)) newline();
    if (PARA.has(tag) && lists.length === 0) write('\n');
  }

  parser.write(html);
  parser.end();
  // close anything left open
  while (frames.length) close(frames.pop() as Frame);
  while (sinks.length > 1) {
    const s = sinks.pop() as Sink;
    const text = s.out.join('');
    if (s.kind === 'link') sink().out.push(renderLink(tidy(text).trim(), s.href ?? '', links));
    else sink().out.push(text);
  }
  return { text: tidy(sinks[0].out.join('')).trim(), links, hiddenTextDropped, images };
}

function renderLink(text: string, href: string, links: LinkFinding[]): string {
  if (!href || href.startsWith('#')) return text;
  const textHost = hostOf(text);
  const hrefHost = hostOf(href);
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

/** Collapse spaces around newlines and runs of blank lines. */
function tidy(s: string): string {
  return s
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/ {2,}/g, ' ');
}
