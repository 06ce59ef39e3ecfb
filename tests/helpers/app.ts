/**
 * A real Mamori server on a test database, driven through fastify's inject() (no sockets needed), with helpers
 * to set up a town and sign in as someone holding a given role.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import type { Database } from '../../src/db/database.ts';
import { openSecret } from '../../src/platform/auth/secrets.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { buildServer } from '../../src/platform/server.ts';
import type { TestDatabase } from './databases.ts';

export const ADMIN_PASSWORD = 'Aoba-town-kanri-2026';

export function testConfig(): Config {
  return {
    ...loadConfig({ MAMORI_SECRET_KEY: 'ab'.repeat(32), MAMORI_LOG_LEVEL: 'silent' }),
    logLevel: 'silent',
    runJobs: false,
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export async function startApp(testDb: TestDatabase): Promise<TestApp> {
  const database = await testDb.open();
  const config = testConfig();
  const app = await buildServer(database, config);
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** A signed-in browser-like client: keeps the session cookie and sends the CSRF header on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.cookies.find((c) => c.name === 'mamori_sid');
    if (set) this.cookie = set.value ? `mamori_sid=${set.value}` : '';
    const json = res.headers['content-type']?.toString().includes('json') ? res.json() : null;
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return res;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export const SETUP = {
  tenant: {
    name: '青葉町',
    code: '029998',
    committeeName: '青葉町情報セキュリティ委員会',
    bodies: [{ kind: 'MAYOR_DEPT', name: '町長部局' }],
  },
  admin: {
    familyName: '佐藤',
    givenName: '花子',
    familyKana: 'さとう',
    givenKana: 'はなこ',
    staffNumber: 'A0001',
    loginId: 'admin',
    password: ADMIN_PASSWORD,
  },
};

/** Current TOTP code for a user whose secret is stored (decrypts it the way the server does). */
export async function totpFor(t: TestApp, loginId: string): Promise<string> {
  const { asSystem } = await import('../../src/db/scope.ts');
  const row = await asSystem(t.database, (tx) =>
    tx
      .selectFrom('user_account')
      .select(['totp_secret', 'totp_pending_secret'])
      .where('login_id', '=', loginId)
      .executeTakeFirstOrThrow(),
  );
  const sealed = row.totp_secret ?? row.totp_pending_secret;
  if (!sealed) throw new Error(`${loginId} has no TOTP secret`);
  return generateSync({ secret: openSecret(t.config.secretKey, sealed) });
}

/**
 * Runs first-run setup and signs the administrator in, enrolling TOTP (required for administrators).
 * Returns the signed-in admin client.
 */
export async function setupAndSignIn(t: TestApp, setup = SETUP): Promise<Client> {
  const anon = new Client(t.app);
  const res = await anon.post('/api/v1/setup', setup);
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return signInEnrolling(t, setup.admin.loginId, setup.admin.password);
}

/** Signs in; if MFA enrolment is demanded, enrols TOTP; if a second factor is owed, answers it. */
export async function signInEnrolling(t: TestApp, loginId: string, password: string): Promise<Client> {
  const client = new Client(t.app);
  const login = await client.post('/api/v1/auth/login', { loginId, password });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const state = login.json().mfa;
  if (state === 'enrol') {
    const started = await client.post('/api/v1/account/totp/setup');
    if (started.statusCode !== 200) throw new Error(`totp setup failed: ${started.body}`);
    const confirm = await client.post('/api/v1/account/totp/confirm', { code: await totpFor(t, loginId) });
    if (confirm.statusCode !== 200) throw new Error(`totp confirm failed: ${confirm.body}`);
  } else if (state === 'pending') {
    const mfa = await client.post('/api/v1/auth/mfa/totp', { code: await totpFor(t, loginId) });
    if (mfa.statusCode !== 200) throw new Error(`totp login failed: ${mfa.body}`);
  }
  return client;
}

/** A password as an administrator would issue it; fixtures replace it at once (see replaceIssuedPassword). */
export const ISSUED_PASSWORD = 'Issued-by-admin-2026';

/**
 * Accounts an administrator creates (or whose password they reset) must replace that password at the next
 * sign-in and can do nothing else until then. A fixture that needs a ready user signs in once with the issued
 * password, sets the one the test will use, and signs out.
 */
export async function replaceIssuedPassword(app: FastifyInstance, loginId: string, issued: string, chosen: string) {
  const client = new Client(app);
  const login = await client.post('/api/v1/auth/login', { loginId, password: issued });
  if (login.statusCode !== 200) throw new Error(`first sign-in failed: ${login.statusCode} ${login.body}`);
  if (login.json().passwordChangeRequired !== true) throw new Error(`${loginId} was not asked to change the password`);
  const changed = await client.post('/api/v1/account/password', { current: issued, next: chosen });
  if (changed.statusCode !== 200) throw new Error(`password change failed: ${changed.statusCode} ${changed.body}`);
  await client.post('/api/v1/auth/logout');
}
