/** The register's 完全性 / 可用性 filters (added for the list page): list, count and export select the same assets. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

describeEachDatabase('asset list filters by 完全性 and 可用性', (make) => {
  let w: AssetWorld;
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('filters by integrity and availability level in the list, the count and the export', async () => {
    const tag = `F${Date.now() % 100000}`;
    const levels = [
      ['2', '2'],
      ['2', '1'],
      ['1', '2'],
      ['1', '1'],
    ];
    for (const [i, [integrity, availability]] of levels.entries())
      await createAsset(w, { ref: `${tag}-${i}`, confidentiality: '2', integrity, availability });
    const refs = async (qs: string) =>
      ok(await w.manager.get(`/api/v1/assets?q=${tag}&${qs}`))
        .items.map((a: { ref: string }) => a.ref)
        .sort();
    expect(await refs('integrity=2')).toEqual([`${tag}-0`, `${tag}-1`]);
    expect(await refs('availability=2')).toEqual([`${tag}-0`, `${tag}-2`]);
    expect(await refs('integrity=1&availability=1')).toEqual([`${tag}-3`]);
    expect(ok(await w.manager.get(`/api/v1/assets/count?q=${tag}&integrity=2`))).toEqual({ total: 2 });
    const csv = await w.manager.get(`/api/v1/assets/export?q=${tag}&availability=2&format=csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.split(/\r?\n/).filter((l) => l.includes(tag));
    expect(lines.map((l) => l.match(new RegExp(`${tag}-\\d`))?.[0]).sort()).toEqual([`${tag}-0`, `${tag}-2`]);
  });
});
