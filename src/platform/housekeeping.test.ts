import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../tests/helpers/databases.ts';
import { setupAndSignIn, startApp, type TestApp } from '../../tests/helpers/app.ts';
import { asSystem } from '../db/scope.ts';
import { purgeExpired } from './housekeeping.ts';

describeEachDatabase('housekeeping', (make) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('removes only sessions past their absolute expiry', async () => {
    t = await startApp(await make());
    await setupAndSignIn(t);
    const count = () =>
      asSystem(t.database, (tx) => tx.selectFrom('auth_session').select('id').execute()).then((r) => r.length);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect((await purgeExpired(t.database)).sessions).toBe(0);
    const later = new Date(Date.now() + 13 * 3600_000);
    expect((await purgeExpired(t.database, later)).sessions).toBe(before);
    expect(await count()).toBe(0);
  });
});
