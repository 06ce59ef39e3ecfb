import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../tests/helpers/databases.ts';
import type { Database } from './database.ts';
import { uuidv7 } from './ids.ts';
import { asSystem, inTenant, SYSTEM_ACTOR } from './scope.ts';

describeEachDatabase('database and tenant scope', (make, kind) => {
  let testDb: TestDatabase;
  let database: Database;
  afterEach(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function twoTenants() {
    testDb = await make();
    database = await testDb.open();
    const now = new Date().toISOString();
    const ids = [uuidv7(), uuidv7()];
    await asSystem(database, async (tx) => {
      for (const [i, id] of ids.entries()) {
        await tx
          .insertInto('tenant')
          .values({
            id,
            name: `町${i}`,
            code: `0${i}0000`,
            prefecture: '青森県',
            committee_name: '委員会',
            settings: '{}',
            created_at: now,
            updated_at: now,
          })
          .execute();
        await tx
          .insertInto('implementing_body')
          .values({
            id: uuidv7(),
            tenant_id: id,
            kind: 'MAYOR_DEPT',
            name: `町長部局${i}`,
            sort_order: 0,
            closed_on: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
    });
    return ids;
  }

  it('migrates and reads back what it wrote', async () => {
    const [a] = await twoTenants();
    const rows = await inTenant(database, { tenantId: a, actor: SYSTEM_ACTOR }, (tx) =>
      tx.selectFrom('implementing_body').select('name').where('tenant_id', '=', a).execute(),
    );
    expect(rows.map((r) => r.name)).toEqual(['町長部局0']);
  });

  it.skipIf(kind !== 'postgres')(
    'row-level security: a query that forgets its tenant filter still sees only its own tenant, and none without scope',
    async () => {
      const [a] = await twoTenants();
      const scoped = await inTenant(database, { tenantId: a, actor: SYSTEM_ACTOR }, (tx) =>
        tx.selectFrom('implementing_body').select('name').execute(),
      );
      expect(scoped.map((r) => r.name)).toEqual(['町長部局0']);
      const unscoped = await database.db.selectFrom('implementing_body').selectAll().execute();
      expect(unscoped).toHaveLength(0);
      const raw = await sql<{ n: string }>`select count(*) as n from implementing_body`.execute(database.db);
      expect(Number(raw.rows[0].n)).toBe(0);
    },
  );

  it.skipIf(kind !== 'postgres')('the application role can neither update nor delete audit events', async () => {
    const [a] = await twoTenants();
    await expect(
      inTenant(database, { tenantId: a, actor: SYSTEM_ACTOR }, (tx) => tx.deleteFrom('audit_event').execute()),
    ).rejects.toThrow(/permission denied/);
  });
});
