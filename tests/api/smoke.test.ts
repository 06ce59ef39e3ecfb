import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { Client, SETUP, setupAndSignIn, startApp, type TestApp, totpFor } from '../helpers/app.ts';

describeEachDatabase('first run, sign-in with TOTP, organisation basics', (make) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('sets up a town, forces MFA enrolment for the administrator, then signs in with password + TOTP', async () => {
    t = await startApp(await make());
    const anon = new Client(t.app);
    expect((await anon.get('/api/v1/setup')).json()).toEqual({ needed: true });
    expect((await anon.get('/api/v1/people')).statusCode).toBe(401);

    const admin = await setupAndSignIn(t);
    expect((await anon.get('/api/v1/setup')).json()).toEqual({ needed: false });
    const me = await admin.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().tenant.name).toBe('青葉町');
    expect(me.json().mfaState).toBe('full');

    // A second setup is refused.
    expect((await anon.post('/api/v1/setup', SETUP)).statusCode).toBe(409);

    // Fresh sign-in: the password alone leaves the session waiting for the second factor.
    const again = new Client(t.app);
    const login = await again.post('/api/v1/auth/login', { loginId: 'admin', password: SETUP.admin.password });
    expect(login.json().mfa).toBe('pending');
    expect((await again.get('/api/v1/people')).statusCode).toBe(401);
    // The code just used during enrolment cannot be replayed in the same time step.
    const replay = await again.post('/api/v1/auth/mfa/totp', { code: await totpFor(t, 'admin') });
    expect(replay.statusCode).toBe(401);
  });

  it('creates units and people, appoints a CISO, and reports missing roles with their clause', async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    const bodies = (await admin.get('/api/v1/bodies')).json();
    const dept = await admin.post('/api/v1/units', {
      bodyId: bodies[0].id,
      level: 'DEPT',
      name: '総務部',
      validFrom: '2026-04-01',
    });
    expect(dept.statusCode).toBe(201);
    const section = await admin.post('/api/v1/units', {
      bodyId: bodies[0].id,
      parentId: dept.json().id,
      level: 'SECTION',
      name: '総務課',
      validFrom: '2026-04-01',
    });
    expect(section.json().path).toBe('総務部 > 総務課');
    const person = await admin.post('/api/v1/people', {
      staffNumber: '1001',
      familyName: '山田',
      givenName: '太郎',
      familyKana: 'ヤマダ',
      givenKana: 'タロウ',
      employmentType: 'STAFF',
      orgUnitId: section.json().id,
      title: '副町長',
    });
    expect(person.statusCode).toBe(201);
    const before = (await admin.get('/api/v1/findings/organisation')).json();
    expect(before.findings.map((f: { code: string }) => f.code)).toContain('ORG-NO-CISO');
    expect(before.findings[0].clause.ref).toBe('6(1)');
    const ciso = await admin.post('/api/v1/appointments', {
      role: 'CISO',
      personId: person.json().id,
      validFrom: '2026-04-01',
      appointedBy: '町長',
    });
    expect(ciso.statusCode).toBe(201);
    const after = (await admin.get('/api/v1/findings/organisation')).json();
    expect(after.findings.map((f: { code: string }) => f.code)).not.toContain('ORG-NO-CISO');
    expect(after.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['ORG-UNIT-NO-RESPONSIBLE', 'ORG-UNIT-NO-MANAGER']),
    );
  });

  it('answers invalid input with 400 and Japanese field errors', async () => {
    t = await startApp(await make());
    const anon = new Client(t.app);
    const res = await anon.post('/api/v1/setup', { ...SETUP, tenant: { ...SETUP.tenant, code: '029997' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.fields[0]).toMatchObject({ field: 'tenant.code' });
    expect(body.details.fields[0].message.ja).toContain('検査数字');
  });
});

describeEachDatabase('privilege changes', (make) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('appointing someone CISO ends their password-only session, and their next sign-in demands MFA enrolment', async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    const person = await admin.post('/api/v1/people', {
      staffNumber: '2001', familyName: '鈴木', givenName: '一郎', familyKana: 'スズキ', givenKana: 'イチロウ', employmentType: 'STAFF',
    });
    const account = await admin.post('/api/v1/accounts', { personId: person.json().id, loginId: 'suzuki', password: 'Ichiro-pass-2026' });
    expect(account.statusCode).toBe(201);
    const suzuki = new Client(t.app);
    expect((await suzuki.post('/api/v1/auth/login', { loginId: 'suzuki', password: 'Ichiro-pass-2026' })).json().mfa).toBe('full');
    expect((await suzuki.get('/api/v1/auth/me')).statusCode).toBe(200);

    const ciso = await admin.post('/api/v1/appointments', { role: 'CISO', personId: person.json().id, validFrom: '2026-04-01' });
    expect(ciso.statusCode).toBe(201);
    expect((await suzuki.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = new Client(t.app);
    expect((await again.post('/api/v1/auth/login', { loginId: 'suzuki', password: 'Ichiro-pass-2026' })).json().mfa).toBe('enrol');
    expect((await again.get('/api/v1/people')).json().code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('an administrator cannot reset their own password through account administration', async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    const me = (await admin.get('/api/v1/auth/me')).json();
    const res = await admin.post(`/api/v1/accounts/${me.user.id}/password`, { password: 'Another-pass-2026' });
    expect(res.statusCode).toBe(403);
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});
