/**
 * What the platform needs to act for the gateway (release, PPAP): the quarantine store the relay writes to, the
 * machine-level policy, and delivery to the LGWAN-side mail server through the relay's upstream (nodemailer).
 *
 * From the environment, shared with `mamori relay`: MAMORI_SANITIZER_DIR (store at <dir>/quarantine),
 * MAMORI_QUARANTINE_KEY or MAMORI_QUARANTINE_KEY_FILE (the same key as the relay's), MAMORI_RELAY_UPSTREAM_HOST and
 * _PORT, MAMORI_SANITIZER_POLICY (JSON), MAMORI_RELAY_NOTICE_FROM, MAMORI_PPAP_URL (else MAMORI_PUBLIC_URL). Without a
 * key the store's key is derived from the platform's secret key (single-host installs and the demo). Without an
 * upstream nothing can be delivered: approvals are refused with a message saying so. Tests install their own runtime
 * with `configureSanitizer`.
 */
import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Database } from '../../db/database.ts';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { LogSink } from '../../sanitizer/log.ts';
import { JsonlLogSink } from '../../sanitizer/log.ts';
import type { PolicyInput } from '../../sanitizer/policy.ts';
import { FsQuarantineStore, loadQuarantineKey, type QuarantineStore } from '../../sanitizer/quarantine.ts';

export interface Envelope {
  from: string;
  to: string[];
}

export interface SanitizerRuntime {
  store: QuarantineStore;
  /** machine-level policy input, under the tenant's own overrides */
  basePolicy: PolicyInput;
  /** delivers a message to the LGWAN-side mail server; null when no upstream is configured */
  deliver: ((envelope: Envelope, raw: Buffer) => Promise<void>) | null;
  /** sends a notice written by Mamori (PPAP link) to the same server */
  sendNotice: ((mail: { to: string; subject: string; text: string }) => Promise<void>) | null;
  /** the JSONL log of what the platform processes (its own directory: the relay's chain is the relay's) */
  log: LogSink | null;
  /** base of the Internet-side PPAP page (…/ppap/<token>) */
  ppapBaseUrl: string;
}

const runtimes = new WeakMap<Database, SanitizerRuntime>();

/** Installs the runtime for one database (tests, or a host that wires its own). */
export function configureSanitizer(database: Database, runtime: SanitizerRuntime): void {
  runtimes.set(database, runtime);
}

/** Delivery over SMTP to host:port (the relay's upstream), no TLS unless MAMORI_RELAY_UPSTREAM_TLS=require. */
export function smtpDelivery(
  host: string,
  port: number,
  options: { name?: string; requireTls?: boolean; noticeFrom?: string } = {},
): Pick<SanitizerRuntime, 'deliver' | 'sendNotice'> {
  const transport = () =>
    nodemailer.createTransport({
      host,
      port,
      secure: false,
      ignoreTLS: !options.requireTls,
      requireTLS: !!options.requireTls,
      name: options.name ?? 'mamori',
      connectionTimeout: 30_000,
      socketTimeout: 60_000,
    });
  const from = options.noticeFrom ?? 'mamori-gateway@mamori.invalid';
  return {
    deliver: async (envelope, raw) => {
      const t = transport();
      try {
        await t.sendMail({ envelope: { from: envelope.from || '', to: envelope.to }, raw });
      } finally {
        t.close();
      }
    },
    sendNotice: async (mail) => {
      const t = transport();
      try {
        await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      } finally {
        t.close();
      }
    },
  };
}

/** The runtime from the environment (see the file comment). */
export async function runtimeFromEnv(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<SanitizerRuntime> {
  const base = env.MAMORI_SANITIZER_DIR ?? join(config.dataDir, 'sanitizer');
  const key =
    env.MAMORI_QUARANTINE_KEY || env.MAMORI_QUARANTINE_KEY_FILE
      ? await loadQuarantineKey(env)
      : Buffer.from(hkdfSync('sha256', config.secretKey, Buffer.alloc(0), 'mamori-quarantine-v1', 32));
  const days = (k: string, d: number) => Number(env[k] ?? d);
  const store = new FsQuarantineStore({
    dir: join(base, 'quarantine'),
    key,
    quotaBytes: Number(env.MAMORI_QUARANTINE_QUOTA_BYTES ?? 10 * 1024 ** 3),
    retentionDays: {
      'original-message': days('MAMORI_RETENTION_ORIGINAL_DAYS', 30),
      'original-part': days('MAMORI_RETENTION_ORIGINAL_DAYS', 30),
      'ppap-hold': days('MAMORI_RETENTION_PPAP_DAYS', 14),
    },
  });
  const host = env.MAMORI_RELAY_UPSTREAM_HOST;
  const delivery = host
    ? smtpDelivery(host, Number(env.MAMORI_RELAY_UPSTREAM_PORT ?? 25), {
        name: env.MAMORI_RELAY_NAME,
        requireTls: env.MAMORI_RELAY_UPSTREAM_TLS === 'require',
        noticeFrom: env.MAMORI_RELAY_NOTICE_FROM,
      })
    : { deliver: null, sendNotice: null };
  return {
    store,
    basePolicy: env.MAMORI_SANITIZER_POLICY ? (JSON.parse(env.MAMORI_SANITIZER_POLICY) as PolicyInput) : {},
    ...delivery,
    log: new JsonlLogSink(env.MAMORI_SANITIZER_PLATFORM_LOG_DIR ?? join(base, 'log-platform')),
    ppapBaseUrl: (env.MAMORI_PPAP_URL ?? config.publicUrl).replace(/\/$/, ''),
  };
}

/** The runtime of this server: the installed one, else one built from the environment (once). */
export async function runtimeFor(services: Services): Promise<SanitizerRuntime> {
  let r = runtimes.get(services.database);
  if (!r) {
    r = await runtimeFromEnv(services.config);
    runtimes.set(services.database, r);
  }
  return r;
}

export const deliveryNotConfigured = () =>
  new AppError(503, 'SANITIZER_DELIVERY_NOT_CONFIGURED', {
    ja: 'LGWAN 側メールサーバーへの配送先（MAMORI_RELAY_UPSTREAM_HOST）が設定されていないため、提供できません。Mamori管理者に連絡してください。',
    en: 'No LGWAN-side mail server is configured (MAMORI_RELAY_UPSTREAM_HOST); nothing can be delivered.',
  });
