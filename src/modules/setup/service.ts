import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { uuidv7 } from '../../db/ids.ts';
import { asSystem, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { passwordProblem } from '../../platform/auth/passwords.ts';
import { conflict, fieldErrors } from '../../platform/errors.ts';
import { insertAccount } from '../accounts/service.ts';
import { codeFieldError, createTenant } from '../organisation/tenant.service.ts';
import { kanaSortKey } from '../../domain/kana.ts';
import { importSeedPolicy, readSeedPolicy } from '../policies/seed.ts';
import type { SetupRequest } from './contract.ts';

export async function setupNeeded(database: Database): Promise<boolean> {
  const row = await asSystem(database, (tx) => tx.selectFrom('tenant').select('id').limit(1).executeTakeFirst());
  return row === undefined;
}

function checkInput(input: SetupRequest) {
  const problems = [codeFieldError(input.tenant.code)]
    .filter((p) => p !== null)
    .map((p) => ({ ...p, field: 'tenant.code' }));
  const pw = passwordProblem(input.admin.password, input.admin.loginId);
  if (pw) problems.push({ field: 'admin.password', message: pw });
  if (problems.length) throw fieldErrors(problems);
}

/** Whether the seed 基本方針 was imported: 'imported', 'skipped' (not asked for) or 'missing' (no seed file found). */
export type SeedPolicyOutcome = 'imported' | 'skipped' | 'missing';
export interface SetupResult {
  tenantId: string;
  userId: string;
  seedPolicy: SeedPolicyOutcome;
}

/** First run: refused once any tenant exists; further tenants are added with `mamori create-admin`. */
export async function runSetup(database: Database, input: SetupRequest): Promise<SetupResult> {
  checkInput(input);
  return asSystem(database, async (tx) => {
    if (database.dialect === 'postgres') await sql`LOCK TABLE tenant IN EXCLUSIVE MODE`.execute(tx);
    const any = await tx.selectFrom('tenant').select('id').limit(1).executeTakeFirst();
    if (any) {
      throw conflict('SETUP_DONE', {
        ja: '初期設定は完了しています。ログインしてください。',
        en: 'Setup is already complete; please sign in.',
      });
    }
    return insertTenantWithAdmin(tx, input);
  });
}

/** Creates a tenant with its first administrator, whether or not other tenants exist (CLI, demo, tests). */
export async function createTenantWithAdmin(database: Database, input: SetupRequest): Promise<SetupResult> {
  checkInput(input);
  return asSystem(database, (tx) => insertTenantWithAdmin(tx, input));
}

/** The town, its 実施機関 and committee, the administrator's person record and account, in one transaction. */
async function insertTenantWithAdmin(tx: Tx, input: SetupRequest): Promise<SetupResult> {
  const tenantId = await createTenant(tx, input.tenant, '初期設定');
  const scope: Scope = { tenantId, actor: { userId: null, personId: null, label: '初期設定', roles: [] } };
  const now = nowIso();
  const person = {
    id: uuidv7(),
    tenant_id: tenantId,
    staff_number: input.admin.staffNumber,
    family_name: input.admin.familyName,
    given_name: input.admin.givenName,
    family_kana: input.admin.familyKana,
    given_kana: input.admin.givenKana,
    sort_key: kanaSortKey(input.admin.familyKana, input.admin.givenKana),
    employment_type: 'STAFF',
    org_unit_id: null,
    title: input.admin.title ?? '',
    employer: null,
    email: null,
    phone: null,
    mobile_phone: null,
    status: 'ACTIVE',
    status_changed_on: null,
    joined_on: null,
    left_on: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('person').values(person).execute();
  await appendAudit(tx, scope, { action: 'create', entityType: 'person', entityId: person.id, after: person });
  const userId = await insertAccount(tx, scope, {
    personId: person.id,
    loginId: input.admin.loginId,
    password: input.admin.password,
    isPlatformAdmin: true,
  });
  // The seed 基本方針 is offered by default; without its file, setup goes on and says so.
  let seedPolicy: SeedPolicyOutcome = 'skipped';
  if (input.importSeedPolicy !== false) {
    const seed = readSeedPolicy();
    seedPolicy = seed ? 'imported' : 'missing';
    if (seed) await importSeedPolicy(tx, scope, seed);
  }
  return { tenantId, userId, seedPolicy };
}
