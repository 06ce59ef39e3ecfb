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
