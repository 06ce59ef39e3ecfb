import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './clauses.ts';
import { compareClauses } from './diff.ts';
import { diffText } from './text-diff.ts';

const SEED = readFileSync(new URL('../../modules/policies/seed/rokunohe-basic-policy.md', import.meta.url), 'utf8');
const tree = (md: string) => parsePolicy(md).clauses;
const compare = (a: string, b: string) => compareClauses(tree(a), tree(b));
const changed = (a: string, b: string) =>
  compare(a, b)
    .rows.filter((r) => r.change !== 'unchanged' || r.renumbered)
    .map((r) => `${r.change}${r.renumbered ? '+renumbered' : ''} ${r.old?.path ?? '-'} → ${r.new?.path ?? '-'}`);

const BASE = [
  '### 1. 目的',
  '目的を定める。',
  '### 2. 定義',
  '#### (1) 甲',
  '甲をいう。',
  '#### (2) 乙',
  '乙をいう。',
  '#### (3) 丙',
  '丙をいう。',
  '### 3. 附則',
  '施行する。',
].join('\n');

describe('character marks', () => {
  it('marks exactly the changed characters on both sides', () => {
    const { old, new: neu } = diffText('定期的に監査を実施する。', '定期的又は必要に応じて監査を実施する。');
    expect(old).toEqual([
      { text: '定期的', changed: false },
      { text: 'に', changed: true },
      { text: '監査を実施する。', changed: false },
    ]);
    expect(neu).toEqual([
      { text: '定期的', changed: false },
      { text: '又は必要に応じて', changed: true },
      { text: '監査を実施する。', changed: false },
    ]);
  });
});

describe('新旧対照表 between two versions', () => {
  it('finds nothing between a version and itself (the seed included)', () => {
    const same = compareClauses(tree(SEED), tree(SEED));
    expect(same.summary).toMatchObject({ modified: 0, inserted: 0, deleted: 0, renumbered: 0 });
    expect(same.summary.unchanged).toBe(48);
  });

  it('marks an insertion and the renumbering it causes, and nothing else', () => {
    const inserted = BASE.replace('#### (2) 乙', '#### (2) 新\n新をいう。\n#### (3) 乙').replace(
      '#### (3) 丙',
      '#### (4) 丙',
    );
    expect(changed(BASE, inserted)).toEqual([
      'inserted - → 2/(2)',
      'unchanged+renumbered 2/(2) → 2/(3)',
      'unchanged+renumbered 2/(3) → 2/(4)',
    ]);
    const row = compare(BASE, inserted).rows.find((r) => r.change === 'inserted')!;
    expect(row.new?.marks.text).toEqual([{ text: '新をいう。', changed: true }]);
    const moved = compare(BASE, inserted).rows.find((r) => r.old?.path === '2/(2)')!;
    expect(moved.new?.marks.label).toEqual([{ text: '(3)', changed: true }]);
    expect(moved.new?.marks.text).toEqual([{ text: '乙をいう。', changed: false }]);
  });

  it('marks a deletion and the renumbering it causes', () => {
    const deleted = BASE.replace('#### (2) 乙\n乙をいう。\n', '').replace('#### (3) 丙', '#### (2) 丙');
    expect(changed(BASE, deleted)).toEqual(['deleted 2/(2) → -', 'unchanged+renumbered 2/(3) → 2/(2)']);
  });

  it('marks a modified clause with its changed words, keeping its number', () => {
    const edited = BASE.replace('乙をいう。', '乙及び丁をいう。');
    expect(changed(BASE, edited)).toEqual(['modified 2/(2) → 2/(2)']);
    const row = compare(BASE, edited).rows.find((r) => r.change === 'modified')!;
    expect(row.new?.marks.text).toEqual([
      { text: '乙', changed: false },
      { text: '及び丁', changed: true },
      { text: 'をいう。', changed: false },
    ]);
  });

  it('treats a rewritten clause under the same number as modified, a moved section as renumbered with its items', () => {
    const rewritten = BASE.replace('丙をいう。', '全く別の内容に改める。');
    expect(changed(BASE, rewritten)).toEqual(['modified 2/(3) → 2/(3)']);
    const newSection = BASE.replace('### 2. 定義', '### 2. 用語\n用語を定める。\n### 3. 定義').replace(
      '### 3. 附則',
      '### 4. 附則',
    );
    expect(changed(BASE, newSection)).toEqual([
      'inserted - → 2',
      'unchanged+renumbered 2 → 3',
      'unchanged+renumbered 3 → 4',
    ]);
    // The items of the renumbered section keep their own number; only their path changes.
    const item = compare(BASE, newSection).rows.find((r) => r.old?.path === '2/(1)')!;
    expect(item).toMatchObject({ change: 'unchanged', renumbered: false, pathChanged: true });
    expect(item.new?.citation).toBe('3(1)');
  });

  it('handles an insertion, a deletion and an edit at once on the seed', () => {
    const revised = SEED.replace(
      '### 3. 対象とする脅威',
      '(13) 多要素認証\n\n二つ以上の要素で認証することをいう。\n\n### 3. 対象とする脅威',
    )
      .replace('不正プログラムの付着が無い等', '不正プログラムの付着が無いこと等')
      .replace('- (5) 電力供給の途絶、通信の途絶、水道供給の途絶等のインフラの障害からの波及等\n', '')
      .replace(
        '定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施する。',
        '毎年度及び必要に応じて情報セキュリティ監査及び自己点検を実施する。',
      );
    const result = compareClauses(tree(SEED), tree(revised));
    expect(result.summary).toMatchObject({ inserted: 1, deleted: 1, modified: 2, renumbered: 0 });
    const paths = result.rows
      .filter((r) => r.change !== 'unchanged')
      .map((r) => `${r.change} ${r.old?.path ?? r.new?.path}`);
    expect(paths).toEqual([
      'modified 第1章/2/(12)',
      'inserted 第1章/2/(13)',
      'deleted 第1章/3/(5)',
      'modified 第1章/7',
    ]);
  });
});
