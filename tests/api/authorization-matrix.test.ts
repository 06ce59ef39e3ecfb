/**
 * The authorization matrix: every /api/v1 route × every role of the policy × own and other tenant.
 *
 * - A permission route answers 403 exactly when the permission table (`canAtAll`) gives none of the caller's
 *   grants the (resource, action), and never 403 or 401 when it does; a refused write leaves no trace.
 * - Anonymous callers get 401 on every route that is not public.
 * - A signed-in user of tenant A never reaches tenant B's records: by id it is 404 (or 403), lists never show them,
 *   and B's records stay as they were. On PostgreSQL, row-level security hides every row from a query that forgot
 *   its tenant scope.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '../../src/db/database.ts';
import { asSystem, inTenant } from '../../src/db/scope.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { ALL_ROLES } from '../../src/domain/roles.ts';
import { permissionTable } from '../../src/modules/index.ts';
import { createTenantWithAdmin } from '../../src/modules/setup/service.ts';
import type { Access } from '../../src/platform/http/access.ts';
import { Client, SETUP, setupAndSignIn, signInEnrolling, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import {
  type ApiRoute,
  actorOf,
  appoint,
  createAccount,
  createOrg,
  createPerson,
  createRoleUsers,
  declaredApiRoutes,
  NO_SUCH_ID,
  nextStaffNumber,
  type OrgFixture,
  ok,
  type RoleUser,
  routeName,
  SINCE,
  sessionOf,
  signInAgain,
  USER_PASSWORD,
} from '../helpers/roles.ts';

const ROUTES = await declaredApiRoutes();
const PERMISSIONS = permissionTable();
const LOGOUT_ROUTES = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

interface TenantB {
  tenantId: string;
  admin: Client;
  bodyId: string;
  unitId: string;
  personId: string;
  accountId: string;
  appointmentId: string;
  sessionId: string;
  /** Strings that only tenant B's data contains: ids and names. */
  markers: string[];
}

interface World {
  testDb: TestDatabase;
  t: TestApp;
  tenantId: string;
  admin: Client;
  org: OrgFixture;
  users: RoleUser[];
  victimPerson: string;
  transferPerson: string;
  leavePerson: string;
  appointeePerson: string;
  accountlessPerson: string;
  victimAccount: string;
  victimAppointment: string;
  victimUnit: string;
  b: TenantB;
}

async function buildTenantB(t: TestApp): Promise<TenantB> {
  const { tenantId } = await createTenantWithAdmin(t.database, {
    tenant: {
      name: '桜川村',
      code: '039918',
      committeeName: '桜川村情報セキュリティ委員会',
      bodies: [{ kind: 'MAYOR_DEPT', name: '境界村長部局' }],
    },
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
  const admin = await signInEnrolling(t, 'b.admin', USER_PASSWORD);
  const org = await createOrg(admin, { dept: '境界部', section: '境界課' });
  const personId = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '境界', givenName: '太郎' });
  const accountId = await createAccount(admin, personId, 'b.boundary');
  const appointmentId = await appoint(admin, 'SEC_MANAGER', personId, org.sectionId);
  const sessionId = sessionOf(admin).id;
  return {
    tenantId,
    admin,
    bodyId: org.bodyId,
    unitId: org.sectionId,
    personId,
    accountId,
    appointmentId,
    sessionId,
    markers: [
      tenantId,
      org.bodyId,
      org.deptId,
      org.sectionId,
      personId,
      accountId,
      appointmentId,
      sessionId,
      '桜川村',
      '境界',
      'b.boundary',
      'b.admin',
    ],
  };
}

async function buildWorld(testDb: TestDatabase): Promise<World> {
  const t = await startApp(testDb);
  const admin = await setupAndSignIn(t);
  const tenantId = ok(await admin.get('/api/v1/auth/me'), 'me').json().tenant.id;
  const org = await createOrg(admin);
  const users = await createRoleUsers(t, admin, org, 'a');
  const victimPerson = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '対象' });
  const victimAccount = await createAccount(admin, victimPerson, 'a.victim');
  const appointeePerson = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '任命対象' });
  const victimAppointment = await appoint(admin, 'COMMITTEE_MEMBER', appointeePerson, null);
  const victimUnit = ok(
    await admin.post('/api/v1/units', {
      bodyId: org.bodyId,
      parentId: org.deptId,
      level: 'SECTION',
      name: '廃止予定課',
      validFrom: SINCE,
    }),
    'victim unit',
  ).json().id;
  return {
    testDb,
    t,
    tenantId,
    admin,
    org,
    users,
    victimPerson,
    victimAccount,
    victimAppointment,
    victimUnit,
    appointeePerson,
    transferPerson: await createPerson(admin, { orgUnitId: org.sectionId, familyName: '異動対象' }),
    leavePerson: await createPerson(admin, { orgUnitId: org.sectionId, familyName: '退職対象' }),
    accountlessPerson: await createPerson(admin, { orgUnitId: org.sectionId, familyName: 'アカウント無し' }),
    b: await buildTenantB(t),
  };
}

/**
 * What an allowed caller should get:
 * - 'success': every allowed caller gets 2xx (repeatable requests);
 * - 'first-success': the first allowed caller gets 2xx; the request changes state, so later ones may get 4xx;
 * - a list of statuses: a deliberately harmless request (a wrong password, an unknown id) whose answer is known;
 * - 'any': a route this suite has no specific request for: anything but 401, 403 or 5xx.
 */
type Outcome = 'success' | 'first-success' | 'any' | number[];

interface RequestSpec {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  outcome: Outcome;
}

const today = todayInJapan();

/** A valid request for each known route, built fresh for each call. */
const SPECS: Record<string, (w: World) => RequestSpec> = {
  'GET /api/v1/health': () => ({ outcome: 'success' }),
  'GET /api/v1/setup': () => ({ outcome: 'success' }),
  'POST /api/v1/setup': () => ({ body: SETUP, outcome: [409] }),
  // Invalid bodies on the sign-in steps: nothing is counted against the address or an account.
  'POST /api/v1/auth/login': () => ({ body: {}, outcome: [400] }),
  'POST /api/v1/auth/mfa/totp': () => ({ body: {}, outcome: [400] }),
  'POST /api/v1/auth/mfa/recovery': () => ({ body: {}, outcome: [400] }),
  'POST /api/v1/auth/mfa/passkey/options': () => ({ outcome: 'success' }),
  'POST /api/v1/auth/mfa/passkey/verify': () => ({ body: {}, outcome: [400] }),
  'GET /api/v1/auth/me': () => ({ outcome: 'success' }),
  'POST /api/v1/account/password': () => ({
    body: { current: 'not-the-password', next: 'Another-pass-2026' },
    outcome: [400],
  }),
  'POST /api/v1/account/totp/setup': () => ({ outcome: 'success' }),
  'POST /api/v1/account/totp/confirm': () => ({ body: { code: 'x' }, outcome: [400] }),
  'POST /api/v1/account/totp/remove': () => ({ body: { password: 'not-the-password' }, outcome: [400] }),
  'POST /api/v1/account/recovery-codes': () => ({ outcome: 'success' }),
  'GET /api/v1/account/passkeys': () => ({ outcome: 'success' }),
  'POST /api/v1/account/passkeys/options': () => ({ outcome: 'success' }),
  'POST /api/v1/account/passkeys': () => ({ body: { response: { id: 'x' } }, outcome: [400] }),
  'DELETE /api/v1/account/passkeys/:id': () => ({ params: { id: NO_SUCH_ID }, outcome: [404] }),
  'GET /api/v1/account/sessions': () => ({ outcome: 'success' }),
  'DELETE /api/v1/account/sessions/:id': () => ({ params: { id: '0'.repeat(64) }, outcome: [404] }),

  'GET /api/v1/tenant': () => ({ outcome: 'success' }),
  'PATCH /api/v1/tenant': () => ({ body: { name: '青葉町' }, outcome: 'success' }),
  'GET /api/v1/bodies': () => ({ outcome: 'success' }),
  'GET /api/v1/bodies/export': () => ({ outcome: 'success' }),
  'POST /api/v1/bodies': () => ({ body: { kind: 'ADMIN_COMMITTEE', name: '教育委員会' }, outcome: 'success' }),
  'PATCH /api/v1/bodies/:id': (w) => ({ params: { id: w.org.bodyId }, body: { sortOrder: 0 }, outcome: 'success' }),
  'GET /api/v1/units': () => ({ outcome: 'success' }),
  'GET /api/v1/units/export': () => ({ outcome: 'success' }),
  'POST /api/v1/units': (w) => ({
    body: { bodyId: w.org.bodyId, parentId: w.org.deptId, level: 'SECTION', name: '新設課', validFrom: SINCE },
    outcome: 'success',
  }),
  'PATCH /api/v1/units/:id': (w) => ({ params: { id: w.victimUnit }, body: { code: 'V-1' }, outcome: 'success' }),
  'POST /api/v1/units/:id/close': (w) => ({ params: { id: w.victimUnit }, body: { date: today }, outcome: 'success' }),
  'GET /api/v1/units/:id/history': (w) => ({ params: { id: w.victimUnit }, outcome: 'success' }),
  'GET /api/v1/people': () => ({ outcome: 'success' }),
  'GET /api/v1/people/export': () => ({ outcome: 'success' }),
  'GET /api/v1/people/:id': (w) => ({ params: { id: w.victimPerson }, outcome: 'success' }),
  'POST /api/v1/people': (w) => ({
    body: {
      staffNumber: nextStaffNumber('M'),
      familyName: '新規',
      givenName: '採用',
      familyKana: 'しんき',
      givenKana: 'さいよう',
      employmentType: 'FIXED_TERM',
      orgUnitId: w.org.sectionId,
    },
    outcome: 'success',
  }),
  // Contact details of a person in the 課室: what a 課室's 管理者 may keep current, so scoped holders pass too.
  'PATCH /api/v1/people/:id': (w) => ({ params: { id: w.victimPerson }, body: { title: '主査' }, outcome: 'success' }),
  'POST /api/v1/people/:id/transfer': (w) => ({
    params: { id: w.transferPerson },
    body: { orgUnitId: w.org.deptId, date: today },
    outcome: 'first-success',
  }),
  'POST /api/v1/people/:id/leave': (w) => ({
    params: { id: w.leavePerson },
    body: { kind: 'RETIRED', date: today },
    outcome: 'first-success',
  }),
  'GET /api/v1/appointments': () => ({ outcome: 'success' }),
  'GET /api/v1/appointments/export': () => ({ outcome: 'success' }),
  'POST /api/v1/appointments': (w) => ({
    body: { role: 'COMMITTEE_MEMBER', personId: w.appointeePerson, validFrom: SINCE },
    outcome: 'success',
  }),
  'POST /api/v1/appointments/:id/end': (w) => ({
    params: { id: w.victimAppointment },
    body: { date: today },
    outcome: 'first-success',
  }),
  'GET /api/v1/findings/organisation': () => ({ outcome: 'success' }),
  'GET /api/v1/committee': () => ({ outcome: 'success' }),
  'PATCH /api/v1/committee': () => ({ body: { quorum: 'MAJORITY' }, outcome: 'success' }),
  'GET /api/v1/accounts': () => ({ outcome: 'success' }),
  'GET /api/v1/accounts/:id': (w) => ({ params: { id: w.victimAccount }, outcome: 'success' }),
  'POST /api/v1/accounts': (w) => ({
    body: { personId: w.accountlessPerson, loginId: 'a.accountless', password: USER_PASSWORD },
    outcome: 'first-success',
  }),
  'PATCH /api/v1/accounts/:id': (w) => ({
    params: { id: w.victimAccount },
    body: { mfaRequired: false },
    outcome: 'success',
  }),
  'POST /api/v1/accounts/:id/unlock': (w) => ({ params: { id: w.victimAccount }, outcome: 'success' }),
  'POST /api/v1/accounts/:id/reset-mfa': (w) => ({ params: { id: w.victimAccount }, outcome: 'success' }),
  'POST /api/v1/accounts/:id/password': (w) => ({
    params: { id: w.victimAccount },
    body: { password: 'Victim-new-pass-2026' },
    outcome: [204],
  }),
  'GET /api/v1/audit-events': () => ({ outcome: 'success' }),
  'GET /api/v1/audit-events/export': () => ({ outcome: 'success' }),
  'POST /api/v1/audit-events/verify': () => ({ outcome: 'success' }),
};

function specFor(route: ApiRoute, w: World): RequestSpec {
  const known = SPECS[routeName(route)];
  if (known) return known(w);
  // A route added after this suite was written: unknown ids and an empty body still exercise its access rule.
  return { body: route.method === 'GET' ? undefined : {}, outcome: 'any' };
}

function fillPath(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? NO_SUCH_ID));
}

function send(client: Client, route: ApiRoute, spec: RequestSpec): Promise<LightMyRequestResponse> {
  const url = fillPath(route.url, spec.params) + (spec.query ? `?${spec.query}` : '');
  const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : (spec.body ?? {});
  return client.request(route.method, url, body);
}

async function auditHead(w: World): Promise<number> {
  const row = await asSystem(w.t.database, (tx) =>
    tx.selectFrom('audit_head').select('seq').where('tenant_id', '=', w.tenantId).executeTakeFirstOrThrow(),
  );
  return Number(row.seq);
}

const describeRoute = (r: ApiRoute) => `${routeName(r)} (${accessLabel(r.access)})`;
function accessLabel(a: Access): string {
  if (a.kind === 'permission') return `${a.resource}:${a.action}`;
  if (a.kind === 'signedIn') return a.partial ? `signedIn/${a.partial}` : 'signedIn';
  return 'public';
}

describe('the route list', () => {
  it('declares routes, each with an access rule, and every permission route names a line of the permission table', () => {
    expect(ROUTES.length).toBeGreaterThan(30);
    const known = new Set(PERMISSIONS.entries().map((e) => `${e.resource}:${e.action}`));
    const unreachable = ROUTES.filter(
      (r) => r.access.kind === 'permission' && !known.has(`${r.access.resource}:${r.access.action}`),
    ).map(routeName);
    expect(unreachable).toEqual([]);
  });
});

describeEachDatabase('authorization matrix', (make, kind) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await make());
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('gives each test user exactly the grants the matrix assumes', async () => {
    expect(w.users.map((u) => u.role)).toEqual(ALL_ROLES);
    for (const u of w.users) {
      const me = await u.client.get('/api/v1/auth/me');
      expect(me.statusCode, u.role).toBe(200);
      expect(me.json().mfaState, u.role).toBe('full');
      const held = me.json().roles.map((g: { role: string; scopeId: string | null }) => `${g.role}@${g.scopeId}`);
      expect(held.sort(), u.role).toEqual(u.grants.map((g) => `${g.role}@${g.scopeId}`).sort());
    }
  });

  it('answers 401 to anonymous callers on every route that is not public, with or without a forged cookie', async () => {
    const anonymous = new Client(w.t.app);
    const forged = new Client(w.t.app);
    forged.cookie = `mamori_sid=${'f'.repeat(43)}`;
    forged.csrf = 'forged';
    let checked = 0;
    for (const route of ROUTES) {
      const spec = specFor(route, w);
      for (const client of [anonymous, forged]) {
        const res = await send(client, route, spec);
        if (route.access.kind === 'public') {
          expect([401, 403], routeName(route)).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, routeName(route)).toBe(401);
          expect(res.json().code, routeName(route)).toBe('UNAUTHENTICATED');
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('holds a session that still owes its second factor at 401 MFA_REQUIRED everywhere but the sign-in steps', async () => {
    const pending = new Client(w.t.app);
    const login = await pending.post('/api/v1/auth/login', { loginId: 'a.ciso', password: USER_PASSWORD });
    expect(login.json().mfa).toBe('pending');
    let checked = 0;
    for (const route of ROUTES) {
      const a = route.access;
      if (a.kind === 'public' || (a.kind === 'signedIn' && (a.partial === 'pending' || a.partial === 'any'))) continue;
      const res = await send(pending, route, specFor(route, w));
      expect(res.statusCode, routeName(route)).toBe(401);
      expect(res.json().code, routeName(route)).toBe('MFA_REQUIRED');
      checked += 1;
    }
    expect(checked).toBeGreaterThan(30);
  });

  for (const route of ROUTES) {
    if (LOGOUT_ROUTES.has(routeName(route))) continue;
    it(`${describeRoute(route)}: each role gets 403 exactly when the permission table says no`, async () => {
      const results: string[] = [];
      let firstAllowedDone = false;
      for (const user of w.users) {
        const spec = specFor(route, w);
        const allowed =
          route.access.kind !== 'permission' ||
          PERMISSIONS.canAtAll(actorOf(user.grants), route.access.action, route.access.resource);
        const headBefore = route.method === 'GET' ? 0 : await auditHead(w);
        const res = await send(user.client, route, spec);
        const label = `${user.role} → ${res.statusCode} ${res.statusCode >= 400 ? res.body.slice(0, 200) : ''}`;
        results.push(label);
        expect(res.statusCode, label).toBeLessThan(500);
        if (!allowed) {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().code, label).toBe('FORBIDDEN');
          if (route.method !== 'GET')
            expect(await auditHead(w), `${label}: a refused write left a trace`).toBe(headBefore);
          continue;
        }
        expect([401, 403], label).not.toContain(res.statusCode);
        const o = spec.outcome;
        if (o === 'success' || (o === 'first-success' && !firstAllowedDone)) {
          expect(res.statusCode, label).toBeGreaterThanOrEqual(200);
          expect(res.statusCode, label).toBeLessThan(300);
        } else if (Array.isArray(o)) {
          expect(o, label).toContain(res.statusCode);
        }
        firstAllowedDone = true;
      }
      // Each role answered; a route nobody may call would be dead code (or a typo in its permission).
      expect(results).toHaveLength(ALL_ROLES.length);
      expect(firstAllowedDone, 'some role may call this route').toBe(true);
    });
  }

  it('applies the record-level rule behind canAtAll: a 課室 manager may not edit someone outside their 課室', async () => {
    const manager = w.users.find((u) => u.role === 'SEC_MANAGER')!;
    const outsider = await createPerson(w.admin, { orgUnitId: w.org.deptId, familyName: '部局直属' });
    const res = await manager.client.patch(`/api/v1/people/${outsider}`, { title: '主査' });
    expect(res.statusCode).toBe(403);
    const inside = await manager.client.patch(`/api/v1/people/${w.victimPerson}`, { familyName: '改名' });
    expect(inside.statusCode).toBe(403);
    expect(inside.json().message.ja).toContain('人事記録');
  });

  it('applies the same access rule to a percent-encoded path that reaches the same route', async () => {
    const staff = w.users.find((u) => u.role === 'STAFF')!;
    const platformAdmin = w.users.find((u) => u.role === 'PLATFORM_ADMIN')!;
    for (const url of ['/%61pi/v1/accounts', '/api/v1/%61ccounts', '/%61%70%69/%76%31/accounts']) {
      expect((await new Client(w.t.app).get(url)).statusCode, url).toBe(401);
      const refused = await staff.client.get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code, url).toBe('FORBIDDEN');
      const allowed = await platformAdmin.client.get(url);
      expect(allowed.statusCode, url).toBe(200);
      expect(allowed.json().items.length, url).toBeGreaterThan(10);
    }
    // Writes through such a path still need the CSRF token.
    const noToken = Object.assign(new Client(w.t.app), { cookie: platformAdmin.client.cookie, csrf: '' });
    const write = await noToken.post('/%61pi/v1/bodies', { kind: 'ASSEMBLY', name: '議会' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('CSRF_TOKEN_INVALID');
  });

  describe('tenant isolation', () => {
    const idRoutes = ROUTES.filter((r) => r.url.includes(':') && r.access.kind !== 'public');
    const bIdFor = (w: World, route: ApiRoute): string => {
      const u = route.url;
      if (u.startsWith('/api/v1/bodies/')) return w.b.bodyId;
      if (u.startsWith('/api/v1/units/')) return w.b.unitId;
      if (u.startsWith('/api/v1/people/')) return w.b.personId;
      if (u.startsWith('/api/v1/appointments/')) return w.b.appointmentId;
      if (u.startsWith('/api/v1/accounts/')) return w.b.accountId;
      if (u.startsWith('/api/v1/account/sessions/')) return w.b.sessionId;
      return NO_SUCH_ID;
    };
    const leaks = (w: World, body: string) => w.b.markers.filter((m) => body.includes(m));

    it('shows tenant B its own records, so the markers below would be seen if they leaked', async () => {
      const people = await w.b.admin.get('/api/v1/people');
      expect(people.statusCode).toBe(200);
      expect(leaks(w, people.body)).toEqual(expect.arrayContaining([w.b.personId, '境界']));
      const accounts = await w.b.admin.get('/api/v1/accounts');
      expect(leaks(w, accounts.body)).toEqual(expect.arrayContaining([w.b.accountId, 'b.boundary']));
      const appts = await w.b.admin.get('/api/v1/appointments');
      expect(leaks(w, appts.body)).toContain(w.b.appointmentId);
    });

    it("answers 404 (or 403) to every A user asking for B's records by id, and shows nothing of them", async () => {
      expect(idRoutes.length).toBeGreaterThan(10);
      const checked = new Set<string>();
      for (const user of [...w.users]) {
        for (const route of idRoutes) {
          const spec = specFor(route, w);
          const bId = bIdFor(w, route);
          const res = await send(user.client, route, { ...spec, params: { id: bId } });
          const label = `${user.role} ${routeName(route)} → ${res.statusCode} ${res.body.slice(0, 160)}`;
          expect(leaks(w, res.body), label).toEqual([]);
          // Routes with no B record of their own kind get an id that exists nowhere; where this suite has no valid
          // body for them, the body is refused before any lookup, which reveals nothing either.
          const refusedBody = bId === NO_SUCH_ID && res.statusCode === 400 && res.json().code === 'VALIDATION_FAILED';
          if (refusedBody) continue;
          expect([403, 404], label).toContain(res.statusCode);
          if (res.statusCode === 404) checked.add(routeName(route));
        }
      }
      // The admin-only routes were reached by the Mamori administrator and still found nothing.
      for (const name of [
        'GET /api/v1/people/:id',
        'GET /api/v1/accounts/:id',
        'PATCH /api/v1/people/:id',
        'POST /api/v1/appointments/:id/end',
        'GET /api/v1/units/:id/history',
      ]) {
        expect(checked, name).toContain(name);
      }
    });

    it('never lists B rows in any list endpoint, for any A user', async () => {
      const lists = ROUTES.filter((r) => r.method === 'GET' && !r.url.includes(':') && r.access.kind !== 'public');
      expect(lists.map(routeName)).toEqual(
        expect.arrayContaining(['GET /api/v1/people', 'GET /api/v1/accounts', 'GET /api/v1/audit-events']),
      );
      let seen = 0;
      for (const user of [w.admin, ...w.users.map((u) => u.client)]) {
        for (const route of lists) {
          for (const query of ['', 'includeEnded=true', 'includeClosed=true', 'limit=200']) {
            const res = await user.request('GET', `${route.url}${query ? `?${query}` : ''}`);
            if (res.statusCode !== 200) continue;
            seen += 1;
            expect(leaks(w, res.body), `${routeName(route)}?${query}`).toEqual([]);
          }
        }
      }
      expect(seen).toBeGreaterThan(100);
      // Filters naming B's records find nothing either.
      for (const url of [
        `/api/v1/people?unitId=${w.b.unitId}`,
        `/api/v1/appointments?personId=${w.b.personId}&includeEnded=true`,
        `/api/v1/appointments?scopeId=${w.b.unitId}&includeEnded=true`,
        `/api/v1/audit-events?entityId=${w.b.personId}`,
        `/api/v1/audit-events/export?entityId=${w.b.accountId}`,
        // The organisation exports (CSV, so that a leaked marker would be readable in the body).
        `/api/v1/people/export?format=csv&status=ACTIVE`,
        `/api/v1/people/export?format=csv&unitId=${w.b.unitId}`,
        `/api/v1/appointments/export?format=csv&personId=${w.b.personId}&includeEnded=true`,
        `/api/v1/units/export?format=csv&includeClosed=true`,
        `/api/v1/bodies/export?format=csv`,
      ]) {
        const res = await w.admin.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(leaks(w, res.body), url).toEqual([]);
        if (res.headers['content-type']?.toString().includes('json')) expect(res.json().items, url).toEqual([]);
      }
    });

    it("refuses to link A's records to B's: appointments, units, people, accounts and transfers", async () => {
      const a = w.admin;
      const attempts = [
        await a.post('/api/v1/appointments', { role: 'AUDITOR', personId: w.b.personId, validFrom: SINCE }),
        await a.post('/api/v1/appointments', {
          role: 'SEC_MANAGER',
          personId: w.victimPerson,
          scopeId: w.b.unitId,
          validFrom: SINCE,
        }),
        await a.post('/api/v1/units', { bodyId: w.b.bodyId, level: 'DEPT', name: '越境部', validFrom: SINCE }),
        await a.post('/api/v1/units', {
          bodyId: w.org.bodyId,
          parentId: w.b.unitId,
          level: 'TEAM',
          name: '越境係',
          validFrom: SINCE,
        }),
        await a.post('/api/v1/people', {
          staffNumber: nextStaffNumber('X'),
          familyName: '越境',
          givenName: '花子',
          familyKana: 'えっきょう',
          givenKana: 'はなこ',
          employmentType: 'STAFF',
          orgUnitId: w.b.unitId,
        }),
        await a.post('/api/v1/accounts', { personId: w.b.personId, loginId: 'a.crossing', password: USER_PASSWORD }),
        await a.post(`/api/v1/people/${w.victimPerson}/transfer`, { orgUnitId: w.b.unitId, date: today }),
      ];
      for (const res of attempts) {
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
        expect(leaks(w, res.body)).toEqual([]);
      }
      // A login id taken in B is refused without saying more.
      const person = await createPerson(a, { orgUnitId: w.org.sectionId, familyName: '同名' });
      const taken = await a.post('/api/v1/accounts', {
        personId: person,
        loginId: 'b.boundary',
        password: USER_PASSWORD,
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().code).toBe('LOGIN_ID_TAKEN');
      expect(leaks(w, taken.body).filter((m) => m !== 'b.boundary')).toEqual([]);
    });

    it("leaves B's records exactly as they were, and B's trail free of A's users", async () => {
      const b = w.b.admin;
      const person = (await b.get(`/api/v1/people/${w.b.personId}`)).json();
      expect(person).toMatchObject({ familyName: '境界', givenName: '太郎', title: '主事', status: 'ACTIVE' });
      expect(person.appointments).toEqual([expect.objectContaining({ id: w.b.appointmentId, validTo: null })]);
      const account = (await b.get(`/api/v1/accounts/${w.b.accountId}`)).json();
      expect(account).toMatchObject({ loginId: 'b.boundary', disabled: false, lockedUntil: null });
      const units = (await b.get('/api/v1/units')).json().items;
      expect(units.find((u: { id: string }) => u.id === w.b.unitId)).toMatchObject({ name: '境界課', validTo: null });
      const bodies = (await b.get('/api/v1/bodies')).json();
      expect(bodies.find((x: { id: string }) => x.id === w.b.bodyId)).toMatchObject({
        name: '境界村長部局',
        sortOrder: 0,
      });
      // B's session was not ended by A's DELETE /account/sessions/:id.
      expect((await b.get('/api/v1/auth/me')).statusCode).toBe(200);

      const aUsers = new Set([...w.users.map((u) => u.accountId)]);
      const actors = await asSystem(w.t.database, (tx) =>
        tx.selectFrom('audit_event').select('actor_user_id').where('tenant_id', '=', w.b.tenantId).execute(),
      );
      expect(actors.length).toBeGreaterThan(5);
      expect(actors.filter((e) => e.actor_user_id !== null && aUsers.has(e.actor_user_id))).toEqual([]);
      const verdict = (await b.post('/api/v1/audit-events/verify')).json();
      expect(verdict.ok).toBe(true);
    });

    it.skipIf(kind !== 'postgres')(
      'on PostgreSQL, row-level security hides every row from a query through the app pool without a tenant',
      async () => {
        const db = w.t.database.db;
        for (const table of [
          'person',
          'user_account',
          'appointment',
          'org_unit',
          'audit_event',
          'auth_session',
        ] as const) {
          expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
        }
        expect(await db.selectFrom('tenant').selectAll().execute()).toEqual([]);
        // The same rows exist: a superuser connection, which ignores the policies, sees them.
        const raw = openRaw(w.testDb.url);
        try {
          const all = await raw.db.selectFrom('person').select(['tenant_id']).execute();
          expect(all.filter((p) => p.tenant_id === w.tenantId).length).toBeGreaterThan(10);
          expect(all.filter((p) => p.tenant_id === w.b.tenantId).length).toBeGreaterThan(1);
        } finally {
          await raw.close();
        }
        // Scoped to A, the pool sees A's people only; B's rows can be neither changed nor created.
        const scope = { tenantId: w.tenantId, actor: actorOf([]) };
        const seen = await inTenant(w.t.database, scope, (tx) => tx.selectFrom('person').select('tenant_id').execute());
        expect(seen.length).toBeGreaterThan(10);
        expect(new Set(seen.map((p) => p.tenant_id))).toEqual(new Set([w.tenantId]));
        const changed = await inTenant(w.t.database, scope, (tx) =>
          tx.updateTable('person').set({ title: '乗っ取り' }).where('id', '=', w.b.personId).executeTakeFirst(),
        );
        expect(Number(changed.numUpdatedRows)).toBe(0);
        await expect(
          inTenant(w.t.database, scope, (tx) =>
            sql`UPDATE person SET tenant_id = ${w.b.tenantId} WHERE id = ${w.victimPerson}`.execute(tx),
          ),
        ).rejects.toThrow(/row-level security/);
        // The audit trail is append-only for the application role, even inside its own tenant.
        await expect(
          inTenant(w.t.database, scope, (tx) =>
            sql`DELETE FROM audit_event WHERE tenant_id = ${w.tenantId}`.execute(tx),
          ),
        ).rejects.toThrow(/permission denied/);
      },
    );
  });

  it('ends the session on logout and every session on logout-all, for every role', async () => {
    const anonymous = new Client(w.t.app);
    expect((await anonymous.post('/api/v1/auth/logout')).statusCode).toBe(401);
    expect((await anonymous.post('/api/v1/auth/logout-all')).statusCode).toBe(401);
    for (const user of w.users) {
      const second = await signInAgain(w.t, user.loginId);
      expect((await second.get('/api/v1/auth/me')).statusCode, user.role).toBe(200);
      expect((await second.post('/api/v1/auth/logout')).statusCode, user.role).toBe(204);
      expect((await second.get('/api/v1/auth/me')).statusCode, user.role).toBe(401);
      expect((await user.client.get('/api/v1/auth/me')).statusCode, user.role).toBe(200);
      const all = await user.client.post('/api/v1/auth/logout-all');
      expect(all.statusCode, user.role).toBe(200);
      expect(all.json().closed, user.role).toBeGreaterThanOrEqual(1);
      expect((await user.client.get('/api/v1/auth/me')).statusCode, user.role).toBe(401);
    }
  });
});
