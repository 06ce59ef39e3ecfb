/**
 * People holding each role of the policy, created the way an administrator would: a person and an account through
 * the admin API, then an appointment (or the account flag for the Mamori administrator). Shared by the security
 * suites: the authorization matrix, the tenant-isolation checks and the sign-in flows.
 */
import type { LightMyRequestResponse } from 'fastify';
import { openDatabase } from '../../src/db/database.ts';
import type { Actor, RoleGrant } from '../../src/db/scope.ts';
import { asSystem } from '../../src/db/scope.ts';
import { ALL_ROLES, ROLES, type RoleCode } from '../../src/domain/roles.ts';
import { sha256Hex } from '../../src/platform/auth/secrets.ts';
import type { Access } from '../../src/platform/http/access.ts';
import { buildServer } from '../../src/platform/server.ts';
import {
  type Client,
  ISSUED_PASSWORD,
  replaceIssuedPassword,
  signInEnrolling,
  type TestApp,
  testConfig,
} from './app.ts';

/** A start date in the past, so units and appointments are in force today whatever the clock says. */
export const SINCE = '2024-04-01';
/** SYSTEM-scoped roles (情報システム管理者・担当者) take the id of a system; no system registry exists yet. */
export const SYSTEM_SCOPE_ID = '01900000-0000-7000-8000-0000000000aa';
export const USER_PASSWORD = 'Kensho-shokuin-pass-2026';
/** A well-formed id that names nothing. */
export const NO_SUCH_ID = '01900000-0000-7000-8000-00000000dead';

export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
}

/**
 * The /api/v1 routes the server declares, read from a throwaway server on an in-memory database. Lets a test file
 * declare one test per route at collection time.
 */
export async function declaredApiRoutes(): Promise<ApiRoute[]> {
  const database = await openDatabase(':memory:');
  const app = await buildServer(database, testConfig());
  await app.ready();
  const routes = app.apiRoutes.map((r) => ({ method: r.method, url: r.url, access: r.access as Access }));
  await app.close();
  await database.close();
  return routes;
}

export const routeName = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Fails with the response in the message, so a broken fixture says why. */
export function ok(res: LightMyRequestResponse, what: string): LightMyRequestResponse {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
}

export interface OrgFixture {
  bodyId: string;
  deptId: string;
  sectionId: string;
}

/** One 実施機関 with a 部局 and a 課室 under it. */
export async function createOrg(admin: Client, names = { dept: '総務部', section: '総務課' }): Promise<OrgFixture> {
  const bodies = ok(await admin.get('/api/v1/bodies'), 'list bodies').json();
  const bodyId = bodies[0].id as string;
  const dept = ok(
    await admin.post('/api/v1/units', { bodyId, level: 'DEPT', name: names.dept, validFrom: SINCE }),
    'create dept',
  ).json();
  const section = ok(
    await admin.post('/api/v1/units', {
      bodyId,
      parentId: dept.id,
      level: 'SECTION',
      name: names.section,
      validFrom: SINCE,
    }),
    'create section',
  ).json();
  return { bodyId, deptId: dept.id, sectionId: section.id };
}

let staffCounter = 0;
/** A staff number no other person of the test run has. */
export const nextStaffNumber = (prefix = 'T') => `${prefix}${process.pid}-${++staffCounter}`;

export async function createPerson(
  admin: Client,
  input: { orgUnitId?: string | null; familyName?: string; givenName?: string; staffNumber?: string } = {},
): Promise<string> {
  const res = await admin.post('/api/v1/people', {
    staffNumber: input.staffNumber ?? nextStaffNumber(),
    familyName: input.familyName ?? '試験',
    givenName: input.givenName ?? '職員',
    familyKana: 'しけん',
    givenKana: 'しょくいん',
    employmentType: 'STAFF',
    orgUnitId: input.orgUnitId ?? null,
    title: '主事',
  });
  return ok(res, 'create person').json().id;
}

export async function createAccount(
  admin: Client,
  personId: string,
  loginId: string,
  options: { isPlatformAdmin?: boolean; password?: string } = {},
): Promise<string> {
  const res = await admin.post('/api/v1/accounts', {
    personId,
    loginId,
    password: ISSUED_PASSWORD,
    ...(options.isPlatformAdmin ? { isPlatformAdmin: true } : {}),
  });
  const id = ok(res, `create account ${loginId}`).json().id;
  // The issued password must be replaced at first sign-in; the user then has the password the tests use.
  await replaceIssuedPassword(admin.app, loginId, ISSUED_PASSWORD, options.password ?? USER_PASSWORD);
  return id;
}

/** Where an appointment of this role is scoped in the fixture organisation. */
export function scopeOf(role: RoleCode, org: OrgFixture): string | null {
  if (role === 'STAFF' || role === 'PLATFORM_ADMIN') return null;
  const kind = ROLES[role].scope;
  if (kind === 'SYSTEM') return SYSTEM_SCOPE_ID;
  if (kind === 'ORG_UNIT') return role === 'SEC_RESPONSIBLE' ? org.deptId : org.sectionId;
  return null;
}

export async function appoint(admin: Client, role: RoleCode, personId: string, scopeId: string | null) {
  const res = await admin.post('/api/v1/appointments', {
    role,
    personId,
    ...(scopeId ? { scopeId } : {}),
    validFrom: SINCE,
    appointedBy: '町長',
  });
  return ok(res, `appoint ${role}`).json().id as string;
}

export interface RoleUser {
  role: RoleCode;
  loginId: string;
  personId: string;
  accountId: string;
  client: Client;
  /** The grants this user is expected to hold: the role under test, and STAFF for every active person. */
  grants: RoleGrant[];
}

/** The grants a holder of `role` has, as the fixture creates them. */
export function expectedGrants(role: RoleCode, org: OrgFixture): RoleGrant[] {
  const staff: RoleGrant = { role: 'STAFF', scopeKind: 'TENANT', scopeId: null };
  if (role === 'STAFF') return [staff];
  if (role === 'PLATFORM_ADMIN') return [{ role: 'PLATFORM_ADMIN', scopeKind: 'TENANT', scopeId: null }, staff];
  return [staff, { role, scopeKind: ROLES[role].scope, scopeId: scopeOf(role, org) }];
}

export const actorOf = (grants: RoleGrant[], personId: string | null = null): Actor => ({
  userId: null,
  personId,
  label: 'test',
  roles: grants,
});

/**
 * A person in the 課室 with an account holding exactly one role (plus STAFF), signed in. Roles that require MFA
 * (CISO, 統括, Mamori管理者) enrol TOTP on the way, as a real user must.
 */
export async function createRoleUser(
  t: TestApp,
  admin: Client,
  org: OrgFixture,
  role: RoleCode,
  loginPrefix: string,
): Promise<RoleUser> {
  const personId = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '役割', givenName: role });
  const loginId = `${loginPrefix}.${role.toLowerCase()}`;
  const accountId = await createAccount(admin, personId, loginId, { isPlatformAdmin: role === 'PLATFORM_ADMIN' });
  if (role !== 'STAFF' && role !== 'PLATFORM_ADMIN') await appoint(admin, role, personId, scopeOf(role, org));
  const client = await signInEnrolling(t, loginId, USER_PASSWORD);
  return { role, loginId, personId, accountId, client, grants: expectedGrants(role, org) };
}

export async function createRoleUsers(
  t: TestApp,
  admin: Client,
  org: OrgFixture,
  loginPrefix: string,
  roles: RoleCode[] = ALL_ROLES,
): Promise<RoleUser[]> {
  const users: RoleUser[] = [];
  for (const role of roles) users.push(await createRoleUser(t, admin, org, role, loginPrefix));
  return users;
}

/**
 * Signs a user in again. A TOTP code may be used once per time step, so for a user who just used one the
 * remembered step is cleared first (the test stands in for a user waiting 30 seconds).
 */
export async function signInAgain(t: TestApp, loginId: string, password = USER_PASSWORD): Promise<Client> {
  await asSystem(t.database, (tx) =>
    tx.updateTable('user_account').set({ totp_last_step: null }).where('login_id', '=', loginId).execute(),
  );
  return signInEnrolling(t, loginId, password);
}

/** The session token a client holds, and the id under which the server stores it. */
export function sessionOf(client: Client): { token: string; id: string } {
  const token = client.cookie.replace(/^mamori_sid=/, '');
  return { token, id: sha256Hex(token) };
}
