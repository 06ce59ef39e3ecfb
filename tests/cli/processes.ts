/**
 * The real `mamori` command as a child process: one-shot commands (backup, restore, create-admin) and the server.
 * Used by the CLI tests, which check what an operator sees: exit codes, messages, and a server that can be killed.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/mamori.js');

export const TEST_SECRET_KEY = 'cd'.repeat(32);

export interface CliEnv {
  DATABASE_URL: string;
  MAMORI_DATA_DIR: string;
  [name: string]: string;
}

function envFor(env: CliEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    MAMORI_SECRET_KEY: TEST_SECRET_KEY,
    MAMORI_LOG_LEVEL: 'silent',
    MAMORI_JOBS: 'off',
    ...env,
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/mamori.js …args` to completion. */
export function runCli(args: string[], env: CliEnv, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: envFor(env), timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  output: () => string;
  /** Sends the signal and waits for the process to be gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `mamori serve` and waits until it answers HTTP. */
export async function startServer(env: CliEnv, timeoutMs = 30_000): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: envFor({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const server: RunningServer = {
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${output}`);
    try {
      const res = await fetch(`${server.base}/api/v1/setup`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop('SIGKILL');
  throw new Error(`server did not start within ${timeoutMs} ms: ${output}`);
}
