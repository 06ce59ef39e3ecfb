import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/database.ts';
import type { Config } from '../platform/config.ts';
import { startBackgroundWork } from '../platform/housekeeping.ts';
import { buildServer } from '../platform/server.ts';

/** Opens (and migrates) the database, then serves until SIGINT/SIGTERM. */
export async function serve(config: Config, prepare?: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase(config.databaseUrl);
  if (prepare) await prepare(database);
  const app = await buildServer(database, config);
  await app.listen({ port: config.port, host: config.host });
  const background = config.runJobs ? startBackgroundWork(database) : null;
  const where =
    config.host === '127.0.0.1' ? `http://localhost:${config.port}` : `http://${config.host}:${config.port}`;
  console.log(
    `Mamori を起動しました: ${where}  (データベース: ${database.dialect === 'sqlite' ? config.databaseUrl : 'PostgreSQL'})`,
  );
  const stop = async () => {
    await app.close();
    await background?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
