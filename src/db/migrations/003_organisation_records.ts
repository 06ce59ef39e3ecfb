import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Records of the organisation area: stored files (committee minutes), pledge texts and pledges (誓約, seed §5,
 * §11, §12), and committee meetings. Binary content is 'blob' on SQLite and 'bytea' on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', binary, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stored_file_tenant_sha').on('stored_file').columns(['tenant_id', 'sha256']).execute();

  await db.schema
    .createTable('pledge_text')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pledge_text_version_unique', ['tenant_id', 'audience', 'version'])
    .execute();

  await db.schema
    .createTable('pledge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('pledge_text_id', 'text', (c) => c.notNull().references('pledge_text.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pledge_tenant_person').on('pledge').columns(['tenant_id', 'person_id']).execute();
  await db.schema.createIndex('pledge_tenant_text').on('pledge').columns(['tenant_id', 'pledge_text_id']).execute();

  await db.schema
    .createTable('committee_meeting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'))
    .addColumn('committee_id', 'text', (c) => c.notNull().references('committee.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('attendees_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('agenda_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decisions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes_file_id', 'text', (c) => c.references('stored_file.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('committee_meeting_tenant_date')
    .on('committee_meeting')
    .columns(['tenant_id', 'held_on', 'id'])
    .execute();
}
