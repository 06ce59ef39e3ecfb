/**
 * Starts a real Mamori server (`node bin/mamori.js serve`) on a fresh SQLite database in a temporary directory,
 * after making sure dist/web is built. The specs find the directory and key in MAMORI_E2E_* variables (for the CLI).
 * Returns the teardown that stops the server and removes the directory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_PORT, E2E_URL } from '../../playwright.config.ts';

async function waitForHealth(server: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const res = await fetch(`${E2E_URL}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Mamori did not start on ${E2E_URL}. Server log:\n${readFileSync(logFile, 'utf8')}`);
}

export default async function globalSetup() {
  const built = spawnSync('node', ['scripts/build-web.js'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');

  const dir = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  const env = {
    ...process.env,
    PORT: String(E2E_PORT),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'mamori.sqlite'),
    MAMORI_DATA_DIR: dir,
    MAMORI_SECRET_KEY: randomBytes(32).toString('hex'),
    MAMORI_PUBLIC_URL: E2E_URL,
    MAMORI_LOG_LEVEL: 'warn',
  };
  // What the specs need to run the CLI against the same installation.
  process.env.MAMORI_E2E_DIR = dir;
  process.env.MAMORI_E2E_DATABASE_URL = env.DATABASE_URL;
  process.env.MAMORI_E2E_SECRET_KEY = env.MAMORI_SECRET_KEY;

  const logFile = join(dir, 'server.log');
  const log = createWriteStream(logFile);
  const server = spawn('node', ['bin/mamori.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  await waitForHealth(server, logFile);

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    log.end();
    if (process.env.MAMORI_E2E_KEEP) console.log(`E2E data kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
