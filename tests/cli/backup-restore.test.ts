/**
 * `mamori backup` / `mamori restore` on SQLite, run as an operator would: the real CLI in a child process, with
 * the configuration in the environment.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { asSystem } from '../../src/db/scope.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { verifyChain } from '../../src/platform/audit-log/trail.ts';
import { testConfig } from '../helpers/app.ts';
import { type CliEnv, type RunningServer, runCli, startServer } from './processes.ts';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function peopleAndTrail(url: string) {
  const database = await openDatabase(url);
  try {
    const people = await asSystem(database, (tx) =>
      tx.selectFrom('person').select(['staff_number', 'tenant_id']).orderBy('staff_number').execute(),
    );
    const verdict = await verifyChain(database, people[0].tenant_id);
    return { staffNumbers: people.map((p) => p.staff_number), chainOk: verdict.ok, events: verdict.checked };
  } finally {
    await database.close();
  }
}

describe('backup and restore through the CLI [sqlite]', () => {
  let dir: string;
  let env: CliEnv;
  let server: RunningServer | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-cli-'));
    env = { DATABASE_URL: join(dir, 'mamori.sqlite'), MAMORI_DATA_DIR: dir };
    const database = await openDatabase(env.DATABASE_URL);
    await loadDemo(database, { quiet: true, config: testConfig() });
    await database.close();
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the server runs, refuses to restore under it, and restores once it is stopped', async () => {
    const before = await peopleAndTrail(env.DATABASE_URL);
    expect(before.staffNumbers.length).toBeGreaterThanOrEqual(55);

    server = await startServer(env);
    const file = join(dir, 'mamori-backup.sqlite');
    const backedUp = await runCli(['backup', file], env);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toContain('バックアップを作成しました');
    expect(statSync(file).size).toBeGreaterThan(0);
    // A second backup never overwrites the first.
    const again = await runCli(['backup', file], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('出力先のファイルが既にあります');

    // Restoring under a running server would pull the file from under it: refused, nothing touched.
    const live = digest(env.DATABASE_URL);
    const refused = await runCli(['restore', file], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Mamori が起動中です');
    expect(existsSync(`${env.DATABASE_URL}.before-restore`)).toBe(false);
    expect(digest(env.DATABASE_URL)).toBe(live);
    expect((await fetch(`${server.base}/api/v1/setup`)).status).toBe(200);
    await server.stop('SIGTERM');
    server = undefined;

    // Change the data after the backup: a name altered, every appointment deleted.
    const database = await openDatabase(env.DATABASE_URL);
    await asSystem(database, async (tx) => {
      const tenant = await tx.selectFrom('tenant').select('id').executeTakeFirstOrThrow();
      await tx
        .updateTable('person')
        .set({ family_name: '改変' })
        .where('tenant_id', '=', tenant.id)
        .where('staff_number', '=', '20203')
        .execute();
      await tx.deleteFrom('appointment').where('tenant_id', '=', tenant.id).execute();
    });
    await database.close();
    const changed = await peopleAndTrail(env.DATABASE_URL);
    expect(changed.staffNumbers).toEqual(before.staffNumbers);

    const restored = await runCli(['restore', file], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('復元しました');
    expect(existsSync(`${env.DATABASE_URL}.before-restore`)).toBe(true);

    const after = await peopleAndTrail(env.DATABASE_URL);
    expect(after).toEqual(before);
    const check = await openDatabase(env.DATABASE_URL);
    const [appointments, renamed] = await asSystem(check, async (tx) => [
      await tx.selectFrom('appointment').select('id').execute(),
      await tx.selectFrom('person').select('id').where('family_name', '=', '改変').execute(),
    ]);
    await check.close();
    expect(appointments.length).toBe(43); // as tests/cli/demo.test.ts: 30 + 13 情報システム管理者
    expect(renamed).toEqual([]);
  });

  it('refuses a file that is not a Mamori backup, or a damaged one, with a Japanese message and no change', async () => {
    const live = digest(env.DATABASE_URL);
    const refuse = async (file: string, message: string) => {
      const result = await runCli(['restore', file], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
      expect(digest(env.DATABASE_URL)).toBe(live);
      expect(existsSync(`${env.DATABASE_URL}.before-restore`)).toBe(false);
    };

    const text = join(dir, 'notes.txt');
    writeFileSync(text, '青葉町 情報政策係 メモ\n'.repeat(400));
    await refuse(text, 'SQLite のデータベースではありません');

    const other = join(dir, 'other.sqlite');
    const db = new SQLite(other);
    db.exec("CREATE TABLE kakeibo (day TEXT, amount INTEGER); INSERT INTO kakeibo VALUES ('2026-04-01', 1200);");
    db.close();
    await refuse(other, 'Mamori のデータベースではありません');

    await refuse(join(dir, 'missing.sqlite'), 'バックアップファイルがありません');

    // A real backup with pages overwritten in the middle.
    const good = join(dir, 'good.sqlite');
    expect((await runCli(['backup', good], env)).code).toBe(0);
    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(good, damaged);
    const fd = openSync(damaged, 'r+');
    const size = statSync(damaged).size;
    writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    await refuse(damaged, 'バックアップファイルが壊れています');
  });

  it('points to pg_dump on a PostgreSQL URL', async () => {
    const pgEnv = { ...env, DATABASE_URL: 'postgres://mamori@127.0.0.1:5432/mamori' };
    const backup = await runCli(['backup', join(dir, 'x.dump')], pgEnv);
    expect(backup.code).not.toBe(0);
    expect(backup.stderr).toContain('pg_dump');
    expect(existsSync(join(dir, 'x.dump'))).toBe(false);
    const restore = await runCli(['restore', join(dir, 'x.dump')], pgEnv);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain('pg_restore');
  });
});
