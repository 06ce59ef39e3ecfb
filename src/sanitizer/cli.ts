/** CLI entry points: `mamori relay` and `mamori sanitize IN.eml > OUT.eml`. */
import { readFile } from 'node:fs/promises';
import { MemoryLogSink } from './log.ts';
import { sanitizeMessage } from './pipeline.ts';
import { defaultPolicy, makePolicy } from './policy.ts';
import { MemoryQuarantineStore } from './quarantine.ts';
import { relayConfigFromEnv, startRelay } from './relay.ts';

/** Sanitise one file to stdout; the JSON log goes to stderr. Exit 0 delivered, 3 quarantined, 75 tempfail. */
export async function sanitizeFile(path: string): Promise<number> {
  const raw = await readFile(path);
  const policy = process.env.MAMORI_SANITIZER_POLICY
    ? makePolicy(JSON.parse(process.env.MAMORI_SANITIZER_POLICY))
    : defaultPolicy;
  if (process.env.MAMORI_RELAY_CHARSET === 'iso-2022-jp')
    policy.body = { ...policy.body, outputCharset: 'iso-2022-jp' };
  const log = new MemoryLogSink();
  const r = await sanitizeMessage(raw, policy, { store: new MemoryQuarantineStore(), log });
  for (const rec of log.records) process.stderr.write(`${JSON.stringify(rec)}\n`);
  if (r.verdict === 'tempfailed') return 75;
  await new Promise<void>((resolve, reject) => process.stdout.write(r.output, (e) => (e ? reject(e) : resolve())));
  return r.verdict === 'quarantined' ? 3 : 0;
}

export async function relay(): Promise<void> {
  const cfg = await relayConfigFromEnv();
  const h = await startRelay(cfg);
  console.error(
    `mamori relay: listening on ${cfg.listenHost}:${h.port}, delivering to ${cfg.upstreamHost}:${cfg.upstreamPort}`,
  );
  const stop = () => void h.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
