/**
 * `mamori relay` with the platform (house-plan: the sanitizer reports events to the platform's db). When DATABASE_URL
 * and MAMORI_RELAY_TENANT (the tenant's 団体コード) are set, the relay writes every message record and quarantine
 * reference into the tenant's tables (a failed write tempfails the mail, as a failed JSONL write does), takes the
 * tenant's policy overrides (re-read every minute), and after delivering the notice of a PPAP-held message mails each
 * recipient a one-time link to the Internet-side password page. Without them it runs standalone with JSONL only.
 */
import { type Database, openDatabase } from '../../db/database.ts';
import { inTenant } from '../../db/scope.ts';
import type { LogSink } from '../../sanitizer/log.ts';
import type { Policy, PolicyInput } from '../../sanitizer/policy.ts';
import type { SanitizeResult } from '../../sanitizer/types.ts';
import { issuePpapLinks, type NoticeMail } from './ppap.service.ts';
import { gatewayScope } from './records.ts';
import { effectivePolicy, loadSettings } from './settings.service.ts';
import { PlatformLogSink } from './sink.ts';

export interface RelayPlatform {
  /** the tenant's tables (tee it with the JSONL sink) */
  log: LogSink;
  /** the policy in force for the tenant: machine base ← tenant overrides */
  policy(): Promise<Policy>;
  /** after a delivery: PPAP links for a held message */
  afterDelivery(result: SanitizeResult, send: (mail: NoticeMail & { from: string }) => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface RelayPlatformOptions {
  databaseUrl: string;
  tenantCode: string;
  basePolicy: PolicyInput;
  ppapBaseUrl: string;
  noticeFrom: string;
}

export async function connectRelay(opts: RelayPlatformOptions, database?: Database): Promise<RelayPlatform> {
  const db = database ?? (await openDatabase(opts.databaseUrl, { poolSize: 4 }));
  const sink = new PlatformLogSink(db, { code: opts.tenantCode }, 'relay');
  const tenantId = await sink.tenant();
  return {
    log: sink,
    policy: async () => {
      const settings = await inTenant(db, gatewayScope(tenantId), (tx) => loadSettings(tx, tenantId));
      return effectivePolicy(opts.basePolicy, settings.policyOverrides);
    },
    afterDelivery: async (result, send) => {
      if (!result.log.parts.some((p) => p.verdict === 'held')) return;
      await issuePpapLinks(db, tenantId, result.id, opts.ppapBaseUrl, (mail) =>
        send({ ...mail, from: opts.noticeFrom }),
      );
    },
    close: async () => {
      if (!database) await db.close();
    },
  };
}
