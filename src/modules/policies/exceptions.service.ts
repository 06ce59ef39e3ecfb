/**
 * 例外措置: a 情報セキュリティ管理者 applies (which rule, why, compensating measures, scope, until when); the CISO or
 * the deputy decides (SOD-3: never the applicant); an emergency measure is recorded after the fact and approved
 * then; approved exceptions are reviewed periodically and end by withdrawal, revocation or expiry.
 */
import { uuidv7 } from '../../db/ids.ts';
import type { PolicyExceptionTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { citationOf, findClause } from '../../domain/policy/clauses.ts';
import {
  EXCEPTION_STATUS_LABELS,
  type ExceptionFacts,
  type ExceptionStatus,
  exceptionStanding,
  nextReviewDue,
} from '../../domain/policy/exceptions.ts';
import { citationLabel, type DocumentKind } from '../../domain/policy/kinds.ts';
import { conflict, type FieldError, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitChain, unitPath } from '../organisation/units.repo.ts';
import { auditPolicy } from './audit.ts';
import {
  canRead,
  clausesOfVersion,
  contextOf,
  findDocument,
  type PolicyContext,
  requirePerson,
  versionsOf,
} from './context.ts';
import type { ExceptionCreate } from './contract.ts';

type ExceptionRow = PolicyExceptionTable;
const EXCEPTION = { ja: '例外措置', en: 'The exception' };
const SOD3 = {
  ja: '例外措置を申請した本人は、承認及び確認をすることができません（兼務の禁止 SOD-3）。',
  en: 'Whoever applied for the exception cannot decide or review it (SOD-3).',
};

type RuleRef = { documentId: string; clausePath: string };
const parseRefs = (json: string): RuleRef[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

export const factsOf = (e: ExceptionRow): ExceptionFacts => ({
  id: e.id,
  label: e.rule_text.slice(0, 60),
  status: e.status as ExceptionStatus,
  emergency: e.emergency === 1,
  validFrom: e.valid_from,
  validUntil: e.valid_until,
  decidedOn: e.decided_on,
  lastReviewedOn: e.last_reviewed_on,
  reviewEveryMonths: Number(e.review_every_months),
});

async function refsView(ctx: PolicyContext, refs: RuleRef[]) {
  const out = [];
  for (const r of refs) {
    const doc = await findDocument(ctx.tx, ctx.scope.tenantId, r.documentId);
    if (!doc || !canRead(ctx, doc)) {
      out.push({ documentId: null, clausePath: null, citationLabel: '（閲覧できない文書の条項）', hidden: true });
      continue;
    }
    const citation = citationOf(r.clausePath);
    out.push({
      documentId: doc.id,
      clausePath: r.clausePath,
      citationLabel: citationLabel(doc.kind as DocumentKind, citation),
      hidden: false,
    });
  }
  return out;
}

/** Who may see it: the readers of the table for the exception's unit, and the applicant. */
function canSee(ctx: PolicyContext, e: ExceptionRow): boolean {
  if (ctx.scope.actor.personId === e.requested_by_person_id) return true;
  return ctx.services.permissions.can(ctx.scope.actor, 'read', 'policy_exception', {
    unitChain: unitChain(ctx.units, e.scope_unit_id),
    personId: e.requested_by_person_id,
  });
}

async function view(ctx: PolicyContext, e: ExceptionRow, today: string, withReviews = false) {
  const facts = factsOf(e);
  const reviews = withReviews
    ? await ctx.tx
        .selectFrom('policy_exception_review')
        .selectAll()
        .where('tenant_id', '=', ctx.scope.tenantId)
        .where('exception_id', '=', e.id)
        .orderBy('reviewed_on')
        .execute()
    : [];
  return {
    id: e.id,
    ruleRefs: await refsView(ctx, parseRefs(e.rule_refs)),
    ruleText: e.rule_text,
    reason: e.reason,
    compensatingMeasures: e.compensating_measures,
    scope: {
      unitId: e.scope_unit_id,
      unitPath: e.scope_unit_id ? unitPath(ctx.units, e.scope_unit_id) : null,
      systemId: e.scope_system_id,
      description: e.scope_description,
    },
    validFrom: e.valid_from,
    validUntil: e.valid_until,
    emergency: e.emergency === 1 ? { occurredOn: e.emergency_occurred_on, actionTaken: e.emergency_action } : null,
    status: e.status,
    statusLabel: EXCEPTION_STATUS_LABELS[e.status as ExceptionStatus] ?? e.status,
    standing: exceptionStanding(facts, today),
    requestedBy: e.requested_by,
    requestedAt: e.requested_at,
    decidedBy: e.decided_by,
    decidedOn: e.decided_on,
    decisionNote: e.decision_note,
    reviewEveryMonths: facts.reviewEveryMonths,
    lastReviewedOn: e.last_reviewed_on,
    nextReviewDue: nextReviewDue(facts),
    ...(withReviews
      ? {
          reviews: reviews.map((r) => ({
            reviewedOn: r.reviewed_on,
            reviewer: r.reviewer,
            outcome: r.outcome,
            note: r.note,
          })),
        }
      : {}),
  };
}

async function checkRefs(ctx: PolicyContext, refs: RuleRef[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [i, r] of refs.entries()) {
    const doc = await findDocument(ctx.tx, ctx.scope.tenantId, r.documentId);
    const versions = doc && canRead(ctx, doc) ? await versionsOf(ctx.tx, ctx.scope.tenantId, doc.id) : [];
    const published = versions.filter((v) => v.status === 'PUBLISHED');
    if (!published.some((v) => findClause(clausesOfVersion(v), r.clausePath))) {
      errors.push({
        field: `ruleRefs.${i}.clausePath`,
        message: { ja: '公開済みの文書の条項を指定してください。', en: 'Cite a clause of a published document.' },
      });
    }
  }
  return errors;
}

export async function requestException(services: Services, scope: Scope, input: ExceptionCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const personId = requirePerson(scope);
    const today = todayInJapan();
    const managed = scope.actor.roles.filter((g) => g.role === 'SEC_MANAGER' && g.scopeId).map((g) => g.scopeId!);
    const unitId = input.scope.unitId ?? managed[0] ?? null;
    const errors = await checkRefs(ctx, input.ruleRefs);
    if (input.validUntil < input.validFrom) {
      errors.push({
        field: 'validUntil',
        message: { ja: '期限は開始日以後の日付です。', en: 'Ends before it starts.' },
      });
    }
    if (!unitId || !managed.some((m) => unitChain(ctx.units, unitId).includes(m))) {
      errors.push({
        field: 'scope.unitId',
        message: {
          ja: 'ご自分が情報セキュリティ管理者を務める課室を指定してください。',
          en: 'Choose a unit you manage.',
        },
      });
    }
    if (input.emergency && input.emergency.occurredOn > today) {
      errors.push({
        field: 'emergency.occurredOn',
        message: { ja: '実施日は本日以前の日付です。', en: 'The date is in the future.' },
      });
    }
    if (errors.length) throw fieldErrors(errors);
    const now = nowIso();
    const row: ExceptionRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      rule_refs: JSON.stringify(input.ruleRefs),
      rule_text: input.ruleText,
      reason: input.reason,
      compensating_measures: input.compensatingMeasures,
      scope_unit_id: unitId,
      scope_system_id: input.scope.systemId ?? null,
      scope_description: input.scope.description,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      emergency: input.emergency ? 1 : 0,
      emergency_occurred_on: input.emergency?.occurredOn ?? null,
      emergency_action: input.emergency?.actionTaken ?? null,
      status: 'REQUESTED',
      requested_by_person_id: personId,
      requested_by: scope.actor.label,
      requested_at: now,
      decided_by_person_id: null,
      decided_by: null,
      decided_on: null,
      decision_note: null,
      review_every_months: input.reviewEveryMonths,
      last_reviewed_on: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('policy_exception').values(row).execute();
    await auditPolicy(
      tx,
      scope,
      input.emergency ? 'report_emergency' : 'request',
      'policy_exception',
      row.id,
      null,
      row,
    );
    return view(ctx, row, today, true);
  });
}

async function visibleException(ctx: PolicyContext, id: string): Promise<ExceptionRow> {
  const e = await ctx.tx
    .selectFrom('policy_exception')
    .selectAll()
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e || !canSee(ctx, e)) throw notFound(EXCEPTION);
  return e;
}

/** 404 unless the caller may see the exception (checked before the body is validated). */
export async function assertException(services: Services, scope: Scope, id: string): Promise<void> {
  await inTenant(services.database, scope, async (tx) => {
    await visibleException(await contextOf(services, scope, tx), id);
  });
}

export async function listExceptions(
  services: Services,
  scope: Scope,
  query: { status?: ExceptionStatus; on?: string },
) {
  const on = query.on ?? todayInJapan();
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    let q = tx.selectFrom('policy_exception').selectAll().where('tenant_id', '=', scope.tenantId);
    if (query.status) q = q.where('status', '=', query.status);
    const rows = (await q.orderBy('requested_at', 'desc').limit(1000).execute()).filter((e) => canSee(ctx, e));
    const items = [];
    for (const e of rows) items.push(await view(ctx, e, on));
    return { on, items };
  });
}

export async function getException(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    return view(ctx, await visibleException(ctx, id), todayInJapan(), true);
  });
}

async function change(
  ctx: PolicyContext,
  before: ExceptionRow,
  set: Partial<ExceptionRow>,
  action: string,
): Promise<ExceptionRow> {
  const after = { ...before, ...set, updated_at: nowIso() };
  await ctx.tx
    .updateTable('policy_exception')
    .set({ ...set, updated_at: after.updated_at })
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', before.id)
    .execute();
  await auditPolicy(ctx.tx, ctx.scope, action, 'policy_exception', before.id, before, after);
  return after;
}

/** The CISO (or the deputy) approves or rejects; an emergency measure is approved after the fact. */
export async function decideException(
  services: Services,
  scope: Scope,
  id: string,
  input: { decision: 'APPROVED' | 'REJECTED'; note?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const e = await visibleException(ctx, id);
    if (e.status !== 'REQUESTED') {
      throw conflict('EXCEPTION_DECIDED', { ja: 'この申請は既に処理されています。', en: 'Already decided.' });
    }
    const personId = requirePerson(scope);
    if (e.requested_by_person_id === personId) throw conflict('SOD_VIOLATION', SOD3, { rule: 'SOD-3' });
    const today = todayInJapan();
    if (input.decision === 'APPROVED' && e.emergency === 0 && e.valid_until < today) {
      throw conflict('EXCEPTION_EXPIRED', {
        ja: '期限が過ぎた申請は承認できません。期限を見直して改めて申請してください。',
        en: 'The requested period is over; apply again.',
      });
    }
    const after = await change(
      ctx,
      e,
      {
        status: input.decision,
        decided_by_person_id: personId,
        decided_by: scope.actor.label,
        decided_on: today,
        decision_note: input.note ?? null,
      },
      input.decision === 'APPROVED' ? 'approve' : 'reject',
    );
    return view(ctx, after, today, true);
  });
}

/** The periodic review (定期的な確認): continue, or revoke. */
export async function reviewException(
  services: Services,
  scope: Scope,
  id: string,
  input: { reviewedOn: string; outcome: 'CONTINUE' | 'REVOKE'; note?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const e = await visibleException(ctx, id);
    const today = todayInJapan();
    if (e.status !== 'APPROVED') {
      throw conflict('EXCEPTION_NOT_ACTIVE', {
        ja: '承認済みの例外措置だけを確認できます。',
        en: 'Only approved exceptions are reviewed.',
      });
    }
    const personId = requirePerson(scope);
    if (e.requested_by_person_id === personId) throw conflict('SOD_VIOLATION', SOD3, { rule: 'SOD-3' });
    if (input.reviewedOn > today) {
      throw fieldErrors([
        { field: 'reviewedOn', message: { ja: '確認日は本日以前の日付です。', en: 'The date is in the future.' } },
      ]);
    }
    await tx
      .insertInto('policy_exception_review')
      .values({
        id: uuidv7(),
        tenant_id: scope.tenantId,
        exception_id: e.id,
        reviewed_on: input.reviewedOn,
        reviewer_person_id: personId,
        reviewer: scope.actor.label,
        outcome: input.outcome,
        note: input.note ?? null,
        created_at: nowIso(),
      })
      .execute();
    const after = await change(
      ctx,
      e,
      input.outcome === 'REVOKE'
        ? { status: 'REVOKED', last_reviewed_on: input.reviewedOn }
        : { last_reviewed_on: input.reviewedOn },
      input.outcome === 'REVOKE' ? 'revoke' : 'review',
    );
    return view(ctx, after, today, true);
  });
}

/** 取下げ・終了: the applicant withdraws a request or records the end of a measure; the CISO or the 統括 may too. */
export async function withdrawException(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const e = await visibleException(ctx, id);
    const overseer = scope.actor.roles.some((g) => ['CISO', 'DEPUTY_CISO', 'TOTAL_SEC_RESPONSIBLE'].includes(g.role));
    if (!overseer && e.requested_by_person_id !== scope.actor.personId) throw forbidden();
    if (e.status !== 'REQUESTED' && e.status !== 'APPROVED') {
      throw conflict('EXCEPTION_CLOSED', { ja: 'この例外措置は既に終了しています。', en: 'Already closed.' });
    }
    const after = await change(ctx, e, { status: 'WITHDRAWN' }, 'withdraw');
    return view(ctx, after, todayInJapan(), true);
  });
}
