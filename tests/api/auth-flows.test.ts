/**
 * Sign-in and session security, end to end through the API: account lockout and unlock, the per-address throttle,
 * recovery codes, CSRF, logout everywhere, idle and absolute timeouts, token rotation, leavers, forced MFA
 * enrolment, and the audit events these leave.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { dayBefore, todayInJapan } from '../../src/domain/calendar.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import {
  ADMIN_PASSWORD,
  Client,
  setupAndSignIn,
  signInEnrolling,
  startApp,
  type TestApp,
  totpFor,
} from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  appoint,
  createAccount,
  createOrg,
  createPerson,
  declaredApiRoutes,
  NO_SUCH_ID,
  type OrgFixture,
  ok,
  routeName,
  scopeOf,
  sessionOf,
  signInAgain,
  USER_PASSWORD,
} from '../helpers/roles.ts';

const ROUTES = await declaredApiRoutes();

interface User {
  loginId: string;
  personId: string;
  accountId: string;
}

/** Signs in with the password only; the caller handles whatever the server says is still owed. */
async function passwordLogin(t: TestApp, loginId: string, password = USER_PASSWORD, remoteAddress?: string) {
  const client = new Client(t.app);
  if (!remoteAddress) return { client, res: await client.post('/api/v1/auth/login', { loginId, password }) };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ loginId, password }),
  });
  return { client, res };
}

const tokenOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === 'mamori_sid')?.value;

describeEachDatabase('sign-in and session security', (make) => {
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

  async function createUser(role?: RoleCode): Promise<User> {
    counter += 1;
    const loginId = `user${counter}.${(role ?? 'staff').toLowerCase()}`;
    const personId = await createPerson(admin, {
      orgUnitId: org.sectionId,
      familyName: '利用者',
      givenName: `${counter}`,
    });
    const accountId = await createAccount(admin, personId, loginId);
    if (role) await appoint(admin, role, personId, scopeOf(role, org));
    return { loginId, personId, accountId };
  }

  async function auditActions(entityId: string): Promise<string[]> {
    const res = ok(await admin.get(`/api/v1/audit-events?entityId=${entityId}&limit=200`), 'audit');
    return res
      .json()
      .items.map((e: { action: string }) => e.action)
      .reverse();
  }

  it('locks an account after 5 wrong passwords, refuses even the right one, and the administrator unlocks it', async () => {
    const user = await createUser();
    const unknown = await passwordLogin(t, 'no-such-user', 'wrong-password-123');
    for (let i = 1; i <= 4; i += 1) {
      const { res } = await passwordLogin(t, user.loginId, 'wrong-password-123');
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('INVALID_CREDENTIALS');
      // The answer is the same as for an unknown login id, so it does not reveal which ids exist.
      expect(res.json().message).toEqual(unknown.res.json().message);
      expect(res.json().message.ja).toContain('5回続けて失敗すると');
    }
    const fifth = await passwordLogin(t, user.loginId, 'wrong-password-123');
    expect(fifth.res.statusCode).toBe(423);
    const body = fifth.res.json();
    expect(body.code).toBe('ACCOUNT_LOCKED');
    // The message says why, for how long, and whom to ask.
    expect(body.message.ja).toContain('5回続けて失敗');
    expect(body.message.ja).toMatch(/約1[45]分後に再度お試しいただくか/);
    expect(body.message.ja).toContain('Mamori管理者');
    expect(body.message.ja).toContain('ロックの解除を依頼');
    const lockedUntil = Date.parse(body.details.lockedUntil);
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const right = await passwordLogin(t, user.loginId, USER_PASSWORD);
    expect(right.res.statusCode).toBe(423);
    expect(tokenOf(right.res)).toBeUndefined();
    expect((await admin.get(`/api/v1/accounts/${user.accountId}`)).json().lockedUntil).toBe(body.details.lockedUntil);

    const unlocked = await admin.post(`/api/v1/accounts/${user.accountId}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    const after = await passwordLogin(t, user.loginId, USER_PASSWORD);
    expect(after.res.statusCode).toBe(200);
    expect(after.res.json().mfa).toBe('full');
    expect((await after.client.get('/api/v1/auth/me')).statusCode).toBe(200);

    expect(await auditActions(user.accountId)).toEqual([
      'create',
      // The fixture's first sign-in, replacing the password the administrator issued (tests/helpers/app.ts).
      'login',
      'change_password',
      'logout',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'account_locked',
      'unlock',
      'login',
    ]);
  });

  it('throttles an address after 20 failed sign-ins with 429 and retry-after, without blocking other addresses', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 20; i += 1) {
      const { res } = await passwordLogin(t, `nobody${i}`, 'wrong-password-123', ip);
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await passwordLogin(t, 'admin', ADMIN_PASSWORD, ip);
    expect(blocked.res.statusCode).toBe(429);
    expect(blocked.res.json().code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.res.json().message.ja).toContain('この端末からのログインを一時的に制限');
    const retryAfter = Number(blocked.res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.res.json().details.retryAfterSeconds).toBe(retryAfter);
    expect(tokenOf(blocked.res)).toBeUndefined();
    // Another address is not affected, and the account itself was never locked.
    const elsewhere = await passwordLogin(t, 'admin', ADMIN_PASSWORD, '198.51.100.4');
    expect(elsewhere.res.statusCode).toBe(200);
    expect(elsewhere.res.json().mfa).toBe('pending');
  });

  it('accepts each recovery code once only', async () => {
    const user = await createUser('CISO');
    const { client, res } = await passwordLogin(t, user.loginId);
    expect(res.json().mfa).toBe('enrol');
    ok(await client.post('/api/v1/account/totp/setup'), 'totp setup');
    const confirmed = ok(
      await client.post('/api/v1/account/totp/confirm', { code: await totpFor(t, user.loginId) }),
      'totp confirm',
    );
    const codes: string[] = confirmed.json().recoveryCodes;
    expect(codes).toHaveLength(10);

    const first = await passwordLogin(t, user.loginId);
    expect(first.res.json()).toMatchObject({ mfa: 'pending', methods: expect.arrayContaining(['totp', 'recovery']) });
    const used = await first.client.post('/api/v1/auth/mfa/recovery', { code: codes[0] });
    expect(used.statusCode).toBe(200);
    expect(used.json().mfa).toBe('full');
    const me = (await first.client.get('/api/v1/auth/me')).json();
    expect(me.mfaState).toBe('full');
    expect(me.mfa.recoveryCodesLeft).toBe(9);

    const again = await passwordLogin(t, user.loginId);
    const replay = await again.client.post('/api/v1/auth/mfa/recovery', { code: codes[0] });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('INVALID_CODE');
    expect((await again.client.get('/api/v1/people')).statusCode).toBe(401);
    // Written the way a person copies it from paper: upper case, spaces.
    const next = await again.client.post('/api/v1/auth/mfa/recovery', { code: ` ${codes[1].toUpperCase()} ` });
    expect(next.statusCode).toBe(200);
    expect((await again.client.get('/api/v1/people')).statusCode).toBe(200);
  });

  it('keeps counting wrong second-factor codes across fresh password sign-ins, and locks at 5', async () => {
    const user = await createUser('CISO');
    await signInEnrolling(t, user.loginId, USER_PASSWORD);
    const wrongCode = async () => ((await totpFor(t, user.loginId)) === '000000' ? '111111' : '000000');
    const guess = async (client: Client) => client.post('/api/v1/auth/mfa/totp', { code: await wrongCode() });

    // Someone who knows the password tries codes, signing in again before the limit each time.
    const first = await passwordLogin(t, user.loginId);
    expect(first.res.json().mfa).toBe('pending');
    for (let i = 0; i < 3; i += 1) expect((await guess(first.client)).json().code).toBe('INVALID_CODE');
    const second = await passwordLogin(t, user.loginId);
    expect(second.res.json().mfa).toBe('pending');
    const fourth = await guess(second.client);
    expect(fourth.statusCode).toBe(401);
    expect(fourth.json().message.ja).toContain('あと1回');
    const third = await passwordLogin(t, user.loginId);
    expect(third.res.json().mfa).toBe('pending');
    const fifth = await guess(third.client);
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('ACCOUNT_LOCKED');
    expect((await passwordLogin(t, user.loginId)).res.statusCode).toBe(423);
    // Even the right code no longer helps on a session opened before the lock.
    await asSystem(t.database, (tx) =>
      tx.updateTable('user_account').set({ totp_last_step: null }).where('id', '=', user.accountId).execute(),
    );
    const right = await third.client.post('/api/v1/auth/mfa/totp', { code: await totpFor(t, user.loginId) });
    expect(right.statusCode).toBe(423);
  });

  it('refuses a write without the CSRF token, with a wrong one, or with another session’s, and accepts the right one', async () => {
    const before = (await admin.get('/api/v1/bodies')).json().length;
    const other = await createUser();
    const otherClient = (await passwordLogin(t, other.loginId)).client;
    const noHeader = Object.assign(new Client(t.app), { cookie: admin.cookie, csrf: '' });
    const attempts = [
      await noHeader.post('/api/v1/bodies', { kind: 'ASSEMBLY', name: '議会' }),
      await admin.request('POST', '/api/v1/bodies', { kind: 'ASSEMBLY', name: '議会' }, { 'x-csrf-token': 'wrong' }),
      await admin.request(
        'POST',
        '/api/v1/bodies',
        { kind: 'ASSEMBLY', name: '議会' },
        { 'x-csrf-token': otherClient.csrf },
      ),
      await noHeader.patch('/api/v1/committee', { quorum: 'TWO_THIRDS' }),
      await noHeader.delete(`/api/v1/account/sessions/${sessionOf(admin).id}`),
      await noHeader.post('/api/v1/auth/logout-all'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
      expect(res.json().message.ja).toContain('再読み込み');
    }
    expect(otherClient.csrf).not.toBe('');
    expect(otherClient.csrf).not.toBe(admin.csrf);
    expect((await admin.get('/api/v1/bodies')).json()).toHaveLength(before);
    expect((await admin.get('/api/v1/committee')).json().quorum).toBe('MAJORITY');
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    // Reads need no token; the right token lets the write through.
    expect((await noHeader.get('/api/v1/bodies')).statusCode).toBe(200);
    expect((await admin.post('/api/v1/bodies', { kind: 'ASSEMBLY', name: '議会' })).statusCode).toBe(201);
  });

  it('ends every session of the user on logout-all, and a single other session on request', async () => {
    const user = await createUser();
    const one = (await passwordLogin(t, user.loginId)).client;
    const two = (await passwordLogin(t, user.loginId)).client;
    const three = (await passwordLogin(t, user.loginId)).client;
    const sessions = (await one.get('/api/v1/account/sessions')).json();
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    expect((await one.delete(`/api/v1/account/sessions/${sessionOf(three).id}`)).statusCode).toBe(204);
    expect((await three.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await two.get('/api/v1/auth/me')).statusCode).toBe(200);

    const all = await one.post('/api/v1/auth/logout-all');
    expect(all.statusCode).toBe(200);
    expect(all.json().closed).toBe(2);
    expect((await two.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await one.get('/api/v1/auth/me')).statusCode).toBe(401);
    // Other users keep theirs.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect(await auditActions(user.accountId)).toContain('logout_all');
  });

  it('ends a session idle for longer than 30 minutes, and one past its absolute lifetime', async () => {
    const user = await createUser();
    const idle = (await passwordLogin(t, user.loginId)).client;
    const old = (await passwordLogin(t, user.loginId)).client;
    const setSession = (client: Client, values: { last_seen_at?: string; expires_at?: string }) =>
      asSystem(t.database, (tx) =>
        tx.updateTable('auth_session').set(values).where('id', '=', sessionOf(client).id).execute(),
      );
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

    // 29 minutes of idleness is still within the limit (and the request refreshes the clock).
    await setSession(idle, { last_seen_at: minutesAgo(29) });
    expect((await idle.get('/api/v1/auth/me')).statusCode).toBe(200);
    await setSession(idle, { last_seen_at: minutesAgo(31) });
    const timedOut = await idle.get('/api/v1/auth/me');
    expect(timedOut.statusCode).toBe(401);
    expect(timedOut.json().code).toBe('UNAUTHENTICATED');

    expect((await old.get('/api/v1/auth/me')).statusCode).toBe(200);
    await setSession(old, { expires_at: new Date(Date.now() - 1000).toISOString(), last_seen_at: minutesAgo(0) });
    expect((await old.get('/api/v1/auth/me')).statusCode).toBe(401);

    // Both sessions are gone from the table, not merely refused.
    const left = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('auth_session')
        .select('id')
        .where('id', 'in', [sessionOf(idle).id, sessionOf(old).id])
        .execute(),
    );
    expect(left).toEqual([]);
  });

  it('issues a new session token at sign-in, after the second factor and after MFA enrolment', async () => {
    // A token planted before sign-in (session fixation) is neither kept nor honoured.
    const planted = 'p'.repeat(43);
    const victim = new Client(t.app);
    victim.cookie = `mamori_sid=${planted}`;
    const staff = await createUser();
    const login = await victim.post('/api/v1/auth/login', { loginId: staff.loginId, password: USER_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(tokenOf(login)).toBeDefined();
    expect(tokenOf(login)).not.toBe(planted);
    const attacker = Object.assign(new Client(t.app), { cookie: `mamori_sid=${planted}` });
    expect((await attacker.get('/api/v1/auth/me')).statusCode).toBe(401);
    const second = await passwordLogin(t, staff.loginId);
    expect(tokenOf(second.res)).not.toBe(tokenOf(login));

    // Enrolment: the held-back session is replaced by a new full one.
    const ciso = await createUser('CISO');
    const enrolling = await passwordLogin(t, ciso.loginId);
    expect(enrolling.res.json().mfa).toBe('enrol');
    const enrolToken = sessionOf(enrolling.client).token;
    const enrolCsrf = enrolling.client.csrf;
    ok(await enrolling.client.post('/api/v1/account/totp/setup'), 'totp setup');
    const confirm = await enrolling.client.post('/api/v1/account/totp/confirm', {
      code: await totpFor(t, ciso.loginId),
    });
    expect(confirm.statusCode).toBe(200);
    expect(tokenOf(confirm)).toBeDefined();
    expect(tokenOf(confirm)).not.toBe(enrolToken);
    expect(enrolling.client.csrf).not.toBe(enrolCsrf);
    const stale = Object.assign(new Client(t.app), { cookie: `mamori_sid=${enrolToken}` });
    expect((await stale.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await enrolling.client.get('/api/v1/auth/me')).json().mfaState).toBe('full');

    // Second factor: the password-only session is replaced as the TOTP code is accepted.
    await asSystem(t.database, (tx) =>
      tx.updateTable('user_account').set({ totp_last_step: null }).where('id', '=', ciso.accountId).execute(),
    );
    const pending = await passwordLogin(t, ciso.loginId);
    expect(pending.res.json().mfa).toBe('pending');
    const pendingToken = sessionOf(pending.client).token;
    const passed = await pending.client.post('/api/v1/auth/mfa/totp', { code: await totpFor(t, ciso.loginId) });
    expect(passed.statusCode).toBe(200);
    expect(tokenOf(passed)).toBeDefined();
    expect(tokenOf(passed)).not.toBe(pendingToken);
    const oldPending = Object.assign(new Client(t.app), { cookie: `mamori_sid=${pendingToken}` });
    expect((await oldPending.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await pending.client.get('/api/v1/people')).statusCode).toBe(200);
  });

  it('disables the account of a person who retires, ends their appointments and their open session', async () => {
    const user = await createUser('AUDITOR');
    const client = (await passwordLogin(t, user.loginId)).client;
    expect((await client.get('/api/v1/audit-events')).statusCode).toBe(200);
    const leftOn = dayBefore(todayInJapan());

    const leave = await admin.post(`/api/v1/people/${user.personId}/leave`, { kind: 'RETIRED', date: leftOn });
    expect(leave.statusCode).toBe(200);
    expect(leave.json()).toMatchObject({ status: 'RETIRED', leftOn });
    expect(leave.json().appointments).toEqual([
      expect.objectContaining({ role: 'AUDITOR', validTo: leftOn, endReason: '退職' }),
    ]);
    expect(leave.json().account).toMatchObject({ id: user.accountId, disabled: true });

    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await client.get('/api/v1/audit-events')).statusCode).toBe(401);
    const retry = await passwordLogin(t, user.loginId);
    expect(retry.res.statusCode).toBe(403);
    expect(retry.res.json().code).toBe('ACCOUNT_DISABLED');
    expect(retry.res.json().message.ja).toContain('退職');
    expect(tokenOf(retry.res)).toBeUndefined();

    const account = (await admin.get(`/api/v1/accounts/${user.accountId}`)).json();
    expect(account).toMatchObject({ disabled: true, disabledReason: '退職' });
    const inForce = (await admin.get(`/api/v1/appointments?personId=${user.personId}`)).json();
    expect(inForce.items).toEqual([]);
    const sessions = await asSystem(t.database, (tx) =>
      tx.selectFrom('auth_session').select('id').where('user_id', '=', user.accountId).execute(),
    );
    expect(sessions).toEqual([]);
    expect(await auditActions(user.accountId)).toContain('disable');
    expect(await auditActions(user.personId)).toContain('retire');
  });

  it('forces a CISO to enrol MFA: every other route answers 403 MFA_ENROLMENT_REQUIRED until enrolled', async () => {
    const staff = await createUser();
    expect((await passwordLogin(t, staff.loginId)).res.json().mfa).toBe('full');

    const ciso = await createUser('CISO');
    const { client, res } = await passwordLogin(t, ciso.loginId);
    expect(res.statusCode).toBe(200);
    expect(res.json().mfa).toBe('enrol');
    const me = await client.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mfaState).toBe('enrol');

    let refused = 0;
    for (const route of ROUTES) {
      const a = route.access;
      if (a.kind === 'public' || (a.kind === 'signedIn' && (a.partial === 'enrol' || a.partial === 'any'))) continue;
      const url = route.url.replace(/:(\w+)/g, NO_SUCH_ID);
      const r = await client.request(
        route.method,
        url,
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      );
      expect(r.statusCode, routeName(route)).toBe(403);
      expect(r.json().code, routeName(route)).toBe('MFA_ENROLMENT_REQUIRED');
      expect(r.json().message.ja, routeName(route)).toContain('二要素認証が必要');
      refused += 1;
    }
    expect(refused).toBeGreaterThan(30);

    ok(await client.post('/api/v1/account/totp/setup'), 'totp setup');
    ok(await client.post('/api/v1/account/totp/confirm', { code: await totpFor(t, ciso.loginId) }), 'totp confirm');
    expect((await client.get('/api/v1/people')).statusCode).toBe(200);
    expect((await client.get('/api/v1/findings/organisation')).statusCode).toBe(200);
    expect(await auditActions(ciso.accountId)).toEqual(expect.arrayContaining(['login_password_ok', 'enable_totp']));
    // Next time the second factor is asked for, not enrolment.
    const later = await signInAgain(t, ciso.loginId);
    expect((await later.get('/api/v1/auth/me')).json().mfaState).toBe('full');
  });

  it('records login, login_failed and account_locked in the audit trail, with who and from where', async () => {
    const user = await createUser();
    await passwordLogin(t, user.loginId, 'wrong-password-123');
    await passwordLogin(t, user.loginId, USER_PASSWORD);
    for (let i = 0; i < 5; i += 1) await passwordLogin(t, user.loginId, 'wrong-password-123');
    const items = (await admin.get(`/api/v1/audit-events?entityId=${user.accountId}`)).json().items as Array<{
      action: string;
      actor: string;
      clientIp: string | null;
      after: { reason?: string; failures?: number; mfa?: string } | null;
    }>;
    const byAction = (action: string) => items.filter((e) => e.action === action);
    // Two: the fixture's first sign-in with the issued password (replaced at once), and this one.
    expect(byAction('login')).toHaveLength(2);
    expect(byAction('login').map((e) => e.after)).toEqual([{ mfa: 'full' }, { mfa: 'full', mustChangeAtSignIn: true }]);
    expect(byAction('login_failed')).toHaveLength(5);
    expect(byAction('account_locked')).toHaveLength(1);
    expect(byAction('account_locked')[0].after).toEqual({ reason: 'password', failures: 5 });
    for (const e of items.filter((x) => x.action !== 'create')) {
      expect(e.actor).toContain(user.loginId);
      expect(e.clientIp).toBe('127.0.0.1');
    }
    // No password, not even a wrong one, reaches the trail.
    const raw = (await admin.get(`/api/v1/audit-events?entityId=${user.accountId}`)).body;
    expect(raw).not.toContain('wrong-password-123');
    expect(raw).not.toContain(USER_PASSWORD);
  });
});
