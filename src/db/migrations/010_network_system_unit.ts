import type { Kysely } from 'kysely';

/**
 * 三層の対策: a system of the register may name its owning 課室 (所管課), so a 情報セキュリティ管理者 sees the
 * systems of the units he answers for. Optional: shared infrastructure (LGWAN, the proxy) often has none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('network_system')
    .addColumn('org_unit_id', 'text', (c) => c.references('org_unit.id'))
    .execute();
  await db.schema
    .createIndex('network_system_tenant_unit')
    .on('network_system')
    .columns(['tenant_id', 'org_unit_id'])
    .execute();
}
