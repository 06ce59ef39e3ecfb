/**
 * The register side (台帳): dated settings, exceptions (特定通信 …), systems with their 情報システム管理者 and terminal
 * groups, and declared flows. Every write is in one transaction with its audit event.
 */

import { uuidv7 } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { NetworkRegister, RegisterZone } from '../../domain/flows/register.ts';
import type { FlowException, Mechanism, NetworkModel, Tier } from '../../domain/tiers.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { requirePermission, type Services } from '../../platform/http/services.ts';
import type {
  ExceptionCreate,
  FlowCreate,
  FlowUpdate,
  SettingCreate,
  SystemCreate,
  SystemUpdate,
  TerminalGroup,
} from './contract.ts';

const SYSTEM = { ja: '情報システム', en: 'The system' };
const FLOW = { ja: '通信', en: 'The flow' };
const parse = <T>(s: string | null): T => (s ? JSON.parse(s) : null) as T;

// ---- settings ----------------------------------------------------------------------------------------------------

type SettingRow = DB['network_setting'];
export const settingView = (r: SettingRow) => ({
  id: r.id,
  effectiveFrom: r.effective_from,
  model: r.model as NetworkModel,
  zones: parse<RegisterZone[]>(r.zones_json),
  note: r.note,
});
export type NetworkSetting = ReturnType<typeof settingView>;

export async function settingOn(tx: Tx, scope: Scope, on: string): Promise<NetworkSetting | null> {
  const row = await tx
    .selectFrom('network_setting')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .executeTakeFirst();
  return row ? settingView(row) : null;
}

export async function listSettings(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('network_setting')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('effective_from', 'desc')
      .execute();
    const today = todayInJapan();
    return { current: await settingOn(tx, scope, today), items: rows.map(settingView), today };
  });
}

export async function createSetting(services: Services, scope: Scope, input: SettingCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const clash = await tx
      .selectFrom('network_setting')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('effective_from', '=', input.effectiveFrom)
      .executeTakeFirst();
    if (clash) {
      throw conflict('NETWORK_SETTING_EXISTS', {
        ja: 'この施行日の設定は既に登録されています。別の日付を入力してください。',
        en: 'A setting with this effective date already exists.',
      });
    }
    const now = nowIso();
    const row: SettingRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      effective_from: input.effectiveFrom,
      model: input.model,
      zones_json: JSON.stringify(input.zones),
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('network_setting').values(row).execute();
    const view = settingView(row);
    await appendAudit(tx, scope, { action: 'create', entityType: 'network_setting', entityId: row.id, after: view });
    return view;
  });
}

// ---- exceptions ----------------------------------------------------------------------------------------------------

type ExceptionRow = DB['network_exception'];
export const exceptionView = (r: ExceptionRow, today: string) => ({
  id: r.id,
  list: r.list as FlowException['list'],
  name: r.name,
  from: parse<FlowException['from']>(r.from_json),
  to: parse<FlowException['to']>(r.to_json),
  services: parse<string[]>(r.services_json),
  legalBasis: r.legal_basis,
  approvedBy: r.approved_by,
  approvedOn: r.approved_on,
  expiresOn: r.expires_on,
  status:
    r.expires_on < today ? ('expired' as const) : r.approved_on > today ? ('pending' as const) : ('active' as const),
});
export type NetworkExceptionView = ReturnType<typeof exceptionView>;

export const exceptionRow = (input: ExceptionCreate) => ({
  list: input.list,
  name: input.name,
  from_json: JSON.stringify(input.from),
  to_json: JSON.stringify(input.to),
  services_json: JSON.stringify(input.services),
  legal_basis: input.legalBasis ?? null,
  approved_by: input.approvedBy,
  approved_on: input.approvedOn,
  expires_on: input.expiresOn,
});

async function exceptionRows(tx: Tx, scope: Scope) {
  return tx
    .selectFrom('network_exception')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('name')
    .execute();
}

export async function listExceptions(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const today = todayInJapan();
    return { items: (await exceptionRows(tx, scope)).map((r) => exceptionView(r, today)) };
  });
}

export async function createException(services: Services, scope: Scope, input: ExceptionCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const now = nowIso();
    const row: ExceptionRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      ...exceptionRow(input),
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('network_exception').values(row).execute();
    const view = exceptionView(row, todayInJapan());
    await appendAudit(tx, scope, { action: 'create', entityType: 'network_exception', entityId: row.id, after: view });
    return view;
  });
}

export async function deleteException(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await tx
      .selectFrom('network_exception')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound({ ja: '例外', en: 'The exception' });
    await tx.deleteFrom('network_exception').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    await appendAudit(tx, scope, {
      action: 'delete',
      entityType: 'network_exception',
      entityId: id,
      before: exceptionView(row, todayInJapan()),
    });
  });
}

// ---- systems ---------------------------------------------------------------------------------------------------------

type SystemRow = DB['network_system'];
const systemView = (r: SystemRow, manager: { personId: string; name: string } | null) => ({
  id: r.id,
  name: r.name,
  tier: r.tier as Tier,
  addresses: parse<string[]>(r.addresses_json),
  roles: parse<string[]>(r.roles_json),
  terminalGroups: parse<TerminalGroup[]>(r.terminals_json),
  assetIds: parse<string[]>(r.asset_ids_json),
  note: r.note,
  manager,
  updatedAt: r.updated_at,
});
export type NetworkSystemView = ReturnType<typeof systemView>;

/** 情報システム管理者 in post today: SYS_MANAGER appointments scoped to the system's id. */
async function managers(tx: Tx, scope: Scope, systemIds: string[]) {
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

async function systemRows(tx: Tx, scope: Scope) {
  return tx.selectFrom('network_system').selectAll().where('tenant_id', '=', scope.tenantId).orderBy('name').execute();
}

async function systemRow(tx: Tx, scope: Scope, id: string) {
  const row = await tx
    .selectFrom('network_system')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(SYSTEM);
  return row;
}

export async function listSystems(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await systemRows(tx, scope);
    const m = await managers(
      tx,
      scope,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => systemView(r, m.get(r.id) ?? null)) };
  });
}

export async function getSystem(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await systemRow(tx, scope, id);
    const m = await managers(tx, scope, [id]);
    const flows = await flowRows(tx, scope, id);
    return {
      ...systemView(row, m.get(id) ?? null),
      canEdit: services.permissions.can(scope.actor, 'edit', 'network_system', { systemId: id }),
      flows: flows.map(flowView),
    };
  });
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
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('network_system').values(row).execute();
    const view = systemView(row, null);
    await appendAudit(tx, scope, { action: 'create', entityType: 'network_system', entityId: row.id, after: view });
    return view;
  });
}

export async function updateSystem(services: Services, scope: Scope, id: string, input: SystemUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await systemRow(tx, scope, id);
    requirePermission(services, scope.actor, 'edit', 'network_system', { systemId: id });
    if (input.name && input.name !== before.name) await nameTaken(tx, scope, input.name, id);
    const set: Partial<SystemRow> = { updated_at: nowIso() };
    if (input.name !== undefined) set.name = input.name;
    if (input.tier !== undefined) set.tier = input.tier;
    if (input.addresses !== undefined) set.addresses_json = JSON.stringify(input.addresses);
    if (input.roles !== undefined) set.roles_json = JSON.stringify(input.roles);
    if (input.terminalGroups !== undefined) set.terminals_json = JSON.stringify(input.terminalGroups);
    if (input.assetIds !== undefined) set.asset_ids_json = JSON.stringify(input.assetIds);
    if (input.note !== undefined) set.note = input.note ?? null;
    await tx
      .updateTable('network_system')
      .set(set)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const after = await systemRow(tx, scope, id);
    const m = await managers(tx, scope, [id]);
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'network_system',
      entityId: id,
      before: systemView(before, null),
      after: systemView(after, null),
    });
    return systemView(after, m.get(id) ?? null);
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

// ---- declared flows --------------------------------------------------------------------------------------------------

type FlowRow = DB['network_flow'];
const flowView = (r: FlowRow) => ({
  id: r.id,
  fromSystemId: r.from_system_id,
  to: r.to_ref,
  service: r.service,
  mechanism: r.mechanism as Mechanism,
  justification: r.justification,
  screenTransfer: parse<{ clipboard: boolean; printer: boolean; drive: boolean } | null>(r.screen_transfer_json),
});
export type NetworkFlowView = ReturnType<typeof flowView>;

async function flowRows(tx: Tx, scope: Scope, systemId?: string) {
  let q = tx.selectFrom('network_flow').selectAll().where('tenant_id', '=', scope.tenantId);
  if (systemId) q = q.where((eb) => eb.or([eb('from_system_id', '=', systemId), eb('to_ref', '=', systemId)]));
  return q.orderBy('id').execute();
}

export async function listFlows(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => ({ items: (await flowRows(tx, scope)).map(flowView) }));
}

export async function createFlow(services: Services, scope: Scope, input: FlowCreate) {
  return inTenant(services.database, scope, async (tx) => {
    await systemRow(tx, scope, input.fromSystemId);
    requirePermission(services, scope.actor, 'edit', 'network_system', { systemId: input.fromSystemId });
    if (!input.to.startsWith('tier:')) {
      const target = await tx
        .selectFrom('network_system')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', input.to)
        .executeTakeFirst();
      if (!target) {
        throw badRequest('NETWORK_FLOW_TARGET_UNKNOWN', {
          ja: '通信先の情報システムが台帳にありません。先に情報システムを登録してください。',
          en: 'The destination system is not in the register.',
        });
      }
    }
    const now = nowIso();
    const row: FlowRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      from_system_id: input.fromSystemId,
      to_ref: input.to,
      service: input.service,
      mechanism: input.mechanism,
      justification: input.justification,
      screen_transfer_json: input.screenTransfer ? JSON.stringify(input.screenTransfer) : null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('network_flow').values(row).execute();
    const view = flowView(row);
    await appendAudit(tx, scope, { action: 'create', entityType: 'network_flow', entityId: row.id, after: view });
    return view;
  });
}

async function flowRow(tx: Tx, scope: Scope, id: string) {
  const row = await tx
    .selectFrom('network_flow')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(FLOW);
  return row;
}

export async function updateFlow(services: Services, scope: Scope, id: string, input: FlowUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await flowRow(tx, scope, id);
    requirePermission(services, scope.actor, 'edit', 'network_system', { systemId: before.from_system_id });
    const set: Partial<FlowRow> = { updated_at: nowIso() };
    if (input.service !== undefined) set.service = input.service;
    if (input.mechanism !== undefined) set.mechanism = input.mechanism;
    if (input.justification !== undefined) set.justification = input.justification;
    if (input.screenTransfer !== undefined)
      set.screen_transfer_json = input.screenTransfer ? JSON.stringify(input.screenTransfer) : null;
    await tx
      .updateTable('network_flow')
      .set(set)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const after = flowView(await flowRow(tx, scope, id));
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'network_flow',
      entityId: id,
      before: flowView(before),
      after,
    });
    return after;
  });
}

export async function deleteFlow(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await flowRow(tx, scope, id);
    requirePermission(services, scope.actor, 'edit', 'network_system', { systemId: before.from_system_id });
    await tx.deleteFrom('network_flow').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    await appendAudit(tx, scope, {
      action: 'delete',
      entityType: 'network_flow',
      entityId: id,
      before: flowView(before),
    });
  });
}

// ---- the register as the checker reads it ----------------------------------------------------------------------------

export interface LoadedRegister {
  setting: NetworkSetting | null;
  register: NetworkRegister;
  systems: NetworkSystemView[];
}

export async function loadRegister(tx: Tx, scope: Scope, on: string): Promise<LoadedRegister> {
  const setting = await settingOn(tx, scope, on);
  const systems = (await systemRows(tx, scope)).map((r) => systemView(r, null));
  const flows = (await flowRows(tx, scope)).map(flowView);
  const exceptions = (await exceptionRows(tx, scope)).map((r) => exceptionView(r, on));
  return {
    setting,
    systems,
    register: {
      zones: setting?.zones ?? [],
      systems: systems.map((s) => ({ id: s.id, name: s.name, tier: s.tier, addresses: s.addresses, roles: s.roles })),
      flows: flows.map((f) => ({
        id: f.id,
        from: f.fromSystemId,
        to: f.to,
        service: f.service,
        mechanism: f.mechanism,
        justification: f.justification,
        ...(f.screenTransfer ? { screenTransfer: f.screenTransfer } : {}),
      })),
      exceptions: exceptions.map(({ status: _s, legalBasis, ...e }) => ({ ...e, legalBasis: legalBasis ?? undefined })),
    },
  };
}
