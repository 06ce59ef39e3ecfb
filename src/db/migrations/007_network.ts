import type { Kysely } from 'kysely';

/**
 * 三層の対策 (three-tier-model.md): per-tenant dated network settings (model α/α′/β/β′ and zones), listed
 * exceptions (特定通信 etc.) with approval and expiry, the systems register (情報システム台帳) with terminal groups,
 * declared flows, and firewall imports with their per-file report and stored findings. Lists (addresses, roles,
 * terminal groups) are JSON text: they are read and written whole with their system.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const base = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'));

  await base('network_setting')
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('zones_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('network_setting_effective_unique', ['tenant_id', 'effective_from'])
    .execute();

  await base('network_exception')
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_json', 'text', (c) => c.notNull())
    .addColumn('to_json', 'text', (c) => c.notNull())
    .addColumn('services_json', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await base('network_system')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('addresses_json', 'text', (c) => c.notNull())
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addColumn('terminals_json', 'text', (c) => c.notNull())
    .addColumn('asset_ids_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('network_system_name_unique', ['tenant_id', 'name'])
    .execute();

  await base('network_flow')
    .addColumn('from_system_id', 'text', (c) => c.notNull().references('network_system.id'))
    .addColumn('to_ref', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('mechanism', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('screen_transfer_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('network_flow_from')
    .on('network_flow')
    .columns(['tenant_id', 'from_system_id'])
    .execute();

  await base('network_import')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('files_json', 'text', (c) => c.notNull())
    .addColumn('rulesets_json', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('finding_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('network_import_created')
    .on('network_import')
    .columns(['tenant_id', 'created_at'])
    .execute();

  await base('network_finding')
    .addColumn('import_id', 'text', (c) => c.notNull().references('network_import.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_rank', 'integer', (c) => c.notNull())
    .addColumn('certainty', 'text', (c) => c.notNull())
    .addColumn('cell', 'text')
    .addColumn('file', 'text')
    .addColumn('message_ja', 'text', (c) => c.notNull())
    .addColumn('message_en', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('network_finding_import')
    .on('network_finding')
    .columns(['tenant_id', 'import_id', 'severity_rank', 'seq'])
    .execute();
}
