/**
 * walkHtml must report exactly the element events htmlparser2's own Parser reports (the body's text was built and
 * reviewed on the Parser; walkHtml is the faster path). Compared on the MIME corpus, the sanitizer's test files,
 * a seeded tag soup (SVG/MathML, implied end tags, raw-text elements, entities, stray end tags) and mutations.
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
    const differing = inputs.filter((h) => viaWalk(h).join('\u0001') !== viaParser(h).join('\u0001'));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(inputs.length).toBeGreaterThan(4000);
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
