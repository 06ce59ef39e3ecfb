/**
 * The list and the detail of the register read a fixed number of statements, whatever the number of rows, links,
 * events and requests: counted with a Kysely plugin on the server's own database handle.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { buildServer } from '../../src/platform/server.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, testConfig } from '../helpers/app.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { ok } from './assets.fixture.ts';

class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describeEachDatabase('asset register query counts', (make) => {
  let testDb: TestDatabase;
  let database: Database;
  let close: () => Promise<void>;
  const counter = new QueryCounter();
  let manager: Client;
  let staff: Client;
  let town: Town;
  let first: string;

  beforeAll(async () => {
    testDb = await make();
    const raw = await testDb.open();
    database = { ...raw, db: raw.db.withPlugin(counter) };
    const app = await buildServer(database, testConfig());
    await app.ready();
    close = async () => {
      await app.close();
      await raw.close();
      await testDb.drop();
    };
    const t = { app, database, config: testConfig(), close };
    const admin = await setupAndSignIn(t);
    town = await makeTown(admin);
    const managerId = await addPerson(admin, { orgUnitId: town.section });
    await appoint(admin, managerId, 'SEC_MANAGER', town.section);
    manager = await signInPerson(t, admin, managerId, 'q.kanri');
    staff = await signInPerson(t, admin, await addPerson(admin, { orgUnitId: town.section }), 'q.shokuin');
  }, 180_000);
  afterAll(async () => close?.());

  let n = 0;
  async function addAssets(count: number, linkTo: string | null) {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const res = ok(
        await manager.post('/api/v1/assets', {
          ref: `Q-${String(n).padStart(4, '0')}`,
          name: `資産${n}`,
          kind: 'INFORMATION',
          orgUnitId: town.section,
          medium: 'ELECTRONIC',
          tier: 'lgwan',
          confidentiality: String((n % 3) + 1),
          integrity: '1',
          availability: '1',
          ...(linkTo ? { links: [{ kind: 'STORED_IN', targetId: linkTo }] } : {}),
        }),
        201,
      );
      ids.push(res.id);
      ok(await staff.post(`/api/v1/assets/${res.id}/events`, { action: 'USE' }), 201);
    }
    return ids;
  }

  async function measure(client: Client, url: string): Promise<number> {
    const before = counter.count;
    ok(await client.get(url));
    return counter.count - before;
  }

  it('does not grow the queries of the list or the detail with rows, links, events or requests', async () => {
    [first] = await addAssets(3, null);
    await addAssets(2, first);
    const small = {
      list: await measure(staff, '/api/v1/assets?limit=50'),
      listSorted: await measure(staff, '/api/v1/assets?limit=50&sort=confidentiality&tier=lgwan'),
      nextPage: await measure(
        staff,
        `/api/v1/assets?limit=2&cursor=${ok(await staff.get('/api/v1/assets?limit=2')).nextCursor}`,
      ),
      detail: await measure(staff, `/api/v1/assets/${first}`),
    };
    await addAssets(40, first);
    const ids = await addAssets(10, null);
    for (const id of ids.slice(0, 5))
      ok(
        await staff.post(`/api/v1/assets/${id}/permission-requests`, {
          action: 'PROVIDE',
          purpose: '照会',
          recipient: '県',
        }),
        201,
      );
    for (let i = 0; i < 30; i += 1) ok(await staff.post(`/api/v1/assets/${first}/events`, { action: 'USE' }), 201);
    const large = {
      list: await measure(staff, '/api/v1/assets?limit=50'),
      listSorted: await measure(staff, '/api/v1/assets?limit=50&sort=confidentiality&tier=lgwan'),
      nextPage: await measure(
        staff,
        `/api/v1/assets?limit=2&cursor=${ok(await staff.get('/api/v1/assets?limit=2')).nextCursor}`,
      ),
      detail: await measure(staff, `/api/v1/assets/${first}`),
    };
    const page = ok(await staff.get('/api/v1/assets?limit=50'));
    expect(page.items).toHaveLength(50);
    expect(ok(await staff.get('/api/v1/assets/count')).total).toBe(55);
    console.log('queries per request', JSON.stringify(large));
    expect(large).toEqual(small);
    // A fixed, small number: session and actor, units, schemes, the page and its watermark (PostgreSQL
    // adds one set_config per transaction).
    expect(large.list).toBeLessThanOrEqual(14);
    expect(large.detail).toBeLessThanOrEqual(20);
  });
});
