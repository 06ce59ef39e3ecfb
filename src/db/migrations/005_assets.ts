import type { Kysely } from 'kysely';

/**
 * The information asset register (情報資産管理台帳, seed §6(2)): per-tenant dated classification schemes, assets
 * with their C/I/A levels (codes plus ranks, so rules and filters compare ranks), links between assets for the
 * high-watermark rule, permission requests to the owning 課室's 情報セキュリティ管理者, and lifecycle events.
 * Indexes follow the list's filters and sorts: every sort is (tenant_id, column, id) for keyset pagination.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('asset_scheme')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_scheme_effective_unique', ['tenant_id', 'effective_from'])
    .execute();

  await db.schema
    .createTable('asset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('business', 'text')
    .addColumn('org_unit_id', 'text', (c) => c.references('org_unit.id'))
    .addColumn('medium', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('scheme_id', 'text', (c) => c.references('asset_scheme.id'))
    .addColumn('c_level', 'text')
    .addColumn('i_level', 'text')
    .addColumn('a_level', 'text')
    .addColumn('c_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('i_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('a_rank', 'integer', (c) => c.notNull().defaultTo(0))
    // Required ranks by the high-watermark rule (max of declared and inherited), kept current on every write.
    .addColumn('req_c_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('req_i_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('req_a_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_personal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_specific_personal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_sensitive_personal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_count', 'text')
    .addColumn('retention', 'text')
    .addColumn('retention_until', 'text')
    .addColumn('user_scope', 'text')
    .addColumn('contractor', 'text')
    .addColumn('next_review_on', 'text')
    .addColumn('last_reviewed_on', 'text')
    // When the next review is due: the planned date, else a year after the last review or registration (AC-8).
    .addColumn('review_due_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disposed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_ref_unique', ['tenant_id', 'ref'])
    .execute();
  const index = (name: string, columns: string[]) => db.schema.createIndex(name).on('asset').columns(columns).execute();
  await index('asset_tenant_name', ['tenant_id', 'name', 'id']);
  await index('asset_tenant_updated', ['tenant_id', 'updated_at', 'id']);
  await index('asset_tenant_review', ['tenant_id', 'review_due_on', 'id']);
  await index('asset_tenant_conf', ['tenant_id', 'c_rank', 'id']);
  await index('asset_tenant_unit', ['tenant_id', 'org_unit_id', 'ref']);
  await index('asset_tenant_scheme', ['tenant_id', 'scheme_id']);

  await db.schema
    .createTable('asset_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('asset.id'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('asset.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The direction the class flows (inheritance.ts flowOf), stored so the upstream walk can use an index.
    .addColumn('src_id', 'text', (c) => c.notNull())
    .addColumn('dst_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_link_unique', ['tenant_id', 'asset_id', 'kind', 'target_id'])
    .execute();
  await db.schema.createIndex('asset_link_dst').on('asset_link').columns(['tenant_id', 'dst_id']).execute();
  await db.schema.createIndex('asset_link_src').on('asset_link').columns(['tenant_id', 'src_id']).execute();
  await db.schema.createIndex('asset_link_target').on('asset_link').columns(['tenant_id', 'target_id']).execute();

  await db.schema
    .createTable('asset_permission')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('asset.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('org_unit.id'))
    .addColumn('applicant_person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('applicant_label', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('destination', 'text')
    .addColumn('recipient', 'text')
    .addColumn('expected_return_on', 'text')
    .addColumn('method', 'text')
    .addColumn('decided_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('used_by_event_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('asset_permission_asset')
    .on('asset_permission')
    .columns(['tenant_id', 'asset_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('asset_permission_status')
    .on('asset_permission')
    .columns(['tenant_id', 'status', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('asset_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('asset.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_label', 'text', (c) => c.notNull())
    .addColumn('performed_by', 'text', (c) => c.references('person.id'))
    .addColumn('permission_id', 'text', (c) => c.references('asset_permission.id'))
    .addColumn('permission_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('c_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('encrypted', 'integer')
    .addColumn('method', 'text')
    .addColumn('recipient', 'text')
    .addColumn('destination', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('expected_return_on', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('certificate_file_id', 'text', (c) => c.references('stored_file.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('asset_event_asset').on('asset_event').columns(['tenant_id', 'asset_id', 'at']).execute();
  await db.schema.createIndex('asset_event_action').on('asset_event').columns(['tenant_id', 'action']).execute();
}
