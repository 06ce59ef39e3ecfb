/**
 * LogSinks that put the gateway's records into the platform database (besides the hash-chained JSONL files).
 * A write that fails makes the pipeline tempfail (sanitizer.md §3 stage 10): the mail is retried, never delivered
 * without its record.
 */
import type { Database } from '../../db/database.ts';
import { asSystem, inTenant } from '../../db/scope.ts';
import type { LogSink } from '../../sanitizer/log.ts';
import { gatewayScope, insertMessage, type Origin, recordDelivery, splitRecords } from './records.ts';

/** The tenant's id from its 団体コード (MAMORI_RELAY_TENANT); null if there is no such tenant. */
export async function tenantIdByCode(database: Database, code: string): Promise<string | null> {
  const row = await asSystem(database, (tx) =>
    tx.selectFrom('tenant').select('id').where('code', '=', code).executeTakeFirst(),
  );
  return row?.id ?? null;
}

/** Writes message, part and delivery records of one tenant into the platform's tables. */
export class PlatformLogSink implements LogSink {
  private tenantId: string | null;
  private readonly code: string | null;

  /** `tenant` is the tenant's id, or `{ code }` to look it up (once found, it is kept). */
  constructor(
    private readonly database: Database,
    tenant: string | { code: string },
    private readonly origin: Origin,
  ) {
    this.tenantId = typeof tenant === 'string' ? tenant : null;
    this.code = typeof tenant === 'string' ? null : tenant.code;
  }

  async tenant(): Promise<string> {
    if (this.tenantId) return this.tenantId;
    const id = this.code ? await tenantIdByCode(this.database, this.code) : null;
    if (!id) throw new Error(`団体コード ${this.code} の団体がデータベースにありません（MAMORI_RELAY_TENANT）`);
    this.tenantId = id;
    return id;
  }

  async write(records: object[]): Promise<void> {
    const { message, parts, other } = splitRecords(records);
    const deliveries = other.filter((r) => r.event === 'message.delivered' || r.event === 'message.delivery-failed');
    if (!message && deliveries.length === 0) return;
    const tenantId = await this.tenant();
    await inTenant(this.database, gatewayScope(tenantId), async (tx) => {
      if (message) await insertMessage(tx, tenantId, message, parts, this.origin);
      for (const d of deliveries) await recordDelivery(tx, tenantId, d);
    });
  }
}

/** Writes to every sink in order; the first failure fails the write (and so the message). */
export class TeeLogSink implements LogSink {
  constructor(private readonly sinks: LogSink[]) {}
  async write(records: object[]): Promise<void> {
    for (const s of this.sinks) await s.write(records);
  }
}
