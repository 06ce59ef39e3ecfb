import type { Kysely } from 'kysely';

/**
 * 無害化: a raw release of an original to LGWAN is recorded in the 例外措置 registry (policy_exception); the release
 * request keeps the id of that record so both sides link to each other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sanitizer_release').addColumn('exception_id', 'text').execute();
}
