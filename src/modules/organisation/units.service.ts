import { inForceOn, todayInJapan } from '../../domain/calendar.ts';
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { UnitCreate } from './contract.ts';
import { allUnits, findUnit, unitChain, unitPath, type UnitRow } from './units.repo.ts';

const LEVEL_RANK = { DEPT: 0, SECTION: 1, TEAM: 2 } as const;
type Level = keyof typeof LEVEL_RANK;

const UNIT = { ja: '組織', en: 'The unit' };

function view(units: UnitRow[], u: UnitRow, peopleCount = 0) {
  return {
    id: u.id,
    bodyId: u.body_id,
    parentId: u.parent_id,
    level: u.level,
    name: u.name,
    code: u.code,
    sortOrder: u.sort_order,
    validFrom: u.valid_from,
    validTo: u.valid_to,
    path: unitPath(units, u.id),
    peopleCount,
  };
}

export async function listBodies(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('implementing_body')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('sort_order')
      .orderBy('name')
      .execute();
    return rows.map((b) => ({ id: b.id, kind: b.kind, name: b.name, sortOrder: b.sort_order, closedOn: b.closed_on }));
  });
}

export async function createBody(
  services: Services,
  scope: Scope,
  input: { kind: string; name: string; sortOrder?: number },
) {
  return inTenant(services.database, scope, async (tx) => {
    const now = nowIso();
    const row = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      kind: input.kind,
      name: input.name,
      sort_order: input.sortOrder ?? 100,
      closed_on: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('implementing_body').values(row).execute();
    await appendAudit(tx, scope, { action: 'create', entityType: 'implementing_body', entityId: row.id, after: row });
    return { id: row.id, kind: row.kind, name: row.name, sortOrder: row.sort_order, closedOn: null };
  });
}

export async function updateBody(
  services: Services,
  scope: Scope,
  bodyId: string,
  input: { name?: string; sortOrder?: number; closedOn?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await tx
      .selectFrom('implementing_body')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', bodyId)
      .executeTakeFirst();
    if (!before) throw notFound({ ja: '実施機関', en: 'The implementing body' });
    const after = {
      ...before,
      name: input.name ?? before.name,
      sort_order: input.sortOrder ?? before.sort_order,
      closed_on: input.closedOn === undefined ? before.closed_on : input.closedOn,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('implementing_body')
      .set({ name: after.name, sort_order: after.sort_order, closed_on: after.closed_on, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', bodyId)
      .execute();
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'implementing_body',
      entityId: bodyId,
      before,
      after,
    });
    return { id: after.id, kind: after.kind, name: after.name, sortOrder: after.sort_order, closedOn: after.closed_on };
  });
}

export async function listUnits(services: Services, scope: Scope, query: { on?: string; includeClosed?: string }) {
  const on = query.on ?? todayInJapan();
  return inTenant(services.database, scope, async (tx) => {
    const units = await allUnits(tx, scope.tenantId);
    const counts = await tx
      .selectFrom('person')
      .select(['org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', scope.tenantId)
      .where('status', '=', 'ACTIVE')
      .groupBy('org_unit_id')
      .execute();
    const byUnit = new Map(counts.map((c) => [c.org_unit_id, Number(c.n)]));
    const shown = query.includeClosed === 'true' ? units : units.filter((u) => inForceOn(on, u.valid_from, u.valid_to));
    return { on, items: shown.map((u) => view(units, u, byUnit.get(u.id) ?? 0)) };
  });
}

/** A parent must be in force, belong to the same 実施機関 and sit at a higher level (部局 > 課室 > 係). */
function checkParent(
  units: UnitRow[],
  bodyId: string,
  level: Level,
  parentId: string | null | undefined,
  unitId?: string,
) {
  if (!parentId) return;
  const parent = units.find((u) => u.id === parentId);
  const field = 'parentId';
  if (!parent)
    throw fieldErrors([{ field, message: { ja: '上位の組織が見つかりません。', en: 'Parent unit not found.' } }]);
  if (parent.valid_to && parent.valid_to < todayInJapan()) {
    throw fieldErrors([
      { field, message: { ja: '廃止された組織の下には置けません。', en: 'The parent unit is closed.' } },
    ]);
  }
  if (parent.body_id !== bodyId) {
    throw fieldErrors([
      {
        field,
        message: {
          ja: '上位の組織は同じ実施機関に属している必要があります。',
          en: 'The parent belongs to another implementing body.',
        },
      },
    ]);
  }
  if (LEVEL_RANK[parent.level as Level] >= LEVEL_RANK[level]) {
    throw fieldErrors([
      {
        field,
        message: {
          ja: '上位の組織は、この組織より上の階層（部局＞課室＞係）にしてください。',
          en: 'The parent must be at a higher level.',
        },
      },
    ]);
  }
  if (unitId && unitChain(units, parentId).includes(unitId)) {
    throw fieldErrors([
      {
        field,
        message: {
          ja: '自分自身又は配下の組織を上位に指定することはできません。',
          en: 'A unit cannot be moved under itself.',
        },
      },
    ]);
  }
}

export async function createUnit(services: Services, scope: Scope, input: UnitCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const body = await tx
      .selectFrom('implementing_body')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.bodyId)
      .executeTakeFirst();
    if (!body)
      throw fieldErrors([
        { field: 'bodyId', message: { ja: '実施機関が見つかりません。', en: 'Implementing body not found.' } },
      ]);
    const units = await allUnits(tx, scope.tenantId);
    checkParent(units, input.bodyId, input.level, input.parentId);
    const now = nowIso();
    const row = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      body_id: input.bodyId,
      parent_id: input.parentId ?? null,
      level: input.level,
      name: input.name,
      code: input.code ?? null,
      sort_order: input.sortOrder ?? 100,
      valid_from: input.validFrom,
      valid_to: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('org_unit').values(row).execute();
    await appendAudit(tx, scope, { action: 'create', entityType: 'org_unit', entityId: row.id, after: row });
    return view([...units, row], row);
  });
}

async function loadUnit(tx: Tx, scope: Scope, unitId: string) {
  const unit = await findUnit(tx, scope.tenantId, unitId);
  if (!unit) throw notFound(UNIT);
  return unit;
}

export async function updateUnit(
  services: Services,
  scope: Scope,
  unitId: string,
  input: { name?: string; parentId?: string | null; code?: string | null; sortOrder?: number },
) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadUnit(tx, scope, unitId);
    const units = await allUnits(tx, scope.tenantId);
    if (input.parentId !== undefined) checkParent(units, before.body_id, before.level as Level, input.parentId, unitId);
    const after = {
      ...before,
      name: input.name ?? before.name,
      parent_id: input.parentId === undefined ? before.parent_id : input.parentId,
      code: input.code === undefined ? before.code : input.code,
      sort_order: input.sortOrder ?? before.sort_order,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('org_unit')
      .set({
        name: after.name,
        parent_id: after.parent_id,
        code: after.code,
        sort_order: after.sort_order,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', unitId)
      .execute();
    const action = before.parent_id !== after.parent_id ? 'move' : before.name !== after.name ? 'rename' : 'update';
    await appendAudit(tx, scope, { action, entityType: 'org_unit', entityId: unitId, before, after });
    return view(
      units.map((u) => (u.id === unitId ? after : u)),
      after,
    );
  });
}

/** Closes a unit on a date (廃止). It must be empty by then: no sub-units in force and nobody assigned. */
export async function closeUnit(services: Services, scope: Scope, unitId: string, date: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadUnit(tx, scope, unitId);
    if (date < before.valid_from) {
      throw fieldErrors([
        {
          field: 'date',
          message: {
            ja: '廃止日は設置日以降の日付にしてください。',
            en: 'The closing date is before the unit was set up.',
          },
        },
      ]);
    }
    const units = await allUnits(tx, scope.tenantId);
    const children = units.filter((u) => u.parent_id === unitId && (u.valid_to === null || u.valid_to > date));
    const people = await tx
      .selectFrom('person')
      .select(['family_name', 'given_name'])
      .where('tenant_id', '=', scope.tenantId)
      .where('org_unit_id', '=', unitId)
      .where('status', '=', 'ACTIVE')
      .execute();
    if (children.length || people.length) {
      throw conflict(
        'UNIT_NOT_EMPTY',
        {
          ja: `廃止する前に、配下の組織（${children.length}件）を廃止又は移動し、所属する職員等（${people.length}人）の異動を登録してください。`,
          en: `Close or move ${children.length} sub-units and transfer ${people.length} people first.`,
        },
        { children: children.map((c) => c.name), people: people.map((p) => `${p.family_name} ${p.given_name}`) },
      );
    }
    const after = { ...before, valid_to: date, updated_at: nowIso() };
    await tx
      .updateTable('org_unit')
      .set({ valid_to: date, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', unitId)
      .execute();
    // Roles held for the unit end with it.
    await tx
      .updateTable('appointment')
      .set({ valid_to: date, end_reason: '組織の廃止', updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('scope_id', '=', unitId)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
      .execute();
    await appendAudit(tx, scope, { action: 'close', entityType: 'org_unit', entityId: unitId, before, after });
    return view(units, after);
  });
}

/** The unit's changes as the audit trail recorded them: creation, renames, moves, closing. */
export async function unitHistory(services: Services, scope: Scope, unitId: string) {
  return inTenant(services.database, scope, async (tx) => {
    await loadUnit(tx, scope, unitId);
    const rows = await tx
      .selectFrom('audit_event')
      .select(['occurred_at', 'action', 'actor_label', 'before_json', 'after_json'])
      .where('tenant_id', '=', scope.tenantId)
      .where('entity_type', '=', 'org_unit')
      .where('entity_id', '=', unitId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => {
      const before = r.before_json ? JSON.parse(r.before_json) : null;
      const after = r.after_json ? JSON.parse(r.after_json) : null;
      return {
        at: r.occurred_at,
        action: r.action,
        actor: r.actor_label,
        name: { before: before?.name ?? null, after: after?.name ?? null },
        parentId: { before: before?.parent_id ?? null, after: after?.parent_id ?? null },
        validTo: after?.valid_to ?? null,
      };
    });
  });
}
