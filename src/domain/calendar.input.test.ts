import { describe, expect, it } from 'vitest';
import { normaliseDateInput } from './calendar.ts';

describe('dates as clerks type them', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['２０２６／４／１', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R8.4.1', '2026-04-01'],
    ['平成16年4月1日', '2004-04-01'],
  ])('%s → %s', (input, iso) => {
    expect(normaliseDateInput(input)).toBe(iso);
  });

  it('leaves anything else for validation to refuse', () => {
    expect(normaliseDateInput('来週の月曜')).toBe('来週の月曜');
    expect(normaliseDateInput('2026-13-45')).toBe('2026-13-45');
  });
});
