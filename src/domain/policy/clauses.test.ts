import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citationOf, findClause, flattenClauses, parsePolicy } from './clauses.ts';
import { joinCut, joinSpacedCapitals } from './normalize.ts';
import { readMarker } from './numbering.ts';
import { warekiToIso } from './wareki.ts';

const SEED = readFileSync(new URL('../../modules/policies/seed/rokunohe-basic-policy.md', import.meta.url), 'utf8');

describe('numbering markers', () => {
  it('reads the Japanese numbering styles with their values and keys', () => {
    const cases: Array<[string, string, number, string]> = [
      ['第1章 情報セキュリティ基本方針', 'chapter', 1, '第1章'],
      ['第十二条　職員は…', 'article', 12, '第12条'],
      ['第3条の2 （定義）', 'article', 3, '第3条の2'],
      ['7. 情報セキュリティ監査', 'dot', 7, '7'],
      ['１３．附則', 'dot', 13, '13'],
      ['(11) 通信経路の分割', 'paren', 11, '(11)'],
      ['（３）強靱性', 'paren', 3, '(3)'],
      ['②L GWAN接続系', 'circled', 2, '②'],
      ['三　情報資産の分類', 'kanji', 3, '三'],
      ['（二）持ち出し', 'kanjiParen', 2, '(二)'],
      ['ウ　バックアップ', 'kana', 3, 'ウ'],
    ];
    for (const [line, style, value, key] of cases) {
      expect(readMarker(line), line).toMatchObject({ style, value, key });
    }
  });

  it('does not take words or numbers in running text for markers', () => {
    for (const line of ['一方、職員は', '1.5倍の容量', '第3条の規定により', '第3条に定める', 'アクセス制御']) {
      expect(readMarker(line), line).toBeNull();
    }
    expect(readMarker('ロ　二つ目', 'iroha')).toMatchObject({ style: 'kana', value: 2 });
  });
});

describe('extraction artefacts', () => {
  it('joins spaced capitals and page-cut words', () => {
    expect(joinSpacedCapitals('L G W A N接続系とL GWANと')).toBe('LGWAN接続系とLGWANと');
    expect(joinSpacedCapitals('ISO 27001 と A 案')).toBe('ISO 27001 と A 案');
    expect(joinCut('定期的又は必要に応じて情報セキ', 'セキュリティ監査')).toBe(
      '定期的又は必要に応じて情報セキュリティ監査',
    );
    expect(joinCut('インターネットに接続され', 'た情報システム')).toBe('インターネットに接続された情報システム');
  });

  it('reads 和暦 dates', () => {
    expect(warekiToIso('平成16年4月1日 策定')).toBe('2004-04-01');
    expect(warekiToIso('令和元年5月1日')).toBe('2019-05-01');
    expect(warekiToIso('令和８年１月９日')).toBe('2026-01-09');
    expect(warekiToIso('令和8年2月30日')).toBeNull();
  });
});

describe('the seed (六戸町情報セキュリティポリシー)', () => {
  const parsed = parsePolicy(SEED);
  const flat = flattenClauses(parsed.clauses);

  it('reads the front matter and the 目次 without taking it for clauses', () => {
    expect(parsed.title).toBe('六戸町情報セキュリティポリシー');
    expect(parsed.established).toBe('2004-04-01');
    expect(parsed.revised).toBe('2026-01-09');
    expect(parsed.owner).toBe('六戸町電算管理運営委員会');
    expect(parsed.toc).toHaveLength(14);
    expect(parsed.toc[0]).toEqual({ text: '第1章 情報セキュリティ基本方針', page: '2' });
    expect(parsed.clauses).toHaveLength(1);
    expect(parsed.clauses[0]).toMatchObject({ label: '第1章', heading: '情報セキュリティ基本方針' });
  });

  it('has all 13 sections, in order, with the headings the 目次 lists', () => {
    const sections = parsed.clauses[0].children;
    expect(sections.map((s) => s.label)).toEqual(Array.from({ length: 13 }, (_, i) => `${i + 1}.`));
    expect(sections.map((s) => `${s.label} ${s.heading}`)).toEqual(parsed.toc.slice(1).map((t) => t.text));
  });

  it('keeps every nested item: (1)…(12) of 2, (1)…(5) of 3, ①…③ of 4(2) and 6(3), (1)…(9) of 6', () => {
    const keys = (path: string) => findClause(parsed.clauses, path)!.children.map((c) => c.key);
    const parens = (n: number) => Array.from({ length: n }, (_, i) => `(${i + 1})`);
    expect(keys('第1章/2')).toEqual(parens(12));
    expect(keys('第1章/3')).toEqual(parens(5));
    expect(keys('第1章/4')).toEqual(parens(2));
    expect(keys('第1章/4/(2)')).toEqual(['①', '②', '③']);
    expect(keys('第1章/6')).toEqual(parens(9));
    expect(keys('第1章/6/(3)')).toEqual(['①', '②', '③']);
    for (const n of [1, 5, 7, 8, 9, 10, 11, 12, 13]) expect(keys(`第1章/${n}`), `section ${n}`).toEqual([]);
    expect(flat).toHaveLength(1 + 13 + 12 + 5 + 2 + 3 + 9 + 3);
  });

  it('copes with the artefacts: a bare "(11)", bold headings, "## (2)", spaced LGWAN, page-cut words', () => {
    expect(findClause(parsed.clauses, '第1章/2/(11)')).toMatchObject({ heading: '通信経路の分割' });
    expect(findClause(parsed.clauses, '第1章/2/(11)')!.text).toMatch(/^LGWAN接続系とインターネット接続系/);
    expect(findClause(parsed.clauses, '第1章/7')).toMatchObject({ heading: '情報セキュリティ監査及び自己点検の実施' });
    expect(findClause(parsed.clauses, '第1章/6/(2)')).toMatchObject({ heading: '情報資産の分類と管理' });
    expect(findClause(parsed.clauses, '第1章/6/(3)/②')!.text).toMatch(/^LGWAN接続系においては、LGWANと接続する/);
    const evaluation = findClause(parsed.clauses, '第1章/6/(9)')!.text;
    expect(evaluation).toContain('必要に応じて情報セキュリティ監査及び自己点検を実施し');
    expect(evaluation.split('\n')).toHaveLength(1);
    expect(findClause(parsed.clauses, '第1章/2/(10)')!.text).toContain('インターネットに接続された情報システム');
    expect(findClause(parsed.clauses, '第1章/6/(8)')!.text.split('\n')).toHaveLength(3);
    expect(findClause(parsed.clauses, '第1章/13')!.text.split('\n')).toEqual([
      'この基本方針は、平成16年4月1日から実施する。',
      'この基本方針は、令和8年1月9日に改訂し、令和8年4月1日から実施する。',
    ]);
  });

  it('loses no text: the tree holds every character of the body, in order', () => {
    const squash = (s: string) =>
      joinSpacedCapitals(s)
        .replace(/\*\*/g, '')
        .replace(/^\s*#+\s*/gm, '')
        .replace(/^\s*-\s+/gm, '')
        .replace(/\s+/g, '');
    const body = SEED.slice(SEED.indexOf('## 第1章'));
    // The one repair: the page cut repeated "セキ" (情報セキ / セキュリティ).
    const expected = squash(body).replace('情報セキセキュリティ', '情報セキュリティ');
    const fromTree = flat.map((c) => squash(`${c.key}${c.style === 'dot' ? '.' : ''}${c.heading}${c.text}`)).join('');
    expect(fromTree).toBe(expected);
  });

  it('cites clauses the way the policy is quoted', () => {
    expect(citationOf('第1章/6/(3)/②')).toBe('6(3)②');
    expect(citationOf('第1章/8')).toBe('8');
    expect(citationOf('第2章/第5条/三')).toBe('第5条第3号');
    expect(citationOf('第1章')).toBe('第1章');
  });
});

describe('other layouts', () => {
  it('parses a 対策基準 in articles with captions, 号 and katakana items', () => {
    const text = [
      '# 情報セキュリティ対策基準',
      '第1章 総則',
      '（目的）',
      '第1条 この基準は、基本方針に基づき遵守事項を定める。',
      '（定義）',
      '第2条 この基準において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。',
      '一　情報資産　情報及び情報システム',
      '二　管理区域　サーバー室等',
      '第2章 組織体制',
      '第3条（CISO） 最高情報セキュリティ責任者を置く。',
      'ア　副町長をもって充てる。',
      'イ　全ての権限を有する。',
      '第3条の2 副CISOを置くことができる。',
    ].join('\n');
    const p = parsePolicy(text);
    const flat = flattenClauses(p.clauses);
    expect(flat.map((c) => c.path)).toEqual([
      '第1章',
      '第1章/第1条',
      '第1章/第2条',
      '第1章/第2条/一',
      '第1章/第2条/二',
      '第2章',
      '第2章/第3条',
      '第2章/第3条/ア',
      '第2章/第3条/イ',
      '第2章/第3条の2',
    ]);
    expect(flat[1]).toMatchObject({ heading: '目的', text: 'この基準は、基本方針に基づき遵守事項を定める。' });
    expect(flat[6]).toMatchObject({ heading: 'CISO', text: '最高情報セキュリティ責任者を置く。' });
    expect(flat[8].value).toBe(2);
  });

  it('never throws on arbitrary text and keeps unnumbered text as front matter', () => {
    const p = parsePolicy('ただの文章です。\n\n番号はありません。');
    expect(p.clauses).toEqual([]);
    expect(p.preamble).toEqual(['ただの文章です。', '番号はありません。']);
    expect(() => parsePolicy('')).not.toThrow();
    expect(() => parsePolicy('(2)\n(1)\n①\n第1条\n### \n#### **')).not.toThrow();
  });
});
