/**
 * Passwords an administrator issues (a new account, a reset) must be replaced by their holder at the next sign-in.
 * Until then the session reaches only: who am I, change the password, sign out. Changing it lifts the limit, gives
 * the session a new token and is audited. The first administrator (setup, `mamori create-admin`) chose their own
 * password and is not limited.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { createAccount as serviceCreateAccount } from '../../src/modules/accounts/service.ts';
import { createTenantWithAdmin } from '../../src/modules/setup/service.ts';
import { Client, ISSUED_PASSWORD, setupAndSignIn, startApp, type TestApp, totpFor } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  appoint,
  createOrg,
  createPerson,
  declaredApiRoutes,
  NO_SUCH_ID,
  type OrgFixture,
  ok,
  routeName,
  scopeOf,
  sessionOf,
} from '../helpers/roles.ts';

const ROUTES = await declaredApiRoutes();
const OWN_PASSWORD = 'Mizubasho-own-2026';
/** What a session with an issued password may still call. */
const STILL_OPEN = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/logout', 'POST /api/v1/account/password']);

describeEachDatabase('administrator-issued passwords', (make) => {
  let t: TestApp;
  let admin: Client;
  let org: OrgFixture;
  let counter = 0;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    org = await createOrg(admin);
  }, 60_000);
  afterEach(async () => t?.close());

  /** An account created through the administration API, with the issued password not yet replaced. */
  async function issuedAccount(role?: 'CISO') {
    counter += 1;
    const loginId = `issued${counter}`;
    const personId = await createPerson(admin, { orgUnitId: org.sectionId, givenName: `${counter}` });
    const res = ok(await admin.post('/api/v1/accounts', { personId, loginId, password: ISSUED_PASSWORD }), 'account');
    if (role) await appoint(admin, role, personId, scopeOf(role, org));
    return { loginId, personId, accountId: res.json().id as string };
  }

  const flagOf = async (loginId: string) =>
    (
      await asSystem(t.database, (tx) =>
        tx
          .selectFrom('user_account')
          .select('password_change_required')
          .where('login_id', '=', loginId)
          .executeTakeFirstOrThrow(),
      )
    ).password_change_required;

  it('limits a new account to changing its password until it does, then lifts the limit with a new token', async () => {
    const user = await issuedAccount();
    expect((await admin.get(`/api/v1/accounts/${user.accountId}`)).json().passwordChangeRequired).toBe(true);
    const client = new Client(t.app);
    const login = await client.post('/api/v1/auth/login', { loginId: user.loginId, password: ISSUED_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ mfa: 'full', passwordChangeRequired: true });
    const me = await client.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().passwordChangeRequired).toBe(true);

    let refused = 0;
    for (const route of ROUTES) {
      if (route.access.kind === 'public' || STILL_OPEN.has(routeName(route))) continue;
      const url = route.url.replace(/:(\w+)/g, NO_SUCH_ID);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const r = await client.request(route.method, url, body);
      expect(r.statusCode, routeName(route)).toBe(403);
      expect(r.json().code, routeName(route)).toBe('PASSWORD_CHANGE_REQUIRED');
      refused += 1;
    }
    expect(refused).toBeGreaterThan(40);

    // Wrong current password, the same password again, a too-short one: refused with the field named.
    const wrong = await client.post('/api/v1/account/password', { current: 'not-the-password', next: OWN_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details.fields[0].field).toBe('current');
    const same = await client.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: ISSUED_PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().details.fields[0]).toMatchObject({ field: 'next' });
    expect(same.json().details.fields[0].message.ja).toContain('現在のパスワードとは異なる');
    expect(await flagOf(user.loginId)).toBe(1);

    const before = sessionOf(client);
    const changed = await client.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: OWN_PASSWORD });
    expect(changed.statusCode).toBe(200);
    const after = sessionOf(client);
    expect(after.token).not.toBe(before.token);
    expect(changed.json().csrfToken).toEqual(expect.any(String));
    expect(await flagOf(user.loginId)).toBe(0);
    // The old token is gone; the new one reaches the application.
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/people', cookies: { mamori_sid: before.token } });
    expect(stale.statusCode).toBe(401);
    expect((await client.get('/api/v1/people')).statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/me')).json().passwordChangeRequired).toBe(false);
    expect((await admin.get(`/api/v1/accounts/${user.accountId}`)).json().passwordChangeRequired).toBe(false);

    // Audited: the change, with the limit lifted; no password reaches the trail.
    const trail = ok(await admin.get(`/api/v1/audit-events?entityId=${user.accountId}&limit=50`), 'audit');
    const events = trail.json().items as Array<{ action: string; before: unknown; after: unknown }>;
    const change = events.find((e) => e.action === 'change_password');
    expect(change?.before).toEqual({ mustChangeAtSignIn: true });
    expect(change?.after).toEqual({ mustChangeAtSignIn: false });
    expect(events.find((e) => e.action === 'login')?.after).toEqual({ mfa: 'full', mustChangeAtSignIn: true });
    expect(trail.body).not.toContain(OWN_PASSWORD);
    expect(trail.body).not.toContain(ISSUED_PASSWORD);

    // The issued password no longer works; the chosen one signs in without any limit.
    expect(
      (await new Client(t.app).post('/api/v1/auth/login', { loginId: user.loginId, password: ISSUED_PASSWORD }))
        .statusCode,
    ).toBe(401);
    const again = await new Client(t.app).post('/api/v1/auth/login', { loginId: user.loginId, password: OWN_PASSWORD });
    expect(again.json()).toMatchObject({ mfa: 'full', passwordChangeRequired: false });
  });

  it('lets a limited session sign out', async () => {
    const user = await issuedAccount();
    const client = new Client(t.app);
    ok(await client.post('/api/v1/auth/login', { loginId: user.loginId, password: ISSUED_PASSWORD }), 'login');
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('sets the limit again when an administrator resets the password, and ends the open sessions', async () => {
    const user = await issuedAccount();
    const client = new Client(t.app);
    ok(await client.post('/api/v1/auth/login', { loginId: user.loginId, password: ISSUED_PASSWORD }), 'login');
    ok(await client.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: OWN_PASSWORD }), 'change');
    expect(await flagOf(user.loginId)).toBe(0);

    const reset = 'Reset-by-admin-2026';
    expect((await admin.post(`/api/v1/accounts/${user.accountId}/password`, { password: reset })).statusCode).toBe(204);
    expect(await flagOf(user.loginId)).toBe(1);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const next = new Client(t.app);
    expect(
      (await next.post('/api/v1/auth/login', { loginId: user.loginId, password: reset })).json().passwordChangeRequired,
    ).toBe(true);
    expect((await next.get('/api/v1/people')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const trail = (await admin.get(`/api/v1/audit-events?entityId=${user.accountId}&limit=50`)).json().items;
    expect(trail.find((e: { action: string }) => e.action === 'reset_password').after).toEqual({
      mustChangeAtSignIn: true,
    });
  });

  it('asks for the new password before MFA enrolment, then for enrolment', async () => {
    const ciso = await issuedAccount('CISO');
    const client = new Client(t.app);
    const login = await client.post('/api/v1/auth/login', { loginId: ciso.loginId, password: ISSUED_PASSWORD });
    expect(login.json()).toMatchObject({ mfa: 'enrol', passwordChangeRequired: true });
    // Enrolment waits: no authenticator is bound while the administrator still knows the password.
    const setup = await client.post('/api/v1/account/totp/setup');
    expect(setup.statusCode).toBe(403);
    expect(setup.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    ok(await client.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: OWN_PASSWORD }), 'change');
    expect((await client.get('/api/v1/auth/me')).json()).toMatchObject({
      mfaState: 'enrol',
      passwordChangeRequired: false,
    });
    expect((await client.get('/api/v1/people')).json().code).toBe('MFA_ENROLMENT_REQUIRED');
    ok(await client.post('/api/v1/account/totp/setup'), 'totp setup');
    ok(await client.post('/api/v1/account/totp/confirm', { code: await totpFor(t, ciso.loginId) }), 'totp confirm');
    expect((await client.get('/api/v1/people')).statusCode).toBe(200);
  });

  it('does not let a session that only owes enrolment change the password first', async () => {
    const ciso = await issuedAccount('CISO');
    const first = new Client(t.app);
    ok(await first.post('/api/v1/auth/login', { loginId: ciso.loginId, password: ISSUED_PASSWORD }), 'login');
    ok(await first.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: OWN_PASSWORD }), 'change');
    const client = new Client(t.app);
    expect(
      (await client.post('/api/v1/auth/login', { loginId: ciso.loginId, password: OWN_PASSWORD })).json().mfa,
    ).toBe('enrol');
    const res = await client.post('/api/v1/account/password', { current: OWN_PASSWORD, next: 'Another-own-2026' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('asks for the second factor first when a reset account already has one', async () => {
    const ciso = await issuedAccount('CISO');
    const client = new Client(t.app);
    ok(await client.post('/api/v1/auth/login', { loginId: ciso.loginId, password: ISSUED_PASSWORD }), 'login');
    ok(await client.post('/api/v1/account/password', { current: ISSUED_PASSWORD, next: OWN_PASSWORD }), 'change');
    ok(await client.post('/api/v1/account/totp/setup'), 'totp setup');
    ok(await client.post('/api/v1/account/totp/confirm', { code: await totpFor(t, ciso.loginId) }), 'totp confirm');
    const reset = 'Reset-by-admin-2026';
    expect((await admin.post(`/api/v1/accounts/${ciso.accountId}/password`, { password: reset })).statusCode).toBe(204);

    // Let the same TOTP step be used again (replay protection would refuse it within 30 s).
    await asSystem(t.database, (tx) =>
      tx.updateTable('user_account').set({ totp_last_step: null }).where('login_id', '=', ciso.loginId).execute(),
    );
    const next = new Client(t.app);
    const login = await next.post('/api/v1/auth/login', { loginId: ciso.loginId, password: reset });
    expect(login.json()).toMatchObject({ mfa: 'pending', passwordChangeRequired: true });
    const early = await next.post('/api/v1/account/password', { current: reset, next: 'Another-own-2026' });
    expect(early.statusCode).toBe(401);
    expect(early.json().code).toBe('MFA_REQUIRED');
    ok(await next.post('/api/v1/auth/mfa/totp', { code: await totpFor(t, ciso.loginId) }), 'second factor');
    expect((await next.get('/api/v1/people')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    ok(await next.post('/api/v1/account/password', { current: reset, next: 'Another-own-2026' }), 'change');
    expect((await next.get('/api/v1/people')).statusCode).toBe(200);
  });

  it('does not limit the first administrator (setup, create-admin) or an account created with its own password', async () => {
    expect((await admin.get('/api/v1/auth/me')).json().passwordChangeRequired).toBe(false);
    expect(await flagOf('admin')).toBe(0);
    await createTenantWithAdmin(t.database, {
      tenant: { name: '白鷺村', code: '039918', committeeName: '白鷺村情報セキュリティ委員会', bodies: [] },
      admin: {
        familyName: '山田',
        givenName: '太郎',
        familyKana: 'やまだ',
        givenKana: 'たろう',
        staffNumber: 'admin',
        loginId: 'shirasagi.admin',
        password: 'Shirasagi-admin-2026',
      },
    });
    expect(await flagOf('shirasagi.admin')).toBe(0);
    // The demo town's accounts are made this way: their published password keeps working.
    const me = (await admin.get('/api/v1/auth/me')).json();
    const personId = await createPerson(admin, { orgUnitId: org.sectionId });
    await serviceCreateAccount(
      { database: t.database, config: t.config } as Parameters<typeof serviceCreateAccount>[0],
      { tenantId: me.tenant.id, actor: { userId: me.user.id, personId: null, label: 'test', roles: [] } },
      { personId, loginId: 'demo.like', password: 'Demo-published-2026', passwordChangeRequired: false },
    );
    expect(await flagOf('demo.like')).toBe(0);
    const client = new Client(t.app);
    expect(
      (await client.post('/api/v1/auth/login', { loginId: 'demo.like', password: 'Demo-published-2026' })).json()
        .passwordChangeRequired,
    ).toBe(false);
  });
});
