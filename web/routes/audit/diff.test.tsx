import { describe, expect, it } from 'vitest';
import { changedFields } from './diff.ts';

describe('changedFields (the changes an audit event shows)', () => {
  it('lists only the fields whose value changed', () => {
    const before = { id: 'a', name: '委員会', quorum: 'MAJORITY', decision_mode: 'VOTE', updated_at: '1' };
    const after = { id: 'a', name: '委員会', quorum: 'MAJORITY', decision_mode: 'CHAIR', updated_at: '2' };
    expect(changedFields(before, after)).toEqual([
      { field: 'decision_mode', before: 'VOTE', after: 'CHAIR' },
      { field: 'updated_at', before: '1', after: '2' },
    ]);
  });

  it('shows every field of a creation and of a deletion', () => {
    expect(changedFields(null, { a: 1, b: null })).toEqual([{ field: 'a', before: null, after: '1' }]);
    expect(changedFields({ a: 'x' }, null)).toEqual([{ field: 'a', before: 'x', after: null }]);
  });

  it('compares nested values as a whole and shows them as JSON', () => {
    expect(changedFields({ s: { x: 1 } }, { s: { x: 2 } })).toEqual([
      { field: 's', before: '{"x":1}', after: '{"x":2}' },
    ]);
    expect(changedFields({ s: [1] }, { s: [1] })).toEqual([]);
  });

  it('treats a value that is not an object as one field', () => {
    expect(changedFields('a', 'b', '値')).toEqual([{ field: '値', before: 'a', after: 'b' }]);
    expect(changedFields(null, null)).toEqual([]);
  });
});
