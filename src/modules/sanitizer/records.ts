/**
 * The relay's log records (sanitizer.md §9) into the platform's tables: one sanitizer_message per message.processed,
 * one sanitizer_part per part and archive entry, the recipients mapped to people by e-mail address (person.email →
 * the person's unit, whose 情報セキュリティ管理者 decides release requests), and a sanitizer_quarantine_item per original
 * kept in the encrypted store. Each message is one transaction with its audit event; delivery outcomes reported by
 * the relay update the message's disposition.
 */
import { sql } from 'kysely';
import { uuidv7 } from '../../db/ids.ts';
import { nowIso, type Scope, SYSTEM_ACTOR, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import type { MessageRecord, PartRecord } from '../../sanitizer/types.ts';

/** Where a processed message came from. */
export type Origin = 'relay' | 'release' | 'ppap' | 'demo';

export const GATEWAY_ACTOR_LABEL = '無害化ゲートウェイ';

export function gatewayScope(tenantId: string, label = GATEWAY_ACTOR_LABEL): Scope {
  return { tenantId, actor: { ...SYSTEM_ACTOR, label } };
}

type AnyRecord = { event?: unknown; msgId?: unknown; ts?: unknown } & Record<string, unknown>;

/** Top-level parts and archive entries, depth first, with their depth (0 = attachment of the mail). */
function flatten(parts: PartRecord[], depth = 0, out: Array<{ p: PartRecord; depth: number }> = []) {
  for (const p of parts) {
    out.push({ p, depth });
    if (p.entries?.length) flatten(p.entries, depth + 1, out);
  }
  return out;
}

/** Lower-cased, de-duplicated addresses: the envelope's recipients, else the To header's. */
export function recipientAddresses(m: MessageRecord): string[] {
  const list = m.envelope?.to?.length ? m.envelope.to : m.headers.to;
  return [...new Set(list.map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@')))].slice(0, 200);
}

/** People of the tenant by lower-cased e-mail address (several people may share one: the first by staff number). */
export async function peopleByAddress(tx: Tx, tenantId: string, addresses: string[]) {
  const map = new Map<string, { personId: string; unitId: string | null }>();
  if (addresses.length === 0) return map;
  const rows = await tx
    .selectFrom('person')
    .select(['id', 'org_unit_id', sql<string>`lower(email)`.as('address')])
    .where('tenant_id', '=', tenantId)
    .where('status', '!=', 'RETIRED')
    .where(sql<string>`lower(email)`, 'in', addresses)
    .orderBy('staff_number')
    .execute();
  for (const r of rows) if (!map.has(r.address)) map.set(r.address, { personId: r.id, unitId: r.org_unit_id });
  return map;
}

const removed = (p: PartRecord) => p.verdict === 'removed' && p.action !== 'drop-inline';

/** Inserts one processed message with its parts, recipients and quarantine references, and its audit event. */
export async function insertMessage(
  tx: Tx,
  tenantId: string,
  message: MessageRecord,
  parts: PartRecord[],
  origin: Origin,
): Promise<void> {
  const id = message.msgId;
  const exists = await tx
    .selectFrom('sanitizer_message')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (exists) return;
  const originalRef = `sha256:${message.raw.sha256}`;
  const supersedes = (message as MessageRecord & { supersedes?: string }).supersedes ?? null;
  const now = nowIso();
  const row = {
    id,
    tenant_id: tenantId,
    received_at: message.ts,
    origin,
    supersedes_id: supersedes,
    verdict: message.verdict,
    reason: message.reason ?? null,
    disposition: origin === 'demo' ? 'none' : 'pending',
    delivered_at: null,
    delivery_error: null,
    policy_version: message.policy,
    raw_sha256: message.raw.sha256,
    raw_size: message.raw.size,
    out_sha256: message.out?.sha256 ?? null,
    out_size: message.out?.size ?? null,
    quarantine_ref: message.quarantineRefs.includes(originalRef) ? originalRef : null,
    envelope_from: message.envelope?.from ?? '',
    envelope_to: JSON.stringify(message.envelope?.to ?? []),
    peer: message.envelope?.peer ?? null,
    header_from: message.headers.from ?? '',
    header_to: JSON.stringify(message.headers.to ?? []),
    subject: message.headers.subject ?? '',
    message_id: message.headers.messageId ?? '',
    outgoing_message_id: message.outgoingMessageId ?? null,
    actions: JSON.stringify(message.actions),
    body_source: message.body.sourceType,
    body_urls: message.body.urls,
    mismatches: message.body.mismatches.length,
    parts_total: parts.filter((p) => p.action !== 'drop-inline').length,
    parts_removed: parts.filter(removed).length,
    parts_held: parts.filter((p) => p.verdict === 'held').length,
    total_ms: message.timings.totalMs ?? null,
    record_json: JSON.stringify(message),
    created_at: now,
  };
  await tx.insertInto('sanitizer_message').values(row).execute();

  const flat = flatten(parts);
  if (flat.length) {
    await tx
      .insertInto('sanitizer_part')
      .values(
        flat.map(({ p, depth }, seq) => ({
          id: uuidv7(),
          tenant_id: tenantId,
          message_id: id,
          seq,
          part: p.part,
          depth,
          name: p.in.name,
          declared: p.in.declared,
          sniffed: p.in.sniffed,
          in_sha256: p.in.sha256,
          in_size: p.in.size,
          encrypted: p.in.encrypted ? 1 : 0,
          action: p.action,
          verdict: p.verdict,
          rule: p.rule,
          reason: p.reason,
          out_name: p.out?.name ?? null,
          out_type: p.out?.type ?? null,
          out_sha256: p.out?.sha256 ?? null,
          out_size: p.out?.size ?? null,
          out_pages: p.out?.pages ?? null,
          detections: JSON.stringify(p.detections),
          quarantine_ref: p.quarantineRef ?? null,
          duration_ms: p.durationMs,
          received_at: message.ts,
        })),
      )
      .execute();
  }

  const addresses = recipientAddresses(message);
  const people = await peopleByAddress(tx, tenantId, addresses);
  if (addresses.length) {
    await tx
      .insertInto('sanitizer_recipient')
      .values(
        addresses.map((address) => ({
          id: uuidv7(),
          tenant_id: tenantId,
          message_id: id,
          address,
          person_id: people.get(address)?.personId ?? null,
          unit_id: people.get(address)?.unitId ?? null,
        })),
      )
      .execute();
  }

  const items = [...new Set(message.quarantineRefs)].map((ref) => {
    if (ref === originalRef)
      return {
        ref,
        kind: 'message',
        part: null,
        name: null,
        size: message.raw.size,
        reason: message.verdict === 'quarantined' ? (message.reason ?? '隔離') : '受信したメールの原本',
      };
    const p = flat.find((f) => f.p.quarantineRef === ref)?.p;
    return {
      ref,
      kind: 'part',
      part: p?.part ?? null,
      name: p?.in.name ?? null,
      size: p?.in.size ?? 0,
      reason: p?.reason ?? '',
    };
  });
  if (items.length) {
    await tx
      .insertInto('sanitizer_quarantine_item')
      .values(items.map((i) => ({ ...i, id: uuidv7(), tenant_id: tenantId, message_id: id, created_at: now })))
      .execute();
  }

  await appendAudit(tx, gatewayScope(tenantId), {
    action: 'record',
    entityType: 'sanitizer_message',
    entityId: id,
    after: {
      origin,
      verdict: row.verdict,
      reason: row.reason,
      policy: row.policy_version,
      rawSha256: row.raw_sha256,
      outSha256: row.out_sha256,
      partsRemoved: row.parts_removed,
      partsHeld: row.parts_held,
      recipients: addresses.length,
      quarantined: items.length,
      supersedes,
    },
  });
}

/** A delivery outcome the relay reported (message.delivered / message.delivery-failed). */
export async function recordDelivery(tx: Tx, tenantId: string, rec: AnyRecord): Promise<void> {
  const id = typeof rec.msgId === 'string' ? rec.msgId : null;
  if (!id) return;
  const before = await tx
    .selectFrom('sanitizer_message')
    .select(['id', 'disposition', 'delivered_at', 'delivery_error'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before) return;
  const ts = typeof rec.ts === 'string' ? rec.ts : nowIso();
  const change =
    rec.event === 'message.delivered'
      ? { disposition: 'delivered', delivered_at: ts, delivery_error: null }
      : { disposition: 'failed', delivered_at: null, delivery_error: String(rec.error ?? '').slice(0, 500) };
  await tx
    .updateTable('sanitizer_message')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  await appendAudit(tx, gatewayScope(tenantId), {
    action: rec.event === 'message.delivered' ? 'deliver' : 'delivery-failed',
    entityType: 'sanitizer_message',
    entityId: id,
    before,
    after: { ...before, ...change },
  });
}

/** Splits what the pipeline wrote in one call into the message record and its part records. */
export function splitRecords(records: object[]): {
  message: MessageRecord | null;
  parts: PartRecord[];
  other: AnyRecord[];
} {
  let message: MessageRecord | null = null;
  const parts: PartRecord[] = [];
  const other: AnyRecord[] = [];
  for (const r of records as AnyRecord[]) {
    if (r.event === 'message.processed') message = r as unknown as MessageRecord;
    else if (typeof r.event === 'string' && r.event.startsWith('part.')) parts.push(r as unknown as PartRecord);
    else other.push(r);
  }
  return { message, parts, other };
}
