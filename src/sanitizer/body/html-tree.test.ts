/**
 * walkHtml (html-scan.ts's tokens, html-tree.ts's rules) must report exactly the element events htmlparser2's own
 * Parser reports (the body's text was built and reviewed on the Parser; walkHtml is the faster path). Compared on
 * the MIME corpus, the sanitizer's test files, a seeded tag soup (SVG/MathML, implied end tags, raw-text elements,
 * entities, stray end tags), mutations, every prefix of tricky inputs (the end of the input ends a token in many
 * states) and every short string over markup characters. The tokenizer's quirks the scanner reproduces are pinned
 * below on their own, so they stay known without the Parser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.ts';
import { type TagAttrs, walkHtml } from './html-tree.ts';

const ATTRS = ['hidden', 'style', 'type', 'href', 'alt', 'start'] as const;

function viaWalk(html: string): string[] {
  const ev: string[] = [];
  walkHtml(html, {
    open: (tag: string, _info: number, a: TagAttrs) =>
      ev.push(`<${tag} ${JSON.stringify([a.hidden, a.style, a.type, a.href, a.alt, a.start])}`),
    close: (tag: string) => ev.push(`</${tag}`),
    text: (t: string) => ev.push(`"${t}`),
  });
  return ev;
}

function viaParser(html: string): string[] {
  const ev: string[] = [];
  const p = new Parser(
    {
      onopentag: (name, attrs) => {
        const a = ATTRS.map((k) => (k === 'hidden' ? 'hidden' in attrs : attrs[k]));
        ev.push(`<${name.toLowerCase()} ${JSON.stringify(a)}`);
      },
      onclosetag: (name) => ev.push(`</${name.toLowerCase()}`),
      ontext: (t) => ev.push(`"${t}`),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  p.write(html);
  p.end();
  return ev;
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
  } catch {
    return [];
  }
}

const TAGS = ['p', 'div', 'span', 'a', 'b', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'ul', 'ol', 'li', 'br', 'hr'];
TAGS.push('img', 'pre', 'script', 'style', 'svg', 'math', 'title', 'foreignObject', 'foreignobject', 'clipPath');
TAGS.push('form', 'input', 'select', 'option', 'h1', 'h3', 'blockquote', 'dl', 'dt', 'dd', 'textarea', 'iframe');
TAGS.push('frame', 'basefont', 'image', 'noembed', 'xmp', 'plaintext', 'template', 'head', 'body', 'caption', 'o:p');
TAGS.push('desc', 'mi', 'font', 'center', 'Ａ', 'x-y', 'averyveryverylongtagname');
const ATTR_TEXT = [
  'href="https://a.example.jp/x?a=1&amp;b=2"',
  'style="display:none"',
  'hidden',
  'type="hidden"',
  'alt="画像 &amp; x"',
  'start="3"',
  'HREF=https://b.example.com',
  "href='javascript:alert(1)'",
  'class=x',
  'STYLE="opacity:0"',
  'alt',
  'href="1" href="2"',
];
const TEXT = ['テキスト', '&amp;', '&lt;b&gt;', ' ', '\n', 'https://plain.example.com/1', '&#x1F600;', '&nbsp;'];
TEXT.push(
  'a  b',
  '\t',
  '&copy',
  '<!-- c -->',
  '<![CDATA[x<y]]>',
  '<!doctype html>',
  '<?xml ?>',
  '</',
  '<',
  '>',
  '&#0;',
);
TEXT.push('&notit;', '&noti', '&Afr;', '&#x110000', '&#128;', '&#', '\x1c/script>', '<!-->', '<!--->', '--!>', '<<');

/** Inputs whose every prefix is compared: tags, attributes, references, comments, CDATA and raw text cut anywhere. */
const TRICKY = [
  '<p class=x id="y" hidden>a&amp;b&notit;c</p ><br/><BR />',
  '<a href="https://x.example.jp/?a=1&amp;b=2&not=3" style=\'display:none\'>l</a>',
  '<!-- a -- b --!><!----><!doctype html><![CDATA[c]]><?pi?></ x><//>',
  '<svg><clipPath><![CDATA[d]]></clippath><foreignObject><p>e</p></foreignObject></svg>',
  '<script>if (a</scr) {}</script ><style>\x1c/style>f</style>',
  '<title>&amp;t</title><textarea>x</&amp;y</TEXTAREA><xmp><b></xmp><plaintext>g<b>',
];

function soup(rnd: (n: number) => number): string {
  let s = '';
  const len = 1 + rnd(60);
  for (let i = 0; i < len; i++) {
    const r = rnd(10);
    if (r < 4) {
      const t = TAGS[rnd(TAGS.length)];
      const attrs = [0, 1].map(() => (rnd(2) ? ` ${ATTR_TEXT[rnd(ATTR_TEXT.length)]}` : '')).join('');
      s += `<${rnd(5) === 0 ? t.toUpperCase() : t}${attrs}${rnd(8) === 0 ? '/' : ''}>`;
    } else if (r < 7) s += `</${TAGS[rnd(TAGS.length)]}>`;
    else s += TEXT[rnd(TEXT.length)];
  }
  return s;
}

describe('walkHtml', () => {
  it('reports the same events as htmlparser2’s Parser on corpus, fixtures, tag soup and mutations', () => {
    let seed = 20261126;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const inputs = [
      ...files(join(import.meta.dirname, '../../../../shared/corpora/mime')),
      ...files(join(import.meta.dirname, '../../../tests/sanitizer')),
    ].map((f) => readFileSync(f, 'latin1'));
    const base = inputs.slice(0, 100);
    for (let k = 0; k < 4000; k++) inputs.push(soup(rnd));
    for (let k = 0; k < 500 && base.length; k++) {
      let s = base[rnd(base.length)];
      for (let m = 0; m < 5; m++) {
        const p = rnd(s.length + 1);
        s = rnd(2) ? s.slice(0, p) + s.slice(p + rnd(20)) : `${s.slice(0, p)}<${TAGS[rnd(TAGS.length)]}>${s.slice(p)}`;
      }
      inputs.push(s);
    }
    for (let k = 0; k < 1000; k++) {
      const s = soup(rnd);
      inputs.push(s.slice(0, rnd(s.length + 1)));
    }
    for (const tricky of TRICKY) for (let end = 0; end <= tricky.length; end++) inputs.push(tricky.slice(0, end));
    const differing = inputs.filter((h) => viaWalk(h).join('\u0001') !== viaParser(h).join('\u0001'));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(inputs.length).toBeGreaterThan(5000);
  });

  it('reports the same events as htmlparser2’s Parser on every string of up to 4 markup characters', () => {
    const alphabet = ['<', '>', '/', '!', '-', 'a', 's', '&', ' ', '"', '=', '['];
    let inputs = [''];
    const differing: string[] = [];
    for (let length = 1; length <= 4; length++) {
      inputs = inputs.flatMap((s) => alphabet.map((c) => s + c));
      for (const h of inputs) if (viaWalk(h).join('\u0001') !== viaParser(h).join('\u0001')) differing.push(h);
    }
    expect(differing.slice(0, 3)).toEqual([]);
  });

  it('keeps the body text of a typical Japanese HTML mail', () => {
    const r = htmlToText(
      '<HTML><BODY><H1>令和8年度 ①㈱髙</H1><P>詳細は <A HREF="https://city.example.lg.jp/a?x=1&amp;y=2">こちら</A></P>' +
        '<TABLE><TR><TD>委託料</TD><TD>1,000円</TD></TR></TABLE><DIV STYLE="display:none">隠し</DIV><svg><style></svg>見える</BODY></HTML>',
    );
    expect(r.text).toBe(
      '■ 令和8年度 ①㈱髙\n\n詳細は こちら [hxxps://city[.]example[.]lg[.]jp/a?x=1&y=2]\n\n委託料 | 1,000円\n\n見える',
    );
    expect(r.hiddenTextDropped).toBe(2);
  });
});

/** The events of walkHtml in short form: `<tag`, `</tag`, `"text` (attributes left out). */
function events(html: string): string[] {
  const ev: string[] = [];
  walkHtml(html, {
    open: (tag: string) => ev.push(`<${tag}`),
    close: (tag: string) => ev.push(`</${tag}`),
    text: (t: string) => ev.push(`"${t}`),
  });
  return ev;
}

function attributes(html: string): TagAttrs[] {
  const all: TagAttrs[] = [];
  walkHtml(html, {
    open: (_t: string, _i: number, a: TagAttrs) => all.push({ ...a }),
    close: () => {},
    text: () => {},
  });
  return all;
}

describe('walkHtml keeps htmlparser2’s token rules', () => {
  it.each([
    ['text is split around every reference', 'a &amp; b', ['"a ', '"&', '" b']],
    ['an open tag cut short after its name is still opened', 'a<c d', ['"a', '</c']],
    ['a < that starts no tag stays text, from the < on', 'a < b<<i>', ['"a ', '"< b', '"<', '<i', '</i']],
    ['a reference to two UTF-16 units is two pieces', '&Afr;', ['"\ud835', '"\udd04']],
    ['a legacy name ends without ;', '&notit; &copy2', ['"¬', '"it; ', '"©', '"2']],
    ['numbers: NUL, C1 and past U+10FFFF', '&#0;&#128;&#x110000', ['"\ufffd', '"€', '"\ufffd']],
    [
      'comments end at -->, --!>, <!--> and <!--->',
      '<!-- a -- b --!>1<!-->2<!--->3<!-- -->4',
      ['"1', '"2', '"3', '"4'],
    ],
    [
      'CDATA is text only in foreign content, even empty',
      '<![CDATA[x]]><svg><![CDATA[]]></svg>',
      ['<svg', '"', '</svg'],
    ],
    ['</p> without <p> is an empty p, </br> a br', 'a</p>b</br>', ['"a', '<p', '</p', '"b', '<br', '</br']],
    ['raw text ends at its end tag only', '<script>a</scr>b</script x>c', ['<script', '"a</scr>b', '</script', '"c']],
    ['a \x1c matches the < of a raw-text end tag', '<script>\x1c/script>after', ['<script', '</script', '"after']],
    ['title and textarea decode references', '<title>a&amp;b</title>', ['<title', '"a', '"&', '"b', '</title']],
    [
      '… but not right after a partial end tag',
      '<textarea>x</&amp;</textarea>',
      ['<textarea', '"x</&amp;', '</textarea'],
    ],
    ['a self-closed raw-text tag holds no raw text', '<script/><b>x</b>', ['<script', '</script', '<b', '"x', '</b']],
    ['plaintext takes the rest', '<plaintext>a<b>c', ['<plaintext', '"a<b>c', '</plaintext']],
    ['a second form is ignored', '<form><form>x</form>', ['<form', '"x', '</form']],
    ['input ending after a closing tag name: its last character is text', 'a</b x', ['"a', '"x']],
    ['input ending in <br/: its last character is text', 'x<br/', ['"x', '"/']],
    ['input ending in a raw-text tag name: the name is text', 'x<scr', ['"x', '"scr']],
    ['input ending in another tag name: dropped', 'x<div', ['"x']],
    ['input ending in < or </: it is text', 'a<', ['"a', '"<']],
    ['input ending in a comment: dropped', 'a<!-- b', ['"a']],
  ])('%s', (_name, html, expected) => {
    expect(events(html)).toEqual(expected);
  });

  it('reads the six attributes with references decoded by the attribute rules', () => {
    const [a] = attributes(`<a HREF="?x=1&amp;y=2&notit=3&copy" style='display:none' hidden type=hidden alt start=3>`);
    expect(a).toEqual({
      hidden: true,
      style: 'display:none',
      type: 'hidden',
      href: '?x=1&y=2&notit=3©',
      alt: '',
      start: '3',
    });
    // the first of two wins; unquoted values end at white space or >, not at /
    expect(attributes('<a href=1 href=2 alt=x/y>')[0]).toMatchObject({ href: '1', alt: 'x/y' });
  });

  it('stays linear on deep stacks with end tags and SVG names that match nothing open', () => {
    for (const html of [
      '<div>'.repeat(50_000) + '</span>'.repeat(50_000),
      `<math>${'<g>'.repeat(30_000)}${'<clippath>'.repeat(30_000)}`,
      `<svg>${'<g>'.repeat(50_000)}${'</clippath>'.repeat(50_000)}`,
    ]) {
      const t = performance.now();
      let n = 0;
      walkHtml(html, { open: () => n++, close: () => n++, text: () => n++ });
      expect(performance.now() - t).toBeLessThan(1500);
      expect(n).toBeGreaterThan(30_000);
    }
  });
});
