/** What changed in an audit event: the fields whose value differs between before and after, and only those. */

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function show(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * Changed fields, in the order they first appear. A creation (no before) lists every field of after; a deletion
 * (no after) every field of before. Values that are not objects are compared as a whole, under the field "値".
 */
export function changedFields(before: unknown, after: unknown, wholeLabel = '値'): FieldChange[] {
  if (before == null && after == null) return [];
  if (!isObject(before) && !isObject(after)) {
    const b = show(before);
    const a = show(after);
    return b === a ? [] : [{ field: wholeLabel, before: b, after: a }];
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((k) => ({ field: k, before: show(b[k]), after: show(a[k]) }));
}
