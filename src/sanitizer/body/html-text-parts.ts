/**
 * The string work of html-text.ts: hidden styles, link rendering (defanged href, phishing signs), white space.
 */
import type { LinkFinding } from '../types.ts';
import { defangUrl, hostOf } from './defang.ts';

const HIDDEN_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:!important)?\s*(?:;|$)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|mso-hide\s*:\s*all)/i;
/**
 * `height:0; … overflow:hidden` (no `"` between) is checked per `"`-free segment from the first height:0 in it: one
 * regex with `[^"]*` between the two would rescan the rest of the style from every `;height:0;` (quadratic).
 */
const ZERO_HEIGHT = /(?:^|;)\s*(?:max-)?height\s*:\s*0(?:px)?\s*(?:!important)?\s*;/i;
const OVERFLOW_HIDDEN = /overflow\s*:\s*hidden/i;
const HEIGHT = /height/i;

// The style as CSS reads it: comments removed (display:/**/none), escapes decoded (n\6f ne, n\one).
function cssValue(style: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = style.indexOf('/*', from);
    if (open === -1) {
      out += style.slice(from);
      break;
    }
    out += style.slice(from, open);
    const close = style.indexOf('*/', open + 2);
    if (close === -1) break;
    from = close + 2;
  }
  return out.includes('\\') ? out.replace(CSS_ESCAPE, unescapeCss) : out;
}
const CSS_ESCAPE = /\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|([^\n\r\f0-9a-f]))/gi;
function unescapeCss(_match: string, hex: string | undefined, char: string | undefined): string {
  if (char !== undefined) return char;
  const code = Number.parseInt(hex as string, 16);
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

export function hiddenByStyle(raw: string): boolean {
  const style = raw.includes('/*') || raw.includes('\\') ? cssValue(raw) : raw;
  if (HIDDEN_STYLE.test(style)) return true;
  if (!HEIGHT.test(style)) return false;
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

const WWW = /^www\d{0,3}\./;
const MAILTO_OR_TEL = /^(?:mailto|tel):/i;

/** The length of a leading `mailto:` or `tel:` (any case), else 0. */
function mailtoTelPrefix(href: string): number {
  const c = href.charCodeAt(0) | 0x20;
  if (c !== 109 && c !== 116) return 0;
  const m = MAILTO_OR_TEL.exec(href);
  return m === null ? 0 : m[0].length;
}

function hasDotOrColon(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 58) return true;
  }
  return false;
}

/** A link as `text [defanged href]` (or the text alone when it is the href), recorded in `links`. */
export function renderLink(text: string, href: string, links: LinkFinding[]): string {
  if (!href || href.charCodeAt(0) === 35) return text;
  // hostOf needs a `.` or `:` (most link texts, 「こちら」, have neither)
  const textHost = hasDotOrColon(text) ? hostOf(text) : null;
  // the href's host matters only when the text itself looks like an address (most link texts are words)
  const hrefHost = textHost === null ? null : hostOf(href);
  const mismatch = textHost !== null && hrefHost !== null && textHost.replace(WWW, '') !== hrefHost.replace(WWW, '');
  // text looks like a URL, href is javascript:/data:/…
  const mismatchScheme = textHost !== null && hrefHost === null && mailtoTelPrefix(href) === 0;
  links.push({ href, text, mismatch: mismatch || mismatchScheme });
  if (!text) return `[${defangUrl(href)}]`;
  const prefix = mailtoTelPrefix(href);
  const same =
    text === href ||
    (prefix > 0 && text.length === href.length - prefix && href.endsWith(text)) ||
    (text.length === href.length - 1 && href.charCodeAt(text.length) === 47 && href.startsWith(text));
  if (same) return text;
  const warn = mismatch || mismatchScheme ? '（注意: 表示とリンク先が異なります）' : '';
  return `${text} [${defangUrl(href)}]${warn}`;
}

/**
 * The runs of two or more spaces, tabs and newlines (linear: no suffix to backtrack for), less "\n\n", which tidy
 * keeps: a run of three or more whole, else a two-character run other than "\n\n" (matched from the run's start, as
 * the alternatives are tried in order there).
 */
const WS_RUN = /[ \t\n]{3,}|\n[ \t]|[ \t][ \t\n]/g;

/**
 * Spaces and tabs around newlines removed, runs of newlines kept to at most one blank line, runs of spaces made one.
 * One pass over the runs of [ \t\n] (a `[ \t]+\n` regex is quadratic on a long run of tabs in a <pre>).
 */
export function tidy(s: string): string {
  return s.replace(WS_RUN, tidyRun);
}

function tidyRun(run: string): string {
  let newlines = 0;
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) === 10) newlines++;
  if (newlines > 0) return newlines === 1 ? '\n' : '\n\n';
  return run.includes('  ') ? run.replace(/ {2,}/g, ' ') : run;
}

const WS = /[ \t\r\n\f\u00a0]+/g;

/** White space that collapseSpace changes: any but a space, or a space before more white space. */
const COLLAPSIBLE = /[\t\n\f\r\u00a0]| [ \t\n\f\r\u00a0]/;

/** White space of a text node as one space; the replacing regex runs only when something needs collapsing. */
export function collapseSpace(data: string): string {
  if (data.length === 1) {
    // a text node that is one white-space character (between blocks) is common
    const c = data.charCodeAt(0);
    return c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 ? ' ' : data;
  }
  return COLLAPSIBLE.test(data) ? data.replace(WS, ' ') : data;
}

/** Whether `c` is white space to String.prototype.trim (WhiteSpace and LineTerminator). */
function isTrimmed(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** s.trim(), without a call when there is nothing to trim (the common case for a cell or a link text). */
export function trimmed(s: string): string {
  const n = s.length;
  return n > 0 && !isTrimmed(s.charCodeAt(0)) && !isTrimmed(s.charCodeAt(n - 1)) ? s : s.trim();
}

/** s.trim().length, without the string. */
export function trimmedLength(s: string): number {
  let start = 0;
  let end = s.length;
  while (start < end && isTrimmed(s.charCodeAt(start))) start++;
  while (end > start && isTrimmed(s.charCodeAt(end - 1))) end--;
  return end - start;
}

/** Whether s holds a newline. */
export function hasNewline(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) return true;
  return false;
}

/** The text of a table cell or a link: one line unless it holds line breaks, trimmed. */
export function inlineText(joined: string): string {
  let doubleSpace = false;
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (c === 10) return tidy(joined).trim();
    if (c === 32 && joined.charCodeAt(i + 1) === 32) doubleSpace = true;
  }
  return trimmed(doubleSpace ? joined.replace(/ {2,}/g, ' ') : joined);
}
