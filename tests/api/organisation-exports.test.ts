/**
 * The organisation area's exports are built on the server and audited: 職員等 (with the list's filters), 部局・課室,
 * 役割の任命 and 実施機関, as .xlsx or CSV in UTF-8 with BOM or Shift_JIS. Each leaves an `export` event naming the
 * filters and the row count.
 */
import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readFirstSheet } from '../../src/platform/excel.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

type Event = { action: string; entityType: string; after: Record<string, unknown> | null };

describeEachDatabase('organisation exports', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
    await addPerson(admin, { familyName: '髙橋', givenName: '花子', familyKana: 'たかはし', orgUnitId: town.section });
    await addPerson(admin, { familyName: '青木', givenName: '一郎', familyKana: 'あおき', orgUnitId: town.taxSection });
    await addPerson(admin, {
      familyName: '委託',
      givenName: '次郎',
      familyKana: 'いたく',
      employmentType: 'CONTRACTOR_STAFF',
      employer: '青葉システム株式会社',
      orgUnitId: town.section,
    });
  }, 60_000);
  afterEach(async () => t?.close());

  const exportsOf = async (entityType: string): Promise<Event[]> =>
    ((await admin.get(`/api/v1/audit-events?action=export&limit=50`)).json().items as Event[]).filter(
      (e) => e.action === 'export' && e.entityType === entityType,
    );

  it('exports the filtered staff list as CSV (UTF-8 with BOM, and Shift_JIS) and records who, which filters, how many', async () => {
    const utf8 = await admin.get(`/api/v1/people/export?format=csv&unitId=${town.section}`);
    expect(utf8.statusCode, utf8.body).toBe(200);
    expect(utf8.headers['content-type']).toContain('text/csv; charset=utf-8');
    expect(utf8.headers['content-disposition']).toContain(encodeURIComponent('職員等_'));
    expect(utf8.headers['x-row-count']).toBe('2');
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = utf8.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      '職員番号,氏名,ふりがな,所属,職名,雇用区分,事業者名,在職状況,メールアドレス,電話番号,着任日,退職・転出日',
    );
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('髙橋 花子');
    expect(lines.join('\n')).toContain('委託事業者の従事者,青葉システム株式会社,在職');
    expect(lines.join('\n')).not.toContain('青木');

    const sjis = await admin.get('/api/v1/people/export?format=csv&encoding=sjis&employmentType=STAFF');
    expect(sjis.headers['content-type']).toContain('Shift_JIS');
    const text = iconv.decode(sjis.rawPayload, 'cp932');
    expect(text).toContain('髙橋 花子'); // 髙 is in CP932
    expect(text).toContain('青木 一郎');
    expect(text).not.toContain('委託 次郎');

    const events = await exportsOf('person');
    expect(events).toHaveLength(2);
    // Newest first.
    expect(events[1].after).toMatchObject({
      format: 'csv',
      encoding: 'utf8',
      count: 2,
      filter: { unitId: town.section },
    });
    expect(events[0].after).toMatchObject({ format: 'csv', encoding: 'sjis', filter: { employmentType: 'STAFF' } });
  });

  it('exports units, appointments and bodies as .xlsx that Excel can read back', async () => {
    const headId = await addPerson(admin, { familyName: '部長', givenName: '太郎', orgUnitId: town.dept });
    await appoint(admin, headId, 'SEC_RESPONSIBLE', town.dept);

    const units = await admin.get('/api/v1/units/export?format=xlsx');
    expect(units.statusCode, units.body).toBe(200);
    expect(units.headers['content-type']).toContain('spreadsheetml');
    const unitSheet = await readFirstSheet(units.rawPayload);
    expect(unitSheet.rows[0].cells.slice(0, 3)).toEqual(['実施機関', '組織のパス', '階層']);
    const paths = unitSheet.rows.slice(1).map((r) => r.cells[1]);
    // Parents before their children, as in the tree.
    expect(paths.indexOf('総務部')).toBeLessThan(paths.indexOf('総務部 > 総務課'));
    expect(paths).toContain('総務部 > 税務課');

    const appts = await readFirstSheet((await admin.get('/api/v1/appointments/export?format=xlsx')).rawPayload);
    const row = appts.rows.find((r) => r.cells.includes('部長 太郎'));
    expect(row?.cells[0]).toBe('情報セキュリティ責任者');
    expect(row?.cells[5]).toBe('在任');

    const bodies = await admin.get('/api/v1/bodies/export?format=csv');
    expect(bodies.rawPayload.subarray(3).toString('utf8')).toContain('町長部局');

    for (const [entity, count] of [
      ['org_unit', unitSheet.rows.length - 1],
      ['appointment', appts.rows.length - 1],
      ['implementing_body', 1],
    ] as const) {
      const [event] = await exportsOf(entity);
      expect(event?.after, entity).toMatchObject({ count });
    }
  });

  it('lets any member of staff export what they may list, recorded under their name; refuses the signed-out', async () => {
    const staffId = await addPerson(admin, { familyName: '一般', givenName: '職員', orgUnitId: town.section });
    const staff = await signInPerson(t, admin, staffId, 'ippan');
    const res = await staff.get('/api/v1/appointments/export?format=csv');
    expect(res.statusCode).toBe(200);
    const events = (await admin.get('/api/v1/audit-events?action=export&limit=50')).json().items as Array<
      Event & { actor: string }
    >;
    expect(events.find((e) => e.entityType === 'appointment')?.actor).toContain('ippan');

    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/people/export?format=csv' });
    expect(anonymous.statusCode).toBe(401);
    const bad = await admin.get('/api/v1/people/export?format=pdf');
    expect(bad.statusCode).toBe(400);
    expect(await exportsOf('person')).toHaveLength(0);
  });
});
