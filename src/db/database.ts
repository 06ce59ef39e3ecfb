import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import { APP_ROLE, applyRowLevelSecurity } from './rls.ts';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL keeps readers off the writer's back; NORMAL sync in WAL mode loses nothing committed when the process
  // dies (only an OS crash could), which is what a killed server must guarantee.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 16 MiB page cache (negative = KiB) instead of the 2 MiB default. 64 MiB gained ~10 % on read-one in the API
  // bench, but a 100,000-row asset export then filled it and peaked at 309–324 MB RSS (target < 300 MB; 263–277 MB
  // with the default): docs/PERFORMANCE.md.
  sqlite.pragma('cache_size = -16384');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, options: { asAppRole: boolean; poolSize?: number }): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server ends (restart, failover, administrator) must not bring the process down: the pool
  // drops it and opens a new one on the next query.
  pool.on('error', (error) => {
    console.warn(`PostgreSQL: an idle connection was closed (${error.message}); a new one will be opened`);
  });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      // A superuser ignores row-level security, so the application drops to its own role on every connection.
      onCreateConnection: options.asAppRole
        ? async (conn) => {
            await conn.executeQuery(sql`SET ROLE ${sql.id(APP_ROLE)}`.compile(db));
          }
        : undefined,
    }),
  });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Opens the database named by the URL (a PostgreSQL URL, or a SQLite file path), brings its schema up to date and,
 * on PostgreSQL, installs the row-level security policies before handing out a connection pool that runs under
 * the restricted application role.
 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  if (!isPostgresUrl(url)) {
    const database = openSqlite(url);
    await migrateToLatest(database);
    return database;
  }
  const admin = openPostgres(url, { asAppRole: false, poolSize: 1 });
  try {
    await migrateToLatest(admin);
    await applyRowLevelSecurity(admin.db as unknown as Kysely<unknown>);
  } finally {
    await admin.close();
  }
  return openPostgres(url, { asAppRole: true, poolSize: options.poolSize });
}

/** Opens without migrating or changing role: for the tamper tests and maintenance commands that need raw access. */
export function openRaw(url: string): Database {
  return isPostgresUrl(url) ? openPostgres(url, { asAppRole: false, poolSize: 2 }) : openSqlite(url);
}
