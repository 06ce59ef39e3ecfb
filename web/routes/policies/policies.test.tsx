// @vitest-environment happy-dom
/** The policy pages' pieces: the clause tree keeps the Japanese numbering; the 新旧対照表 marks changes in words. */
import { readFileSync } from 'node:fs';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../i18n/index.ts';
import { flattenClauses, parsePolicy } from '../../../src/domain/policy/clauses.ts';
import { compareClauses } from '../../../src/domain/policy/diff.ts';
import { ClauseTree } from './ClauseTree.tsx';
import { CompareTable } from './ComparePage.tsx';
import type { Comparison } from './types.ts';

// happy-dom's import.meta.url is not a file URL: the tests run from the repository root.
const SEED = readFileSync('src/modules/policies/seed/rokunohe-basic-policy.md', 'utf8');
const OLD = '検証するため、定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施する。';
const NEW = '検証するため、毎年度及び必要に応じて情報セキュリティ監査及び自己点検を実施する。';

afterEach(cleanup);

describe('ClauseTree', () => {
  it('renders every clause of the seed with its own numbering, headings in order', () => {
    const { clauses } = parsePolicy(SEED);
    const { container } = render(<ClauseTree clauses={clauses} level={2} />);
    expect(container.querySelectorAll('[data-clause]')).toHaveLength(flattenClauses(clauses).length);
    expect(screen.getByRole('heading', { level: 2, name: '第1章 情報セキュリティ基本方針' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: '7. 情報セキュリティ監査及び自己点検の実施' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 4, name: '(3) 情報システム全体の強靱性の向上' })).toBeTruthy();
    const item = container.querySelector('[data-clause="第1章/6/(3)/②"]');
    expect(item?.textContent?.startsWith('②')).toBe(true);
    expect(item?.textContent).toContain('GWAN接続系においては');
  });

  it('says so when there is no clause', () => {
    render(<ClauseTree clauses={[]} emptyText="施行中の版はありません。" />);
    expect(screen.getByText('施行中の版はありません。')).toBeTruthy();
  });
});

describe('CompareTable', () => {
  const version = (number: number) => ({
    id: `v${number}`,
    documentId: 'd',
    number,
    status: 'PUBLISHED',
    statusLabel: '公開済',
    title: '情報セキュリティ基本方針',
    changeSummary: '',
    revisedOn: '2026-01-09',
    effectiveOn: number === 1 ? '2026-04-01' : '2026-12-26',
    publishedAt: null,
    decision: null,
    decidedOn: null,
  });
  const comparison = (newText: string): Comparison => {
    const result = compareClauses(parsePolicy(SEED).clauses, parsePolicy(newText).clauses);
    return {
      document: { id: 'd', kind: 'BASIC', title: '情報セキュリティ基本方針' },
      from: version(1),
      to: version(2),
      ...result,
    } as Comparison;
  };

  it('shows only the changed clause, labelled 改正, the new wording underlined and the old struck through', () => {
    const { container } = render(<CompareTable data={comparison(SEED.replace(OLD, NEW))} showAll={false} />);
    const rows = container.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(1);
    const row = rows[0] as HTMLElement;
    expect(row.dataset.change).toBe('modified');
    expect(within(row).getByText('改正')).toBeTruthy();
    expect(row.querySelector('ins[data-mark="added"]')?.textContent).toContain('毎年度及び');
    expect(row.querySelector('del[data-mark="removed"]')?.textContent).toContain('定期的又は');
    const [oldCell, newCell] = [...row.querySelectorAll('td')];
    expect(newCell.textContent).toContain('7.');
    expect(oldCell.textContent).not.toContain('毎年度及び');
  });

  it('labels a clause added at the end 新設 and shows every row when asked', () => {
    const added = `${SEED.trimEnd()}\n\n#### **14. 経過措置**\n\nこの基本方針の施行前にした手続は、この基本方針によりしたものとみなす。\n`;
    const { container } = render(<CompareTable data={comparison(added)} showAll={false} />);
    const row = container.querySelector('tbody tr[data-change="inserted"]') as HTMLElement;
    expect(within(row).getByText('新設')).toBeTruthy();
    expect(within(row).getByText('（新設）')).toBeTruthy();
    cleanup();
    const all = render(<CompareTable data={comparison(added)} showAll />);
    expect(all.container.querySelectorAll('tbody tr').length).toBe(flattenClauses(parsePolicy(added).clauses).length);
  });
});
