import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { asSystem, type Scope } from '../../src/db/scope.ts';
import { DEFAULT_DEMO_PASSWORD, loadDemo } from '../../src/demo/load.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { listAppointments, organisationFindings } from '../../src/modules/organisation/appointments.service.ts';
import { verifyChain } from '../../src/platform/audit-log/trail.ts';
import { Client, startApp, type TestApp, testConfig } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

async function tableCounts(database: Database) {
  return asSystem(database, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of [
      'tenant',
      'implementing_body',
      'org_unit',
      'person',
      'appointment',
      'user_account',
      'committee',
      'audit_event',
    ] as const) {
      const row = await tx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  });
}

const readerScope = (tenantId: string): Scope => ({
  tenantId,
  actor: { userId: null, personId: null, label: 'test', roles: [] },
});

describeEachDatabase('demo town 青葉町', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('loads the town once through the services, shows exactly the deliberate findings, and its trail verifies', async () => {
    t = await startApp(await make());
    const { database } = t;
    const services = { database, config: testConfig(), permissions: permissionTable() };

    // A password the policy refuses stops the load before anything is written.
    process.env.MAMORI_DEMO_PASSWORD = 'short';
    try {
      await expect(loadDemo(database, { quiet: true, config: services.config })).rejects.toThrow(
        /MAMORI_DEMO_PASSWORD を使えません/,
      );
    } finally {
      delete process.env.MAMORI_DEMO_PASSWORD;
    }
    expect((await tableCounts(database)).tenant).toBe(0);

    const first = await loadDemo(database, { quiet: true, config: services.config });
    expect(first.created).toBe(true);
    const counts = await tableCounts(database);
    expect(counts.tenant).toBe(1);
    expect(counts.person).toBeGreaterThanOrEqual(55);
    expect(counts.implementing_body).toBe(7);
    expect(counts.org_unit).toBe(19);
    expect(counts.appointment).toBe(43); // 30 + 13 情報システム管理者 (src/demo/roles.ts DEMO_SYSTEM_MANAGERS)
    expect(counts.user_account).toBe(4);
    expect(counts.committee).toBe(1);

    const bodies = await asSystem(database, (tx) =>
      tx.selectFrom('implementing_body').select(['name', 'kind']).orderBy('sort_order').execute(),
    );
    expect(bodies.map((b) => b.name)).toEqual([
      '町長部局',
      '教育委員会',
      '選挙管理委員会',
      '監査委員',
      '農業委員会',
      '水道事業',
      '議会',
    ]);
    expect(bodies.find((b) => b.name === '水道事業')?.kind).toBe('PUBLIC_ENTERPRISE');
    const kinds = await asSystem(database, (tx) =>
      tx.selectFrom('person').select(['employment_type', 'employer']).execute(),
    );
    const employers = kinds.filter((k) => k.employment_type === 'CONTRACTOR_STAFF').map((k) => k.employer);
    expect(employers).toEqual(['株式会社みちのく情報システム', '株式会社みちのく情報システム']);
    expect(kinds.filter((k) => k.employment_type === 'DISPATCHED' && k.employer)).toHaveLength(1);
    expect(kinds.filter((k) => k.employment_type === 'FIXED_TERM').length).toBeGreaterThanOrEqual(5);

    // Second run: says so and changes nothing, not even the audit trail.
    const second = await loadDemo(database, { quiet: true, config: services.config });
    expect(second).toEqual({ created: false, tenantId: first.tenantId });
    expect(await tableCounts(database)).toEqual(counts);

    // Findings are scoped to the reader's units (organisation-findings-scope.test.ts): read them as the CISO.
    const scope = readerScope(first.tenantId);
    const ciso: Scope = {
      ...scope,
      actor: { ...scope.actor, roles: [{ role: 'CISO', scopeKind: 'TENANT', scopeId: null }] },
    };
    const { findings, conflicts } = await organisationFindings(services, ciso);
    expect(findings.map((f) => [f.code, f.subject?.label])).toEqual([
      ['ORG-UNIT-NO-MANAGER', '住民福祉部 > 子育て支援課'],
    ]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ rule: 'SOD-2', personName: '米田 昭彦' });

    const verdict = await verifyChain(database, first.tenantId);
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBe(counts.audit_event);
    // Every row the demo made was made by a service that wrote its trail entry.
    const created = await asSystem(database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['entity_type', (eb) => eb.fn.countAll().as('n')])
        .where('action', '=', 'create')
        .groupBy('entity_type')
        .execute(),
    );
    const createdOf = (type: string) => Number(created.find((c) => c.entity_type === type)?.n ?? 0);
    expect(createdOf('person')).toBe(counts.person);
    expect(createdOf('org_unit')).toBe(counts.org_unit);
    expect(createdOf('appointment')).toBe(counts.appointment);
    expect(createdOf('user_account')).toBe(counts.user_account);
  });

  it('records its history (reorganisation, transfer, retirement) and its accounts sign in as the summary says', async () => {
    t = await startApp(await make());
    const { database } = t;
    const services = { database, config: testConfig(), permissions: permissionTable() };
    const { tenantId } = await loadDemo(database, { quiet: true, config: services.config });

    const closed = await asSystem(database, (tx) =>
      tx.selectFrom('org_unit').select(['name', 'valid_from', 'valid_to']).where('valid_to', 'is not', null).execute(),
    );
    expect(closed).toEqual([{ name: '地域振興課', valid_from: '2024-04-01', valid_to: '2026-03-31' }]);

    const person = (family: string) =>
      asSystem(database, (tx) =>
        tx
          .selectFrom('person as p')
          .leftJoin('org_unit as u', 'u.id', 'p.org_unit_id')
          .select(['p.id', 'p.status', 'p.left_on', 'p.title', 'u.name as unit'])
          .where('p.family_name', '=', family)
          .executeTakeFirstOrThrow(),
      );
    const moved = await person('中川');
    expect(moved).toMatchObject({ status: 'ACTIVE', unit: '産業振興課', title: '産業振興課長' });
    const retired = await person('沼田');
    expect(retired).toMatchObject({ status: 'RETIRED', left_on: '2026-03-31' });

    const scope = readerScope(tenantId);
    const history = await listAppointments(services, scope, { includeEnded: 'true' });
    const ended = history.items.filter((a) => a.validTo !== null);
    expect(ended.map((a) => [a.personName, a.role, a.validTo, a.endReason]).sort()).toEqual([
      ['中川 敏彦', 'SEC_MANAGER', '2026-03-31', '異動'],
      ['沼田 勝', 'AUDIT_LEAD', '2026-03-31', '退職'],
    ]);
    // In spring 2025, before the reorganisation, the old structure is what was in force.
    const lastYear = await listAppointments(services, scope, { on: '2025-06-01' });
    const inForceLastYear = lastYear.items.filter((a) => a.validFrom <= '2025-06-01');
    expect(inForceLastYear.map((a) => `${a.personName}:${a.role}:${a.scopeLabel ?? ''}`).sort()).toEqual([
      '中川 敏彦:SEC_MANAGER:産業建設部 > 地域振興課',
      '沼田 勝:AUDIT_LEAD:',
    ]);

    const login = async (loginId: string) => {
      const client = new Client(t!.app);
      const res = await client.post('/api/v1/auth/login', { loginId, password: DEFAULT_DEMO_PASSWORD });
      expect(res.statusCode).toBe(200);
      return { client, mfa: res.json().mfa as string };
    };
    for (const loginId of ['demo-kacho', 'demo-staff']) {
      const { client, mfa } = await login(loginId);
      expect(mfa).toBe('full');
      expect((await client.get('/api/v1/people?limit=200')).json().items.length).toBeGreaterThanOrEqual(55);
    }
    for (const loginId of ['demo-admin', 'demo-ciso']) expect((await login(loginId)).mfa).toBe('enrol');

    // 誓約 (src/demo/pledges.ts): all but five active people have pledged, six of them on paper; the demo accounts'
    // people have, except demo-staff, who is left to show the signing flow.
    const pledges = await asSystem(database, (tx) =>
      tx
        .selectFrom('pledge as g')
        .innerJoin('person as p', 'p.id', 'g.person_id')
        .select(['g.method', 'g.signed_on', 'p.staff_number'])
        .execute(),
    );
    const active = await asSystem(database, (tx) =>
      tx.selectFrom('person').select('id').where('status', '=', 'ACTIVE').execute(),
    );
    expect(pledges).toHaveLength(active.length - 5);
    expect(pledges.filter((g) => g.method === 'PAPER')).toHaveLength(6);
    expect(new Set(pledges.map((g) => g.signed_on)).size).toBeGreaterThan(10);
    // Nobody signed a text before it existed: every pledge is dated on or after its text's 公開日, which lies
    // before the day the demo was loaded (the default texts are created with the town, on that day).
    const signedAgainst = await asSystem(database, (tx) =>
      tx
        .selectFrom('pledge as g')
        .innerJoin('pledge_text as x', 'x.id', 'g.pledge_text_id')
        .select(['g.method', 'g.signed_on', 'g.signed_at', 'x.published_at'])
        .execute(),
    );
    expect(signedAgainst).toHaveLength(pledges.length);
    const loadedOn = todayInJapan();
    for (const g of signedAgainst) {
      expect(g.published_at, 'the text is published').toBeTruthy();
      const publishedOn = todayInJapan(new Date(String(g.published_at)));
      expect(g.signed_on >= publishedOn, `signed ${g.signed_on}, text published ${publishedOn}`).toBe(true);
      expect(publishedOn < loadedOn, `公開日 ${publishedOn} before the load`).toBe(true);
      if (g.method === 'APP')
        expect(Date.parse(String(g.signed_at)) >= Date.parse(String(g.published_at)), 'signed after publication').toBe(
          true,
        );
    }
    const signedNumbers = new Set(pledges.map((g) => g.staff_number));
    for (const staffNumber of ['20315', '00002', '20201']) expect(signedNumbers.has(staffNumber)).toBe(true);
    expect(signedNumbers.has('20203')).toBe(false);
    for (const [loginId, valid] of [
      ['demo-kacho', true],
      ['demo-staff', false],
    ] as const) {
      const { client } = await login(loginId);
      expect((await client.get('/api/v1/pledges/mine')).json().valid).toBe(valid);
    }
  });
});
