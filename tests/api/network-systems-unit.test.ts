/** 所管課 of the systems register (三層の対策): stored, validated against the tenant's units, filtered, summarised. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/ids.ts';
import { asSystem } from '../../src/db/scope.ts';
import { createTenantWithAdmin } from '../../src/modules/setup/service.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { USER_PASSWORD } from '../helpers/roles.ts';

const system = (name: string, orgUnitId?: string | null) => ({
  name,
  tier: 'lgwan',
  addresses: ['10.20.1.10'],
  ...(orgUnitId !== undefined ? { orgUnitId } : {}),
});

/** A unit of a second tenant, created directly (its id must be refused as a 所管課 of the first tenant). */
async function foreignUnit(t: TestApp): Promise<string> {
  const { tenantId } = await createTenantWithAdmin(t.database, {
    tenant: { name: '桜川村', code: '039918', committeeName: '桜川村情報セキュリティ委員会', bodies: [] },
    admin: {
      familyName: '境界',
      givenName: '管理',
      familyKana: 'きょうかい',
      givenKana: 'かんり',
      staffNumber: 'B0001',
      loginId: 'b.admin',
      password: USER_PASSWORD,
    },
  });
  const now = new Date().toISOString();
  const bodyId = uuidv7();
  const unitId = uuidv7();
  await asSystem(t.database, async (tx) => {
    await tx
      .insertInto('implementing_body')
      .values({
        id: bodyId,
        tenant_id: tenantId,
        kind: 'MAYOR_DEPT',
        name: '村長部局',
        sort_order: 0,
        closed_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('org_unit')
      .values({
        id: unitId,
        tenant_id: tenantId,
        body_id: bodyId,
        parent_id: null,
        level: 'SECTION',
        name: '総務課',
        code: '110',
        sort_order: 0,
        valid_from: '2020-04-01',
        valid_to: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return unitId;
}

describeEachDatabase('network systems: owning unit (所管課)', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
  });
  afterEach(async () => t?.close());

  it('stores the 所管課 on create and update, and filters the list by it', async () => {
    const created = await admin.post('/api/v1/network/systems', system('財務会計システム', town.section));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ orgUnitId: town.section, orgUnit: { id: town.section, name: '総務課' } });
    const tax = await admin.post('/api/v1/network/systems', system('税務システム', town.taxSection));
    expect(tax.statusCode, tax.body).toBe(201);
    const shared = await admin.post('/api/v1/network/systems', system('グループウェア'));
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json().orgUnitId).toBeNull();

    const names = async (query: string) =>
      (await admin.get(`/api/v1/network/systems${query}`)).json().items.map((s: { name: string }) => s.name);
    expect(await names('')).toEqual(['グループウェア', '税務システム', '財務会計システム']);
    expect(await names(`?unitId=${town.section}`)).toEqual(['財務会計システム']);
    expect(await names(`?unitId=${town.taxSection}`)).toEqual(['税務システム']);
    expect((await admin.get('/api/v1/network/systems?unitId=nope')).statusCode).toBe(400);

    // Moving the system to another 課 and then to none.
    const id = created.json().id;
    const moved = await admin.patch(`/api/v1/network/systems/${id}`, { orgUnitId: town.taxSection });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().orgUnit.name).toBe('税務課');
    expect(await names(`?unitId=${town.taxSection}`)).toEqual(['税務システム', '財務会計システム']);
    expect((await admin.patch(`/api/v1/network/systems/${id}`, { orgUnitId: null })).json().orgUnitId).toBeNull();
    expect(await names(`?unitId=${town.section}`)).toEqual([]);
  });

  it("refuses another tenant's unit with a field error in Japanese and English, and changes nothing", async () => {
    const foreign = await foreignUnit(t);
    const refused = await admin.post('/api/v1/network/systems', system('住民記録システム', foreign));
    expect(refused.statusCode).toBe(400);
    const field = refused.json().details.fields.find((f: { field: string }) => f.field === 'orgUnitId');
    expect(field.message.ja).toContain('所管課');
    expect(field.message.en).toContain('unit');
    expect((await admin.get('/api/v1/network/systems')).json().items).toEqual([]);

    const ok = await admin.post('/api/v1/network/systems', system('住民記録システム', town.section));
    expect(ok.statusCode, ok.body).toBe(201);
    const patched = await admin.patch(`/api/v1/network/systems/${ok.json().id}`, { orgUnitId: foreign });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().details.fields[0].field).toBe('orgUnitId');
    expect((await admin.get(`/api/v1/network/systems/${ok.json().id}`)).json().orgUnitId).toBe(town.section);
  });

  it('summarises for a 情報セキュリティ管理者 the systems of his 課 and the 係 below it only', async () => {
    const team = await admin.post('/api/v1/units', {
      bodyId: town.bodyId,
      validFrom: '2020-04-01',
      level: 'TEAM',
      name: '情報政策係',
      code: '111',
      parentId: town.section,
    });
    expect(team.statusCode, team.body).toBe(201);
    await admin.post('/api/v1/network/systems', system('財務会計システム', town.section));
    await admin.post('/api/v1/network/systems', system('LGWANメールサーバー', team.json().id));
    await admin.post('/api/v1/network/systems', system('税務システム', town.taxSection));
    await admin.post('/api/v1/network/systems', system('グループウェア'));

    const managerId = await addPerson(admin, { familyName: '総務', givenName: '課長', orgUnitId: town.section });
    await appoint(admin, managerId, 'SEC_MANAGER', town.section);
    const manager = await signInPerson(t, admin, managerId, 'somu.kacho');
    const summary = await manager.get('/api/v1/network/summary');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().scope).toBe('own');
    expect(summary.json().systems.map((s: { name: string }) => s.name)).toEqual([
      'LGWANメールサーバー',
      '財務会計システム',
    ]);
    // The summary only: the register itself stays with the keepers.
    expect((await manager.get('/api/v1/network/systems')).statusCode).toBe(403);

    const taxId = await addPerson(admin, { familyName: '税務', givenName: '課長', orgUnitId: town.taxSection });
    await appoint(admin, taxId, 'SEC_MANAGER', town.taxSection);
    const tax = (await (await signInPerson(t, admin, taxId, 'zeimu.kacho')).get('/api/v1/network/summary')).json();
    expect(tax.systems.map((s: { name: string }) => s.name)).toEqual(['税務システム']);
  });
});
