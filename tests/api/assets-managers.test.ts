/**
 * The 情報セキュリティ管理者 is appointed per 課室: an asset owned by a 係 falls to the nearest unit up its chain with
 * one — for the 「所管・管理者なし」 finding, the detail page's 管理者 and who decides its permission requests.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addPerson, signInPerson } from '../fixtures/org.ts';
import type { Client } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('asset owners: the 管理者 of a 係 is the 課室 above it', (make) => {
  let w: AssetWorld;
  /** 情報政策係 under 総務課 (which has a 管理者); 収納係 under 税務課 (which has none). */
  let johoTeam: string;
  let shunoTeam: string;
  let teamStaff: Client;

  beforeAll(async () => {
    w = await assetWorld(make);
    const team = async (name: string, parentId: string) => {
      const res = await w.admin.post('/api/v1/units', {
        bodyId: w.town.bodyId,
        validFrom: '2020-04-01',
        level: 'TEAM',
        name,
        parentId,
      });
      if (res.statusCode !== 201) throw new Error(`unit: ${res.body}`);
      return res.json().id as string;
    };
    johoTeam = await team('情報政策係', w.town.section);
    shunoTeam = await team('収納係', w.town.taxSection);
    const staffId = await addPerson(w.admin, { familyName: '係員', orgUnitId: johoTeam });
    teamStaff = await signInPerson(w.t, w.admin, staffId, 'kakariin');
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('raises no 所管・管理者なし finding for a 係 whose 課室 has a 管理者, and one where the chain has none', async () => {
    const covered = await createAsset(w, { name: '情報政策係のネットワーク構成図', orgUnitId: johoTeam }, w.policy);
    const uncovered = await createAsset(w, { name: '収納係の滞納整理簿', orgUnitId: shunoTeam }, w.policy);

    const findings = ok(await w.policy.get('/api/v1/findings/assets?code=ASSET-NO-OWNER'));
    const subjects = findings.items.map((f: { subject: { id: string } }) => f.subject.id);
    expect(subjects).not.toContain(covered.id);
    expect(subjects).toContain(uncovered.id);

    // The detail page names the 課室's 管理者 for the 係's asset and reports the gap for the other.
    const detail = ok(await w.policy.get(`/api/v1/assets/${covered.id}`));
    expect(detail.owner.managers.map((m: { personId: string }) => m.personId)).toEqual([w.managerId]);
    expect(detail.findings.map((f: { code: string }) => f.code)).not.toContain('ASSET-NO-OWNER');
    const gap = ok(await w.policy.get(`/api/v1/assets/${uncovered.id}`));
    expect(gap.owner.managers).toEqual([]);
    expect(gap.findings.map((f: { code: string }) => f.code)).toContain('ASSET-NO-OWNER');

    // The 総務課 管理者 sees the 係's finding-free asset in their scope, not the 税務課 one.
    const mine = ok(await w.manager.get('/api/v1/findings/assets'));
    expect(mine.items.map((f: { subject: { id: string } }) => f.subject.id)).not.toContain(uncovered.id);
  });

  it("routes a 係 member's permission request to the 課室's 管理者, who decides it", async () => {
    const asset = await createAsset(
      w,
      { name: '係の業務用USBメモリ', kind: 'MEDIA', medium: 'MEDIA', orgUnitId: johoTeam, confidentiality: '3' },
      w.policy,
    );
    const request = ok(
      await teamStaff.post(`/api/v1/assets/${asset.id}/permission-requests`, {
        action: 'CARRY',
        purpose: '出張先での作業',
        destination: '県庁',
        expectedReturnOn: addDays(todayInJapan(), 2),
      }),
      201,
    );
    const queue = ok(await w.manager.get('/api/v1/asset-permissions?toDecide=true'));
    expect(queue.items.map((r: { id: string }) => r.id)).toContain(request.id);
    // Someone outside the chain (税務課's staff) has no say.
    expect(
      (await w.taxStaff.post(`/api/v1/asset-permissions/${request.id}/decide`, { decision: 'APPROVED' })).statusCode,
    ).toBe(403);
    const decided = ok(
      await w.manager.post(`/api/v1/asset-permissions/${request.id}/decide`, { decision: 'APPROVED' }),
    );
    expect(decided).toMatchObject({ status: 'APPROVED', decidedBy: { personId: w.managerId } });
  });
});
