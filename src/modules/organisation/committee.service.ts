import { inForceOn, todayInJapan } from '../../domain/calendar.ts';
import { type AppointedRole, ROLES } from '../../domain/roles.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { allUnits, unitPath } from './units.repo.ts';

/** Members by office (笠間市's 要綱 as the default): the CISO chairs; the 統括 and every 責任者 sit on it. */
const EX_OFFICIO: AppointedRole[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'SEC_RESPONSIBLE'];

export async function getCommittee(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const c = await tx.selectFrom('committee').selectAll().where('tenant_id', '=', scope.tenantId).executeTakeFirst();
    if (!c) throw notFound({ ja: '委員会', en: 'The committee' });
    const today = todayInJapan();
    const rows = await tx
      .selectFrom('appointment as a')
      .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').on('p.tenant_id', '=', scope.tenantId))
      .select([
        'a.id',
        'a.role',
        'a.scope_id',
        'a.valid_from',
        'a.valid_to',
        'a.person_id',
        'p.family_name',
        'p.given_name',
        'p.title',
      ])
      .where('a.tenant_id', '=', scope.tenantId)
      .where('a.role', 'in', [...EX_OFFICIO, 'COMMITTEE_MEMBER'])
      .execute();
    const units = await allUnits(tx, scope.tenantId);
    const members = rows
      .filter((r) => inForceOn(today, r.valid_from, r.valid_to))
      .map((r) => ({
        appointmentId: r.id,
        personId: r.person_id,
        name: `${r.family_name} ${r.given_name}`,
        title: r.title,
        basis:
          r.role === 'COMMITTEE_MEMBER'
            ? '委員として任命'
            : `${ROLES[r.role as AppointedRole].ja}${r.scope_id ? `（${unitPath(units, r.scope_id)}）` : ''}として`,
        isChair: r.role === 'CISO',
        role: r.role,
      }))
      .sort(
        (a, b) =>
          Number(b.isChair) - Number(a.isChair) ||
          EX_OFFICIO.indexOf(a.role as AppointedRole) - EX_OFFICIO.indexOf(b.role as AppointedRole),
      );
    const chair = members.find((m) => m.isChair) ?? null;
    return { id: c.id, name: c.name, quorum: c.quorum, decisionMode: c.decision_mode, chair, members, on: today };
  });
}

export async function updateCommittee(
  services: Services,
  scope: Scope,
  input: { name?: string; quorum?: string; decisionMode?: string },
) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await tx
      .selectFrom('committee')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .executeTakeFirst();
    if (!before) throw notFound({ ja: '委員会', en: 'The committee' });
    const after = {
      ...before,
      name: input.name ?? before.name,
      quorum: input.quorum ?? before.quorum,
      decision_mode: input.decisionMode ?? before.decision_mode,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('committee')
      .set({ name: after.name, quorum: after.quorum, decision_mode: after.decision_mode, updated_at: after.updated_at })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', before.id)
      .execute();
    // The committee's name is the tenant's own (e.g. 六戸町電算管理運営委員会) and appears on documents.
    await tx
      .updateTable('tenant')
      .set({ committee_name: after.name, updated_at: nowIso() })
      .where('id', '=', scope.tenantId)
      .execute();
    await appendAudit(tx, scope, { action: 'update', entityType: 'committee', entityId: before.id, before, after });
  });
  return getCommittee(services, scope);
}
