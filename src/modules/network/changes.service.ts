/**
 * Changes to the dated register that are not plain creation: withdrawing a setting not yet in force (settings in
 * force are history and are superseded by a later one, never edited) and renewing or correcting an exception.
 * Also the dashboard summary for the signed-in person.
 */
import type { DB } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { ExceptionUpdate } from './contract.ts';
import { NETWORK_READERS } from './permissions.ts';
import { exceptionView, settingView } from './register.service.ts';

const EXCEPTION = { ja: '例外', en: 'The exception' };

export async function deleteSetting(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await tx
      .selectFrom('network_setting')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound({ ja: 'ネットワークの設定', en: 'The setting' });
    if (row.effective_from <= todayInJapan()) {
      throw conflict('NETWORK_SETTING_IN_FORCE', {
        ja: '既に施行された設定は取り消せません。変更するときは、新しい施行日で設定を登録してください。',
        en: 'A setting already in force cannot be withdrawn; register a new one with a later date.',
      });
    }
    await tx.deleteFrom('network_setting').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    await appendAudit(tx, scope, {
      action: 'delete',
      entityType: 'network_setting',
      entityId: id,
      before: settingView(row),
    });
  });
}

export async function updateException(services: Services, scope: Scope, id: string, input: ExceptionUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await tx
      .selectFrom('network_exception')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound(EXCEPTION);
    const approvedOn = input.approvedOn ?? before.approved_on;
    const expiresOn = input.expiresOn ?? before.expires_on;
    if (approvedOn > expiresOn) {
      throw conflict('NETWORK_EXCEPTION_DATES', {
        ja: '有効期限は承認日以降の日付にしてください。',
        en: 'The expiry must not precede the approval.',
      });
    }
    const set: Partial<DB['network_exception']> = { updated_at: nowIso() };
    if (input.name !== undefined) set.name = input.name;
    if (input.from !== undefined) set.from_json = JSON.stringify(input.from);
    if (input.to !== undefined) set.to_json = JSON.stringify(input.to);
    if (input.services !== undefined) set.services_json = JSON.stringify(input.services);
    if (input.legalBasis !== undefined) set.legal_basis = input.legalBasis ?? null;
    if (input.approvedBy !== undefined) set.approved_by = input.approvedBy;
    if (input.approvedOn !== undefined) set.approved_on = input.approvedOn;
    if (input.expiresOn !== undefined) set.expires_on = input.expiresOn;
    await tx
      .updateTable('network_exception')
      .set(set)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const today = todayInJapan();
    const after = exceptionView({ ...before, ...set }, today);
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'network_exception',
      entityId: id,
      before: exceptionView(before, today),
      after,
    });
    return after;
  });
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Days before expiry from which an exception is shown as expiring. */
export const EXPIRY_WARNING_DAYS = 60;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** The given units and every unit below them. */
async function unitsWithin(tx: Tx, tenantId: string, roots: string[]) {
  const rows = await tx.selectFrom('org_unit').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute();
  const within = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of rows) {
      if (!within.has(u.id) && u.parent_id && within.has(u.parent_id)) {
        within.add(u.id);
        grew = true;
      }
    }
  }
  return within;
}

/**
 * 今日やること: findings of the latest import by severity and exceptions expired or expiring, for the systems the
 * person answers for — every system for tenant-wide readers, their own systems for a 情報システム管理者, the systems
 * of their units (所管課) for a 情報セキュリティ管理者.
 */
export async function networkSummary(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const today = todayInJapan();
    const grants = scope.actor.roles;
    const wide = grants.some(
      (g) => g.scopeKind === 'TENANT' && g.role !== 'SYS_MANAGER' && NETWORK_READERS.includes(g.role),
    );
    const mine = new Set(grants.filter((g) => g.role === 'SYS_MANAGER' && g.scopeId).map((g) => g.scopeId as string));
    const systems = await tx
      .selectFrom('network_system')
      .select(['id', 'name', 'org_unit_id'])
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('name')
      .execute();
    // A 情報セキュリティ管理者 answers for the systems his 課室 (or a unit below it) owns.
    const managed = grants.filter((g) => g.role === 'SEC_MANAGER' && g.scopeId).map((g) => g.scopeId as string);
    if (!wide && managed.length) {
      const units = await unitsWithin(tx, scope.tenantId, managed);
      for (const s of systems) if (s.org_unit_id && units.has(s.org_unit_id)) mine.add(s.id);
    }
    const concerns = (...ids: (string | null | undefined)[]) => wide || ids.some((x) => x && mine.has(x));
    const counts: Record<(typeof SEVERITIES)[number], number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    const latest = await tx
      .selectFrom('network_import')
      .select(['id', 'created_at', 'checked_on'])
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (latest) {
      const rows = await tx
        .selectFrom('network_finding')
        .select(['severity', 'detail_json'])
        .where('tenant_id', '=', scope.tenantId)
        .where('import_id', '=', latest.id)
        .execute();
      for (const r of rows) {
        if (!wide) {
          const d = JSON.parse(r.detail_json) as {
            systemId?: string;
            witness?: { srcSystemId?: string; dstSystemId?: string };
          };
          if (!concerns(d.systemId, d.witness?.srcSystemId, d.witness?.dstSystemId)) continue;
        }
        if (r.severity in counts) counts[r.severity as keyof typeof counts]++;
      }
    }
    const horizon = addDays(today, EXPIRY_WARNING_DAYS);
    const exceptions = (
      await tx
        .selectFrom('network_exception')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('expires_on', '<=', horizon)
        .orderBy('expires_on')
        .execute()
    )
      .map((r) => exceptionView(r, today))
      .filter((e) => concerns(e.from.systemId, e.to.systemId))
      .map((e) => ({ id: e.id, list: e.list, name: e.name, expiresOn: e.expiresOn, status: e.status }));
    return {
      today,
      scope: wide ? ('all' as const) : ('own' as const),
      systems: systems.filter((s) => concerns(s.id)).map((s) => ({ id: s.id, name: s.name })),
      import: latest ? { id: latest.id, createdAt: latest.created_at, checkedOn: latest.checked_on } : null,
      counts,
      exceptions,
    };
  });
}
export type NetworkSummary = Awaited<ReturnType<typeof networkSummary>>;
