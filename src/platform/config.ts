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
  /** Outgoing mail (reminders): smtp:// or smtps:// URL of the relay; null turns mail off. */
  smtpUrl: string | null;
  /** Sender of that mail, e.g. "情報政策課 <joho@town.example.lg.jp>"; required when smtpUrl is set. */
  mailFrom: string | null;
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

/**
 * MAMORI_SMTP_URL and MAMORI_MAIL_FROM, plus the public URL that mail links to. Read without touching the key file,
 * so the background jobs can read it too. A bad value stops the start rather than losing mail silently later.
 */
export function loadMailConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'> {
  const publicUrl = (env.MAMORI_PUBLIC_URL ?? `http://localhost:${intFrom(env.PORT, 3000)}`).replace(/\/$/, '');
  const smtpUrl = env.MAMORI_SMTP_URL?.trim() || null;
  const mailFrom = env.MAMORI_MAIL_FROM?.trim() || null;
  if (smtpUrl) {
    let protocol = '';
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {}
    // The URL may carry a password: never repeat it in the message.
    if (protocol !== 'smtp:' && protocol !== 'smtps:')
      throw new Error('MAMORI_SMTP_URL must be an smtp:// or smtps:// URL (e.g. smtp://relay.example.lg.jp:25)');
    if (!mailFrom || !/[^\s<>@]+@[^\s<>@]+>?$/.test(mailFrom))
      throw new Error('MAMORI_MAIL_FROM (a sender address) is required when MAMORI_SMTP_URL is set');
  }
  return { smtpUrl, mailFrom: smtpUrl ? mailFrom : null, publicUrl };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.MAMORI_DATA_DIR ?? 'data');
  const port = intFrom(env.PORT, 3000);
  const { publicUrl, smtpUrl, mailFrom } = loadMailConfig(env);
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
    smtpUrl,
    mailFrom,
  };
}
