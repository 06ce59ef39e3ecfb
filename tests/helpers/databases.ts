/**
 * Every database test runs on both databases: a fresh SQLite file and a fresh PostgreSQL database.
 * PG_URL names the server (scripts/test.js sets it to 127.0.0.1:5432). Without a reachable server the
 * PostgreSQL half is skipped with a notice — except in CI, where it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

const PG_URL = process.env.PG_URL;

async function postgresReachable(): Promise<boolean> {
  if (!PG_URL) return false;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const pgAvailable = await postgresReachable();
if (!pgAvailable) {
  const why = PG_URL ? `PostgreSQL at ${PG_URL} is not reachable` : 'PG_URL is not set';
  if (process.env.CI) throw new Error(`${why}: in CI every database test must also run on PostgreSQL.`);
  console.warn(
    `[mamori tests] ${why}; PostgreSQL variants are skipped. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
  );
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-test-'));
  const url = join(dir, 'mamori.sqlite');
  return {
    kind: 'sqlite',
    url,
    open: () => openDatabase(url),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(): Promise<TestDatabase> {
  const name = `mamori_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL!);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind: 'postgres',
    url,
    open: () => openDatabase(url, { poolSize: 5 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** describe() the same suite once per database; the suite receives a factory for a fresh database. */
export function describeEachDatabase(
  title: string,
  suite: (make: () => Promise<TestDatabase>, kind: 'sqlite' | 'postgres') => void,
): void {
  describe(`${title} [sqlite]`, () => suite(async () => sqliteDatabase(), 'sqlite'));
  describe.skipIf(!pgAvailable)(`${title} [postgres]`, () => suite(() => postgresDatabase(), 'postgres'));
}
