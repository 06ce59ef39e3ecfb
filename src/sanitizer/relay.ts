/**
 * `mamori relay`: the Internet-tier SMTP relay (sanitizer.md §1, §3). smtp-server accepts a message (SIZE cap, no
 * AUTH, no STARTTLS unless configured), the pipeline sanitises it, and nodemailer delivers ONLY the rebuilt message to
 * the configured LGWAN-side server, to the SMTP envelope recipients. If the quarantine, the log or the delivery fails,
 * the client gets a 4xx tempfail and retries; the original is never forwarded.
 */
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { JsonlLogSink, type LogSink } from './log.ts';
import { sanitizeMessage } from './pipeline.ts';
import { defaultPolicy, type Policy } from './policy.ts';
import { FsQuarantineStore, loadQuarantineKey, type QuarantineStore } from './quarantine.ts';

export interface RelayConfig {
  listenHost: string;
  listenPort: number;
  /** LGWAN-side mail server */
  upstreamHost: string;
  upstreamPort: number;
  /** own name in EHLO */
  hostname: string;
  policy: Policy;
  store: QuarantineStore;
  log: LogSink;
  /** concurrent messages in the pipeline */
  concurrency?: number;
  /** called after each message (tests, metrics) */
  onResult?: (r: { id: string; verdict: string; delivered: boolean; error?: string }) => void;
  /** the web platform, when the relay reports to its database (src/modules/sanitizer/relay-platform.ts) */
  platform?: RelayPlatformHook;
}

/** What the relay calls on the platform besides its log: after a delivery (PPAP links), and on close. */
export interface RelayPlatformHook {
  afterDelivery(
    result: Awaited<ReturnType<typeof sanitizeMessage>>,
    send: (mail: { from: string; to: string; subject: string; text: string }) => Promise<unknown>,
  ): Promise<void>;
  close(): Promise<void>;
}

export interface RelayHandle {
  port: number;
  close(): Promise<void>;
}

function streamToBuffer(stream: SMTPServerDataStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    stream.on('end', () =>
      stream.sizeExceeded || size > limit
        ? reject(Object.assign(new Error('552 message too large'), { responseCode: 552 }))
        : resolve(Buffer.concat(chunks)),
    );
    stream.on('error', reject);
  });
}

export async function startRelay(cfg: RelayConfig): Promise<RelayHandle> {
  const transport = nodemailer.createTransport({
    host: cfg.upstreamHost,
    port: cfg.upstreamPort,
    secure: false,
    ignoreTLS: process.env.MAMORI_RELAY_UPSTREAM_TLS !== 'require',
    requireTLS: process.env.MAMORI_RELAY_UPSTREAM_TLS === 'require',
    name: cfg.hostname,
    pool: false,
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
  });
  let active = 0;
  const max = cfg.concurrency ?? 4;
  const server = new SMTPServer({
    name: cfg.hostname,
    banner: 'Mamori sanitizing relay',
    size: cfg.policy.limits.maxMessageBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    onConnect(_session, cb) {
      if (active >= max * 4) return cb(Object.assign(new Error('421 too busy, try later'), { responseCode: 421 }));
      cb();
    },
    onData(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      cb: (err?: Error | null, message?: string) => void,
    ) {
      active++;
      const finish = (err?: Error | null, msg?: string) => {
        active--;
        cb(err, msg);
      };
      void (async () => {
        let raw: Buffer;
        try {
          raw = await streamToBuffer(stream, cfg.policy.limits.maxMessageBytes);
        } catch (err) {
          return finish(err as Error);
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          peer: session.remoteAddress,
        };
        let result: Awaited<ReturnType<typeof sanitizeMessage>>;
        try {
          result = await sanitizeMessage(raw, cfg.policy, { store: cfg.store, log: cfg.log, envelope });
        } catch (err) {
          cfg.onResult?.({ id: '', verdict: 'tempfailed', delivered: false, error: (err as Error).message });
          return finish(Object.assign(new Error('451 4.3.0 internal error, try again later'), { responseCode: 451 }));
        }
        if (result.verdict === 'tempfailed' || result.verdict === 'rejected' || !result.output.length) {
          cfg.onResult?.({
            id: result.id,
            verdict: result.verdict,
            delivered: false,
            error: result.log.message.reason,
          });
          const code = result.smtp?.code ?? 451;
          return finish(
            Object.assign(new Error(`${code} ${result.smtp?.message ?? 'try again later'}`), { responseCode: code }),
          );
        }
        try {
          await transport.sendMail({ envelope: { from: envelope.from || '', to: envelope.to }, raw: result.output });
        } catch (err) {
          await cfg.log
            .write([
              {
                ts: new Date().toISOString(),
                event: 'message.delivery-failed',
                msgId: result.id,
                error: (err as Error).message,
              },
            ])
            .catch(() => undefined);
          cfg.onResult?.({ id: result.id, verdict: result.verdict, delivered: false, error: (err as Error).message });
          return finish(
            Object.assign(new Error('451 4.4.1 LGWAN-side server unavailable, try again later'), { responseCode: 451 }),
          );
        }
        await cfg.log
          .write([
            {
              ts: new Date().toISOString(),
              event: 'message.delivered',
              msgId: result.id,
              verdict: result.verdict,
              to: envelope.to,
            },
          ])
          .catch(() => undefined);
        if (cfg.platform) {
          await cfg.platform
            .afterDelivery(result, (mail) => transport.sendMail(mail))
            .catch((err: Error) =>
              cfg.log
                .write([
                  {
                    ts: new Date().toISOString(),
                    event: 'message.notice-failed',
                    msgId: result.id,
                    error: err.message,
                  },
                ])
                .catch(() => undefined),
            );
        }
        cfg.onResult?.({ id: result.id, verdict: result.verdict, delivered: true });
        finish(null, `Queued as ${result.id} (${result.verdict})`);
      })();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.listenPort, cfg.listenHost, () => resolve());
  });
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.listenPort;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        transport.close();
        server.close(() => resolve());
      }).then(() => cfg.platform?.close()),
  };
}

/** Relay configuration from the environment (see README / docs). */
export async function relayConfigFromEnv(env = process.env): Promise<RelayConfig> {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`${k} is required for mamori relay`);
    return v;
  };
  const base = env.MAMORI_SANITIZER_DIR ?? './data/sanitizer';
  const days = (k: string, d: number) => Number(env[k] ?? d);
  const policy: Policy = env.MAMORI_SANITIZER_POLICY
    ? (await import('./policy.ts')).makePolicy(JSON.parse(env.MAMORI_SANITIZER_POLICY))
    : { ...defaultPolicy };
  if (env.MAMORI_RELAY_CHARSET === 'iso-2022-jp') policy.body = { ...policy.body, outputCharset: 'iso-2022-jp' };
  const jsonl = new JsonlLogSink(env.MAMORI_SANITIZER_LOG_DIR ?? `${base}/log`);
  const platform = await platformFromEnv(env, jsonl);
  const cfg: RelayConfig = {
    listenHost: env.MAMORI_RELAY_HOST ?? '0.0.0.0',
    listenPort: Number(env.MAMORI_RELAY_PORT ?? 2525),
    upstreamHost: need('MAMORI_RELAY_UPSTREAM_HOST'),
    upstreamPort: Number(env.MAMORI_RELAY_UPSTREAM_PORT ?? 25),
    hostname: env.MAMORI_RELAY_NAME ?? 'mamori-relay',
    policy,
    store: new FsQuarantineStore({
      dir: `${base}/quarantine`,
      key: await loadQuarantineKey(env),
      quotaBytes: Number(env.MAMORI_QUARANTINE_QUOTA_BYTES ?? 10 * 1024 ** 3),
      retentionDays: {
        'original-message': days('MAMORI_RETENTION_ORIGINAL_DAYS', 30),
        'original-part': days('MAMORI_RETENTION_ORIGINAL_DAYS', 30),
        'ppap-hold': days('MAMORI_RETENTION_PPAP_DAYS', 14),
      },
    }),
    log: platform?.log ?? jsonl,
    concurrency: Number(env.MAMORI_RELAY_CONCURRENCY ?? 4),
    platform: platform?.hook,
  };
  if (platform) {
    // the tenant's policy in force; overrides changed in the web app apply within a minute
    const charset = env.MAMORI_RELAY_CHARSET === 'iso-2022-jp';
    const load = async () => {
      const p = await platform.policy();
      cfg.policy = charset ? { ...p, body: { ...p.body, outputCharset: 'iso-2022-jp' } } : p;
    };
    await load();
    const timer = setInterval(() => void load().catch(() => undefined), 60_000);
    timer.unref();
    const close = platform.hook.close;
    platform.hook.close = async () => {
      clearInterval(timer);
      await close();
    };
  }
  return cfg;
}

/**
 * With DATABASE_URL and MAMORI_RELAY_TENANT (団体コード) the relay also writes its records into the platform's
 * database (a failed write tempfails the mail); otherwise it runs standalone with the JSONL log only.
 */
async function platformFromEnv(env: NodeJS.ProcessEnv, jsonl: LogSink) {
  if (!env.MAMORI_RELAY_TENANT || !env.DATABASE_URL) return null;
  const { connectRelay } = await import('../modules/sanitizer/relay-platform.ts');
  const { TeeLogSink } = await import('../modules/sanitizer/sink.ts');
  const p = await connectRelay({
    databaseUrl: env.DATABASE_URL,
    tenantCode: env.MAMORI_RELAY_TENANT,
    basePolicy: env.MAMORI_SANITIZER_POLICY ? JSON.parse(env.MAMORI_SANITIZER_POLICY) : {},
    ppapBaseUrl: (env.MAMORI_PPAP_URL ?? env.MAMORI_PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, ''),
    noticeFrom: env.MAMORI_RELAY_NOTICE_FROM ?? 'mamori-gateway@mamori.invalid',
  });
  return {
    log: new TeeLogSink([jsonl, p.log]),
    policy: p.policy,
    hook: { afterDelivery: p.afterDelivery, close: p.close },
  };
}
