import { afterEach, beforeEach, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

interface Entry {
  role: string;
  unitPath: string;
  name: string;
  phone: string | null;
  mobile: string | null;
  vacant: boolean;
}

describeEachDatabase('emergency contact list (緊急連絡網) and CSIRT roster', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
    const person = async (key: string, familyName: string, unit: string, n: number) => {
      ids[key] = await addPerson(admin, {
        familyName,
        orgUnitId: unit,
        title: key,
        phone: `0178-55-10${n}0`,
        mobilePhone: `090-0000-00${n}0`,
      });
    };
    await person('ciso', '副町長', town.taxSection, 1);
    await person('deputy', '副', town.section, 2);
    await person('total', '統括', town.section, 3);
    await person('lead', '隊長', town.section, 4);
    await person('member1', '要員甲', town.section, 5);
    await person('member2', '要員乙', town.taxSection, 6);
    await person('responsible', '部長', town.section, 7);
    await person('manager', '課長', town.section, 8);
    await appoint(admin, ids.ciso, 'CISO');
    await appoint(admin, ids.deputy, 'DEPUTY_CISO');
    await appoint(admin, ids.total, 'TOTAL_SEC_RESPONSIBLE');
    await appoint(admin, ids.lead, 'CSIRT_LEAD');
    await appoint(admin, ids.member1, 'CSIRT_MEMBER');
    await appoint(admin, ids.member2, 'CSIRT_MEMBER');
    await appoint(admin, ids.responsible, 'SEC_RESPONSIBLE', town.dept);
    await appoint(admin, ids.manager, 'SEC_MANAGER', town.section);
  });
  afterEach(async () => t?.close());

  it('lists the chain of command in order, with every 部局 and 課室, for the one-page sheet', async () => {
    const res = await admin.get('/api/v1/organisation/emergency-contacts');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ tenantName: '青葉町', on: todayInJapan(), mobilesShown: true });
    expect(body.onLabel).toMatch(/^令和\d+年\d+月\d+日（\d{4}年/);
    expect(body.entries.map((e: Entry) => [e.role, e.unitPath, e.vacant])).toEqual([
      ['CISO', '総務部 > 税務課', false],
      ['DEPUTY_CISO', '総務部 > 総務課', false],
      ['TOTAL_SEC_RESPONSIBLE', '総務部 > 総務課', false],
      ['CSIRT_LEAD', '総務部 > 総務課', false],
      ['CSIRT_MEMBER', '総務部 > 総務課', false],
      ['CSIRT_MEMBER', '総務部 > 税務課', false],
      ['SEC_RESPONSIBLE', '総務部', false],
      ['SEC_MANAGER', '総務部 > 総務課', false],
      ['SEC_MANAGER', '総務部 > 税務課', true],
    ]);
    const ciso = body.entries[0];
    expect(ciso).toMatchObject({
      roleLabel: '最高情報セキュリティ責任者（CISO）',
      phone: '0178-55-1010',
      mobile: '090-0000-0010',
    });
    expect(ciso.name).toMatch(/^副町長 /);

    const audit = (await admin.get('/api/v1/audit-events?entityType=emergency_contacts')).json();
    const events = audit.items ?? audit;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'read_contact' });
  });

  it('gives staff the list without mobile numbers, and a 管理者 the mobiles of their own 課室 only', async () => {
    const staffId = await addPerson(admin, { orgUnitId: town.taxSection });
    const staff = await signInPerson(t, admin, staffId, 'shokuin01');
    const forStaff = (await staff.get('/api/v1/organisation/emergency-contacts')).json();
    expect(forStaff.entries).toHaveLength(9);
    expect(forStaff.mobilesShown).toBe(false);
    expect(forStaff.entries.every((e: Entry) => e.mobile === null)).toBe(true);
    expect(forStaff.entries[0].phone).toBe('0178-55-1010');

    const manager = await signInPerson(t, admin, ids.manager, 'kacho01');
    const forManager = (await manager.get('/api/v1/organisation/emergency-contacts')).json();
    const mobiles = Object.fromEntries(forManager.entries.map((e: Entry) => [`${e.role}:${e.unitPath}`, e.mobile]));
    expect(mobiles['CISO:総務部 > 税務課']).toBeNull();
    expect(mobiles['TOTAL_SEC_RESPONSIBLE:総務部 > 総務課']).toBe('090-0000-0030');
    expect(mobiles['SEC_MANAGER:総務部 > 総務課']).toBe('090-0000-0080');

    const audit = (await admin.get('/api/v1/audit-events?entityType=emergency_contacts')).json();
    expect((audit.items ?? audit).length).toBe(2);
  });

  it('shows the CSIRT lead and members; someone who left is no longer on it', async () => {
    const roster = (await admin.get('/api/v1/organisation/csirt')).json();
    expect(roster.lead).toMatchObject({ role: 'CSIRT_LEAD', mobile: '090-0000-0040', phone: '0178-55-1040' });
    expect(roster.members.map((m: Entry) => m.mobile)).toEqual(['090-0000-0050', '090-0000-0060']);

    const left = await admin.post(`/api/v1/people/${ids.member2}/leave`, { kind: 'RETIRED', date: todayInJapan() });
    expect(left.statusCode, left.body).toBe(200);
    const staffId = await addPerson(admin, { orgUnitId: town.section });
    const staff = await signInPerson(t, admin, staffId, 'shokuin02');
    const forStaff = (await staff.get('/api/v1/organisation/csirt')).json();
    expect(forStaff.members).toHaveLength(1);
    expect(forStaff.lead.mobile).toBeNull();
    expect(forStaff.lead.phone).toBe('0178-55-1040');
  });
});
