import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { isPostgresUrl } from '../db/database.ts';

const PG_POINTER =
  'PostgreSQL のバックアップには pg_dump を使ってください（例: pg_dump --format=custom --file=mamori.dump "$DATABASE_URL"）。復元は pg_restore です。\n' +
  'On PostgreSQL use pg_dump / pg_restore; Mamori does not wrap them.';

/** SQLite online backup: consistent even while the server is running and writing. */
export async function backup(databaseUrl: string, destination: string): Promise<string> {
  if (isPostgresUrl(databaseUrl)) throw new Error(PG_POINTER);
  if (!existsSync(databaseUrl)) throw new Error(`データベースファイルがありません: ${databaseUrl}`);
  if (existsSync(destination))
    throw new Error(`出力先のファイルが既にあります。別の名前を指定してください: ${destination}`);
  const source = new SQLite(databaseUrl, { readonly: true, fileMustExist: true });
  try {
    await source.backup(destination);
  } finally {
    source.close();
  }
  return destination;
}

/** Checks that a file is an intact Mamori database before anything is replaced. */
function checkBackup(file: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`バックアップファイルが壊れています（integrity_check: ${integrity}）`);
    const hasCore = db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('tenant', 'audit_event', 'kysely_migration')",
      )
      .get() as { n: number };
    if (hasCore.n !== 3) throw new Error('Mamori のデータベースではありません。');
  } finally {
    db.close();
  }
}

/**
 * Replaces the database with a backup. The server must be stopped: the current file is kept beside it as
 * <file>.before-restore so a mistaken restore can be undone.
 */
export async function restore(databaseUrl: string, source: string): Promise<string> {
  if (isPostgresUrl(databaseUrl)) throw new Error(PG_POINTER);
  checkBackup(source);
  if (existsSync(databaseUrl)) {
    const probe = new SQLite(databaseUrl);
    try {
      // An exclusive lock fails while a running server holds the database.
      probe.pragma('busy_timeout = 0');
      probe.exec('BEGIN EXCLUSIVE; COMMIT;');
      probe.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      throw new Error('Mamori が起動中です。サーバーを停止してから復元してください。');
    } finally {
      probe.close();
    }
    const kept = `${databaseUrl}.before-restore`;
    rmSync(kept, { force: true });
    renameSync(databaseUrl, kept);
    rmSync(`${databaseUrl}-wal`, { force: true });
    rmSync(`${databaseUrl}-shm`, { force: true });
  }
  copyFileSync(source, databaseUrl);
  return databaseUrl;
}
