import type { Kysely } from 'kysely';

/**
 * Indexes for the staff directory list (GET /people), measured on 10,000 people (docs/PERFORMANCE.md).
 *
 * person_tenant_search — a name search (?q=) cannot seek an index, so it walks the tenant's people in 五十音 order
 * testing each row. This index holds the sort key, the id and every searched and filtered column, so the walk
 * (and the count of matches) reads only the index, never the table: SQLite "USING COVERING INDEX", PostgreSQL an
 * index-only scan once the table is vacuumed. SQLite, first page of a search: 2.6 → 1.2 ms.
 *
 * person_tenant_status_unit — the count for a 部局/課室 filter with a status (?status=ACTIVE&unitId=…) seeks the
 * units' entries instead of walking every person of the tenant. SQLite: 0.86 → 0.04 ms.
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
  await db.schema
    .createIndex('person_tenant_status_unit')
    .on('person')
    .columns(['tenant_id', 'status', 'org_unit_id'])
    .execute();
}
