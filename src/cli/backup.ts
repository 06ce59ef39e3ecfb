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

/** SQLite's own errors, in words a person restoring a backup can act on. */
function unreadable(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB')
    return new Error(`SQLite のデータベースではありません。Mamori のバックアップファイルを指定してください: ${file}`);
  if (code === 'SQLITE_CORRUPT')
    return new Error(`バックアップファイルが壊れています。別のバックアップを使ってください: ${file}`);
  if (code === 'SQLITE_CANTOPEN') return new Error(`バックアップファイルを開けません: ${file}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Checks that a file is an intact Mamori database before anything is replaced. */
function checkBackup(file: string): void {
  if (!existsSync(file)) throw new Error(`バックアップファイルがありません: ${file}`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new Error(
        `バックアップファイルが壊れています（integrity_check: ${integrity}）。別のバックアップを使ってください。`,
      );
    const hasCore = db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('tenant', 'audit_event', 'kysely_migration')",
      )
      .get() as { n: number };
    if (hasCore.n !== 3) throw new Error(`Mamori のデータベースではありません: ${file}`);
  } catch (e) {
    throw unreadable(file, e);
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
      // In WAL mode every open connection keeps a shared lock on the file, even when idle, so an exclusive
      // locking mode is what notices a running server (BEGIN EXCLUSIVE alone succeeds beside an idle one).
      probe.pragma('busy_timeout = 0');
      probe.pragma('locking_mode = EXCLUSIVE');
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
