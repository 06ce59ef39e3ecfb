import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** 32-byte key that encrypts TOTP secrets at rest. */
  secretKey: Buffer;
  logLevel: string;
  runJobs: boolean;
}

function intFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The key comes from MAMORI_SECRET_KEY (64 hex characters; required when several nodes share a database),
 * otherwise from dataDir/secret.key, created on first start and readable by the owner only.
 */
function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv): Buffer {
  const fromEnv = env.MAMORI_SECRET_KEY;
  if (fromEnv) {
    if (!/^[0-9a-f]{64}$/i.test(fromEnv)) throw new Error('MAMORI_SECRET_KEY must be 64 hexadecimal characters');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.MAMORI_DATA_DIR ?? 'data');
  const port = intFrom(env.PORT, 3000);
  const publicUrl = (env.MAMORI_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL ?? join(dataDir, 'mamori.sqlite'),
    dataDir,
    publicUrl,
    secureCookies: env.MAMORI_SECURE_COOKIES ? env.MAMORI_SECURE_COOKIES === 'true' : publicUrl.startsWith('https:'),
    trustProxy: env.MAMORI_TRUST_PROXY === 'true',
    sessionIdleMinutes: intFrom(env.MAMORI_SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: intFrom(env.MAMORI_SESSION_ABSOLUTE_HOURS, 12),
    secretKey: loadSecretKey(dataDir, env),
    logLevel: env.MAMORI_LOG_LEVEL ?? 'info',
    runJobs: env.MAMORI_JOBS !== 'off',
  };
}
