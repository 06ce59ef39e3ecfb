import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('pledges (誓約)', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;
  let staffId: string;
  let staff: Client;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
    staffId = await addPerson(admin, {
      familyName: '青木',
      givenName: '一郎',
      familyKana: 'あおき',
      orgUnitId: town.section,
    });
    staff = await signInPerson(t, admin, staffId, 'aoki');
  });
  afterEach(async () => t?.close());

  it('creates a default text per audience at first use, citing 基本方針 5, 11 and 12', async () => {
    const mine = await staff.get('/api/v1/pledges/mine');
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json();
    expect(body).toMatchObject({ valid: false, current: null, person: { id: staffId, audience: 'STAFF' } });
    expect(body.text).toMatchObject({ audience: 'STAFF', version: 1, status: 'PUBLISHED', inForce: true });
    expect(body.text.body).toContain('情報セキュリティ実施手順を遵守します');
    expect(body.text.body).toContain('その職を退いた後も同様に守ります');
    expect(body.text.body).toContain('懲戒処分');
    expect(body.text.body).toContain('青葉町');
    expect(body.text.clauses.map((c: { ref: string }) => c.ref)).toEqual(['5', '11', '12']);

    const contractorId = await addPerson(admin, {
      employmentType: 'CONTRACTOR_STAFF',
      employer: '青葉システム株式会社',
    });
    const contractor = await signInPerson(t, admin, contractorId, 'itaku01');
    const theirs = (await contractor.get('/api/v1/pledges/mine')).json();
    expect(theirs.text).toMatchObject({ audience: 'CONTRACTOR', version: 1 });
    expect(theirs.text.body).toContain('委託契約が終了した後も同様に守ります');

    const list = (await admin.get('/api/v1/pledges/texts')).json();
    expect(list.items).toHaveLength(2);
  });

  it('lets staff sign the version in force once; a new published version needs a new pledge', async () => {
    const { text } = (await staff.get('/api/v1/pledges/mine')).json();
    expect((await staff.post('/api/v1/pledges/sign', { pledgeTextId: text.id, agree: false })).statusCode).toBe(400);
    const signed = await staff.post('/api/v1/pledges/sign', { pledgeTextId: text.id, agree: true });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json()).toMatchObject({
      valid: true,
      current: { method: 'APP', version: 1, signedOn: todayInJapan() },
    });
    const again = await staff.post('/api/v1/pledges/sign', { pledgeTextId: text.id, agree: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PLEDGE_ALREADY_SIGNED');

    // Staff may not manage texts; a draft stays invisible to them until published.
    expect((await staff.post('/api/v1/pledges/texts', { audience: 'STAFF', title: 'x', body: 'y' })).statusCode).toBe(
      403,
    );
    const draft = await admin.post('/api/v1/pledges/texts', {
      audience: 'STAFF',
      title: '誓約書（改訂）',
      body: '第2版の本文',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ version: 2, status: 'DRAFT', inForce: false });
    expect((await admin.post('/api/v1/pledges/texts', { audience: 'STAFF', title: 'x', body: 'y' })).statusCode).toBe(
      409,
    );
    expect(
      (await staff.get('/api/v1/pledges/texts?audience=STAFF')).json().items.map((i: { version: number }) => i.version),
    ).toEqual([1]);
    expect((await staff.get(`/api/v1/pledges/texts/${draft.json().id}`)).statusCode).toBe(404);
    const edited = await admin.patch(`/api/v1/pledges/texts/${draft.json().id}`, { body: '第2版の本文（修正）' });
    expect(edited.json().body).toBe('第2版の本文（修正）');

    const published = await admin.post(`/api/v1/pledges/texts/${draft.json().id}/publish`);
    expect(published.json()).toMatchObject({ status: 'PUBLISHED', inForce: true });
    const fixed = await admin.patch(`/api/v1/pledges/texts/${draft.json().id}`, { body: '書き換え' });
    expect(fixed.statusCode).toBe(409);
    expect(fixed.json().code).toBe('PLEDGE_TEXT_PUBLISHED');
    expect((await admin.delete(`/api/v1/pledges/texts/${text.id}`)).statusCode).toBe(409);

    const mine = (await staff.get('/api/v1/pledges/mine')).json();
    expect(mine).toMatchObject({ valid: false, text: { version: 2 } });
    expect(mine.history).toEqual([expect.objectContaining({ version: 1, valid: false })]);
    const stale = await staff.post('/api/v1/pledges/sign', { pledgeTextId: text.id, agree: true });
    expect(stale.json().code).toBe('PLEDGE_TEXT_CHANGED');
    const resigned = await staff.post('/api/v1/pledges/sign', { pledgeTextId: mine.text.id, agree: true });
    expect(resigned.json()).toMatchObject({ valid: true, current: { version: 2 } });
  });

  it('records paper pledges and reports completion and the missing by unit', async () => {
    const taxId = await addPerson(admin, { familyName: '井上', familyKana: 'いのうえ', orgUnitId: town.taxSection });
    const tax2Id = await addPerson(admin, { familyName: '上田', familyKana: 'うえだ', orgUnitId: town.taxSection });
    const paper = await admin.post('/api/v1/pledges/record', {
      personId: taxId,
      signedOn: '2026-04-01',
      note: '着任時に書面で提出',
    });
    expect(paper.statusCode, paper.body).toBe(201);
    expect(paper.json()).toMatchObject({
      method: 'PAPER',
      signedOn: '2026-04-01',
      valid: true,
      note: '着任時に書面で提出',
    });
    expect((await admin.post('/api/v1/pledges/record', { personId: taxId, signedOn: '2026-04-02' })).statusCode).toBe(
      409,
    );
    const future = await admin.post('/api/v1/pledges/record', { personId: tax2Id, signedOn: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect((await staff.post('/api/v1/pledges/record', { personId: staffId, signedOn: '2026-04-01' })).statusCode).toBe(
      403,
    );
    expect((await staff.get('/api/v1/pledges/status')).statusCode).toBe(403);

    const status = (await admin.get('/api/v1/pledges/status')).json();
    // Active: the administrator (no unit), 青木 (総務課), 井上 and 上田 (税務課); signed: 井上.
    expect(status.total).toEqual({ active: 4, signed: 1, rate: 0.25 });
    const byPath = Object.fromEntries(status.units.map((u: { unitPath: string }) => [u.unitPath, u]));
    expect(byPath['総務部 > 税務課'].direct).toEqual({ active: 2, signed: 1, rate: 0.5 });
    expect(byPath.総務部.withSubunits).toEqual({ active: 3, signed: 1, rate: 0.3333 });
    expect(byPath.総務部.direct).toEqual({ active: 0, signed: 0, rate: null });
    expect(status.unassigned).toEqual({ active: 1, signed: 0, rate: 0 });
    const taxOnly = (await admin.get(`/api/v1/pledges/status?unitId=${town.taxSection}`)).json();
    expect(taxOnly.units.map((u: { unitPath: string }) => u.unitPath)).toEqual(['総務部 > 税務課']);

    const page1 = (await admin.get('/api/v1/pledges/missing?limit=2')).json();
    expect(page1.total).toBe(3);
    expect(page1.items.map((i: { name: string }) => i.name)).toEqual(['青木 一郎', expect.stringMatching(/^上田/)]);
    const page2 = (await admin.get(`/api/v1/pledges/missing?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((i: { name: string }) => i.name)).toEqual(['佐藤 花子']);
    expect(page2.nextCursor).toBeNull();

    const utf8 = await admin.get('/api/v1/pledges/missing/export?encoding=utf8');
    expect(utf8.headers['content-disposition']).toContain('pledges-missing-');
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8.rawPayload.toString('utf8')).toContain('青木 一郎');
    const sjis = await admin.get('/api/v1/pledges/missing/export?encoding=sjis');
    expect(sjis.headers['content-type']).toContain('Shift_JIS');
    const text = iconv.decode(sjis.rawPayload, 'cp932');
    expect(text.split('\r\n')[0]).toContain('職員番号,氏名,ふりがな');
    expect(text).toContain('総務部 > 税務課');
  });

  it('shows a 情報セキュリティ管理者 only their own 課室, and keeps pledges after a person leaves', async () => {
    const managerId = await addPerson(admin, { familyName: '管理', familyKana: 'かんり', orgUnitId: town.section });
    await appoint(admin, managerId, 'SEC_MANAGER', town.section);
    const taxId = await addPerson(admin, { orgUnitId: town.taxSection });
    const manager = await signInPerson(t, admin, managerId, 'kanri');
    const status = (await manager.get('/api/v1/pledges/status')).json();
    expect(status.units.map((u: { unitPath: string }) => u.unitPath)).toEqual(['総務部 > 総務課']);
    expect(status.total.active).toBe(2);
    expect(status.unassigned).toBeNull();
    const missing = (await manager.get('/api/v1/pledges/missing')).json();
    expect(missing.items.map((i: { personId: string }) => i.personId).sort()).toEqual([staffId, managerId].sort());
    expect((await manager.get(`/api/v1/pledges/history?personId=${taxId}`)).statusCode).toBe(403);
    expect((await manager.get(`/api/v1/pledges/history?personId=${staffId}`)).statusCode).toBe(200);

    const { text } = (await staff.get('/api/v1/pledges/mine')).json();
    await staff.post('/api/v1/pledges/sign', { pledgeTextId: text.id, agree: true });
    const left = await admin.post(`/api/v1/people/${staffId}/leave`, { kind: 'RETIRED', date: todayInJapan() });
    expect(left.statusCode, left.body).toBe(200);
    const history = (await admin.get(`/api/v1/pledges/history?personId=${staffId}`)).json();
    expect(history).toMatchObject({
      status: 'RETIRED',
      items: [expect.objectContaining({ method: 'APP', version: 1 })],
    });
    const after = (await admin.get('/api/v1/pledges/status')).json();
    expect(after.total.active).toBe(3);
    expect((await admin.get('/api/v1/pledges/texts')).json().items).toHaveLength(2);
  });
});
