/**
 * The audit trail is hash-chained per tenant. After real writes through the API the chain verifies; a change made
 * behind the application's back — a row altered, deleted, two rows' order swapped, the newest row removed — is
 * named with its sequence number by the verifier, by POST /api/v1/audit-events/verify and by `mamori audit verify`.
 *
 * The tampering uses raw access: better-sqlite3 on the SQLite file, a superuser `pg` client on PostgreSQL (the
 * application's own role, mamori_app, may not UPDATE or DELETE audit rows).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { createTenantWithAdmin } from '../../src/modules/setup/service.ts';
import type { ChainProblem } from '../../src/platform/audit-log/chain.ts';
import { verifyChain } from '../../src/platform/audit-log/trail.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { appoint, createOrg, createPerson, ok, USER_PASSWORD } from '../helpers/roles.ts';

const REPO = resolve(import.meta.dirname, '../..');

/** Runs SQL as the database owner: `?` placeholders, rewritten to $n for PostgreSQL. */
async function rawExec(testDb: TestDatabase, statements: Array<[string, unknown[]]>): Promise<void> {
  if (testDb.kind === 'sqlite') {
    const db = new SQLite(testDb.url);
    try {
      db.transaction(() => {
        for (const [text, params] of statements) db.prepare(text).run(...params);
      })();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const [text, params] of statements) {
      let n = 0;
      await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      );
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

function runCliVerify(testDb: TestDatabase): { status: number | null; stdout: string; stderr: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-cli-'));
  try {
    const { MAMORI_SECRET_KEY: _k, ...env } = process.env;
    const result = spawnSync(process.execPath, ['bin/mamori.js', 'audit', 'verify'], {
      cwd: REPO,
      env: { ...env, DATABASE_URL: testDb.url, MAMORI_DATA_DIR: dataDir, MAMORI_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describeEachDatabase('audit trail hash chain', (make, kind) => {
  let testDb: TestDatabase;
  let t: TestApp;
  let admin: Client;
  let tenantId: string;
  let otherTenantId: string;
  /** seq → event id of tenant A's events, as recorded before any tampering. */
  let events: Map<number, string>;
  let head: number;

  beforeEach(async () => {
    testDb = await make();
    t = await startApp(testDb);
    admin = await setupAndSignIn(t);
    tenantId = ok(await admin.get('/api/v1/auth/me'), 'me').json().tenant.id;
    // Writes of several kinds, each leaving an event.
    const org = await createOrg(admin);
    const person = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '監査' });
    await appoint(admin, 'AUDITOR', person, null);
    ok(await admin.patch(`/api/v1/people/${person}`, { title: '主査', phone: '0123-45-6789' }), 'patch person');
    ok(await admin.patch('/api/v1/committee', { quorum: 'TWO_THIRDS' }), 'patch committee');
    ok(await admin.post('/api/v1/bodies', { kind: 'ASSEMBLY', name: '議会' }), 'create body');
    // A second tenant whose chain is untouched throughout.
    otherTenantId = (
      await createTenantWithAdmin(t.database, {
        tenant: { name: '桜川村', code: '039918', committeeName: '桜川村情報セキュリティ委員会', bodies: [] },
        admin: {
          familyName: '境界',
          givenName: '管理',
          familyKana: 'きょうかい',
          givenKana: 'かんり',
          staffNumber: 'B0001',
          loginId: 'b.admin',
          password: USER_PASSWORD,
        },
      })
    ).tenantId;
    const rows = await asSystem(t.database, (tx) =>
      tx.selectFrom('audit_event').select(['seq', 'id']).where('tenant_id', '=', tenantId).orderBy('seq').execute(),
    );
    events = new Map(rows.map((r) => [Number(r.seq), r.id]));
    head = rows.length;
  }, 60_000);
  afterEach(async () => t?.close());

  async function expectBroken(kindOf: ChainProblem, seq: number, eventId: string | null) {
    const verdict = await verifyChain(t.database, tenantId);
    expect(verdict.ok).toBe(false);
    expect(verdict.problem).toMatchObject({ kind: kindOf, seq, eventId });
    expect(verdict.problem?.message.ja).toContain(`通番${seq}`);
    // The other tenant's chain is its own and still verifies.
    expect((await verifyChain(t.database, otherTenantId)).ok).toBe(true);
    if (kind === 'sqlite') {
      const cli = runCliVerify(testDb);
      expect(cli.status, cli.stderr).toBe(1);
      expect(cli.stdout).toContain(`kind=${kindOf} seq=${seq}`);
      expect(cli.stdout).toMatch(/NG {3}青葉町（029998）/);
      expect(cli.stdout).toMatch(/OK {3}桜川村（039918）/);
    }
    const api = await admin.post('/api/v1/audit-events/verify');
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ ok: false, problem: { kind: kindOf, seq } });
  }

  it('verifies after writes through the API: the verifier, POST /audit-events/verify and the CLI all say ok', async () => {
    expect(head).toBeGreaterThan(10);
    expect([...events.keys()]).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    const verdict = await verifyChain(t.database, tenantId);
    expect(verdict).toEqual({ ok: true, checked: head });
    const api = await admin.post('/api/v1/audit-events/verify');
    expect(api.statusCode).toBe(200);
    expect(api.json()).toEqual({ ok: true, checked: head });
    // The check itself is recorded, and the chain still holds with it.
    const listed = (await admin.get('/api/v1/audit-events?action=verify')).json().items;
    expect(listed[0]).toMatchObject({ seq: head + 1, action: 'verify', after: { ok: true, checked: head } });
    expect(await verifyChain(t.database, tenantId)).toEqual({ ok: true, checked: head + 1 });
    if (kind === 'sqlite') {
      const cli = runCliVerify(testDb);
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout).toContain(`OK   青葉町（029998）: ${head + 1}件`);
    }
  });

  it("names the row whose after_json was altered ('altered')", async () => {
    const seq = Math.floor(head / 2);
    await rawExec(testDb, [
      [
        `UPDATE audit_event SET after_json = ? WHERE tenant_id = ? AND seq = ?`,
        ['{"title":"改ざん後"}', tenantId, seq],
      ],
    ]);
    await expectBroken('altered', seq, events.get(seq)!);
  });

  it("names the gap left by a deleted middle row ('deleted')", async () => {
    const seq = Math.floor(head / 2);
    await rawExec(testDb, [[`DELETE FROM audit_event WHERE tenant_id = ? AND seq = ?`, [tenantId, seq]]]);
    // The verifier names the missing seq and points at the row found in its place.
    await expectBroken('deleted', seq, events.get(seq + 1)!);
  });

  it("notices two rows whose seq values were swapped ('reordered')", async () => {
    const seq = Math.floor(head / 2);
    await rawExec(testDb, [
      [`UPDATE audit_event SET seq = -1 WHERE tenant_id = ? AND seq = ?`, [tenantId, seq]],
      [`UPDATE audit_event SET seq = ? WHERE tenant_id = ? AND seq = ?`, [seq, tenantId, seq + 1]],
      [`UPDATE audit_event SET seq = ? WHERE tenant_id = ? AND seq = -1`, [seq + 1, tenantId]],
    ]);
    // At seq the row now found is the later event, whose link does not follow the event before it.
    await expectBroken('reordered', seq, events.get(seq + 1)!);
  });

  it("notices that the newest row was removed ('truncated')", async () => {
    await rawExec(testDb, [[`DELETE FROM audit_event WHERE tenant_id = ? AND seq = ?`, [tenantId, head]]]);
    await expectBroken('truncated', head, null);
  });

  it.skipIf(kind !== 'postgres')('on PostgreSQL the application role cannot alter or delete audit rows', async () => {
    await expect(
      asSystem(t.database, (tx) =>
        tx.updateTable('audit_event').set({ after_json: '{}' }).where('tenant_id', '=', tenantId).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asSystem(t.database, (tx) => tx.deleteFrom('audit_event').where('tenant_id', '=', tenantId).execute()),
    ).rejects.toThrow(/permission denied/);
    expect(await verifyChain(t.database, tenantId)).toEqual({ ok: true, checked: head });
  });
});
