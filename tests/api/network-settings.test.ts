import { afterEach, beforeEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { loadDemoNetwork } from '../../src/demo/network.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const ZONES = [{ id: 'lg', tier: 'lgwan', cidrs: ['10.20.0.0/16'] }];
const shift = (days: number) =>
  new Date(Date.parse(`${todayInJapan()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('network model settings, exceptions and the dashboard summary (三層の対策)', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
  });
  afterEach(async () => t?.close());

  it('keeps the model dated: a future setting can be withdrawn, one in force cannot; assets read the same model', async () => {
    const officeId = await addPerson(admin, { familyName: '事務', givenName: '局', orgUnitId: town.section });
    await appoint(admin, officeId, 'POLICY_OFFICE');
    const office = await signInPerson(t, admin, officeId, 'office1');
    const assetModel = async () => {
      const res = await office.get('/api/v1/findings/assets');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().networkModel;
    };
    expect(await assetModel()).toBe('alpha');
    const past = await admin.post('/api/v1/network/settings', {
      effectiveFrom: '2024-04-01',
      model: 'beta',
      zones: ZONES,
    });
    expect(past.statusCode, past.body).toBe(201);
    const future = await admin.post('/api/v1/network/settings', { effectiveFrom: shift(30), model: 'alphaPrime' });
    expect(future.statusCode, future.body).toBe(201);

    const list = (await admin.get('/api/v1/network/settings')).json();
    expect(list.current.model).toBe('beta');
    expect(list.items).toHaveLength(2);
    // The asset register reads the network module's dated setting (no tenant setting of its own).
    expect(await assetModel()).toBe('beta');

    const inForce = await admin.delete(`/api/v1/network/settings/${past.json().id}`);
    expect(inForce.statusCode).toBe(409);
    expect(inForce.json().message.ja).toContain('新しい施行日');
    expect((await admin.delete(`/api/v1/network/settings/${future.json().id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/v1/network/settings')).json().items).toHaveLength(1);
    expect((await admin.delete(`/api/v1/network/settings/${future.json().id}`)).statusCode).toBe(404);

    const trail = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['action', 'entity_type'])
        .where('entity_type', '=', 'network_setting')
        .execute(),
    );
    expect(trail.map((e) => e.action).sort()).toEqual(['create', 'create', 'delete']);
  });

  it('renews and corrects an exception; expired entries are flagged; bad dates are refused with the field', async () => {
    const sys = (
      await admin.post('/api/v1/network/systems', { name: '税務システム', tier: 'mynumber', addresses: ['10.10.1.20'] })
    ).json();
    const created = await admin.post('/api/v1/network/exceptions', {
      list: 'tokuteiTsushin',
      name: 'eLTAX',
      from: { systemId: sys.id },
      to: { cidrs: ['203.0.113.0/24'] },
      services: ['tcp/443'],
      approvedBy: 'CISO',
      approvedOn: '2024-04-01',
      expiresOn: '2025-03-31',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().status).toBe('expired');
    const id = created.json().id;

    const both = await admin.patch(`/api/v1/network/exceptions/${id}`, {
      approvedOn: '2026-04-01',
      expiresOn: '2026-03-31',
    });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('expiresOn');
    const one = await admin.patch(`/api/v1/network/exceptions/${id}`, { expiresOn: '2024-03-31' });
    expect(one.statusCode).toBe(409);
    const list = await admin.patch(`/api/v1/network/exceptions/${id}`, { list: 'approvedCloudTenants' });
    expect(list.statusCode).toBe(400);

    const renewed = await admin.patch(`/api/v1/network/exceptions/${id}`, {
      expiresOn: shift(20),
      approvedBy: '副町長',
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json()).toMatchObject({ status: 'active', approvedBy: '副町長', name: 'eLTAX' });
    expect((await admin.get('/api/v1/network/exceptions')).json().items[0].expiresOn).toBe(shift(20));
    expect((await admin.patch(`/api/v1/network/exceptions/${sys.id}`, { name: 'x' })).statusCode).toBe(404);

    const summary = (await admin.get('/api/v1/network/summary')).json();
    expect(summary.scope).toBe('all');
    expect(summary.exceptions).toEqual([expect.objectContaining({ id, status: 'active', expiresOn: shift(20) })]);
  });

  it('summarises findings by severity for the systems a 情報システム管理者 answers for', async () => {
    const tenant = await asSystem(t.database, (tx) => tx.selectFrom('tenant').select('id').executeTakeFirstOrThrow());
    const { systems } = await loadDemoNetwork(
      { database: t.database, config: t.config, permissions: permissionTable() },
      { tenantId: tenant.id, actor: { userId: null, personId: null, label: 'test', roles: [] } },
    );
    const all = (await admin.get('/api/v1/network/summary')).json();
    expect(all.scope).toBe('all');
    expect(all.counts.critical).toBeGreaterThanOrEqual(1);

    // The demo's deliberate mistake reaches 財務会計: its manager sees the critical finding, 住民記録's does not.
    const zaimuManager = await addPerson(admin, { familyName: '財務', givenName: '一郎', orgUnitId: town.section });
    await appoint(admin, zaimuManager, 'SYS_MANAGER', systems.get('zaimu'));
    const jukiManager = await addPerson(admin, { familyName: '住記', givenName: '二郎', orgUnitId: town.section });
    await appoint(admin, jukiManager, 'SYS_MANAGER', systems.get('juki'));
    const zaimu = (await (await signInPerson(t, admin, zaimuManager, 'zaimu1')).get('/api/v1/network/summary')).json();
    expect(zaimu.scope).toBe('own');
    expect(zaimu.systems.map((s: { name: string }) => s.name)).toEqual(['財務会計システム']);
    expect(zaimu.counts.critical).toBe(1);
    const juki = (await (await signInPerson(t, admin, jukiManager, 'juki1')).get('/api/v1/network/summary')).json();
    expect(juki.counts.critical).toBe(0);
    expect(juki.exceptions.length).toBeLessThanOrEqual(all.exceptions.length);

    const staffId = await addPerson(admin, { familyName: '青木', givenName: '一郎', orgUnitId: town.section });
    const staff = await signInPerson(t, admin, staffId, 'aoki');
    expect((await staff.get('/api/v1/network/summary')).statusCode).toBe(403);
  });
});
