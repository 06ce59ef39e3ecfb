/**
 * A server killed with SIGKILL in the middle of a stream of writes loses nothing it acknowledged, leaves an intact
 * database, and leaves an audit trail that matches exactly what committed — on SQLite and on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { generateSync } from 'otplib';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, openRaw } from '../../src/db/database.ts';
import { asSystem } from '../../src/db/scope.ts';
import { verifyChain } from '../../src/platform/audit-log/trail.ts';
import { openSecret } from '../../src/platform/auth/secrets.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { type CliEnv, type RunningServer, runCli, startServer, TEST_SECRET_KEY } from './processes.ts';

const PASSWORD = 'Aoba-crash-test-2026';
const WORKERS = 8;
const KILL_AFTER = 40;

/** A browser-like session over real HTTP: the session cookie and the CSRF token. */
class HttpSession {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async post(path: string, body: unknown = {}): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      body: JSON.stringify(body),
    });
    const sid = res.headers.getSetCookie().find((c) => c.startsWith('mamori_sid='));
    if (sid) this.cookie = sid.split(';')[0];
    return res;
  }
}

async function pendingTotp(url: string, loginId: string): Promise<string> {
  const raw = openRaw(url);
  try {
    const row = await raw.db
      .selectFrom('user_account')
      .select('totp_pending_secret')
      .where('login_id', '=', loginId)
      .executeTakeFirstOrThrow();
    return generateSync({ secret: openSecret(Buffer.from(TEST_SECRET_KEY, 'hex'), row.totp_pending_secret!) });
  } finally {
    await raw.close();
  }
}

async function signInEnrolling(base: string, url: string): Promise<HttpSession> {
  const s = new HttpSession(base);
  const login = await s.post('/api/v1/auth/login', { loginId: 'admin', password: PASSWORD });
  expect(login.status).toBe(200);
  const state = await login.json();
  expect(state.mfa).toBe('enrol');
  s.csrf = state.csrfToken;
  expect((await s.post('/api/v1/account/totp/setup')).status).toBe(200);
  const confirm = await s.post('/api/v1/account/totp/confirm', { code: await pendingTotp(url, 'admin') });
  expect(confirm.status).toBe(200);
  s.csrf = (await confirm.json()).csrfToken;
  return s;
}

describeEachDatabase('crash: SIGKILL during concurrent writes', (make, kind) => {
  let testDb: TestDatabase | undefined;
  let server: RunningServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await testDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = undefined;
    testDb = undefined;
    dir = undefined;
  });

  it('keeps every acknowledged write, an intact database and a consistent audit trail', async () => {
    const started = Date.now();
    testDb = await make();
    dir = mkdtempSync(join(tmpdir(), 'mamori-crash-'));
    const env: CliEnv = { DATABASE_URL: testDb.url, MAMORI_DATA_DIR: dir };
    // Let the server own the database from the start: the CLI creates the town, the server is started after.
    const created = await runCli(
      [
        'create-admin',
        '--tenant-name=青葉町',
        '--tenant-code=029998',
        '--login=admin',
        `--password=${PASSWORD}`,
        '--family=佐藤',
        '--given=彩香',
        '--family-kana=さとう',
        '--given-kana=あやか',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);

    server = await startServer(env);
    const session = await signInEnrolling(server.base, testDb.url);

    const acknowledged: string[] = [];
    const failedWhileDying: string[] = [];
    let next = 0;
    let killing: Promise<void> | undefined;
    const running = server;
    const worker = async () => {
      while (!killing) {
        const staffNumber = `K${String(next++).padStart(4, '0')}`;
        try {
          const res = await session.post('/api/v1/people', {
            staffNumber,
            familyName: '検証',
            givenName: `${staffNumber}号`,
            familyKana: 'けんしょう',
            givenKana: 'いちろう',
            employmentType: 'STAFF',
            title: '主事',
          });
          if (res.status === 201) acknowledged.push(staffNumber);
          else if (!killing) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        } catch (e) {
          if (!killing) {
            // A real failure, not the kill: stop the others too, then report it.
            killing = running.stop('SIGKILL');
            throw e;
          }
          failedWhileDying.push(staffNumber);
        }
        // Kill while the other workers still have requests in flight.
        if (acknowledged.length >= KILL_AFTER && !killing) killing = running.stop('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await killing;
    expect(server.child.signalCode).toBe('SIGKILL');
    server = undefined;
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill landed mid-stream: other requests were still in flight and got no answer.
    expect(failedWhileDying.length).toBeGreaterThan(0);

    if (kind === 'sqlite') {
      const file = new SQLite(testDb.url);
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      file.close();
    }
    const database = await openDatabase(testDb.url);
    try {
      const tenant = await asSystem(database, (tx) =>
        tx.selectFrom('tenant').select('id').where('code', '=', '029998').executeTakeFirstOrThrow(),
      );
      const people = await asSystem(database, (tx) =>
        tx.selectFrom('person').select(['id', 'staff_number']).where('tenant_id', '=', tenant.id).execute(),
      );
      const stored = new Set(people.map((p) => p.staff_number));
      expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
      // Only requests that were sent can have committed (in flight at the kill, they may or may not have).
      const sent = new Set([...acknowledged, ...failedWhileDying, 'admin']);
      expect(people.filter((p) => !sent.has(p.staff_number))).toEqual([]);

      const verdict = await verifyChain(database, tenant.id);
      expect(verdict.ok).toBe(true);
      // The trail says exactly what committed: one creation event per stored person, none for a lost write.
      const events = await asSystem(database, (tx) =>
        tx
          .selectFrom('audit_event')
          .select('entity_id')
          .where('tenant_id', '=', tenant.id)
          .where('entity_type', '=', 'person')
          .where('action', '=', 'create')
          .execute(),
      );
      expect(events.map((e) => e.entity_id).sort()).toEqual(people.map((p) => p.id).sort());
    } finally {
      await database.close();
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 60_000);
});
