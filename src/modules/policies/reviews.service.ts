/**
 * 見直し records (seed §8): a yearly review per document due by the end of the 年度, and reviews triggered by an
 * audit finding, an incident or a change in circumstances; each records the trigger, the discussion, the decision
 * and the resulting version. Reviews of a 実施手順 are seen only by those who may read it.
 */
import { uuidv7 } from '../../db/ids.ts';
import type { PolicyReviewTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { fiscalYearLabel, fiscalYearOf, todayInJapan } from '../../domain/calendar.ts';
import { addDays } from '../../domain/policy/exceptions.ts';
import {
  annualReviewDueOn,
  REVIEW_DECISION_LABELS,
  REVIEW_TRIGGER_LABELS,
  type ReviewDecision,
  type ReviewTrigger,
} from '../../domain/policy/reviews.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { auditPolicy } from './audit.ts';
import { canRead, contextOf, findDocument, type PolicyContext, readableDocument } from './context.ts';
import type { ReviewComplete, ReviewCreate, ReviewUpdate } from './contract.ts';
import { meetingsByIds, type ReviewMeeting } from './review-meetings.ts';

type ReviewRow = PolicyReviewTable;
const REVIEW = { ja: '見直しの記録', en: 'The review' };

function reviewView(
  r: ReviewRow,
  doc: { kind: string; title: string },
  today: string,
  meetings: Map<string, ReviewMeeting>,
) {
  return {
    id: r.id,
    documentId: r.document_id,
    documentKind: doc.kind,
    documentTitle: doc.title,
    trigger: r.trigger,
    triggerLabel: REVIEW_TRIGGER_LABELS[r.trigger as ReviewTrigger] ?? r.trigger,
    fiscalYear: r.fiscal_year,
    fiscalYearLabel: r.fiscal_year ? fiscalYearLabel(Number(r.fiscal_year)) : null,
    triggerRef: r.trigger_entity_type ? { entityType: r.trigger_entity_type, entityId: r.trigger_entity_id } : null,
    triggerNote: r.trigger_note,
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status === 'OPEN' && r.due_on < today,
    heldOn: r.held_on,
    meetingId: r.meeting_id,
    /** The committee meeting it was discussed at: date and title (委員会の開催記録). */
    meeting: r.meeting_id ? (meetings.get(r.meeting_id) ?? null) : null,
    discussion: r.discussion,
    decision: r.decision,
    decisionLabel: r.decision ? (REVIEW_DECISION_LABELS[r.decision as ReviewDecision] ?? r.decision) : null,
    decisionNote: r.decision_note,
    resultingVersionId: r.resulting_version_id,
    completedOn: r.completed_on,
    createdBy: r.created_by,
  };
}

/** What the trail records: a 実施手順's review carries no discussion or notes. */
function recordOf(r: ReviewRow, kind: string) {
  if (kind !== 'PROCEDURE') return r;
  const { discussion: _d, decision_note: _n, trigger_note: _t, ...rest } = r;
  return rest;
}

async function readableReview(ctx: PolicyContext, id: string) {
  const r = await ctx.tx
    .selectFrom('policy_review')
    .selectAll()
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  const doc = r ? await findDocument(ctx.tx, ctx.scope.tenantId, r.document_id) : undefined;
  if (!r || !doc || !canRead(ctx, doc)) throw notFound(REVIEW);
  return { review: r, doc };
}

/** 404 unless the caller may see the review (checked before the body is validated). */
export async function assertReview(services: Services, scope: Scope, id: string): Promise<void> {
  await inTenant(services.database, scope, async (tx) => {
    await readableReview(await contextOf(services, scope, tx), id);
  });
}

export async function listReviews(
  services: Services,
  scope: Scope,
  query: { documentId?: string; status?: 'OPEN' | 'DONE' },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    let q = tx.selectFrom('policy_review').selectAll().where('tenant_id', '=', scope.tenantId);
    if (query.documentId) q = q.where('document_id', '=', query.documentId);
    if (query.status) q = q.where('status', '=', query.status);
    const rows = await q.orderBy('due_on', 'desc').orderBy('id').limit(500).execute();
    const today = todayInJapan();
    const meetings = await meetingsByIds(
      tx,
      scope.tenantId,
      rows.map((r) => r.meeting_id),
    );
    const docs = new Map<string, Awaited<ReturnType<typeof findDocument>>>();
    const items = [];
    for (const r of rows) {
      if (!docs.has(r.document_id)) docs.set(r.document_id, await findDocument(tx, scope.tenantId, r.document_id));
      const doc = docs.get(r.document_id);
      if (doc && canRead(ctx, doc)) items.push(reviewView(r, doc, today, meetings));
    }
    return { items };
  });
}

export async function getReview(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { review, doc } = await readableReview(ctx, id);
    return reviewView(review, doc, todayInJapan(), await meetingsByIds(tx, scope.tenantId, [review.meeting_id]));
  });
}

export async function createReview(services: Services, scope: Scope, input: ReviewCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const doc = await readableDocument(ctx, input.documentId);
    const today = todayInJapan();
    const annual = input.trigger === 'ANNUAL';
    const fiscalYear = annual ? (input.fiscalYear ?? fiscalYearOf(today)) : null;
    if (!annual && !input.triggerNote && !input.triggerEntityId) {
      throw fieldErrors([
        {
          field: 'triggerNote',
          message: {
            ja: '見直しのきっかけ（監査の指摘、インシデント、状況の変化の内容）を記入してください。',
            en: 'Describe what triggered the review.',
          },
        },
      ]);
    }
    if (annual) {
      const dup = await tx
        .selectFrom('policy_review')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('document_id', '=', doc.id)
        .where('trigger', '=', 'ANNUAL')
        .where('fiscal_year', '=', fiscalYear)
        .executeTakeFirst();
      if (dup) {
        throw conflict('REVIEW_EXISTS', {
          ja: `この文書の${fiscalYearLabel(fiscalYear!)}の年次の見直しは既に登録されています。`,
          en: 'The annual review of this fiscal year is already recorded.',
        });
      }
    }
    const now = nowIso();
    const row: ReviewRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      document_id: doc.id,
      trigger: input.trigger,
      fiscal_year: fiscalYear,
      trigger_entity_type: input.triggerEntityType ?? null,
      trigger_entity_id: input.triggerEntityId ?? null,
      trigger_note: input.triggerNote ?? '',
      due_on: input.dueOn ?? (annual ? annualReviewDueOn(fiscalYear!) : addDays(today, 60)),
      status: 'OPEN',
      held_on: null,
      meeting_id: null,
      discussion: '',
      decision: null,
      decision_note: null,
      resulting_version_id: null,
      completed_on: null,
      created_by: scope.actor.label,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('policy_review').values(row).execute();
    await auditPolicy(tx, scope, 'create', 'policy_review', row.id, null, recordOf(row, doc.kind));
    return reviewView(row, doc, today, new Map());
  });
}

async function meetingExists(ctx: PolicyContext, meetingId: string) {
  return ctx.tx
    .selectFrom('committee_meeting')
    .select('id')
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
}

export async function updateReview(services: Services, scope: Scope, id: string, input: ReviewUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { review, doc } = await readableReview(ctx, id);
    if (review.status !== 'OPEN') {
      throw conflict('REVIEW_DONE', { ja: 'この見直しは完了しています。', en: 'The review is complete.' });
    }
    if (input.meetingId && !(await meetingExists(ctx, input.meetingId))) {
      throw fieldErrors([
        { field: 'meetingId', message: { ja: '委員会の開催記録が見つかりません。', en: 'No such meeting.' } },
      ]);
    }
    const after: ReviewRow = {
      ...review,
      held_on: input.heldOn === undefined ? review.held_on : input.heldOn,
      meeting_id: input.meetingId === undefined ? review.meeting_id : input.meetingId,
      discussion: input.discussion ?? review.discussion,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('policy_review')
      .set({
        held_on: after.held_on,
        meeting_id: after.meeting_id,
        discussion: after.discussion,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(tx, scope, 'update', 'policy_review', id, recordOf(review, doc.kind), recordOf(after, doc.kind));
    return reviewView(after, doc, todayInJapan(), await meetingsByIds(tx, scope.tenantId, [after.meeting_id]));
  });
}

export async function completeReview(services: Services, scope: Scope, id: string, input: ReviewComplete) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { review, doc } = await readableReview(ctx, id);
    if (review.status !== 'OPEN') {
      throw conflict('REVIEW_DONE', { ja: 'この見直しは完了しています。', en: 'The review is complete.' });
    }
    if (input.completedOn > todayInJapan()) {
      throw fieldErrors([
        { field: 'completedOn', message: { ja: '完了日は本日以前の日付です。', en: 'The date is in the future.' } },
      ]);
    }
    if (input.resultingVersionId) {
      const v = await tx
        .selectFrom('policy_version')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('document_id', '=', doc.id)
        .where('id', '=', input.resultingVersionId)
        .executeTakeFirst();
      if (!v || input.decision !== 'REVISE') {
        throw fieldErrors([
          {
            field: 'resultingVersionId',
            message: {
              ja: '改訂する場合に、この文書の版を指定してください。',
              en: 'Choose a version of this document.',
            },
          },
        ]);
      }
    }
    const after: ReviewRow = {
      ...review,
      status: 'DONE',
      decision: input.decision,
      decision_note: input.decisionNote ?? null,
      completed_on: input.completedOn,
      resulting_version_id: input.resultingVersionId ?? null,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('policy_review')
      .set({
        status: 'DONE',
        decision: after.decision,
        decision_note: after.decision_note,
        completed_on: after.completed_on,
        resulting_version_id: after.resulting_version_id,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(
      tx,
      scope,
      'complete',
      'policy_review',
      id,
      recordOf(review, doc.kind),
      recordOf(after, doc.kind),
    );
    return reviewView(after, doc, todayInJapan(), await meetingsByIds(tx, scope.tenantId, [after.meeting_id]));
  });
}
