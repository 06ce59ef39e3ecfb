/**
 * A server killed with SIGKILL in the middle of a 10,000-row import leaves no partial rows: the import is one
 * transaction, so after the restart the register holds none of the file, the database is intact and the audit
 * trail has no import event. The kill is aimed at the write itself (the SQLite WAL growing, or PostgreSQL running
 * the INSERT), not at the upload before it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { generateSync } from 'otplib';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, openRaw } from '../../src/db/database.ts';
import { asSystem, toCount } from '../../src/db/scope.ts';
import { ASSET_COLUMNS } from '../../src/modules/assets/columns.ts';
import { verifyChain } from '../../src/platform/audit-log/trail.ts';
import { openSecret } from '../../src/platform/auth/secrets.ts';
import { type CliEnv, type RunningServer, runCli, startServer, TEST_SECRET_KEY } from '../cli/processes.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';

const PASSWORD = 'Aoba-asset-crash-2026';
const ROWS = 10_000;

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs the administrator in over HTTP, enrolling TOTP (administrators must). */
async function signIn(base: string, url: string) {
  let cookie = '';
  let csrf = '';
  const post = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: JSON.stringify(body),
    });
    const sid = res.headers.getSetCookie().find((c) => c.startsWith('mamori_sid='));
    if (sid) cookie = sid.split(';')[0];
    const out = await json(res);
    if (typeof out.csrfToken === 'string') csrf = out.csrfToken;
    return out;
  };
  await post('/api/v1/auth/login', { loginId: 'admin', password: PASSWORD });
  await post('/api/v1/account/totp/setup');
  const raw = openRaw(url);
  const row = await raw.db
    .selectFrom('user_account')
    .select('totp_pending_secret')
    .where('login_id', '=', 'admin')
    .executeTakeFirstOrThrow();
  await raw.close();
  const code = generateSync({ secret: openSecret(Buffer.from(TEST_SECRET_KEY, 'hex'), row.totp_pending_secret!) });
  await post('/api/v1/account/totp/confirm', { code });
  return { post, headers: () => ({ cookie, 'x-csrf-token': csrf }) };
}

describeEachDatabase('crash: SIGKILL during a 10,000-row asset import', (make, kind) => {
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

  it('leaves no partial rows, an intact database and no import event', async () => {
    testDb = await make();
    dir = mkdtempSync(join(tmpdir(), 'mamori-asset-crash-'));
    const env: CliEnv = { DATABASE_URL: testDb.url, MAMORI_DATA_DIR: dir };
    const created = await runCli(
      [
        'create-admin',
        '--tenant-name=青葉町',
        '--tenant-code=029998',
        '--login=admin',
        `--password=${PASSWORD}`,
      ].concat(['--family=佐藤', '--given=彩香', '--family-kana=さとう', '--given-kana=あやか']),
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    server = await startServer(env);
    const base = server.base;
    const admin = await signIn(base, testDb.url);
    // The importer: a member of the policy office (the administrator may not appoint themselves).
    const person = await admin.post('/api/v1/people', {
      staffNumber: 'P0001',
      familyName: '事務局',
      givenName: '花子',
      familyKana: 'じむきょく',
      givenKana: 'はなこ',
      employmentType: 'STAFF',
    });
    await admin.post('/api/v1/accounts', { personId: person.id, loginId: 'office', password: PASSWORD });
    await admin.post('/api/v1/appointments', { role: 'POLICY_OFFICE', personId: person.id, validFrom: '2024-04-01' });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'office', password: PASSWORD }),
    });
    const office = {
      cookie: login.headers
        .getSetCookie()
        .find((c) => c.startsWith('mamori_sid='))!
        .split(';')[0],
      'x-csrf-token': (await json(login)).csrfToken as string,
    };
    // The administrator issued that password: it is replaced first (and the session gets a new token).
    const changed = await fetch(`${base}/api/v1/account/password`, {
      method: 'POST',
      headers: { ...office, 'content-type': 'application/json' },
      body: JSON.stringify({ current: PASSWORD, next: `${PASSWORD}-own` }),
    });
    office.cookie = changed.headers
      .getSetCookie()
      .find((c) => c.startsWith('mamori_sid='))!
      .split(';')[0];
    office['x-csrf-token'] = (await json(changed)).csrfToken as string;

    const header = ASSET_COLUMNS.map((c) => c.header).join(',');
    const line = (i: number) =>
      ASSET_COLUMNS.map(
        (c) =>
          (
            ({
              ref: `CR-${i}`,
              name: `取込${i}`,
              kind: '情報（電子データ）',
              medium: '電子データ',
              tier: 'LGWAN接続系',
              C: '2',
              I: '1',
              A: '1',
              note: 'x'.repeat(200),
            }) as Record<string, string>
          )[c.key] ?? '',
      ).join(',');
    const csv = `\ufeff${[header, ...Array.from({ length: ROWS }, (_, i) => line(i))].join('\r\n')}\r\n`;
    const form = new FormData();
    form.append('file', new Blob([csv]), 'crash.csv');
    // Watch for the write: PostgreSQL shows the INSERT running; SQLite's WAL grows as the transaction spills pages.
    const wal = `${testDb.url}-wal`;
    const walSize = () => {
      try {
        return statSync(wal).size;
      } catch {
        return 0;
      }
    };
    const startWal = walSize();
    const pgAdmin = kind === 'postgres' ? new pg.Client({ connectionString: testDb.url }) : null;
    await pgAdmin?.connect();
    const writing = async () =>
      kind === 'postgres'
        ? toCount(
            (
              await pgAdmin!.query(
                `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'insert into "asset"%'`,
              )
            ).rows[0].n,
          ) > 0
        : walSize() > startWal + 256 * 1024;

    let answered = false;
    const upload = fetch(`${base}/api/v1/assets/import?mode=commit`, {
      method: 'POST',
      headers: office,
      body: form,
    })
      .then(() => {
        answered = true;
      })
      .catch(() => undefined);
    const deadline = Date.now() + 30_000;
    let sawWrite = false;
    while (!answered && Date.now() < deadline) {
      if (await writing()) {
        sawWrite = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await server.stop('SIGKILL');
    await upload;
    await pgAdmin?.end();
    expect(server.child.signalCode).toBe('SIGKILL');
    server = undefined;
    expect(sawWrite, 'the kill landed while the import was writing').toBe(true);
    expect(answered, 'the import never answered').toBe(false);

    if (kind === 'sqlite') {
      const file = new SQLite(testDb.url);
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      file.close();
    }
    const database = await openDatabase(testDb.url);
    try {
      const counts = await asSystem(database, async (tx) => ({
        assets: toCount(
          (
            await tx
              .selectFrom('asset')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        imports: toCount(
          (
            await tx
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('entity_type', '=', 'asset')
              .where('action', '=', 'import')
              .executeTakeFirstOrThrow()
          ).n,
        ),
        tenant: (await tx.selectFrom('tenant').select('id').executeTakeFirstOrThrow()).id,
      }));
      expect(counts.assets).toBe(0);
      expect(counts.imports).toBe(0);
      expect((await verifyChain(database, counts.tenant)).ok).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);
});
