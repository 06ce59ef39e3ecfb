import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { dayBefore, inForceOn, todayInJapan } from '../../domain/calendar.ts';
import {
  type AppointmentInForce,
  applicantIsNotApprover,
  appointmentConflictWarnings,
  missingRoleFindings,
} from '../../domain/duties.ts';
import { type AppointedRole, ROLES } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { closeAllSessions } from '../../platform/auth/sessions.ts';
import { conflict, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { AppointmentCreate } from './contract.ts';
import { settingsOf } from './tenant.service.ts';
import { allUnits, type UnitRow, unitChain, unitPath, unitsInForce } from './units.repo.ts';

const APPOINTMENT = { ja: '任命', en: 'The appointment' };

async function peopleNames(tx: Tx, tenantId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .selectFrom('person')
    .select(['id', 'family_name', 'given_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.family_name} ${r.given_name}`]));
}

type AppointmentRow = Awaited<ReturnType<typeof loadAppointments>>[number];

function loadAppointments(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('appointment')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('role')
    .orderBy('valid_from', 'desc')
    .execute();
}

function view(a: AppointmentRow, names: Map<string, string>, units: UnitRow[]) {
  return {
    id: a.id,
    role: a.role,
    roleLabel: ROLES[a.role as AppointedRole]?.ja ?? a.role,
    personId: a.person_id,
    personName: names.get(a.person_id) ?? '',
    scopeKind: a.scope_kind,
    scopeId: a.scope_id,
    scopeLabel:
      a.scope_kind === 'ORG_UNIT' ? unitPath(units, a.scope_id) : a.scope_kind === 'SYSTEM' ? a.scope_id : null,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    appointedBy: a.appointed_by,
    delegationOf: a.delegation_of,
    touchesMynumber: a.touches_mynumber === 1,
    note: a.note,
    endReason: a.end_reason,
  };
}

export async function listAppointments(
  services: Services,
  scope: Scope,
  query: { role?: string; personId?: string; scopeId?: string; on?: string; includeEnded?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    const on = query.on ?? todayInJapan();
    let rows = await loadAppointments(tx, scope.tenantId);
    if (query.role) rows = rows.filter((a) => a.role === query.role);
    if (query.personId) rows = rows.filter((a) => a.person_id === query.personId);
    if (query.scopeId) rows = rows.filter((a) => a.scope_id === query.scopeId);
    if (query.includeEnded !== 'true')
      rows = rows.filter((a) => inForceOn(on, a.valid_from, a.valid_to) || a.valid_from > on);
    const names = await peopleNames(
      tx,
      scope.tenantId,
      rows.map((a) => a.person_id),
    );
    const units = await allUnits(tx, scope.tenantId);
    return { on, items: rows.map((a) => view(a, names, units)) };
  });
}

async function validateScope(
  tx: Tx,
  tenantId: string,
  role: AppointedRole,
  scopeId: string | null | undefined,
  validFrom: string,
) {
  const kind = ROLES[role].scope;
  if (kind === 'TENANT') {
    if (scopeId)
      throw fieldErrors([
        {
          field: 'scopeId',
          message: {
            ja: 'この役割は団体全体に対する任命です。対象は指定しないでください。',
            en: 'This role applies to the whole tenant.',
          },
        },
      ]);
    return;
  }
  if (!scopeId) {
    const ja = kind === 'ORG_UNIT' ? '対象の組織を選んでください。' : '対象の情報システムを指定してください。';
    throw fieldErrors([{ field: 'scopeId', message: { ja, en: 'Choose what the role is for.' } }]);
  }
  if (kind !== 'ORG_UNIT') return;
  const settings = await settingsOf(tx, tenantId);
  const unit = await tx
    .selectFrom('org_unit')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', scopeId)
    .executeTakeFirst();
  if (!unit || !inForceOn(validFrom, unit.valid_from, unit.valid_to)) {
    throw fieldErrors([
      {
        field: 'scopeId',
        message: { ja: '任命開始日に存在する組織を選んでください。', en: 'The unit does not exist on the start date.' },
      },
    ]);
  }
  const wanted = role === 'SEC_RESPONSIBLE' ? settings.responsibleLevel : settings.managerLevel;
  if (unit.level !== wanted) {
    const label = { DEPT: '部局', SECTION: '課室', TEAM: '係' }[wanted];
    throw fieldErrors([
      {
        field: 'scopeId',
        message: {
          ja: `${ROLES[role].ja}は${label}ごとに任命します。${label}を選んでください。`,
          en: `This role is appointed per ${wanted.toLowerCase()}.`,
        },
      },
    ]);
  }
}

/**
 * A new role that requires MFA (CISO, 統括, マイナンバー系 …) must not ride on a session that signed in without it:
 * the appointee's sessions end, and the next sign-in asks for the second factor or its enrolment.
 */
async function requireFreshSignInIfMfaNeeded(
  tx: Tx,
  scope: Scope,
  row: { person_id: string; role: string; touches_mynumber: number },
) {
  const settings = await settingsOf(tx, scope.tenantId);
  if (!row.touches_mynumber && !settings.mfaRoles.includes(row.role as AppointedRole)) return;
  const account = await tx
    .selectFrom('user_account')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('person_id', '=', row.person_id)
    .executeTakeFirst();
  if (account) await closeAllSessions(tx, account.id);
}

/**
 * Records an appointment. For a role with one holder per scope, a successor's start ends the predecessor's term
 * the day before; a delegation (代理) stands beside the original instead of replacing it.
 */
export async function appoint(services: Services, scope: Scope, input: AppointmentCreate) {
  if (scope.actor.personId && applicantIsNotApprover(scope.actor.personId, input.personId)) {
    throw forbidden({
      ja: '自分自身を任命することはできません（申請者と承認者の分離）。別の権限者が登録してください。',
      en: 'You cannot appoint yourself; another authorised person must record it.',
    });
  }
  if (input.validTo && input.validTo < input.validFrom) {
    throw fieldErrors([
      {
        field: 'validTo',
        message: { ja: '任期の終了日は開始日以降にしてください。', en: 'The end date is before the start date.' },
      },
    ]);
  }
  return inTenant(services.database, scope, async (tx) => {
    const person = await tx
      .selectFrom('person')
      .select(['id', 'status'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person)
      throw fieldErrors([{ field: 'personId', message: { ja: '職員等が見つかりません。', en: 'Person not found.' } }]);
    if (person.status !== 'ACTIVE')
      throw fieldErrors([
        { field: 'personId', message: { ja: '在職していない人は任命できません。', en: 'The person is not active.' } },
      ]);
    await validateScope(tx, scope.tenantId, input.role, input.scopeId, input.validFrom);
    if (input.delegationOf) {
      const original = await tx
        .selectFrom('appointment')
        .select(['id', 'role'])
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', input.delegationOf)
        .executeTakeFirst();
      if (!original || original.role !== input.role) {
        throw fieldErrors([
          {
            field: 'delegationOf',
            message: {
              ja: '代理の元になる同じ役割の任命を選んでください。',
              en: 'Choose an appointment of the same role.',
            },
          },
        ]);
      }
    }
    const ended: string[] = [];
    if (ROLES[input.role].single && !input.delegationOf) {
      const current = await tx
        .selectFrom('appointment')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('role', '=', input.role)
        .where('delegation_of', 'is', null)
        .where((eb) => (input.scopeId ? eb('scope_id', '=', input.scopeId) : eb('scope_id', 'is', null)))
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.validFrom)]))
        .execute();
      for (const prev of current) {
        if (prev.valid_from >= input.validFrom) {
          throw conflict('APPOINTMENT_OVERLAP', {
            ja: `同じ日以降に始まる${ROLES[input.role].ja}の任命が既にあります。先にその任命を確認してください。`,
            en: 'A later appointment for this role already exists.',
          });
        }
        const lastDay = dayBefore(input.validFrom);
        await tx
          .updateTable('appointment')
          .set({ valid_to: lastDay, end_reason: '後任の任命', updated_at: nowIso() })
          .where('tenant_id', '=', scope.tenantId)
          .where('id', '=', prev.id)
          .execute();
        await appendAudit(tx, scope, {
          action: 'end',
          entityType: 'appointment',
          entityId: prev.id,
          before: prev,
          after: { ...prev, valid_to: lastDay, end_reason: '後任の任命' },
        });
        ended.push(prev.id);
      }
    }
    const now = nowIso();
    const row = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      role: input.role,
      person_id: input.personId,
      scope_kind: ROLES[input.role].scope,
      scope_id: input.scopeId ?? null,
      valid_from: input.validFrom,
      valid_to: input.validTo ?? null,
      appointed_by: input.appointedBy ?? '',
      delegation_of: input.delegationOf ?? null,
      touches_mynumber: input.touchesMynumber ? 1 : 0,
      note: input.note ?? null,
      end_reason: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('appointment').values(row).execute();
    await requireFreshSignInIfMfaNeeded(tx, scope, row);
    await appendAudit(tx, scope, { action: 'create', entityType: 'appointment', entityId: row.id, after: row });
    const names = await peopleNames(tx, scope.tenantId, [row.person_id]);
    return { ...view(row, names, await allUnits(tx, scope.tenantId)), endedPredecessors: ended };
  });
}

export async function endAppointment(
  services: Services,
  scope: Scope,
  appointmentId: string,
  input: { date: string; reason?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await tx
      .selectFrom('appointment')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', appointmentId)
      .executeTakeFirst();
    if (!before) throw notFound(APPOINTMENT);
    if (input.date < before.valid_from) {
      throw fieldErrors([
        {
          field: 'date',
          message: { ja: '終了日は任命の開始日以降にしてください。', en: 'The end date is before the start.' },
        },
      ]);
    }
    if (before.valid_to && before.valid_to <= input.date) {
      throw conflict('APPOINTMENT_ENDED', {
        ja: 'この任命はその日までに既に終了しています。',
        en: 'The appointment has already ended by then.',
      });
    }
    const after = { ...before, valid_to: input.date, end_reason: input.reason ?? '任期終了', updated_at: nowIso() };
    await tx
      .updateTable('appointment')
      .set({ valid_to: after.valid_to, end_reason: after.end_reason, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', appointmentId)
      .execute();
    await appendAudit(tx, scope, { action: 'end', entityType: 'appointment', entityId: appointmentId, before, after });
    const names = await peopleNames(tx, scope.tenantId, [after.person_id]);
    return view(after, names, await allUnits(tx, scope.tenantId));
  });
}

/** Missing mandatory roles and segregation-of-duties warnings, as of a date. */
export async function organisationFindings(services: Services, scope: Scope, on: string = todayInJapan()) {
  return inTenant(services.database, scope, async (tx) => {
    const settings = await settingsOf(tx, scope.tenantId);
    const everyUnit = await allUnits(tx, scope.tenantId);
    const units = unitsInForce(everyUnit, on);
    const rows = (await loadAppointments(tx, scope.tenantId)).filter((a) => inForceOn(on, a.valid_from, a.valid_to));
    const inForce: AppointmentInForce[] = rows.map((a) => ({
      id: a.id,
      role: a.role as AppointedRole,
      personId: a.person_id,
      scopeId: a.scope_id,
    }));
    // Oversight sees every finding; a 情報セキュリティ責任者・管理者 only those within the units they answer for.
    const mayRead = (unitIds: Array<string | null>) =>
      unitIds.some((unitId) =>
        services.permissions.can(scope.actor, 'read', 'org_finding', { unitChain: unitChain(everyUnit, unitId) }),
      );
    const findings = missingRoleFindings(
      units.map((u) => ({ id: u.id, name: unitPath(units, u.id), level: u.level as 'DEPT' })),
      inForce,
      settings,
    ).filter((f) => mayRead([f.subject?.kind === 'org_unit' ? f.subject.id : null]));
    const personIds = [...new Set(inForce.map((a) => a.personId))];
    const people = personIds.length
      ? await tx
          .selectFrom('person')
          .select(['id', 'family_name', 'given_name', 'org_unit_id'])
          .where('tenant_id', '=', scope.tenantId)
          .where('id', 'in', personIds)
          .execute()
      : [];
    const personById = new Map(people.map((p) => [p.id, p]));
    const conflicts = appointmentConflictWarnings(inForce)
      .filter((w) =>
        mayRead([
          personById.get(w.personId)?.org_unit_id ?? null,
          ...inForce.filter((a) => a.personId === w.personId).map((a) => a.scopeId),
        ]),
      )
      .map((w) => {
        const p = personById.get(w.personId);
        return { ...w, personName: p ? `${p.family_name} ${p.given_name}` : '' };
      });
    // Whether the reader sees the whole town or only their units: the card says which.
    const reach: 'all' | 'ownUnits' = services.permissions.can(scope.actor, 'read', 'org_finding', { unitChain: [] })
      ? 'all'
      : 'ownUnits';
    return { on, reach, findings, conflicts };
  });
}
