/** The demo town's systems register names a 所管課 for the town's own systems (src/demo/network.ts). */
import { afterEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { DEMO_SYSTEM_UNITS } from '../../src/demo/network.ts';
import { DEMO_UNITS } from '../../src/demo/town.ts';
import { startApp, type TestApp, testConfig } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('demo network: owning units', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('gives each of the town’s systems its 所管課 and leaves outside services without one', async () => {
    t = await startApp(await make());
    await loadDemo(t.database, { quiet: true, config: testConfig() });
    const rows = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('network_system')
        .leftJoin('org_unit', 'org_unit.id', 'network_system.org_unit_id')
        .select(['network_system.name as system', 'org_unit.name as unit'])
        .orderBy('network_system.name')
        .execute(),
    );
    const unitOf = new Map(rows.map((r) => [r.system, r.unit]));
    const unitName = (key: string) => DEMO_UNITS.find((u) => u.key === key)?.name;
    expect(unitOf.get('住民記録システム')).toBe(unitName('jumin'));
    expect(unitOf.get('税務システム')).toBe(unitName('zeimu'));
    expect(unitOf.get('財務会計システム')).toBe(unitName('kikaku'));
    expect(unitOf.get('グループウェア')).toBe(unitName('johoseisaku'));
    expect(unitOf.get('eLTAX')).toBeNull();
    expect(rows.filter((r) => r.unit !== null)).toHaveLength(Object.keys(DEMO_SYSTEM_UNITS).length);
  }, 120_000);
});
