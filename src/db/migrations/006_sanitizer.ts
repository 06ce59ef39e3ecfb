import type { Kysely } from 'kysely';

/**
 * The 無害化 gateway's records in the platform (sanitizer.md §8, §9): one row per processed message and per part
 * (the JSON log of the relay, queryable), the recipients mapped to people, the quarantined originals (references into
 * the encrypted store, never the bytes), release requests to the owning 課室's 情報セキュリティ管理者, one-time PPAP
 * tokens (hashes only) and the tenant's gateway settings. Every sort is (tenant_id, column, id) for keyset paging.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sanitizer_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('supersedes_id', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_error', 'text')
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('raw_size', 'integer', (c) => c.notNull())
    .addColumn('out_sha256', 'text')
    .addColumn('out_size', 'integer')
    .addColumn('quarantine_ref', 'text')
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('peer', 'text')
    .addColumn('header_from', 'text', (c) => c.notNull())
    .addColumn('header_to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('outgoing_message_id', 'text')
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_urls', 'integer', (c) => c.notNull())
    .addColumn('mismatches', 'integer', (c) => c.notNull())
    .addColumn('parts_total', 'integer', (c) => c.notNull())
    .addColumn('parts_removed', 'integer', (c) => c.notNull())
    .addColumn('parts_held', 'integer', (c) => c.notNull())
    .addColumn('total_ms', 'integer')
    .addColumn('record_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const msgIndex = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('sanitizer_message').columns(columns).execute();
  await msgIndex('sanitizer_message_received', ['tenant_id', 'received_at', 'id']);
  await msgIndex('sanitizer_message_verdict', ['tenant_id', 'verdict', 'received_at']);
  await msgIndex('sanitizer_message_supersedes', ['tenant_id', 'supersedes_id']);

  await db.schema
    .createTable('sanitizer_part')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('sanitizer_message.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('declared', 'text', (c) => c.notNull())
    .addColumn('sniffed', 'text', (c) => c.notNull())
    .addColumn('in_sha256', 'text', (c) => c.notNull())
    .addColumn('in_size', 'integer', (c) => c.notNull())
    .addColumn('encrypted', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('out_name', 'text')
    .addColumn('out_type', 'text')
    .addColumn('out_sha256', 'text')
    .addColumn('out_size', 'integer')
    .addColumn('out_pages', 'integer')
    .addColumn('detections', 'text', (c) => c.notNull())
    .addColumn('quarantine_ref', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sanitizer_part_message')
    .on('sanitizer_part')
    .columns(['tenant_id', 'message_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('sanitizer_part_verdict')
    .on('sanitizer_part')
    .columns(['tenant_id', 'verdict', 'received_at'])
    .execute();

  await db.schema
    .createTable('sanitizer_recipient')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('sanitizer_message.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('person.id'))
    .addColumn('unit_id', 'text', (c) => c.references('org_unit.id'))
    .execute();
  const rcptIndex = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('sanitizer_recipient').columns(columns).execute();
  await rcptIndex('sanitizer_recipient_message', ['tenant_id', 'message_id']);
  await rcptIndex('sanitizer_recipient_address', ['tenant_id', 'address', 'message_id']);
  await rcptIndex('sanitizer_recipient_person', ['tenant_id', 'person_id', 'message_id']);
  await rcptIndex('sanitizer_recipient_unit', ['tenant_id', 'unit_id', 'message_id']);

  await db.schema
    .createTable('sanitizer_quarantine_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('sanitizer_message.id'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('part', 'text')
    .addColumn('name', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sanitizer_quarantine_message')
    .on('sanitizer_quarantine_item')
    .columns(['tenant_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('sanitizer_quarantine_ref')
    .on('sanitizer_quarantine_item')
    .columns(['tenant_id', 'ref'])
    .execute();

  await db.schema
    .createTable('sanitizer_release')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('sanitizer_message.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('profile', 'text')
    .addColumn('exception', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requester_person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('requester_label', 'text', (c) => c.notNull())
    .addColumn('requester_address', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by_person_id', 'text')
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('result_message_id', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const relIndex = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('sanitizer_release').columns(columns).execute();
  await relIndex('sanitizer_release_created', ['tenant_id', 'created_at', 'id']);
  await relIndex('sanitizer_release_status', ['tenant_id', 'status', 'created_at']);
  await relIndex('sanitizer_release_message', ['tenant_id', 'message_id']);

  await db.schema
    .createTable('sanitizer_ppap_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('sanitizer_message.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('result_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sanitizer_ppap_message')
    .on('sanitizer_ppap_token')
    .columns(['tenant_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('sanitizer_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenant.id'))
    .addColumn('raw_release_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('raw_release_basis', 'text')
    .addColumn('policy_overrides', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
