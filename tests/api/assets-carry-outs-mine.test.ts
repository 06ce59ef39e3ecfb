/**
 * GET /asset-carry-outs/mine: 今日やること shows a member of staff the carry-outs he made himself and has not
 * returned, overdue ones flagged, although he may not read the register's findings; never anyone else's. Also the
 * 無断持ち出し record's own facts: the flag on the event, and no 担当者 when the recorder leaves it unknown.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface MyCarryOuts {
  overdue: number;
  items: Array<{
    eventId: string;
    asset: { id: string; name: string };
    carryState: string;
    unauthorised: boolean;
    expectedReturnOn: string;
  }>;
}

describeEachDatabase('asset carry-outs: mine', (make) => {
  let w: AssetWorld;
  const today = todayInJapan();
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  const carry = async (who: AssetWorld['staff'], assetId: string, fromDaysAgo: number, dueInDays: number) =>
    ok(
      await who.post(`/api/v1/assets/${assetId}/events`, {
        action: 'CARRY',
        at: `${addDays(today, -fromDaysAgo)}T01:00:00Z`,
        destination: '公民館',
        expectedReturnOn: addDays(today, dueInDays),
      }),
      201,
    );
  const mine = async (who: AssetWorld['staff']) => ok(await who.get('/api/v1/asset-carry-outs/mine')) as MyCarryOuts;

  it('a member of staff sees his own overdue carry-out and not another’s', async () => {
    // 機密性1: staff may carry it out without permission.
    const papers = await createAsset(w, { name: '広報誌の原稿', confidentiality: '1' });
    const laptop = await createAsset(w, { name: '説明会用ノートPC', confidentiality: '1' });
    const ownLate = await carry(w.staff, papers.id, 10, -2);
    const ownOut = await carry(w.staff, laptop.id, 1, 3);
    const colleaguesLate = await carry(w.colleague, papers.id, 8, -1);

    // Before: staff may not read the findings, where overdue carry-outs were the only place on the dashboard.
    expect((await w.staff.get('/api/v1/findings/assets')).statusCode).toBe(403);

    const staffs = await mine(w.staff);
    const byEvent = new Map(staffs.items.map((i) => [i.eventId, i]));
    expect(byEvent.get(ownLate.id)).toMatchObject({
      carryState: 'OVERDUE',
      asset: { id: papers.id, name: '広報誌の原稿' },
      expectedReturnOn: addDays(today, -2),
      unauthorised: false,
    });
    expect(byEvent.get(ownOut.id)).toMatchObject({ carryState: 'OUT' });
    expect(byEvent.has(colleaguesLate.id)).toBe(false);
    expect(staffs.overdue).toBe(1);

    const colleagues = await mine(w.colleague);
    expect(colleagues.items.map((i) => i.eventId)).toEqual([colleaguesLate.id]);
    expect(colleagues.overdue).toBe(1);

    // Another 課室's member of staff, and oversight that reads every asset, carried nothing out.
    expect((await mine(w.taxStaff)).items).toEqual([]);
    expect((await mine(w.policy)).items).toEqual([]);

    // Returned: no longer his to do.
    ok(await w.staff.post(`/api/v1/assets/${papers.id}/events/${ownLate.id}/return`, {}));
    const after = await mine(w.staff);
    expect(after.items.map((i) => i.eventId)).toEqual([ownOut.id]);
    expect(after.overdue).toBe(0);
  });

  it('a 無断持ち出し recorded by the 管理者 names who carried it out: it is his, flagged; unknown is nobody’s', async () => {
    const register = await createAsset(w, { name: '課税台帳の写し', confidentiality: '2' });
    const found = ok(
      await w.manager.post(`/api/v1/assets/${register.id}/events`, {
        action: 'CARRY',
        at: `${addDays(today, -6)}T00:00:00+09:00`,
        performedBy: w.staffId,
        destination: '自宅（作業のため）',
        expectedReturnOn: addDays(today, -3),
        unauthorised: true,
        reason: '課内の点検で、持ち出し簿に記載のない持ち出しが判明',
      }),
      201,
    );
    expect(found).toMatchObject({
      unauthorised: true,
      unpermitted: true,
      carryState: 'OVERDUE',
      performedBy: { id: w.staffId },
    });
    const item = (await mine(w.staff)).items.find((i) => i.eventId === found.id);
    expect(item).toMatchObject({ unauthorised: true, carryState: 'OVERDUE' });
    expect((await mine(w.manager)).items.map((i) => i.eventId)).not.toContain(found.id);
    expect((await mine(w.colleague)).items.map((i) => i.eventId)).not.toContain(found.id);

    // Who carried it out is not known: the record names nobody, not the 管理者 who wrote it down.
    const unknown = ok(
      await w.manager.post(`/api/v1/assets/${register.id}/events`, {
        action: 'CARRY',
        at: `${addDays(today, -4)}T00:00:00+09:00`,
        performedBy: null,
        expectedReturnOn: addDays(today, -1),
        unauthorised: true,
        reason: '会議室に置き忘れられていたのが見つかった',
      }),
      201,
    );
    expect(unknown).toMatchObject({ unauthorised: true, performedBy: null });
    expect((await mine(w.manager)).items.map((i) => i.eventId)).not.toContain(unknown.id);

    // An ordinary carry-out is not flagged.
    const events = ok(await w.manager.get(`/api/v1/assets/${register.id}/events`));
    expect(events.items.map((e: { unauthorised: boolean }) => e.unauthorised)).toEqual([true, true]);
  });
});
