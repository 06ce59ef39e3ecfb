import type { Kysely } from 'kysely';

/**
 * An account whose password an administrator chose (a new account, or a reset) must change it at its next
 * sign-in: until then the session may only change the password or sign out (src/platform/http/access.ts).
 * 1 = must change; 0 = the holder chose the password themselves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('user_account')
    .addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
