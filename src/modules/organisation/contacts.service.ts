/**
 * The emergency contact list (緊急連絡網) and the CSIRT roster, built from the appointments in force today.
 * Mobile numbers are personal data: each is shown only where the reader may read_contact that person, and every
 * reading of the list is recorded in the audit trail.
 */

import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import { inForceOn, todayInJapan, toWarekiWithSeireki } from '../../domain/calendar.ts';
import { type AppointedRole, ROLES } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import type { Services } from '../../platform/http/services.ts';
import { settingsOf } from './tenant.service.ts';
import { allUnits, type UnitRow, unitChain, unitPath, unitsInForce } from './units.repo.ts';

/** The order of the printed sheet: the chain of command first, then 部局 and 課室 in the organisation's order. */
const TENANT_ROLES: AppointedRole[] = ['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE', 'CSIRT_LEAD', 'CSIRT_MEMBER'];
/** Roles the sheet shows as 未任命 when nobody holds them (the CSIRT lead where the tenant requires one). */
const REQUIRED_TENANT_ROLES: AppointedRole[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE'];

export interface ContactEntry {
  role: AppointedRole;
  roleLabel: string;
  unitId: string | null;
  unitPath: string;
  personId: string | null;
  name: string;
  kana: string;
  title: string;
  phone: string | null;
  email: string | null;
  mobile: string | null;
  delegation: boolean;
  vacant: boolean;
}

/** Units in tree order (each parent before its children, siblings by their sort order). */
function treeOrder(units: UnitRow[]): UnitRow[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, UnitRow[]>();
  for (const u of units) {
    const parent = u.parent_id && ids.has(u.parent_id) ? u.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitRow[] = [];
  const visit = (parent: string | null) => {
    for (const u of children.get(parent) ?? []) {
      if (out.includes(u)) continue;
      out.push(u);
      visit(u.id);
    }
  };
  visit(null);
  return out;
}

async function holdersToday(tx: Tx, tenantId: string, roles: AppointedRole[]) {
  const today = todayInJapan();
  const rows = await tx
    .selectFrom('appointment as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').on('p.tenant_id', '=', tenantId))
    .select([
      'a.role',
      'a.scope_id',
      'a.valid_from',
      'a.valid_to',
      'a.delegation_of',
      'a.person_id',
      'p.family_name',
      'p.given_name',
      'p.family_kana',
      'p.given_kana',
      'p.title',
      'p.org_unit_id',
      'p.phone',
      'p.email',
      'p.mobile_phone',
      'p.status',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.role', 'in', roles)
    .orderBy('a.valid_from')
    .execute();
  return rows.filter((r) => r.status === 'ACTIVE' && inForceOn(today, r.valid_from, r.valid_to));
}

type Holder = Awaited<ReturnType<typeof holdersToday>>[number];

function builder(services: Services, scope: Scope, units: UnitRow[]) {
  const counted = { mobiles: 0 };
  const entry = (role: AppointedRole, unitId: string | null, h?: Holder): ContactEntry => {
    const mayReadMobile =
      h !== undefined &&
      (scope.actor.personId === h.person_id ||
        services.permissions.can(scope.actor, 'read_contact', 'person', {
          unitChain: unitChain(units, h.org_unit_id),
          personId: h.person_id,
        }));
    const mobile = mayReadMobile ? (h?.mobile_phone ?? null) : null;
    if (mobile) counted.mobiles += 1;
    return {
      role,
      roleLabel: ROLES[role].ja,
      unitId,
      unitPath: unitPath(units, unitId ?? h?.org_unit_id ?? null),
      personId: h?.person_id ?? null,
      name: h ? `${h.family_name} ${h.given_name}` : '',
      kana: h ? `${h.family_kana} ${h.given_kana}` : '',
      title: h?.title ?? '',
      phone: h?.phone ?? null,
      email: h?.email ?? null,
      mobile,
      delegation: h?.delegation_of != null,
      vacant: h === undefined,
    };
  };
  return { entry, counted };
}

/** The one-page 緊急連絡網: CISO, 副CISO, 統括, CSIRT, then 情報セキュリティ責任者 per 部局 and 管理者 per 課室. */
export async function emergencyContacts(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const today = todayInJapan();
    const tenant = await tx
      .selectFrom('tenant')
      .select(['name', 'committee_name'])
      .where('id', '=', scope.tenantId)
      .executeTakeFirstOrThrow();
    const settings = await settingsOf(tx, scope.tenantId);
    const units = await allUnits(tx, scope.tenantId);
    const holders = await holdersToday(tx, scope.tenantId, [...TENANT_ROLES, 'SEC_RESPONSIBLE', 'SEC_MANAGER']);
    const { entry, counted } = builder(services, scope, units);
    const entries: ContactEntry[] = [];
    for (const role of TENANT_ROLES) {
      const held = holders.filter((h) => h.role === role);
      const required = REQUIRED_TENANT_ROLES.includes(role) || (role === 'CSIRT_LEAD' && settings.requireCsirtLead);
      if (held.length === 0 && required) entries.push(entry(role, null));
      for (const h of held) entries.push(entry(role, null, h));
    }
    const ordered = treeOrder(unitsInForce(units, today));
    const perUnit = (role: 'SEC_RESPONSIBLE' | 'SEC_MANAGER', level: string) => {
      for (const u of ordered.filter((x) => x.level === level)) {
        const held = holders.filter((h) => h.role === role && h.scope_id === u.id);
        if (held.length === 0) entries.push(entry(role, u.id));
        for (const h of held) entries.push(entry(role, u.id, h));
      }
    };
    perUnit('SEC_RESPONSIBLE', settings.responsibleLevel);
    perUnit('SEC_MANAGER', settings.managerLevel);
    await appendAudit(tx, scope, {
      action: 'read_contact',
      entityType: 'emergency_contacts',
      after: { entries: entries.length, mobilesShown: counted.mobiles },
    });
    return {
      tenantName: tenant.name,
      committeeName: tenant.committee_name,
      title: `${tenant.name} 情報セキュリティ緊急連絡網`,
      on: today,
      onLabel: toWarekiWithSeireki(today),
      mobilesShown: counted.mobiles > 0,
      entries,
    };
  });
}

/** The CSIRT: its lead and members with their contacts. */
export async function csirtRoster(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const units = await allUnits(tx, scope.tenantId);
    const holders = await holdersToday(tx, scope.tenantId, ['CSIRT_LEAD', 'CSIRT_MEMBER']);
    const { entry, counted } = builder(services, scope, units);
    const leads = holders.filter((h) => h.role === 'CSIRT_LEAD');
    const lead = leads.find((h) => h.delegation_of === null) ?? leads[0];
    const result = {
      on: todayInJapan(),
      lead: lead ? entry('CSIRT_LEAD', null, lead) : null,
      members: holders.filter((h) => h.role === 'CSIRT_MEMBER').map((h) => entry('CSIRT_MEMBER', null, h)),
    };
    if (counted.mobiles > 0) {
      await appendAudit(tx, scope, {
        action: 'read_contact',
        entityType: 'csirt',
        after: { mobilesShown: counted.mobiles },
      });
    }
    return result;
  });
}
