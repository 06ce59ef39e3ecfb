/** Body: charsets in and out, HTML to faithful text, URL defanging, href/text mismatches. */
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { defangText, defaultPolicy, htmlToText, makePolicy, sanitizeMessage } from '../../src/sanitizer/index.ts';
import { eucjp, jis, sjis } from './fixtures.ts';
import { assertSafeOutput } from './safety.ts';

const JP = '①㈱髙﨑 様\r\nお世話になっております。ｶﾀｶﾅ 全角テスト～ 𠮷野家は UTF-8 のみ\r\n';
const JP_NO_ASTRAL = '①㈱髙﨑 様\r\nお世話になっております。ｶﾀｶﾅ 全角テスト～\r\n';

function rawMail(charset: string, body: Buffer, subjectWord: string): Buffer {
  return Buffer.concat([
    Buffer.from(
      `From: =?UTF-8?B?${Buffer.from('総務課').toString('base64')}?= <somu@city.example.jp>\r\nTo: taro@lg.example.jp\r\nSubject: ${subjectWord}\r\nMessage-ID: <a1@city.example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      'latin1',
    ),
    body,
  ]);
}

const subjectJis = `=?ISO-2022-JP?B?${jis('①㈱髙 のお知らせ').toString('base64')}?=`;

describe('charsets in', () => {
  it.each([
    ['ISO-2022-JP (CP932 extensions ①㈱髙)', 'ISO-2022-JP', jis(JP_NO_ASTRAL), JP_NO_ASTRAL],
    ['Shift_JIS', 'Shift_JIS', sjis(JP_NO_ASTRAL), JP_NO_ASTRAL],
    ['CP932 label', 'cp932', sjis(JP_NO_ASTRAL), JP_NO_ASTRAL],
    ['EUC-JP', 'EUC-JP', eucjp('お世話になっております。髙橋\r\n'), 'お世話になっております。髙橋\r\n'],
    ['UTF-8', 'UTF-8', Buffer.from(JP), JP],
  ])('%s', async (_n, charset, body, expected) => {
    const r = await sanitizeMessage(rawMail(charset, body, subjectJis), defaultPolicy);
    expect(r.verdict).toBe('delivered-sanitized');
    const p = await assertSafeOutput(r.output);
    expect(p.subject).toBe('①㈱髙 のお知らせ');
    for (const line of expected.split('\r\n').filter(Boolean)) expect(p.text).toContain(line);
    expect(p.text).not.toContain('\ufffd');
  });
});

describe('charsets out', () => {
  it('writes ISO-2022-JP when configured, and it decodes back without loss', async () => {
    const policy = makePolicy({ body: { outputCharset: 'iso-2022-jp' } });
    const r = await sanitizeMessage(rawMail('ISO-2022-JP', jis(JP_NO_ASTRAL), subjectJis), policy);
    const text = r.output.toString('latin1');
    expect(text).toMatch(/Content-Type: text\/plain; charset=ISO-2022-JP/);
    expect(text).toMatch(/Subject: =\?ISO-2022-JP\?B\?/);
    const p = await PostalMime.parse(r.output);
    expect(p.subject).toBe('①㈱髙 のお知らせ');
    expect(p.text).toContain('①㈱髙﨑 様');
    expect(p.text).toContain('ｶﾀｶﾅ');
  });
  it('falls back to UTF-8 for text ISO-2022-JP cannot carry (𠮷)', async () => {
    const policy = makePolicy({ body: { outputCharset: 'iso-2022-jp' } });
    const r = await sanitizeMessage(rawMail('UTF-8', Buffer.from(JP), 'x'), policy);
    const p = await PostalMime.parse(r.output);
    expect(p.text).toContain('𠮷野家');
  });
  it('keeps Japanese in Shift_JIS HTML mail', async () => {
    const html = sjis(
      '<html><body><p>①㈱髙 の<b>見積</b>です</p><table><tr><td>品目</td><td>金額</td></tr></table></body></html>',
    );
    const raw = Buffer.concat([
      Buffer.from(
        'From: a@example.jp\r\nTo: b@lg.example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=Shift_JIS\r\n\r\n',
        'latin1',
      ),
      html,
    ]);
    const p = await assertSafeOutput((await sanitizeMessage(raw, defaultPolicy)).output);
    expect(p.text).toContain('①㈱髙 の見積です');
    expect(p.text).toContain('品目 | 金額');
  });
});

describe('HTML to text', () => {
  it('drops hidden text, scripts and styles; keeps tables and lists readable', () => {
    const r =
      htmlToText(`<style>.x{}</style><script>alert(1)</script><h1>件名</h1><p>本文<span style="display:none">隠し</span><span style="font-size:0px">ゼロ</span><span hidden>hidden</span></p>
      <table><tr><th>項目</th><th>値</th></tr><tr><td>金額</td><td>1,000円</td></tr></table><ol><li>一つ目</li><li>二つ目<ul><li>入れ子</li></ul></li></ol><img src="x" alt="ロゴ"><img src="https://track.example/p.gif">`);
    expect(r.text).not.toMatch(/隠し|ゼロ|hidden|alert|\.x\{/);
    expect(r.hiddenTextDropped).toBeGreaterThan(0);
    expect(r.text).toContain('■ 件名');
    expect(r.text).toContain('項目 | 値\n金額 | 1,000円');
    expect(r.text).toContain('1. 一つ目');
    expect(r.text).toContain('2. 二つ目');
    expect(r.text).toContain('\u3000・ 入れ子');
    expect(r.text).toContain('[画像: ロゴ]');
  });
  it('flags href/text mismatches', () => {
    const r = htmlToText(
      '<a href="https://evil.example.com/x">https://bank.example.jp/login</a> <a href="javascript:alert(1)">www.city.example.jp</a> <a href="https://city.example.jp/a">city.example.jp</a>',
    );
    expect(r.links.filter((l) => l.mismatch).map((l) => l.href)).toEqual([
      'https://evil.example.com/x',
      'javascript:alert(1)',
    ]);
    expect(r.text).toContain('[hxxps://evil[.]example[.]com/x]（注意: 表示とリンク先が異なります）');
  });
});

describe('URL defanging', () => {
  const b = defaultPolicy.body;
  it.each([
    ['https://example.jp/path?q=1', 'hxxps://example[.]jp/path?q=1'],
    ['http://user@www.example.com:8080/a.', 'hxxp://user[@]www[.]example[.]com[:]8080/a.'],
    [
      '詳細はhttps://city.example.lg.jp/kohoをご覧ください',
      '詳細はhxxps://city[.]example[.]lg[.]jp/kohoをご覧ください',
    ],
    ['www.example.com/login', 'www[.]example[.]com/login'],
    ['bare domain evil.example.com now', 'bare domain evil[.]example[.]com now'],
    ['ftp://files.example.net/x', 'fxp://files[.]example[.]net/x'],
    ['mail taro@example.jp please', 'mail taro[@]example[.]jp please'],
    ['mailto:taro@example.jp', 'mailto[:]taro[@]example[.]jp'],
    ['tel:0312345678', 'tel[:]0312345678'],
    ['javascript:alert(1)', 'javascript[:]alert(1)'],
    ['(https://a.example.jp)', '(hxxps://a[.]example[.]jp)'],
  ])('%s', (input, expected) => expect(defangText(input, b)).toBe(expected));
  it('is idempotent', () => {
    const once = defangText('https://example.jp/a taro@example.jp www.x.com', b);
    expect(defangText(once, b)).toBe(once);
  });
  it('respects the mailto and tel switches', () => {
    const p = { ...b, defangMailto: false, defangTel: false };
    expect(defangText('taro@example.jp tel:03-1234', p)).toBe('taro@example.jp tel:03-1234');
  });
  it('defangs plain-text URLs in a delivered body', async () => {
    const raw = rawMail('UTF-8', Buffer.from('ログインは https://phish.example.com/login へ'), 'x');
    const p = await assertSafeOutput((await sanitizeMessage(raw, defaultPolicy)).output);
    expect(p.text).toContain('hxxps://phish[.]example[.]com/login');
    expect(p.text).not.toMatch(/https?:\/\/phish/);
  });
});
