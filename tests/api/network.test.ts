import { afterEach, beforeEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { DEMO_FIREWALL, DEMO_FIREWALL_FIXED, DEMO_FIREWALL_NAME, loadDemoNetwork } from '../../src/demo/network.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { addPerson, appoint, makeTown, signInPerson, type Town, upload } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const SETTING = {
  effectiveFrom: '2024-04-01',
  model: 'alpha',
  zones: [
    { id: 'mn', tier: 'mynumber', cidrs: ['10.10.0.0/16'] },
    { id: 'lg', tier: 'lgwan', cidrs: ['10.20.0.0/16'] },
    { id: 'in', tier: 'internet', cidrs: ['10.30.0.0/16'] },
    { id: 'ext', tier: 'internet-external', cidrs: ['0.0.0.0/0'] },
  ],
};

describeEachDatabase('network register and firewall import (三層の対策)', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
  });
  afterEach(async () => t?.close());

  async function tenantScope() {
    const tenant = await asSystem(t.database, (tx) => tx.selectFrom('tenant').select('id').executeTakeFirstOrThrow());
    return {
      tenantId: tenant.id,
      actor: { userId: null, personId: null, label: 'test', roles: [] },
    };
  }

  it('keeps dated settings, systems with terminal groups and declared flows, each write in the audit trail', async () => {
    const s = await admin.post('/api/v1/network/settings', SETTING);
    expect(s.statusCode, s.body).toBe(201);
    expect((await admin.post('/api/v1/network/settings', SETTING)).statusCode).toBe(409);
    const settings = (await admin.get('/api/v1/network/settings')).json();
    expect(settings.current).toMatchObject({ model: 'alpha', effectiveFrom: '2024-04-01' });

    const bad = await admin.post('/api/v1/network/systems', { name: 'x', tier: 'lgwan', addresses: ['10.20.999.1'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('IPアドレス又はCIDR');

    const juki = await admin.post('/api/v1/network/systems', {
      name: '住民記録システム',
      tier: 'mynumber',
      addresses: ['10.10.1.10'],
      terminalGroups: [{ name: '住民課端末', count: 5, mfa: 'none', exportBlocking: 'blocked', edr: true }],
    });
    expect(juki.statusCode, juki.body).toBe(201);
    const mail = (
      await admin.post('/api/v1/network/systems', {
        name: 'LGWANメール',
        tier: 'lgwan',
        addresses: ['10.20.1.25'],
        roles: ['lgwan-mail'],
      })
    ).json();
    const dup = await admin.post('/api/v1/network/systems', { name: 'LGWANメール', tier: 'lgwan' });
    expect(dup.statusCode).toBe(409);

    const screen = await admin.post('/api/v1/network/flows', {
      fromSystemId: mail.id,
      to: 'tier:internet',
      service: 'tcp/443',
      mechanism: 'screen-transfer',
      justification: '画面転送',
    });
    expect(screen.statusCode).toBe(400);
    expect(screen.body).toContain('クリップボード');
    const flow = await admin.post('/api/v1/network/flows', {
      fromSystemId: mail.id,
      to: juki.json().id,
      service: 'tcp/25',
      mechanism: 'direct',
      justification: 'テスト',
    });
    expect(flow.statusCode, flow.body).toBe(201);
    expect((await admin.delete(`/api/v1/network/systems/${mail.id}`)).statusCode).toBe(409);

    const patched = await admin.patch(`/api/v1/network/systems/${juki.json().id}`, { roles: ['intermediate-server'] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().roles).toEqual(['intermediate-server']);

    const ex = await admin.post('/api/v1/network/exceptions', {
      list: 'tokuteiTsushin',
      name: 'eLTAX',
      from: { systemId: juki.json().id },
      to: { cidrs: ['203.0.113.10'] },
      services: ['tcp/443'],
      approvedBy: 'CISO',
      approvedOn: '2024-04-01',
      expiresOn: '2025-03-31',
    });
    expect(ex.statusCode, ex.body).toBe(201);
    expect(ex.json().status).toBe('expired');

    const events = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['action', 'entity_type'])
        .where('entity_type', 'like', 'network_%')
        .execute(),
    );
    expect(events.map((e) => `${e.action} ${e.entity_type}`).sort()).toEqual([
      'create network_exception',
      'create network_flow',
      'create network_setting',
      'create network_system',
      'create network_system',
      'update network_system',
    ]);
  });

  it('lets a 情報システム管理者 edit only their own system; staff have no access; auditors read', async () => {
    await admin.post('/api/v1/network/settings', SETTING);
    const a = (
      await admin.post('/api/v1/network/systems', { name: 'A', tier: 'lgwan', addresses: ['10.20.1.1'] })
    ).json();
    const b = (
      await admin.post('/api/v1/network/systems', { name: 'B', tier: 'lgwan', addresses: ['10.20.1.2'] })
    ).json();
    const managerId = await addPerson(admin, { familyName: '山田', givenName: '太郎', orgUnitId: town.section });
    await appoint(admin, managerId, 'SYS_MANAGER', a.id);
    const manager = await signInPerson(t, admin, managerId, 'yamada');
    expect((await manager.patch(`/api/v1/network/systems/${a.id}`, { note: '更新' })).statusCode).toBe(200);
    expect((await manager.patch(`/api/v1/network/systems/${b.id}`, { note: '更新' })).statusCode).toBe(403);
    expect((await manager.post('/api/v1/network/systems', { name: 'C', tier: 'lgwan' })).statusCode).toBe(403);
    expect(
      (await manager.post('/api/v1/network/settings', { ...SETTING, effectiveFrom: '2026-04-01' })).statusCode,
    ).toBe(403);
    const flowOwn = await manager.post('/api/v1/network/flows', {
      fromSystemId: a.id,
      to: b.id,
      service: 'tcp/443',
      mechanism: 'direct',
      justification: '連携',
    });
    expect(flowOwn.statusCode, flowOwn.body).toBe(201);
    const flowOther = await manager.post('/api/v1/network/flows', {
      fromSystemId: b.id,
      to: a.id,
      service: 'tcp/443',
      mechanism: 'direct',
      justification: '連携',
    });
    expect(flowOther.statusCode).toBe(403);
    const list = (await manager.get('/api/v1/network/systems')).json();
    expect(list.items.find((s: { id: string }) => s.id === a.id).manager).toMatchObject({ name: '山田 太郎' });

    const staffId = await addPerson(admin, { familyName: '青木', givenName: '一郎', orgUnitId: town.section });
    const staff = await signInPerson(t, admin, staffId, 'aoki');
    expect((await staff.get('/api/v1/network/systems')).statusCode).toBe(403);
    expect((await staff.get('/api/v1/network/findings')).statusCode).toBe(403);

    const auditorId = await addPerson(admin, { familyName: '監査', givenName: '次郎', orgUnitId: town.section });
    await appoint(admin, auditorId, 'AUDITOR');
    const auditor = await signInPerson(t, admin, auditorId, 'kansa');
    expect((await auditor.get('/api/v1/network/systems')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/network/diagram')).statusCode).toBe(200);
    expect((await auditor.patch(`/api/v1/network/systems/${a.id}`, { note: 'x' })).statusCode).toBe(403);
  });

  it('imports an iptables-save file, stores findings with a witness, and a fixed file clears them', async () => {
    const scope = await tenantScope();
    await loadDemoNetwork({ database: t.database, config: t.config, permissions: permissionTable() }, scope, {
      firewall: null,
    });
    const res = await upload(admin, '/api/v1/network/imports', {
      name: DEMO_FIREWALL_NAME,
      bytes: Buffer.from(DEMO_FIREWALL),
    });
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp.files[0]).toMatchObject({ file: DEMO_FIREWALL_NAME, vendor: 'iptables', complete: true, rules: 10 });

    const findings = (await admin.get('/api/v1/network/findings?severity=critical')).json();
    expect(findings.items).toHaveLength(1);
    const f = findings.items[0];
    expect(f).toMatchObject({ code: 'TIER-UNSANITIZED', certainty: 'definite', cell: 'internet->lgwan' });
    expect(f.rule).toMatchObject({ id: 'FORWARD#9', line: 15, file: DEMO_FIREWALL_NAME });
    expect(f.witness).toMatchObject({
      srcIp: '10.30.2.0',
      dstIp: '10.20.1.40',
      proto: 6,
      port: 443,
      verdict: 'allowed',
    });

    const diagram = (await admin.get('/api/v1/network/diagram')).json();
    const arrow = diagram.arrows.find((a: { cell: string }) => a.cell === 'internet->lgwan');
    expect(arrow.status).toBe('violation');
    expect(arrow.witness.dstIp).toBe('10.20.1.40');
    expect(diagram.arrows.find((a: { cell: string }) => a.cell === 'lgwan->internet').status).toBe('allowed');

    const xlsx = await admin.get('/api/v1/network/findings/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const fixed = await upload(admin, '/api/v1/network/imports', {
      name: DEMO_FIREWALL_NAME,
      bytes: Buffer.from(DEMO_FIREWALL_FIXED),
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const after = (await admin.get('/api/v1/network/findings')).json();
    expect(after.items.filter((x: { severity: string }) => x.severity !== 'info')).toEqual([]);
    const d2 = (await admin.get('/api/v1/network/diagram')).json();
    expect(d2.arrows.some((a: { status: string }) => a.status === 'violation')).toBe(false);
    expect((await admin.get('/api/v1/network/imports')).json().items).toHaveLength(2);
  });

  it('refuses a file it cannot read, with file and line, and imports nothing', async () => {
    await admin.post('/api/v1/network/settings', SETTING);
    const res = await upload(admin, '/api/v1/network/imports', {
      name: 'broken.txt',
      bytes: Buffer.from('これはファイアウォールの設定ではありません\n'),
    });
    expect([400, 422]).toContain(res.statusCode);
    const body = res.json();
    expect(body.message.ja).toContain('broken.txt');
    expect((await admin.get('/api/v1/network/imports')).json().items).toHaveLength(0);
  });
});
