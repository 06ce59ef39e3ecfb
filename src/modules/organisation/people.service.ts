import { dayBefore, todayInJapan } from '../../domain/calendar.ts';
import { kanaSortKey, toHiragana, toKatakana } from '../../domain/kana.ts';
import { uuidv7 } from '../../db/ids.ts';
import { paginate } from '../../db/pagination.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import type { PersonTable } from '../../db/schema.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { closeAllSessions } from '../../platform/auth/sessions.ts';
import { conflict, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import { requirePermission, type Services } from '../../platform/http/services.ts';
import type { PersonCreate, PersonUpdate } from './contract.ts';
import { allUnits, unitChain, unitPath } from './units.repo.ts';

const PERSON = { ja: '職員等', en: 'The person' };

type PersonRow = PersonTable;

export function personView(p: PersonRow, unitLabel: string, withContact: boolean) {
  return {
    id: p.id,
    staffNumber: p.staff_number,
    familyName: p.family_name,
    givenName: p.given_name,
    familyKana: p.family_kana,
    givenKana: p.given_kana,
    name: `${p.family_name} ${p.given_name}`,
    employmentType: p.employment_type,
    orgUnitId: p.org_unit_id,
    unitPath: unitLabel,
    title: p.title,
    employer: p.employer,
    email: p.email,
    phone: p.phone,
    mobilePhone: withContact ? p.mobile_phone : null,
    status: p.status,
    statusChangedOn: p.status_changed_on,
    joinedOn: p.joined_on,
    leftOn: p.left_on,
  };
}

async function checkUnit(tx: Tx, tenantId: string, unitId: string | null | undefined, field = 'orgUnitId') {
  if (!unitId) return;
  const unit = await tx
    .selectFrom('org_unit')
    .select(['id', 'valid_to'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw fieldErrors([{ field, message: { ja: '所属の組織が見つかりません。', en: 'Unit not found.' } }]);
  if (unit.valid_to && unit.valid_to < todayInJapan()) {
    throw fieldErrors([{ field, message: { ja: '廃止された組織には所属できません。', en: 'The unit is closed.' } }]);
  }
}

function likeEscape(s: string) {
  return s.replace(/[%_\\]/g, '');
}

export async function listPeople(
  services: Services,
  scope: Scope,
  query: {
    q?: string;
    unitId?: string;
    status?: string;
    employmentType?: string;
    sort: 'kana' | 'staffNumber';
    limit: number;
    cursor?: string;
  },
) {
  return inTenant(services.database, scope, async (tx) => {
    // Qualified column names: a search joins the page's full rows as p (below).
    let q = tx.selectFrom('person').where('person.tenant_id', '=', scope.tenantId);
    if (query.status) q = q.where('person.status', '=', query.status);
    if (query.employmentType) q = q.where('person.employment_type', '=', query.employmentType);
    const units = await allUnits(tx, scope.tenantId);
    if (query.unitId) {
      // A 部局 filter includes its 課室 and 係.
      const within = units.filter((u) => unitChain(units, u.id).includes(query.unitId!)).map((u) => u.id);
      q = q.where('person.org_unit_id', 'in', within.length ? within : [query.unitId]);
    }
    if (query.q) {
      const term = likeEscape(query.q.normalize('NFKC'));
      const compact = term.replace(/\s+/g, '');
      // Separate family_name / given_name LIKEs are not needed: compact has no spaces, so any row where either
      // name contains it also matches the joined name below. Fewer predicates per row scanned.
      q = q.where((eb) =>
        eb.or([
          eb('person.staff_number', 'like', `${term}%`),
          eb(
            eb.fn('replace', [eb.fn('concat', ['person.family_name', 'person.given_name']), eb.val(' '), eb.val('')]),
            'like',
            `%${compact}%`,
          ),
          eb('person.sort_key', 'like', `%${toKatakana(term)}%`),
          eb('person.family_kana', 'like', `%${toHiragana(compact)}%`),
        ]),
      );
    }
    // The count of results for the same filters (ui-guide.md: lists show how many match), read from the same index.
    const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const total = Number(counted?.n ?? 0);
    const sortColumn = query.sort === 'staffNumber' ? 'person.staff_number' : 'person.sort_key';
    const options = {
      sortColumn,
      idColumn: 'person.id',
      direction: 'asc' as const,
      page: query,
      sortValueOf: (r: PersonRow) => (query.sort === 'staffNumber' ? r.staff_number : r.sort_key),
      idOf: (r: PersonRow) => r.id,
    };
    // A search cannot use an index to find its rows: it walks the tenant's people in sort order, testing each,
    // until the page is full. The walk tests only columns of the covering index person_tenant_search (migration
    // 002), so it never touches the table; only the page's rows are read in full, as p, by primary key. (Reading
    // them in a second query with id IN (…) made SQLite scan all the tenant's rows instead: 3.7 ms.)
    const all = q.selectAll('person');
    const page = query.q
      ? await paginate(
          q
            .innerJoin('person as p', (j) =>
              j.onRef('p.id', '=', 'person.id').onRef('p.tenant_id', '=', 'person.tenant_id'),
            )
            .selectAll('p') as unknown as typeof all,
          options,
        )
      : await paginate(all, options);
    const withContact = services.permissions.canAtAll(scope.actor, 'read_contact', 'person');
    return {
      items: page.items.map((p) => {
        const target = { unitChain: unitChain(units, p.org_unit_id), personId: p.id };
        return personView(
          p,
          unitPath(units, p.org_unit_id),
          withContact && services.permissions.can(scope.actor, 'read_contact', 'person', target),
        );
      }),
      nextCursor: page.nextCursor,
      total,
    };
  });
}

async function loadPerson(tx: Tx, scope: Scope, personId: string) {
  const p = await tx
    .selectFrom('person')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p) throw notFound(PERSON);
  return p;
}

/** One person's record. Reading a mobile number is personal data, so that read is logged. */
export async function getPerson(services: Services, scope: Scope, personId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const p = await loadPerson(tx, scope, personId);
    const units = await allUnits(tx, scope.tenantId);
    const target = { unitChain: unitChain(units, p.org_unit_id), personId: p.id };
    const withContact =
      services.permissions.can(scope.actor, 'read_contact', 'person', target) || scope.actor.personId === p.id;
    if (withContact && p.mobile_phone && scope.actor.personId !== p.id) {
      await appendAudit(tx, scope, { action: 'read_contact', entityType: 'person', entityId: p.id });
    }
    const appointments = await tx
      .selectFrom('appointment')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', p.id)
      .orderBy('valid_from', 'desc')
      .execute();
    const account = await tx
      .selectFrom('user_account')
      .select(['id', 'login_id', 'disabled_at'])
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', p.id)
      .executeTakeFirst();
    return {
      ...personView(p, unitPath(units, p.org_unit_id), withContact),
      canEdit: services.permissions.can(scope.actor, 'update', 'person', target),
      appointments: appointments.map((a) => ({
        id: a.id,
        role: a.role,
        scopeId: a.scope_id,
        scopeLabel: a.scope_id ? unitPath(units, a.scope_id) || null : null,
        validFrom: a.valid_from,
        validTo: a.valid_to,
        endReason: a.end_reason,
      })),
      account: account ? { id: account.id, loginId: account.login_id, disabled: account.disabled_at !== null } : null,
    };
  });
}

async function staffNumberTaken(tx: Tx, tenantId: string, staffNumber: string, exceptId?: string) {
  let q = tx
    .selectFrom('person')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('staff_number', '=', staffNumber);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export const STAFF_NUMBER_TAKEN = {
  ja: 'この職員番号は既に登録されています。',
  en: 'This staff number is already registered.',
};

/** Inserts one person in the caller's transaction; used by the form and by the bulk import alike. */
export async function insertPerson(tx: Tx, scope: Scope, input: PersonCreate): Promise<PersonRow> {
  await checkUnit(tx, scope.tenantId, input.orgUnitId);
  if (await staffNumberTaken(tx, scope.tenantId, input.staffNumber))
    throw fieldErrors([{ field: 'staffNumber', message: STAFF_NUMBER_TAKEN }]);
  const now = nowIso();
  const row: PersonRow = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    staff_number: input.staffNumber,
    family_name: input.familyName,
    given_name: input.givenName,
    family_kana: input.familyKana,
    given_kana: input.givenKana,
    sort_key: kanaSortKey(input.familyKana, input.givenKana),
    employment_type: input.employmentType,
    org_unit_id: input.orgUnitId ?? null,
    title: input.title ?? '',
    employer: input.employer ?? null,
    email: input.email || null,
    phone: input.phone || null,
    mobile_phone: input.mobilePhone || null,
    status: 'ACTIVE',
    status_changed_on: null,
    joined_on: input.joinedOn ?? null,
    left_on: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('person').values(row).execute();
  await appendAudit(tx, scope, { action: 'create', entityType: 'person', entityId: row.id, after: row });
  return row;
}

export async function createPerson(services: Services, scope: Scope, input: PersonCreate) {
  const row = await inTenant(services.database, scope, (tx) => insertPerson(tx, scope, input));
  return getPerson(services, scope, row.id);
}

/** Fields a 課室's 管理者 may keep current for their own people; the rest belongs to the personnel record keepers. */
const CONTACT_FIELDS = new Set(['email', 'phone', 'mobilePhone', 'title']);

export async function updatePerson(services: Services, scope: Scope, personId: string, input: PersonUpdate) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadPerson(tx, scope, personId);
    const units = await allUnits(tx, scope.tenantId);
    const target = { unitChain: unitChain(units, before.org_unit_id), personId };
    requirePermission(services, scope.actor, 'update', 'person', target);
    const keeper = services.permissions.can(scope.actor, 'create', 'person');
    if (!keeper && Object.keys(input).some((k) => !CONTACT_FIELDS.has(k))) {
      throw forbidden({
        ja: '職員番号・氏名・所属等の変更は、人事記録の担当者に依頼してください。',
        en: 'Only contact details may be changed at your level.',
      });
    }
    if (input.orgUnitId !== undefined && input.orgUnitId !== before.org_unit_id) {
      throw fieldErrors([
        {
          field: 'orgUnitId',
          message: {
            ja: '所属の変更は「異動」から登録してください（任命の扱いも確認できます）。',
            en: 'Use the transfer action to change units.',
          },
        },
      ]);
    }
    if (input.staffNumber && (await staffNumberTaken(tx, scope.tenantId, input.staffNumber, personId))) {
      throw fieldErrors([{ field: 'staffNumber', message: STAFF_NUMBER_TAKEN }]);
    }
    const merged = {
      staff_number: input.staffNumber ?? before.staff_number,
      family_name: input.familyName ?? before.family_name,
      given_name: input.givenName ?? before.given_name,
      family_kana: input.familyKana ?? before.family_kana,
      given_kana: input.givenKana ?? before.given_kana,
      employment_type: input.employmentType ?? before.employment_type,
      title: input.title ?? before.title,
      employer: input.employer === undefined ? before.employer : input.employer,
      email: input.email === undefined ? before.email : input.email || null,
      phone: input.phone === undefined ? before.phone : input.phone || null,
      mobile_phone: input.mobilePhone === undefined ? before.mobile_phone : input.mobilePhone || null,
      joined_on: input.joinedOn === undefined ? before.joined_on : input.joinedOn,
      updated_at: nowIso(),
    };
    if (
      (merged.employment_type === 'DISPATCHED' || merged.employment_type === 'CONTRACTOR_STAFF') &&
      !merged.employer
    ) {
      throw fieldErrors([
        {
          field: 'employer',
          message: {
            ja: '派遣職員・委託事業者の従事者は、所属する事業者名を入力してください。',
            en: 'Give the employer.',
          },
        },
      ]);
    }
    const changes = { ...merged, sort_key: kanaSortKey(merged.family_kana, merged.given_kana) };
    await tx
      .updateTable('person')
      .set(changes)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', personId)
      .execute();
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'person',
      entityId: personId,
      before,
      after: { ...before, ...changes },
    });
  });
  return getPerson(services, scope, personId);
}

/**
 * 異動 inside the organisation: the person moves to another unit on a date. Roles held for the old unit
 * (情報セキュリティ管理者 of the old 課室, …) end the day before, so the new holder can start cleanly.
 */
export async function transferPerson(
  services: Services,
  scope: Scope,
  personId: string,
  input: { orgUnitId: string; date: string; title?: string },
) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadPerson(tx, scope, personId);
    if (before.status !== 'ACTIVE')
      throw conflict('PERSON_NOT_ACTIVE', {
        ja: '在職していない人は異動できません。',
        en: 'The person is not active.',
      });
    if (before.org_unit_id === input.orgUnitId) {
      throw fieldErrors([
        {
          field: 'orgUnitId',
          message: { ja: '現在と同じ所属です。異動先を選んでください。', en: 'That is the current unit.' },
        },
      ]);
    }
    await checkUnit(tx, scope.tenantId, input.orgUnitId);
    const after = {
      ...before,
      org_unit_id: input.orgUnitId,
      title: input.title ?? before.title,
      status_changed_on: input.date,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('person')
      .set({
        org_unit_id: after.org_unit_id,
        title: after.title,
        status_changed_on: input.date,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', personId)
      .execute();
    if (before.org_unit_id) {
      const lastDay = dayBefore(input.date);
      await tx
        .updateTable('appointment')
        .set({ valid_to: lastDay, end_reason: '異動', updated_at: nowIso() })
        .where('tenant_id', '=', scope.tenantId)
        .where('person_id', '=', personId)
        .where('scope_id', '=', before.org_unit_id)
        .where('valid_from', '<=', lastDay)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', lastDay)]))
        .execute();
    }
    await appendAudit(tx, scope, { action: 'transfer', entityType: 'person', entityId: personId, before, after });
  });
  return getPerson(services, scope, personId);
}

/**
 * 退職 or 転出: the person leaves on a date. Their account is disabled and signed out, and every appointment ends
 * that day. The record itself stays: the duty of confidentiality continues after leaving (seed §5).
 */
export async function personLeaves(
  services: Services,
  scope: Scope,
  personId: string,
  input: { kind: 'RETIRED' | 'TRANSFERRED'; date: string; reason?: string | null },
) {
  if (input.date > todayInJapan()) {
    throw fieldErrors([
      {
        field: 'date',
        message: {
          ja: '退職日・転出日は本日以前の日付を入力してください。将来の日付の場合は、その日に登録してください。',
          en: 'The date must not be in the future.',
        },
      },
    ]);
  }
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadPerson(tx, scope, personId);
    if (before.status !== 'ACTIVE')
      throw conflict('PERSON_NOT_ACTIVE', {
        ja: 'この人は既に退職又は転出しています。',
        en: 'The person has already left.',
      });
    if (scope.actor.personId === personId)
      throw forbidden({ ja: '自分自身の退職・転出は登録できません。', en: 'You cannot record your own departure.' });
    const after = {
      ...before,
      status: input.kind,
      status_changed_on: input.date,
      left_on: input.date,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('person')
      .set({ status: input.kind, status_changed_on: input.date, left_on: input.date, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', personId)
      .execute();
    const reason = input.kind === 'RETIRED' ? '退職' : '転出';
    const ended = await tx
      .updateTable('appointment')
      .set({ valid_to: input.date, end_reason: reason, updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', personId)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', input.date)]))
      .executeTakeFirst();
    const account = await tx
      .selectFrom('user_account')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    if (account) {
      await tx
        .updateTable('user_account')
        .set({ disabled_at: nowIso(), disabled_reason: reason, updated_at: nowIso() })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', account.id)
        .execute();
      await closeAllSessions(tx, account.id);
      await appendAudit(tx, scope, {
        action: 'disable',
        entityType: 'user_account',
        entityId: account.id,
        after: { reason },
      });
    }
    await appendAudit(tx, scope, {
      action: input.kind === 'RETIRED' ? 'retire' : 'transfer_out',
      entityType: 'person',
      entityId: personId,
      before,
      after: { ...after, reason: input.reason ?? null, appointmentsEnded: Number(ended.numUpdatedRows) },
    });
  });
  return getPerson(services, scope, personId);
}
