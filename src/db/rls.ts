import { type Kysely, sql } from 'kysely';
import { SYSTEM_TABLES, TENANT_TABLES } from './schema.ts';

/** The PostgreSQL role the application runs as. It owns nothing and is subject to every policy below. */
export const APP_ROLE = 'mamori_app';

const TENANT_SETTING = "current_setting('mamori.tenant_id', true)";
const SYSTEM_SETTING = "coalesce(current_setting('mamori.system', true), '') = 'on'";

/**
 * Row-level security: the second wall behind the repositories' tenant scope. Each transaction sets
 * mamori.tenant_id (or mamori.system for sign-in lookups and the job runner); a query without either sees nothing.
 * The audit trail is append-only for the application role: it has no UPDATE or DELETE policy or grant.
 * Idempotent: run after every migration.
 */
export async function applyRowLevelSecurity(db: Kysely<unknown>): Promise<void> {
  const exec = (text: string) => sql.raw(text).execute(db);
  await exec(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
  EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await exec(
    `DO $$ BEGIN EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user); EXCEPTION WHEN others THEN NULL; END $$`,
  );
  await exec(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  await exec(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  await exec(`REVOKE UPDATE, DELETE ON audit_event FROM ${APP_ROLE}`);

  const policies: Array<[table: string, using: string]> = [
    ['tenant', `id = ${TENANT_SETTING} OR ${SYSTEM_SETTING}`],
    ...TENANT_TABLES.map((t): [string, string] => [t, `tenant_id = ${TENANT_SETTING} OR ${SYSTEM_SETTING}`]),
    ...SYSTEM_TABLES.map((t): [string, string] => [t, SYSTEM_SETTING]),
  ];
  for (const [table, using] of policies) {
    await exec(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await exec(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    await exec(`DROP POLICY IF EXISTS mamori_scope ON ${table}`);
    await exec(`DROP POLICY IF EXISTS mamori_read ON ${table}`);
    await exec(`DROP POLICY IF EXISTS mamori_append ON ${table}`);
    if (table === 'audit_event') {
      await exec(`CREATE POLICY mamori_read ON ${table} FOR SELECT USING (${using})`);
      await exec(`CREATE POLICY mamori_append ON ${table} FOR INSERT WITH CHECK (${using})`);
    } else {
      await exec(`CREATE POLICY mamori_scope ON ${table} USING (${using}) WITH CHECK (${using})`);
    }
  }
}
