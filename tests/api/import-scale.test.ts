import { afterEach, expect, it } from 'vitest';
import { countRows, makeTown, upload } from '../fixtures/org.ts';
import { personRow, utf8Csv } from '../fixtures/people-files.ts';
import { setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('bulk import at the limit', (make) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('commits 5,000 rows in one transaction', async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    await makeTown(admin);
    const file = utf8Csv(Array.from({ length: 5000 }, (_, i) => personRow(`S${i}`)));
    const started = Date.now();
    const res = await upload(admin, '/api/v1/people/import?mode=commit', { name: 'all.csv', bytes: file });
    console.log('5000 rows', Date.now() - started, 'ms');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(await countRows(t, 'person')).toBe(5001);
  }, 300_000);
});
