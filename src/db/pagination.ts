import type { SelectQueryBuilder } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Keyset (cursor) pagination. The cursor encodes the sort value and id of the last row returned; the next page
 * starts strictly after it. Ties on the sort value are broken by id, so no row is skipped or repeated.
 */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(sortValue: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string | number | null, string] | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string') return null;
    const [v] = parsed;
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null;
    return [v, parsed[1]];
  } catch {
    return null;
  }
}

/**
 * Applies ordering, the cursor condition and the limit (+1 to know whether more rows follow).
 * sortColumn and idColumn must be non-null columns of the query's rows.
 */
export async function paginate<TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: {
    sortColumn: string;
    idColumn: string;
    direction: 'asc' | 'desc';
    page: PageRequest;
    sortValueOf: (row: O) => string | number;
    idOf: (row: O) => string;
  },
): Promise<Page<O>> {
  const { sortColumn, idColumn, direction, page } = options;
  // biome-ignore lint/suspicious/noExplicitAny: column names are checked by the callers' typed wrappers
  let q = query as SelectQueryBuilder<any, any, O>;
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  if (after) {
    const [value, id] = after;
    const op = direction === 'asc' ? '>' : '<';
    const bound = direction === 'asc' ? '>=' : '<=';
    // The plain bound lets the database seek straight to the page in the index; the OR alone would not.
    q = q
      .where(sortColumn, bound, value)
      .where((eb) => eb.or([eb(sortColumn, op, value), eb.and([eb(sortColumn, '=', value), eb(idColumn, op, id)])]));
  }
  const rows = await q
    .orderBy(sortColumn, direction)
    .orderBy(idColumn, direction)
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > page.limit && last ? encodeCursor(options.sortValueOf(last), options.idOf(last)) : null;
  return { items, nextCursor };
}
