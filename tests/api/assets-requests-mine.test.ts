/** GET /asset-permissions?mine=true: the 許可申請 page's 「自分の申請」 lists the caller's own applications only. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((r) => r.id);

describeEachDatabase('asset permission requests: mine', (make) => {
  let w: AssetWorld;
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('lists only the applicant’s own requests, whatever else the caller may see', async () => {
    const asset = await createAsset(w, { confidentiality: '3', integrity: '2', availability: '2' });
    const apply = async (who: AssetWorld['staff'], purpose: string) =>
      ok(
        await who.post(`/api/v1/assets/${asset.id}/permission-requests`, {
          action: 'CARRY',
          purpose,
          expectedReturnOn: todayInJapan(),
        }),
        201,
      );
    const staffs = await apply(w.staff, '説明会');
    const managers = await apply(w.manager, '庁外会議');

    const staffMine = ok(await w.staff.get('/api/v1/asset-permissions?mine=true&status=ALL'));
    expect(ids(staffMine)).toContain(staffs.id);
    expect(ids(staffMine)).not.toContain(managers.id);

    // The 管理者 sees the unit's requests in the plain list, but only their own under mine=true.
    expect(ids(ok(await w.manager.get('/api/v1/asset-permissions?status=ALL')))).toEqual(
      expect.arrayContaining([staffs.id, managers.id]),
    );
    const managerMine = ok(await w.manager.get('/api/v1/asset-permissions?mine=true&status=ALL'));
    expect(ids(managerMine)).toEqual([managers.id]);

    // Oversight (policy office) reads everything, yet has applied for nothing.
    expect(ok(await w.policy.get('/api/v1/asset-permissions?mine=true&status=ALL')).items).toEqual([]);

    // The status filter still applies.
    ok(await w.manager.post(`/api/v1/asset-permissions/${staffs.id}/decide`, { decision: 'APPROVED' }));
    expect(ids(ok(await w.staff.get('/api/v1/asset-permissions?mine=true&status=PENDING')))).not.toContain(staffs.id);
    expect(ids(ok(await w.staff.get('/api/v1/asset-permissions?mine=true&status=APPROVED')))).toEqual([staffs.id]);
  });
});
