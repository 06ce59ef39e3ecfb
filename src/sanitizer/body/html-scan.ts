/**
 * The tokens of an HTML string, scanned with indexOf instead of a state machine per character, reported exactly as
 * htmlparser2 12's Tokenizer reports them in HTML mode (decodeEntities, recognizeSelfClosing; the whole input in one
 * write): the same text pieces (split at every `<` and around every character reference), raw text in
 * script/style/xmp/iframe/noembed/noframes, references decoded in title/textarea, `<plaintext>`, comments,
 * CDATA, bogus comments and its end-of-input rules, down to its quirks (a `\x1c` matching the `<` of a raw-text end
 * tag, the last character reported as text when the input ends after `</a ` or `<br/`, an unfinished
 * `<scr` at the end reported as text). html-tree.test.ts compares the events with htmlparser2's Parser.
 */
import { decoded, decodeEntity } from './html-entities.ts';

export interface TokenSink {
  /** whether the current position is inside SVG or MathML (no raw-text tags there; CDATA is text) */
  inForeignContent(): boolean;
  /** text html[start, end); may be empty (an empty CDATA section in foreign content) */
  text(start: number, end: number): void;
  /** a decoded character reference */
  textPiece(piece: string): void;
  openTagName(start: number, end: number): void;
  /** which attribute html[start, end) is for the sink (0: one it ignores, its value is not decoded) */
  attributeSlot(start: number, end: number): number;
  attribute(slot: number, value: string): void;
  openTagEnd(): void;
  selfClosingTag(): void;
  closeTag(start: number, end: number): void;
  end(): void;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const AMP = 38;
const DASH = 45;

/** Character classes of the tokenizer, by char code below 128: white space, and what ends a tag name. */
const C_SPACE = 1;
const C_TAG_END = 2;
const CLASS = new Uint8Array(128);
for (const c of [32, 10, 9, 12, 13]) CLASS[c] = C_SPACE | C_TAG_END;
CLASS[SLASH] = C_TAG_END;
CLASS[GT] = C_TAG_END;

const isWhitespace = (c: number) => c < 128 && (CLASS[c] & C_SPACE) !== 0;
const endsTagSection = (c: number) => c < 128 && (CLASS[c] & C_TAG_END) !== 0;
const isAsciiAlpha = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122;

/** Raw-text and RCDATA elements, and what their end tag looks like to the tokenizer. */
const K_RAW = 1;
const K_RCDATA = 2;
const K_PLAINTEXT = 3;
interface Special {
  name: string;
  kind: number;
  endTag: string;
}
const specialElement = (name: string, kind: number): Special => ({ name, kind, endTag: `</${name}` });
const SPECIALS: Special[] = [
  ...['iframe', 'noembed', 'noframes', 'script', 'style', 'xmp'].map((name) => specialElement(name, K_RAW)),
  ...['title', 'textarea'].map((name) => specialElement(name, K_RCDATA)),
  specialElement('plaintext', K_PLAINTEXT),
];

/**
 * Whether html[start, end) spells `name` (or, with `prefix`, its beginning) the way the tokenizer compares, by
 * `c | 0x20`: ASCII letters in either case.
 */
function spellsSpecial(html: string, start: number, end: number, name: string, prefix: boolean): boolean {
  const length = end - start;
  if (prefix ? length > name.length : length !== name.length) return false;
  for (let i = 0; i < length; i++) if ((html.charCodeAt(start + i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** The special elements by first letter and length (no two share both), at letter * 16 + length. */
const SPECIAL_BY_START: (Special | undefined)[] = new Array(128 * 16);
for (const special of SPECIALS) SPECIAL_BY_START[special.name.charCodeAt(0) * 16 + special.name.length] = special;

/** The raw-text, RCDATA or plaintext element a tag name is, if any. */
function specialOf(html: string, start: number, end: number): Special | null {
  const first = html.charCodeAt(start) | 0x20;
  if (first >= 128 || end - start > 9) return null;
  const special = SPECIAL_BY_START[first * 16 + end - start];
  return special !== undefined && spellsSpecial(html, start, end, special.name, false) ? special : null;
}

/** Position of the next `>` at or after `from`, or -1. */
const nextGt = (html: string, from: number) => html.indexOf('>', from);

class Scanner {
  /** where the pending text starts */
  private textStart = 0;
  /** the next `&` at or after the scan position (-1: none left), searched again only once passed */
  private nextAmp: number;

  constructor(
    private readonly html: string,
    private readonly sink: TokenSink,
  ) {
    this.nextAmp = html.indexOf('&');
  }

  private ampFrom(pos: number): number {
    if (this.nextAmp !== -1 && this.nextAmp < pos) this.nextAmp = this.html.indexOf('&', pos);
    return this.nextAmp;
  }

  run(): void {
    const { html, sink } = this;
    const n = html.length;
    let pos = 0;
    while (pos < n) {
      // tags often follow each other: look at the next character before searching
      let lt = html.charCodeAt(pos) === LT ? pos : html.indexOf('<', pos);
      if (lt === -1) lt = n;
      let amp = this.ampFrom(pos);
      while (amp !== -1 && amp < lt) {
        pos = this.entityInText(amp);
        amp = this.ampFrom(pos);
      }
      if (lt === n) break;
      if (this.textStart < lt) sink.text(this.textStart, lt);
      this.textStart = lt;
      pos = this.markup(lt);
    }
    if (this.textStart < n) sink.text(this.textStart, n);
    sink.end();
  }

  /** A `&` in text: the text before it and the decoded reference are reported; returns where to go on. */
  private entityInText(amp: number): number {
    const used = decodeEntity(this.html, amp, false);
    if (used === 0) return amp + 1;
    if (this.textStart < amp) this.sink.text(this.textStart, amp);
    this.sink.textPiece(decoded.first);
    if (decoded.second !== '') this.sink.textPiece(decoded.second);
    this.textStart = amp + used;
    return this.textStart;
  }

  /** Everything after the text that ends at the `<` at `lt`; returns where text scanning goes on. */
  private markup(lt: number): number {
    const html = this.html;
    const n = html.length;
    const c = html.charCodeAt(lt + 1);
    if (isAsciiAlpha(c)) return this.openTag(lt + 1);
    if (c === 33) return this.declaration(lt + 2);
    if (c === 63) return this.skipBogus(lt + 2);
    if (c === SLASH) {
      const d = html.charCodeAt(lt + 2);
      if (lt + 2 >= n) return n; // `</` at the end stays text
      if (d === GT) return this.resume(lt + 3);
      if (isAsciiAlpha(d)) return this.closeTag(lt + 2);
      return this.skipBogus(lt + 2);
    }
    // not markup (`<` at the end, `< `, `<1`, `<<`): text again from the `<` on
    return lt + 1;
  }

  private resume(pos: number): number {
    this.textStart = pos;
    return pos;
  }

  /** The input ended where the tokenizer drops what it was reading. */
  private swallowRest(): number {
    this.textStart = this.html.length;
    return this.html.length;
  }

  /**
   * The input ended where the tokenizer's section start is -1 (after a closing tag name, or in `<br/`): htmlparser2
   * then reports text from -1, which a string slice reads as the last character.
   */
  private lastCharAsText(): number {
    const n = this.html.length;
    this.textStart = n;
    this.sink.text(n - 1, n);
    return n;
  }

  /** A bogus comment (`<?…>`, `</ …>`, `<!x…>`): up to the next `>`, or the rest of the input. */
  private skipBogus(from: number): number {
    const gt = nextGt(this.html, from);
    return gt === -1 ? this.swallowRest() : this.resume(gt + 1);
  }

  /** After `<!`: a comment, CDATA, a doctype or a bogus comment. */
  private declaration(at: number): number {
    const html = this.html;
    const n = html.length;
    if (at >= n) return this.swallowRest();
    const c = html.charCodeAt(at);
    if (c === 91) return this.cdata(at + 1);
    if ((c | 0x20) === 100) {
      const word = 'octype';
      for (let k = 0; k < word.length; k++) {
        const p = at + 1 + k;
        if (p >= n) return this.swallowRest();
        if ((html.charCodeAt(p) | 0x20) !== word.charCodeAt(k)) return this.skipBogus(p);
      }
      return this.skipBogus(at + 1 + word.length);
    }
    if (c === GT) return this.resume(at + 1);
    if (c === DASH) {
      if (at + 1 >= n) return this.swallowRest();
      const d = html.charCodeAt(at + 1);
      if (d === DASH) return this.comment(at + 2);
      if (d === GT) return this.resume(at + 2);
      return this.skipBogus(at + 1);
    }
    return this.skipBogus(at);
  }

  /** `<![` seen: `CDATA[` (exact case) opens a section that is text in foreign content, else a comment. */
  private cdata(at: number): number {
    const html = this.html;
    const word = 'CDATA[';
    for (let k = 0; k < word.length; k++) {
      const p = at + k;
      if (p >= html.length) return this.swallowRest();
      if (html.charCodeAt(p) !== word.charCodeAt(k)) return this.skipBogus(p);
    }
    const start = at + word.length;
    const end = html.indexOf(']]>', start);
    if (end === -1) return this.swallowRest();
    if (this.sink.inForeignContent()) this.sink.text(start, end);
    return this.resume(end + 3);
  }

  /** A comment body from `start` (after `<!--`), ended like the tokenizer ends it: `-->`, `--!>`, `<!-->`, `<!--->`. */
  private comment(start: number): number {
    const html = this.html;
    const n = html.length;
    const END = '--!>';
    let matched = 0;
    for (let p = start; p < n; p++) {
      const c = html.charCodeAt(p);
      if (matched <= 1 && p === start + matched && c === GT) return this.resume(p + 1);
      if (matched === 2 && c === GT) return this.resume(p + 1);
      if (matched === 3 && c !== GT) matched = c === DASH ? 1 : 0;
      else if (c === END.charCodeAt(matched)) {
        if (++matched === END.length) return this.resume(p + 1);
      } else if (matched === 0) {
        p = html.indexOf('-', p + 1);
        if (p === -1) break;
        matched = 1;
      } else if (c !== END.charCodeAt(matched - 1)) matched = 0;
    }
    return this.swallowRest();
  }

  /** `</name`: the name up to a space, `/` or `>`, then everything up to the next `>`. */
  private closeTag(start: number): number {
    const html = this.html;
    const n = html.length;
    let end = start + 1;
    while (end < n && !endsTagSection(html.charCodeAt(end))) end++;
    if (end >= n) return this.swallowRest();
    this.sink.closeTag(start, end);
    return this.afterCloseTagName(end);
  }

  private afterCloseTagName(end: number): number {
    if (this.html.charCodeAt(end) === GT) return this.resume(end + 1);
    const gt = nextGt(this.html, end + 1);
    return gt === -1 ? this.lastCharAsText() : this.resume(gt + 1);
  }

  /** `<name attributes…>`; returns where text scanning goes on. */
  private openTag(start: number): number {
    const { html, sink } = this;
    const n = html.length;
    let pos = start + 1;
    while (pos < n && !endsTagSection(html.charCodeAt(pos))) pos++;
    if (pos >= n) {
      // the tokenizer still matching a raw-text tag name at the end reports the name as text
      if (SPECIALS.some((special) => spellsSpecial(html, start, n, special.name, true)) && !sink.inForeignContent()) {
        this.textStart = start;
        return n;
      }
      return this.swallowRest();
    }
    // (before the tag opens: it may itself be <svg> or <math>)
    let special = specialOf(html, start, pos);
    if (special !== null && sink.inForeignContent()) special = null;
    sink.openTagName(start, pos);
    for (;;) {
      while (pos < n && isWhitespace(html.charCodeAt(pos))) pos++;
      if (pos >= n) return this.swallowRest();
      const c = html.charCodeAt(pos);
      if (c === GT) {
        sink.openTagEnd();
        if (special === null) return this.resume(pos + 1);
        if (special.kind === K_PLAINTEXT) {
          this.textStart = pos + 1;
          return n;
        }
        return this.specialBody(pos + 1, special.endTag, special.kind === K_RCDATA);
      }
      if (c === SLASH) {
        pos++;
        while (pos < n && isWhitespace(html.charCodeAt(pos))) pos++;
        if (pos >= n) return this.lastCharAsText();
        if (html.charCodeAt(pos) === GT) {
          sink.selfClosingTag();
          return this.resume(pos + 1);
        }
        continue;
      }
      pos = this.attribute(pos);
      if (pos === -1) return this.swallowRest();
    }
  }

  /** One attribute from its first character; returns the position after it, or -1 if the input ends in it. */
  private attribute(nameStart: number): number {
    const { html, sink } = this;
    const n = html.length;
    // the first character may be anything, even `=` or a quote
    let pos = nameStart + 1;
    for (; pos < n; pos++) {
      const c = html.charCodeAt(pos);
      if (c === 61 || endsTagSection(c)) break;
    }
    if (pos >= n) return -1;
    const slot = sink.attributeSlot(nameStart, pos);
    while (pos < n && isWhitespace(html.charCodeAt(pos))) pos++;
    if (pos >= n) return -1;
    if (html.charCodeAt(pos) !== 61) {
      if (slot !== 0) sink.attribute(slot, '');
      return pos;
    }
    pos++;
    while (pos < n && isWhitespace(html.charCodeAt(pos))) pos++;
    if (pos >= n) return -1;
    const q = html.charCodeAt(pos);
    let valueStart: number;
    let valueEnd: number;
    let after: number;
    if (q === 34 || q === 39) {
      valueStart = pos + 1;
      valueEnd = html.indexOf(q === 34 ? '"' : "'", valueStart);
      if (valueEnd === -1) return -1;
      after = valueEnd + 1;
    } else {
      valueStart = pos;
      valueEnd = pos;
      while (valueEnd < n && !isWhitespace(html.charCodeAt(valueEnd)) && html.charCodeAt(valueEnd) !== GT) valueEnd++;
      if (valueEnd >= n) return -1;
      after = valueEnd;
    }
    if (slot !== 0) sink.attribute(slot, this.attributeValue(valueStart, valueEnd));
    return after;
  }

  /** An attribute value with its character references decoded (attribute rules). */
  private attributeValue(start: number, end: number): string {
    const html = this.html;
    let amp = this.ampFrom(start);
    if (amp === -1 || amp >= end) return html.slice(start, end);
    let value = '';
    let from = start;
    while (amp !== -1 && amp < end) {
      const used = decodeEntity(html, amp, true);
      if (used === 0) amp = this.ampFrom(amp + 1);
      else {
        value += html.slice(from, amp) + decoded.first + decoded.second;
        from = amp + used;
        amp = this.ampFrom(from);
      }
    }
    return value + html.slice(from, end);
  }

  /**
   * The body of a raw-text or RCDATA element from `start`, up to `</name` + a space, `/` or `>`. A port of the
   * tokenizer's matcher, which compares by `c | 0x20` (so `\x1c` matches the `<`) and skips to the next real `<`.
   */
  private specialBody(start: number, endTag: string, rcdata: boolean): number {
    const { html, sink } = this;
    const n = html.length;
    const len = endTag.length;
    this.textStart = start;
    let matched = 0;
    let p = start;
    while (p < n) {
      const c = html.charCodeAt(p);
      if (matched === len) {
        if (endsTagSection(c)) {
          const textEnd = p - len;
          if (this.textStart < textEnd) sink.text(this.textStart, textEnd);
          sink.closeTag(textEnd + 2, p);
          return this.afterCloseTagName(p);
        }
        matched = 0;
      }
      if ((c | 0x20) === endTag.charCodeAt(matched)) matched++;
      else if (matched === 0) {
        if (rcdata) {
          if (c === AMP) {
            p = this.entityInText(p);
            continue;
          }
        } else {
          p = html.indexOf('<', p + 1);
          if (p === -1) break;
          matched = 1;
        }
      } else matched = c === LT ? 1 : 0;
      p++;
    }
    return n;
  }
}

/** Report the tokens of one whole HTML string to the sink. */
export function scanHtml(html: string, sink: TokenSink): void {
  new Scanner(html, sink).run();
}
