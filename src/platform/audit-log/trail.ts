import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { uuidv7 } from '../../db/ids.ts';
import { asSystem, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { ChainVerifier, type ChainVerdict, eventHash, GENESIS_HASH } from './chain.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|secret|token|code_hash|public_key|challenge/i;

/** Copies a record for the trail without credentials: they must never be readable from the log. */
function redact(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (key && SECRET_KEYS.test(key) ? '[秘匿]' : v));
}

/** Starts a tenant's chain. Called once, in the transaction that creates the tenant. */
export async function startChain(tx: Tx, tenantId: string): Promise<void> {
  await tx.insertInto('audit_head').values({ tenant_id: tenantId, seq: 0, hash: GENESIS_HASH }).execute();
}

/**
 * Appends one event to the tenant's chain inside the caller's transaction, so the event exists exactly when the
 * change it describes does. The UPDATE of the head row serialises concurrent writers of one tenant.
 */
export async function appendAudit(tx: Tx, scope: Scope, input: AuditInput): Promise<void> {
  const head = await tx
    .updateTable('audit_head')
    .set({ seq: sql`seq + 1` })
    .where('tenant_id', '=', scope.tenantId)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const event = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    occurred_at: nowIso(),
    actor_user_id: scope.actor.userId,
    actor_label: scope.actor.label,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    before_json: redact(input.before),
    after_json: redact(input.after),
    request_id: scope.actor.requestId ?? null,
    client_ip: scope.actor.clientIp ?? null,
    prev_hash: head.hash,
  };
  const hash = eventHash(event);
  await tx
    .insertInto('audit_event')
    .values({ ...event, seq: Number(head.seq), hash })
    .execute();
  await tx.updateTable('audit_head').set({ hash }).where('tenant_id', '=', scope.tenantId).execute();
}

/** Checks every event of one tenant, in batches so a long trail does not need to fit in memory. */
export async function verifyChain(database: Database, tenantId: string): Promise<ChainVerdict> {
  return asSystem(database, async (tx) => {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const batch = await tx
        .selectFrom('audit_event')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(2000)
        .execute();
      if (batch.length === 0) break;
      for (const row of batch) {
        if (!verifier.step({ ...row, seq: Number(row.seq) })) {
          return verifier.finish(undefined);
        }
      }
      after = Number(batch[batch.length - 1].seq);
    }
    const head = await tx
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : undefined);
  });
}
