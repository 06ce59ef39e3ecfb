/**
 * The register side (台帳): dated settings, exceptions (特定通信 …), one system with its flows, and declared flows
 * (the systems themselves: systems.service.ts). Every write is in one transaction with its audit event.
 */

import { uuidv7 } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { NetworkRegister, RegisterZone } from '../../domain/flows/register.ts';
import type { FlowException, Mechanism, NetworkModel } from '../../domain/tiers.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { requirePermission, type Services } from '../../platform/http/services.ts';
import type { ExceptionCreate, FlowCreate, FlowUpdate, SettingCreate } from './contract.ts';
import { type NetworkSystemView, systemRow, systemRows, systemView, systemViews } from './systems.service.ts';
import { checkZoneRemovals } from './zones.ts';

export type { NetworkSystemView };

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
    const previous = await settingOn(tx, scope, input.effectiveFrom);
    await checkZoneRemovals(tx, scope, previous?.zones ?? [], input.zones);
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

// ---- one system with its flows --------------------------------------------------------------------------------

export async function getSystem(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const [view] = await systemViews(tx, scope, [await systemRow(tx, scope, id)]);
    const flows = await flowRows(tx, scope, id);
    return {
      ...view,
      canEdit: services.permissions.can(scope.actor, 'edit', 'network_system', { systemId: id }),
      flows: flows.map(flowView),
    };
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
