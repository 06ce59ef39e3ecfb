import type { Kysely } from 'kysely';

/**
 * Staff directory search (GET /people?q=): a name search cannot seek an index, so it walks the tenant's people in
 * 五十音 order testing each row until the page is full. This index holds the sort key, the id and every searched
 * and filtered column, so that walk reads only the index and never the table (SQLite: "USING COVERING INDEX";
 * PostgreSQL: index-only scan once the table is vacuumed). Measured on 10,000 people: 2.6 → 1.2 ms per search
 * on SQLite. See docs/PERFORMANCE.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('person_tenant_search')
    .on('person')
    .columns([
      'tenant_id',
      'sort_key',
      'id',
      'staff_number',
      'family_name',
      'given_name',
      'family_kana',
      'status',
      'employment_type',
      'org_unit_id',
    ])
    .execute();
}
