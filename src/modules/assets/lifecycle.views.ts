/** Reads and views of lifecycle events and permission requests, shared by the detail, the lists and the findings. */

import type { Tx } from '../../db/scope.ts';
import { carryState } from '../../domain/assets/lifecycle.ts';
import {
  DISPOSAL_METHODS,
  type DisposalMethod,
  LIFECYCLE_ACTION_LABELS,
  type LifecycleAction,
} from '../../domain/assets/vocabulary.ts';

export const PERMISSION_STATUS_LABELS: Record<string, string> = {
  PENDING: '申請中',
  APPROVED: '承認',
  DENIED: '却下',
  WITHDRAWN: '取下げ',
  USED: '実施済',
};

/** Events of one asset, newest first; `openOnly` keeps those that can still be findings (unpermitted, not returned). */
export async function eventRows(
  tx: Tx,
  tenantId: string,
  opts: { assetId?: string; id?: string; limit: number; openOnly?: boolean; before?: { at: string; id: string } },
) {
  let q = tx
    .selectFrom('asset_event as e')
    .leftJoin('person as p', 'p.id', 'e.performed_by')
    .leftJoin('stored_file as f', 'f.id', 'e.certificate_file_id')
    .select([
      'e.id',
      'e.asset_id',
      'e.action',
      'e.at',
      'e.recorded_by_label',
      'e.performed_by',
      'e.permission_id',
      'e.permission_required',
      'e.c_rank',
      'e.encrypted',
      'e.method',
      'e.recipient',
      'e.destination',
      'e.reason',
      'e.detail',
      'e.expected_return_on',
      'e.returned_at',
      'e.certificate_file_id',
      'p.family_name',
      'p.given_name',
      'f.original_name as certificate_name',
      'f.size as certificate_size',
      'f.sha256 as certificate_sha256',
    ])
    .where('e.tenant_id', '=', tenantId);
  if (opts.assetId) q = q.where('e.asset_id', '=', opts.assetId);
  if (opts.id) q = q.where('e.id', '=', opts.id);
  if (opts.openOnly)
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('e.permission_required', '=', 1), eb('e.permission_id', 'is', null)]),
        eb.and([eb('e.action', '=', 'CARRY'), eb('e.returned_at', 'is', null)]),
        eb.and([eb('e.action', '=', 'DISPOSE'), eb.or([eb('e.method', 'is', null), eb('e.performed_by', 'is', null)])]),
      ]),
    );
  if (opts.before) {
    const b = opts.before;
    q = q.where((eb) => eb.or([eb('e.at', '<', b.at), eb.and([eb('e.at', '=', b.at), eb('e.id', '<', b.id)])]));
  }
  const rows = await q.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    ...r,
    permissionRequired: Number(r.permission_required) === 1,
    permissionId: r.permission_id,
    expectedReturnOn: r.expected_return_on,
    returnedAt: r.returned_at,
    performedBy: r.performed_by,
  }));
}
export type EventRow = Awaited<ReturnType<typeof eventRows>>[number];

/** The facts an event's `detail` may hold; only `unauthorised` (無断持ち出し等, found afterwards) so far. */
function eventDetail(json: string | null): { unauthorised?: boolean } | null {
  return json ? (JSON.parse(json) as { unauthorised?: boolean }) : null;
}

export function eventView(e: EventRow, today: string) {
  const detail = eventDetail(e.detail);
  return {
    id: e.id,
    assetId: e.asset_id,
    action: e.action,
    actionLabel: LIFECYCLE_ACTION_LABELS[e.action as LifecycleAction] ?? e.action,
    at: e.at,
    recordedBy: e.recorded_by_label,
    performedBy: e.performed_by
      ? { id: e.performed_by, name: `${e.family_name ?? ''} ${e.given_name ?? ''}`.trim() }
      : null,
    permissionId: e.permission_id,
    permissionRequired: e.permissionRequired,
    unpermitted: e.permissionRequired && !e.permission_id,
    encrypted: e.encrypted === null ? null : Number(e.encrypted) === 1,
    method: e.method,
    methodLabel: e.method ? (DISPOSAL_METHODS[e.method as DisposalMethod]?.label ?? e.method) : null,
    recipient: e.recipient,
    destination: e.destination,
    reason: e.reason,
    detail,
    /** Recorded as found afterwards without the required permission (無断持ち出し等). */
    unauthorised: detail?.unauthorised === true,
    expectedReturnOn: e.expected_return_on,
    returnedAt: e.returned_at,
    carryState: e.action === 'CARRY' ? carryState(e, today) : null,
    certificate: e.certificate_file_id
      ? {
          id: e.certificate_file_id,
          name: e.certificate_name,
          size: Number(e.certificate_size),
          sha256: e.certificate_sha256,
        }
      : null,
  };
}

export async function permissionRows(
  tx: Tx,
  tenantId: string,
  opts: {
    assetId?: string;
    id?: string;
    status?: string;
    limit: number;
    /** Requests the caller applied for, or those of these units (null = every unit). */
    visible?: { personId: string | null; unitIds: string[] | null; excludeApplicant?: boolean };
    before?: { createdAt: string; id: string };
  },
) {
  let q = tx
    .selectFrom('asset_permission as r')
    .innerJoin('asset as a', 'a.id', 'r.asset_id')
    .select([
      'r.id',
      'r.asset_id',
      'r.action',
      'r.status',
      'r.unit_id',
      'r.applicant_person_id',
      'r.applicant_label',
      'r.purpose',
      'r.destination',
      'r.recipient',
      'r.expected_return_on',
      'r.method',
      'r.decided_by_person_id',
      'r.decided_by_label',
      'r.decided_at',
      'r.decision_note',
      'r.used_by_event_id',
      'r.created_at',
      'a.ref as asset_ref',
      'a.name as asset_name',
      'a.c_rank as asset_c_rank',
    ])
    .where('r.tenant_id', '=', tenantId);
  if (opts.id) q = q.where('r.id', '=', opts.id);
  if (opts.assetId) q = q.where('r.asset_id', '=', opts.assetId);
  if (opts.status && opts.status !== 'ALL') q = q.where('r.status', '=', opts.status);
  const v = opts.visible;
  if (v) {
    if (v.excludeApplicant && v.personId) q = q.where('r.applicant_person_id', '<>', v.personId);
    if (v.unitIds !== null) {
      const units = v.unitIds.length ? v.unitIds : ['-'];
      q = q.where((eb) =>
        v.personId && !v.excludeApplicant
          ? eb.or([eb('r.applicant_person_id', '=', v.personId), eb('r.unit_id', 'in', units)])
          : eb('r.unit_id', 'in', units),
      );
    }
  }
  if (opts.before) {
    const b = opts.before;
    q = q.where((eb) =>
      eb.or([
        eb('r.created_at', '<', b.createdAt),
        eb.and([eb('r.created_at', '=', b.createdAt), eb('r.id', '<', b.id)]),
      ]),
    );
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(opts.limit).execute();
}
export type PermissionRow = Awaited<ReturnType<typeof permissionRows>>[number];

export function permissionView(r: PermissionRow) {
  return {
    id: r.id,
    asset: { id: r.asset_id, ref: r.asset_ref, name: r.asset_name },
    action: r.action,
    actionLabel: LIFECYCLE_ACTION_LABELS[r.action as LifecycleAction] ?? r.action,
    status: r.status,
    statusLabel: PERMISSION_STATUS_LABELS[r.status] ?? r.status,
    unitId: r.unit_id,
    applicant: { personId: r.applicant_person_id, label: r.applicant_label },
    purpose: r.purpose,
    destination: r.destination,
    recipient: r.recipient,
    expectedReturnOn: r.expected_return_on,
    method: r.method,
    decidedBy: r.decided_by_person_id ? { personId: r.decided_by_person_id, label: r.decided_by_label } : null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    usedByEventId: r.used_by_event_id,
    createdAt: r.created_at,
  };
}
