/**
 * 情報システム台帳: systems with their tier, addresses, roles, terminal groups, 情報システム管理者 and owning 課室
 * (所管課). Every write is in one transaction with its audit event.
 */

import { uuidv7 } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { Tier } from '../../domain/tiers.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import { requirePermission, type Services } from '../../platform/http/services.ts';
import type { SystemCreate, SystemListQuery, SystemUpdate, TerminalGroup } from './contract.ts';

const SYSTEM = { ja: '情報システム', en: 'The system' };
const parse = <T>(s: string | null): T => (s ? JSON.parse(s) : null) as T;

type SystemRow = DB['network_system'];
type Unit = { id: string; name: string };
export const systemView = (
  r: SystemRow,
  manager: { personId: string; name: string } | null,
  unit: Unit | null = null,
) => ({
  id: r.id,
  name: r.name,
  tier: r.tier as Tier,
  addresses: parse<string[]>(r.addresses_json),
  roles: parse<string[]>(r.roles_json),
  terminalGroups: parse<TerminalGroup[]>(r.terminals_json),
  assetIds: parse<string[]>(r.asset_ids_json),
  orgUnitId: r.org_unit_id,
  /** The 所管課 by name, for lists (null when none is recorded). */
  orgUnit: unit,
  note: r.note,
  manager,
  updatedAt: r.updated_at,
});
export type NetworkSystemView = ReturnType<typeof systemView>;

/** 情報システム管理者 in post today: SYS_MANAGER appointments scoped to the system's id. */
export async function managers(tx: Tx, scope: Scope, systemIds: string[]) {
  const out = new Map<string, { personId: string; name: string }>();
  if (!systemIds.length) return out;
  const today = todayInJapan();
  const rows = await tx
    .selectFrom('appointment')
    .innerJoin('person', 'person.id', 'appointment.person_id')
    .select(['appointment.scope_id', 'person.id', 'person.family_name', 'person.given_name'])
    .where('appointment.tenant_id', '=', scope.tenantId)
    .where('appointment.role', '=', 'SYS_MANAGER')
    .where('appointment.scope_kind', '=', 'SYSTEM')
    .where('appointment.scope_id', 'in', systemIds)
    .where('appointment.valid_from', '<=', today)
    .where((eb) => eb.or([eb('appointment.valid_to', 'is', null), eb('appointment.valid_to', '>=', today)]))
    .execute();
  for (const r of rows) {
    if (r.scope_id) out.set(r.scope_id, { personId: r.id, name: `${r.family_name} ${r.given_name}` });
  }
  return out;
}

async function unitsById(tx: Tx, scope: Scope, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, Unit>();
  const rows = await tx
    .selectFrom('org_unit')
    .select(['id', 'name'])
    .where('tenant_id', '=', scope.tenantId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((u) => [u.id, u]));
}

export async function systemRows(tx: Tx, scope: Scope, unitId?: string) {
  let q = tx.selectFrom('network_system').selectAll().where('tenant_id', '=', scope.tenantId);
  if (unitId) q = q.where('org_unit_id', '=', unitId);
  return q.orderBy('name').execute();
}

export async function systemRow(tx: Tx, scope: Scope, id: string) {
  const row = await tx
    .selectFrom('network_system')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(SYSTEM);
  return row;
}

/** Views with manager and 所管課 names, in the rows' order. */
export async function systemViews(tx: Tx, scope: Scope, rows: SystemRow[]) {
  const m = await managers(
    tx,
    scope,
    rows.map((r) => r.id),
  );
  const units = await unitsById(
    tx,
    scope,
    rows.map((r) => r.org_unit_id),
  );
  return rows.map((r) => systemView(r, m.get(r.id) ?? null, (r.org_unit_id && units.get(r.org_unit_id)) || null));
}

export async function listSystems(services: Services, scope: Scope, query: SystemListQuery = {}) {
  return inTenant(services.database, scope, async (tx) => ({
    items: await systemViews(tx, scope, await systemRows(tx, scope, query.unitId)),
  }));
}

/** The 所管課 must be a unit of this tenant, not closed; another tenant's id reads as unknown. */
async function checkUnit(tx: Tx, scope: Scope, unitId: string | null | undefined) {
  if (!unitId) return;
  const unit = await tx
    .selectFrom('org_unit')
    .select(['id', 'valid_to'])
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) {
    throw fieldErrors([
      { field: 'orgUnitId', message: { ja: '所管課が見つかりません。', en: 'The owning unit was not found.' } },
    ]);
  }
  if (unit.valid_to && unit.valid_to < todayInJapan()) {
    throw fieldErrors([
      {
        field: 'orgUnitId',
        message: { ja: '廃止された組織は所管課にできません。', en: 'A closed unit cannot own a system.' },
      },
    ]);
  }
}

async function nameTaken(tx: Tx, scope: Scope, name: string, except?: string) {
  let q = tx.selectFrom('network_system').select('id').where('tenant_id', '=', scope.tenantId).where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst()) {
    throw conflict('NETWORK_SYSTEM_NAME_TAKEN', {
      ja: `「${name}」という名称の情報システムは既に登録されています。別の名称を入力してください。`,
      en: `A system named "${name}" already exists.`,
    });
  }
}

export async function createSystem(services: Services, scope: Scope, input: SystemCreate) {
  return inTenant(services.database, scope, async (tx) => {
    await checkUnit(tx, scope, input.orgUnitId);
    await nameTaken(tx, scope, input.name);
    const now = nowIso();
    const row: SystemRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      name: input.name,
      tier: input.tier,
      addresses_json: JSON.stringify(input.addresses),
      roles_json: JSON.stringify(input.roles),
      terminals_json: JSON.stringify(input.terminalGroups),
      asset_ids_json: JSON.stringify(input.assetIds),
      org_unit_id: input.orgUnitId ?? null,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('network_system').values(row).execute();
    const view = (await systemViews(tx, scope, [row]))[0];
    await appendAudit(tx, scope, { action: 'create', entityType: 'network_system', entityId: row.id, after: view });
    return view;
  });
}

export async function updateSystem(services: Services, scope: Scope, id: string, input: SystemUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await systemRow(tx, scope, id);
    requirePermission(services, scope.actor, 'edit', 'network_system', { systemId: id });
    if (input.orgUnitId !== undefined && (input.orgUnitId ?? null) !== before.org_unit_id) {
      await checkUnit(tx, scope, input.orgUnitId);
    }
    if (input.name && input.name !== before.name) await nameTaken(tx, scope, input.name, id);
    const set: Partial<SystemRow> = { updated_at: nowIso() };
    if (input.name !== undefined) set.name = input.name;
    if (input.tier !== undefined) set.tier = input.tier;
    if (input.addresses !== undefined) set.addresses_json = JSON.stringify(input.addresses);
    if (input.roles !== undefined) set.roles_json = JSON.stringify(input.roles);
    if (input.terminalGroups !== undefined) set.terminals_json = JSON.stringify(input.terminalGroups);
    if (input.assetIds !== undefined) set.asset_ids_json = JSON.stringify(input.assetIds);
    if (input.orgUnitId !== undefined) set.org_unit_id = input.orgUnitId ?? null;
    if (input.note !== undefined) set.note = input.note ?? null;
    await tx
      .updateTable('network_system')
      .set(set)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const after = await systemRow(tx, scope, id);
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'network_system',
      entityId: id,
      before: systemView(before, null),
      after: systemView(after, null),
    });
    return (await systemViews(tx, scope, [after]))[0];
  });
}

export async function deleteSystem(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await systemRow(tx, scope, id);
    const used = await tx
      .selectFrom('network_flow')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where((eb) => eb.or([eb('from_system_id', '=', id), eb('to_ref', '=', id)]))
      .executeTakeFirst();
    if (used) {
      throw conflict('NETWORK_SYSTEM_IN_USE', {
        ja: 'この情報システムを通信元又は通信先とする登録済みの通信があります。先に通信を削除してください。',
        en: 'Declared flows use this system; delete them first.',
      });
    }
    await tx.deleteFrom('network_system').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    await appendAudit(tx, scope, {
      action: 'delete',
      entityType: 'network_system',
      entityId: id,
      before: systemView(before, null),
    });
  });
}
