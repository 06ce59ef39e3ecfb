/**
 * htmlToText runs on the relay's main thread without a timeout, so its cost must stay linear in the input: crafted
 * bodies that made the old regexes or the list indentation quadratic finish quickly and still give the right text.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.ts';

const timed = (html: string) => {
  const t = performance.now();
  const r = htmlToText(html);
  return { r, ms: performance.now() - t };
};

describe('htmlToText stays linear', () => {
  it('a long run of tabs in <pre> (spaces before a newline are still removed)', () => {
    const { r, ms } = timed(`<pre>${'\t'.repeat(2_000_000)}x \t\n\n\n\ny  z</pre>`);
    expect(ms).toBeLessThan(2000);
    expect(r.text.endsWith('x\n\ny z')).toBe(true);
  });
  it('many height:0 declarations in one style (overflow:hidden after one still hides)', () => {
    const { r, ms } = timed(`<div style="${'height:0;'.repeat(200_000)}">見える</div>`);
    expect(ms).toBeLessThan(2000);
    expect(r.text).toBe('見える');
    expect(htmlToText('<div style="color:red;height:0;x:y;overflow:hidden">隠し</div>表示').text).toBe('表示');
    expect(htmlToText(`<div style='height:0;"overflow:hidden'>残る</div>`).text).toBe('残る');
  });
  it('deeply nested lists: indentation is capped, items are kept', () => {
    const { r, ms } = timed(`${'<ul><li>項目'.repeat(20_000)}`);
    expect(ms).toBeLessThan(2000);
    expect(r.text.split('\n').filter((l) => l.includes('・ 項目'))).toHaveLength(20_000);
    expect(r.text.length).toBeLessThan(20_000 * 30);
    expect(htmlToText('<ul><li>一<ul><li>二<ul><li>三</li></ul></li></ul></li></ul>').text).toContain(
      '\u3000\u3000・ 三',
    );
  });
});

describe('htmlToText keeps its output on the faster paths', () => {
  it('elements without a role (b, span…) only matter inside hidden content; end tags close what htmlparser2 closes', () => {
    expect(htmlToText('<span style="display:none">a<b>b</b>c</span>d<b>e</b>')).toMatchObject({
      text: 'de',
      hiddenTextDropped: 3,
    });
    // </b> closes the hidden div opened inside it (htmlparser2's rule; a browser would keep "c" hidden)
    expect(htmlToText('<b>a<div style="display:none">b</b>c</div>d').text).toBe('acd');
  });
  it('trims cells and link texts as String.prototype.trim does (ideographic spaces too)', () => {
    expect(htmlToText('<table><tr><td>\u3000委託\u3000</td><td> a </td></tr></table>').text).toBe('委託 | a');
    const r = htmlToText('<a href="#top">top</a><a href=" https://x.example.jp/p ">  </a>');
    expect(r.text).toBe('top[hxxps://x[.]example[.]jp/p]');
    expect(r.links).toEqual([{ href: 'https://x.example.jp/p', text: '', mismatch: false }]);
  });
  it('checks the host only of link texts that look like an address', () => {
    const r = htmlToText(
      '<a href="https://evil.example.com">bank.example.jp</a> <a href="https://city.example.jp/a">こちら</a>' +
        ' <a href="mailto:a@b.example.jp">a@b.example.jp</a> <a href="https://x.example.jp/">https://x.example.jp</a>',
    );
    expect(r.links.map((l) => l.mismatch)).toEqual([true, false, false, false]);
    expect(r.text).toBe(
      'bank.example.jp [hxxps://evil[.]example[.]com]（注意: 表示とリンク先が異なります） こちら [hxxps://city[.]example[.]jp/a]' +
        ' a@b.example.jp https://x.example.jp',
    );
  });
  it('white space between blocks, in <pre> and in cells', () => {
    expect(htmlToText('<p>a</p>\n<div>b</div>\n<br>\n<table><tr><td>c</td></tr></table>').text).toBe('a\n\nb\n\nc');
    expect(htmlToText('<pre>  a\n\n\n\tb  </pre>x  y').text).toBe('a\n\nb\n\nx y');
    expect(htmlToText('<table><tr><td>a<br>b</td><td>c</td></tr></table>').text).toBe('a\nb\nc');
    // white space after a blank line is left out as it comes (tidy() would remove it): the lines stay the same
    expect(htmlToText('<p>a</p> <br> \n<hr> <p>b</p>').text).toBe('a\n\n----------\n\nb');
    expect(htmlToText('<h2>a</h2>\u00a0<ul><li>b</li></ul> c').text).toBe('■ a\n\n・ b\n\nc');
    expect(htmlToText('<p>a</p> <table><tr><td> </td><td>x</td></tr></table> <p>d</p>').text).toBe('a\n\nx\n\nd');
  });
});

describe('htmlToText stays linear on hostile markup', () => {
  it.each([
    ['a million <', '<'.repeat(1_000_000)],
    ['references, and a number of half a million digits', `${'&amp;'.repeat(200_000)}&#${'9'.repeat(500_000)}`],
    ['an unclosed comment of dashes', `<!--${'-x'.repeat(500_000)}`],
    ['an unclosed tag of 250 000 attributes', `<a${' b=c'.repeat(250_000)}`],
    ['raw text of partial end tags', `<script>${'</scrip'.repeat(150_000)}`],
    ['a textarea of ampersands', `<textarea>${'&'.repeat(1_000_000)}`],
    ['a deep stack and end tags of nothing open', `${'<div>'.repeat(50_000)}${'</span>'.repeat(50_000)}`],
    ['20 000 nested tables', '<table><tr><td>a</td><td>'.repeat(20_000)],
    ['20 000 nested links', '<a href="https://x.example.jp/">a '.repeat(20_000)],
    ['20 000 links nested in tables', '<table><tr><td><a href="https://x.jp">b'.repeat(20_000)],
  ])('%s', (_name, html) => {
    const { ms } = timed(html);
    expect(ms).toBeLessThan(2000);
  });
});

describe('htmlToText past the nesting cap', () => {
  it('cells nested deeper than 32 write into the enclosing cell; nothing is lost', () => {
    const deep = `${'<table><tr><td>'.repeat(40)}奥${'</td></tr></table>'.repeat(40)}`;
    expect(htmlToText(deep).text).toBe('奥');
    const r = htmlToText(`${'<table><tr><td>x</td><td>'.repeat(40)}最後`);
    expect(r.text.match(/x/g)).toHaveLength(40);
    expect(r.text).toContain('最後');
  });
  it('a link inside tables past the cap still shows its defanged address and counts as a phishing sign', () => {
    const r = htmlToText(
      `${'<table><tr><td>'.repeat(40)}<a href="https://evil.example.com/">https://bank.example.jp/</a>`,
    );
    expect(r.text).toContain('https://bank.example.jp/ [hxxps://evil[.]example[.]com/]');
    expect(r.links).toMatchObject([{ href: 'https://evil.example.com/', mismatch: true }]);
  });
});

describe('htmlToText reads inline styles as CSS does', () => {
  it.each([
    ['a comment inside the value', '<div style="display:/**/none">秘密</div>見える'],
    ['an escaped letter', '<div style="display:n\\one">秘密</div>見える'],
    ['a hex escape', '<div style="display:n\\6f ne">秘密</div>見える'],
    ['an escaped property name', '<div style="dis\\70 lay:none">秘密</div>見える'],
    ['a comment instead of the size', '<div style="font-size:/*x*/0">秘密</div>見える'],
  ])('hides text behind %s', (_name, html) => {
    const r = htmlToText(html);
    expect(r.text).toBe('見える');
    expect(r.hiddenTextDropped).toBeGreaterThan(0);
  });
  it('keeps text whose style only looks odd', () => {
    expect(htmlToText('<div style="color:red /* unclosed">見える</div>').text).toBe('見える');
    expect(htmlToText('<div style="color:\\red">見える</div>').text).toBe('見える');
  });
  it('stays linear on a style of comment openers and backslashes', () => {
    const { ms } = timed(`<div style="${'/*'.repeat(300_000)}${'\\'.repeat(300_000)}">x</div>`);
    expect(ms).toBeLessThan(2000);
  });
});
