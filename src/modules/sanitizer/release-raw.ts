/**
 * Release of the original itself (a raw release, sanitizer.md §8): who may approve or retry one, and its record as a
 * 例外措置 in the policies module. The state machine of release requests stays in release.service.ts.
 */
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitChain } from '../organisation/units.repo.ts';
import { requestException } from '../policies/exceptions.service.ts';
import type { releaseRows } from './release.views.ts';
import type { loadSettings } from './settings.service.ts';

type ReleaseRow = Awaited<ReturnType<typeof releaseRows>>[number];

export const rawNeedsManager = () =>
  conflict('RAW_RELEASE_NEEDS_MANAGER', {
    ja: '原本をそのまま提供する場合は例外措置として記録するため、申請者の課室の情報セキュリティ管理者が承認してください。',
    en: 'A raw release is recorded as an exception (例外措置), so the information security manager of the unit must approve it.',
  });

/** The actor is a 情報セキュリティ管理者 of the unit or of a unit above it (who may apply for 例外措置 there). */
export function managesUnit(scope: Scope, units: Parameters<typeof unitChain>[0], unitId: string): boolean {
  const chain = unitChain(units, unitId);
  return scope.actor.roles.some((g) => g.role === 'SEC_MANAGER' && g.scopeId !== null && chain.includes(g.scopeId));
}

/**
 * A raw release departs from the rule that Internet mail reaches LGWAN only sanitised (基本方針 §2(12)、§6(3)②). It is
 * recorded through the policies module as a 例外措置 reported after the fact (the original is delivered now, on the
 * manager's approval and the tenant's standing permission); the CISO approves or rejects it in the registry.
 */
export async function recordRawRelease(
  services: Services,
  scope: Scope,
  r: ReleaseRow,
  settings: Awaited<ReturnType<typeof loadSettings>>,
): Promise<string> {
  const today = todayInJapan();
  const subject = (r.subject ?? '').slice(0, 200) || '（件名なし）';
  const exc = await requestException(services, scope, {
    ruleRefs: [],
    ruleText:
      'インターネットから受信したメールは、無害化してから LGWAN 接続系に取り込む（無害化通信。基本方針 §2(12)、§6(3)②）。',
    reason: `無害化ゲートウェイの原本提供申請（申請者: ${r.requester_label}）。申請理由: ${r.reason}`.slice(0, 2000),
    compensatingMeasures: [
      `原本の提供を認める根拠: ${settings.rawReleaseBasis ?? '（未記入）'}`,
      `提供先は申請者 1 名（${r.requester_address}）のみ。課室の情報セキュリティ管理者 ${scope.actor.label} が承認。`,
      '原本は暗号化して隔離保管を継続し、無害化ゲートウェイの記録と監査証跡に残す。',
    ].join('\n'),
    scope: {
      unitId: r.unit_id,
      description:
        `メール「${subject}」（差出人: ${r.header_from || r.envelope_from}、受信 ${r.received_at}、処理番号 ${r.message_id}）の原本を LGWAN 接続系の ${r.requester_address} に提供。原本提供申請 ${r.id}。`.slice(
          0,
          1000,
        ),
    },
    validFrom: today,
    validUntil: today,
    reviewEveryMonths: 1,
    emergency: {
      occurredOn: today,
      actionTaken: `無害化していない原本を ${r.requester_address} に配送（原本提供申請 ${r.id}）。`,
    },
  });
  await inTenant(services.database, scope, async (tx) => {
    await tx
      .updateTable('sanitizer_release')
      .set({ exception_id: exc.id, updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', r.id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'record-exception',
      entityType: 'sanitizer_release',
      entityId: r.id,
      before: { exceptionId: null },
      after: { exceptionId: exc.id, exceptionKind: '例外措置', flag: 'RAW_RELEASE_TO_LGWAN' },
    });
  });
  return exc.id;
}

/** Exceptions under which an original may still go to LGWAN: reported (awaiting the CISO) or approved. */
export const EXCEPTION_STILL_STANDS = ['REQUESTED', 'APPROVED'];
