/**
 * Versions of a policy document: a new draft from the version in force, editing, submission for review (起案 →
 * 確認), and the review step that forwards it to the committee (or to the approver of a 実施手順) or returns it.
 * SOD-1: whoever submitted a version does not review it.
 */
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { applicantIsNotApprover } from '../../domain/duties.ts';
import { conflict, fieldErrors, forbidden } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { committeeStatus } from './approval.service.ts';
import { auditPolicy, versionRecord } from './audit.ts';
import {
  canEdit,
  clausesOfVersion,
  contextOf,
  editableDocument,
  readableVersion,
  requirePerson,
  requireStatus,
  type VersionRow,
  versionsOf,
} from './context.ts';
import type { VersionCreate, VersionUpdate } from './contract.ts';
import { newDraft } from './documents.service.ts';
import { clauseView, sha256, versionSummary } from './views.ts';

const OPEN_STATES = ['DRAFT', 'REVIEW', 'COMMITTEE', 'APPROVED'];

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** 404 unless the caller may see the version: checked before the body is read, so a missing record is 404. */
export async function assertVersion(services: Services, scope: Scope, id: string): Promise<void> {
  await inTenant(services.database, scope, async (tx) => {
    await readableVersion(await contextOf(services, scope, tx), id);
  });
}

export async function getVersion(services: Services, scope: Scope, id: string) {
  const committee = await committeeStatus(services, scope, id);
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, id);
    const votes = await tx
      .selectFrom('policy_vote as v')
      .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'v.person_id').on('p.tenant_id', '=', scope.tenantId))
      .select(['v.person_id', 'v.vote', 'v.comment', 'v.voted_at', 'p.family_name', 'p.given_name'])
      .where('v.tenant_id', '=', scope.tenantId)
      .where('v.version_id', '=', id)
      .orderBy('v.voted_at')
      .execute();
    return {
      ...versionSummary(version),
      kind: doc.kind,
      documentTitle: doc.title,
      canEdit: canEdit(ctx, doc),
      body: version.body,
      clauses: clausesOfVersion(version).map(clauseView),
      basedOnId: version.based_on_id,
      draftedBy: version.drafted_by,
      submittedAt: version.submitted_at,
      reviewedBy: version.reviewed_by,
      reviewedAt: version.reviewed_at,
      reviewComment: version.review_comment,
      decisionRecord: parseJson(version.decision_json),
      votes: votes.map((v) => ({
        personId: v.person_id,
        name: `${v.family_name} ${v.given_name}`,
        vote: v.vote,
        comment: v.comment,
        votedAt: v.voted_at,
      })),
      committee: version.status === 'COMMITTEE' ? committee : null,
    };
  });
}

export async function createVersion(services: Services, scope: Scope, documentId: string, input: VersionCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const doc = await editableDocument(ctx, documentId);
    const versions = await versionsOf(tx, scope.tenantId, doc.id);
    if (versions.some((v) => OPEN_STATES.includes(v.status))) {
      throw conflict('POLICY_DRAFT_EXISTS', {
        ja: 'この文書には公開前の版があります。その版を公開するか削除してから、新しい版を起案してください。',
        en: 'This document already has an unpublished version; publish or delete it first.',
      });
    }
    let base: VersionRow | undefined;
    if (input.basedOnVersionId) {
      base = versions.find((v) => v.id === input.basedOnVersionId);
      if (!base) {
        throw fieldErrors([
          {
            field: 'basedOnVersionId',
            message: { ja: 'この文書の版を指定してください。', en: 'Choose a version of this document.' },
          },
        ]);
      }
    } else {
      base = [...versions].reverse().find((v) => v.status === 'PUBLISHED') ?? versions[versions.length - 1];
    }
    const body = input.body ?? base?.body;
    if (!body) {
      throw fieldErrors([
        { field: 'body', message: { ja: '本文を入力してください。', en: 'Enter the text of the version.' } },
      ]);
    }
    const number = versions.reduce((n, v) => Math.max(n, Number(v.number)), 0) + 1;
    const version = newDraft(scope, doc, number, body, input.changeSummary ?? '', base?.id ?? null);
    await tx.insertInto('policy_version').values(version).execute();
    await auditPolicy(tx, scope, 'create', 'policy_version', version.id, null, versionRecord(doc, version));
    return versionSummary(version);
  });
}

export async function updateDraft(services: Services, scope: Scope, id: string, input: VersionUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, id);
    if (!canEdit(ctx, doc)) throw forbidden();
    requireStatus(version, 'DRAFT');
    const body = input.body ?? version.body;
    const after: VersionRow = {
      ...version,
      title: input.title ?? version.title,
      body,
      body_sha256: sha256(body),
      change_summary: input.changeSummary ?? version.change_summary,
      updated_at: nowIso(),
    };
    await tx
      .updateTable('policy_version')
      .set({
        title: after.title,
        body: after.body,
        body_sha256: after.body_sha256,
        change_summary: after.change_summary,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(
      tx,
      scope,
      'update',
      'policy_version',
      id,
      versionRecord(doc, version),
      versionRecord(doc, after),
    );
    return versionSummary(after);
  });
}

export async function deleteDraft(services: Services, scope: Scope, id: string) {
  await inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, id);
    if (!canEdit(ctx, doc)) throw forbidden();
    requireStatus(version, 'DRAFT');
    await tx.deleteFrom('policy_version').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    await auditPolicy(tx, scope, 'delete', 'policy_version', id, versionRecord(doc, version), null);
  });
}

/** 起案 → 確認: the drafter hands the version over for review. */
export async function submitVersion(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, id);
    if (!canEdit(ctx, doc)) throw forbidden();
    requireStatus(version, 'DRAFT');
    const personId = requirePerson(scope);
    if (clausesOfVersion(version).length === 0) {
      throw fieldErrors([
        {
          field: 'body',
          message: {
            ja: '本文に条項（「1.」「(1)」「第1条」などの番号）が見つかりません。番号を付けてから提出してください。',
            en: 'No numbered clauses were found in the text.',
          },
        },
      ]);
    }
    const after = { ...version, status: 'REVIEW', submitted_by_person_id: personId, submitted_at: nowIso() };
    await tx
      .updateTable('policy_version')
      .set({
        status: 'REVIEW',
        submitted_by_person_id: personId,
        submitted_at: after.submitted_at,
        updated_at: nowIso(),
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(
      tx,
      scope,
      'submit',
      'policy_version',
      id,
      versionRecord(doc, version),
      versionRecord(doc, after),
    );
    return versionSummary(after);
  });
}

/** 確認: forward to the committee (or the approver of a 実施手順), or return to the drafter. */
export async function reviewVersion(
  services: Services,
  scope: Scope,
  id: string,
  input: { decision: 'FORWARD' | 'RETURN'; comment?: string | null },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, id);
    requireStatus(version, 'REVIEW');
    const personId = requirePerson(scope);
    const sod = version.submitted_by_person_id
      ? applicantIsNotApprover(version.submitted_by_person_id, personId)
      : null;
    if (sod) {
      throw conflict(
        'SOD_VIOLATION',
        {
          ja: '提出した本人は確認できません。別の確認者が確認してください（兼務の禁止 SOD-1）。',
          en: 'Whoever submitted the version cannot review it (SOD-1).',
        },
        { rule: sod.rule },
      );
    }
    const status = input.decision === 'FORWARD' ? 'COMMITTEE' : 'DRAFT';
    const now = nowIso();
    const after: VersionRow = {
      ...version,
      status,
      reviewed_by_person_id: personId,
      reviewed_by: scope.actor.label,
      reviewed_at: now,
      review_comment: input.comment ?? null,
      updated_at: now,
    };
    await tx
      .updateTable('policy_version')
      .set({
        status,
        reviewed_by_person_id: personId,
        reviewed_by: after.reviewed_by,
        reviewed_at: now,
        review_comment: after.review_comment,
        updated_at: now,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const action = input.decision === 'FORWARD' ? 'forward' : 'return';
    await auditPolicy(tx, scope, action, 'policy_version', id, versionRecord(doc, version), versionRecord(doc, after));
    return versionSummary(after);
  });
}
