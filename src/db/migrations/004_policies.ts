import type { Kysely } from 'kysely';

/**
 * Policy documents (基本方針・対策基準・実施手順): documents and their versions with the approval record, committee
 * votes, clause links to other records, read-and-acknowledge campaigns, notices sent by the reminder job, reviews
 * (見直し) and exceptions (例外措置) with their periodic reviews.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const tenantTable = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id'));

  await tenantTable('policy_document')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text')
    .addColumn('scope_id', 'text')
    .addColumn('visible_roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('on_portal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('established_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('policy_document_tenant_kind')
    .on('policy_document')
    .columns(['tenant_id', 'kind'])
    .execute();

  await tenantTable('policy_version')
    .addColumn('document_id', 'text', (c) => c.notNull().references('policy_document.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('change_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('based_on_id', 'text')
    .addColumn('drafted_by_person_id', 'text')
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by_person_id', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by_person_id', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_comment', 'text')
    .addColumn('decision', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decision_json', 'text')
    .addColumn('revised_on', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_version_number_unique', ['document_id', 'number'])
    .execute();
  await db.schema
    .createIndex('policy_version_tenant_document')
    .on('policy_version')
    .columns(['tenant_id', 'document_id', 'number'])
    .execute();

  await tenantTable('policy_vote')
    .addColumn('version_id', 'text', (c) => c.notNull().references('policy_version.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('vote', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('voted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_vote_unique', ['version_id', 'person_id'])
    .execute();

  await tenantTable('policy_link')
    .addColumn('document_id', 'text', (c) => c.notNull().references('policy_document.id'))
    .addColumn('clause_path', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_link_unique', ['tenant_id', 'document_id', 'clause_path', 'entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('policy_link_entity')
    .on('policy_link')
    .columns(['tenant_id', 'entity_type', 'entity_id'])
    .execute();

  await tenantTable('policy_ack_campaign')
    .addColumn('document_id', 'text', (c) => c.notNull().references('policy_document.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('policy_version.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('audience_kind', 'text', (c) => c.notNull())
    .addColumn('audience_unit_id', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('remind_every_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('last_reminded_on', 'text')
    .execute();

  await tenantTable('policy_ack')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('policy_ack_campaign.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('unit_id', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('policy_ack_unique', ['campaign_id', 'person_id'])
    .execute();
  await db.schema.createIndex('policy_ack_person').on('policy_ack').columns(['tenant_id', 'person_id']).execute();

  await tenantTable('policy_notice')
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_notice_once_a_day', ['tenant_id', 'kind', 'subject_id', 'person_id', 'sent_on'])
    .execute();
  await db.schema
    .createIndex('policy_notice_person')
    .on('policy_notice')
    .columns(['tenant_id', 'person_id', 'sent_on'])
    .execute();

  await tenantTable('policy_review')
    .addColumn('document_id', 'text', (c) => c.notNull().references('policy_document.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer')
    .addColumn('trigger_entity_type', 'text')
    .addColumn('trigger_entity_id', 'text')
    .addColumn('trigger_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text')
    .addColumn('meeting_id', 'text')
    .addColumn('discussion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('resulting_version_id', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('policy_review_document')
    .on('policy_review')
    .columns(['tenant_id', 'document_id'])
    .execute();

  await tenantTable('policy_exception')
    .addColumn('rule_refs', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rule_text', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('compensating_measures', 'text', (c) => c.notNull())
    .addColumn('scope_unit_id', 'text')
    .addColumn('scope_system_id', 'text')
    .addColumn('scope_description', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('emergency_occurred_on', 'text')
    .addColumn('emergency_action', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by_person_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_person_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('review_every_months', 'integer', (c) => c.notNull())
    .addColumn('last_reviewed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('policy_exception_tenant_status')
    .on('policy_exception')
    .columns(['tenant_id', 'status', 'valid_until'])
    .execute();

  await tenantTable('policy_exception_review')
    .addColumn('exception_id', 'text', (c) => c.notNull().references('policy_exception.id'))
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('reviewer_person_id', 'text')
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
