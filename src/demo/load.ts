/**
 * `mamori demo` and `mamori start --demo`: loads the fictional town 青葉町 once. A second run finds it and changes
 * nothing. Everything is written through the services, so the demo's audit trail verifies like a real one.
 */
import type { Database } from '../db/database.ts';
import { asSystem, type Scope } from '../db/scope.ts';
import { permissionTable } from '../modules/index.ts';
import { setupRequest } from '../modules/setup/contract.ts';
import { createTenantWithAdmin } from '../modules/setup/service.ts';
import { passwordProblem } from '../platform/auth/passwords.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import {
  appointRoles,
  createAccounts,
  createPeople,
  createUnits,
  type DemoContext,
  placeAdmin,
  recordHistory,
} from './build.ts';
import { DEMO_ADMIN } from './people.ts';
import { DEMO_ACCOUNTS } from './roles.ts';
import { type DemoCounts, demoSummary } from './summary.ts';
import { DEMO_BODIES, DEMO_TOWN } from './town.ts';

export const DEFAULT_DEMO_PASSWORD = 'Aoba-demo-2026!';
export const DEMO_ADMIN_LOGIN = 'demo-admin';

export interface DemoOptions {
  quiet: boolean;
  /** The running configuration, for the address printed in the summary. */
  config?: Config;
}

export interface DemoResult {
  created: boolean;
  tenantId: string;
}

function demoPassword(): string {
  const password = process.env.MAMORI_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  for (const loginId of [DEMO_ADMIN_LOGIN, ...DEMO_ACCOUNTS.map((a) => a.loginId)]) {
    const problem = passwordProblem(password, loginId);
    if (problem) throw new Error(`MAMORI_DEMO_PASSWORD を使えません（${loginId}）: ${problem.ja}`);
  }
  return password;
}

/** The demo is complete once its last account exists; anything less is a load that stopped half-way. */
async function existingDemo(database: Database): Promise<DemoResult | null> {
  return asSystem(database, async (tx) => {
    const tenant = await tx.selectFrom('tenant').select('id').where('code', '=', DEMO_TOWN.code).executeTakeFirst();
    if (!tenant) return null;
    const last = DEMO_ACCOUNTS[DEMO_ACCOUNTS.length - 1].loginId;
    const marker = await tx
      .selectFrom('user_account')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('login_id', '=', last)
      .executeTakeFirst();
    if (!marker) {
      throw new Error(
        `団体コード ${DEMO_TOWN.code} の団体は登録済みですが、デモの町として読み込みを終えていません（途中で止まったか、同じコードの別の団体です）。` +
          'デモ用のデータベースを空にしてから、もう一度実行してください。',
      );
    }
    return { created: false, tenantId: tenant.id };
  });
}

async function countDemo(database: Database, tenantId: string): Promise<DemoCounts> {
  return asSystem(database, async (tx) => {
    const [bodies, units, people, appointments] = await Promise.all([
      tx.selectFrom('implementing_body').select('id').where('tenant_id', '=', tenantId).execute(),
      tx.selectFrom('org_unit').select('valid_to').where('tenant_id', '=', tenantId).execute(),
      tx.selectFrom('person').select('status').where('tenant_id', '=', tenantId).execute(),
      tx.selectFrom('appointment').select('valid_to').where('tenant_id', '=', tenantId).execute(),
    ]);
    return {
      bodies: bodies.length,
      units: units.length,
      closedUnits: units.filter((u) => u.valid_to !== null).length,
      people: people.length,
      leftPeople: people.filter((p) => p.status !== 'ACTIVE').length,
      appointments: appointments.length,
      endedAppointments: appointments.filter((a) => a.valid_to !== null).length,
    };
  });
}

export async function loadDemo(database: Database, options: DemoOptions): Promise<DemoResult> {
  const say = (text: string) => {
    if (!options.quiet) console.log(text);
  };
  const existing = await existingDemo(database);
  if (existing) {
    say(`デモの町「${DEMO_TOWN.name}」は読み込み済みです。何も変更していません。`);
    return existing;
  }
  const password = demoPassword();
  // The organisation services need no secret key; a placeholder keeps loadConfig from creating a key file.
  const config = options.config ?? loadConfig({ ...process.env, MAMORI_SECRET_KEY: '0'.repeat(64) });
  const { tenantId, userId } = await createTenantWithAdmin(
    database,
    setupRequest.parse({
      tenant: { ...DEMO_TOWN, bodies: DEMO_BODIES.map((b) => ({ kind: b.kind, name: b.name })) },
      admin: { ...DEMO_ADMIN, loginId: DEMO_ADMIN_LOGIN, password },
      // The demo imports the seed 基本方針 itself, in its own name (src/demo/policies.ts).
      importSeedPolicy: false,
    }),
  );
  const scope: Scope = {
    tenantId,
    actor: { userId: null, personId: null, label: 'デモデータの読み込み（mamori demo）', roles: [] },
  };
  const ctx: DemoContext = {
    services: { database, config, permissions: permissionTable() },
    scope,
    units: new Map(),
    people: new Map(),
  };
  const admin = await asSystem(database, (tx) =>
    tx.selectFrom('user_account').select('person_id').where('id', '=', userId).executeTakeFirstOrThrow(),
  );
  await createUnits(ctx);
  await createPeople(ctx);
  await placeAdmin(ctx, admin.person_id!);
  await recordHistory(ctx);
  await appointRoles(ctx);
  await createAccounts(ctx, password);
  if (!options.quiet) {
    const counts = await countDemo(database, tenantId);
    say(demoSummary(config.publicUrl, password === DEFAULT_DEMO_PASSWORD ? password : null, counts));
  }
  return { created: true, tenantId };
}
