/**
 * Committee approval and publication. The committee decides as the tenant set it (organisation: committee
 * decisionMode): VOTE — each member votes and the version is approved once a majority of the members on the day
 * (two thirds under that quorum rule) approve, or rejected once that can no longer happen; CHAIR — the chair (the
 * CISO) or the deputy records the decision taken in the meeting. A 実施手順 is approved by the 統括 or the CISO.
 * SOD-1: whoever submitted the version does not record its decision. Published: 改訂日 and 施行日.
 */
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { applicantIsNotApprover } from '../../domain/duties.ts';
import { conflict, fieldErrors, forbidden } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { getCommittee } from '../organisation/committee.service.ts';
import { quorumOf } from '../organisation/meetings.service.ts';
import { auditPolicy, versionRecord } from './audit.ts';
import {
  contextOf,
  type PolicyContext,
  readableVersion,
  requirePerson,
  requireStatus,
  type VersionRow,
} from './context.ts';
import type { DecisionInput } from './contract.ts';
import { versionSummary } from './views.ts';

type Committee = Awaited<ReturnType<typeof getCommittee>>;

function membersOf(committee: Committee) {
  const byPerson = new Map<string, { personId: string; name: string; isChair: boolean; basis: string[] }>();
  for (const m of committee.members) {
    const entry = byPerson.get(m.personId) ?? { personId: m.personId, name: m.name, isChair: false, basis: [] };
    entry.isChair ||= m.isChair;
    entry.basis.push(m.basis);
    byPerson.set(m.personId, entry);
  }
  return [...byPerson.values()];
}

/** The vote of the members on the day: approved, rejected or still open. */
export function tally(committee: Committee, votes: Array<{ person_id: string; vote: string }>) {
  const members = membersOf(committee);
  const ids = new Set(members.map((m) => m.personId));
  const counted = votes.filter((v) => ids.has(v.person_id));
  const count = (kind: string) => counted.filter((v) => v.vote === kind).length;
  const approve = count('APPROVE');
  const reject = count('REJECT');
  const { required } = quorumOf(committee.quorum, members.length, approve);
  const outcome: 'APPROVED' | 'REJECTED' | 'PENDING' =
    members.length > 0 && approve >= required
      ? 'APPROVED'
      : reject > members.length - required || members.length === 0
        ? 'REJECTED'
        : 'PENDING';
  const byPerson = new Map(counted.map((v) => [v.person_id, v.vote]));
  return {
    mode: committee.decisionMode,
    quorumRule: committee.quorum,
    members: members.map((m) => ({ ...m, vote: byPerson.get(m.personId) ?? null })),
    required,
    approve,
    reject,
    abstain: count('ABSTAIN'),
    outcome,
  };
}

/** The committee and the vote so far on a version (the caller has checked the version is readable). */
export async function committeeStatus(services: Services, scope: Scope, versionId: string) {
  const committee = await getCommittee(services, scope);
  const votes = await inTenant(services.database, scope, (tx) =>
    tx
      .selectFrom('policy_vote')
      .select(['person_id', 'vote'])
      .where('tenant_id', '=', scope.tenantId)
      .where('version_id', '=', versionId)
      .execute(),
  );
  return { name: committee.name, on: committee.on, ...tally(committee, votes) };
}

async function recordDecision(
  ctx: PolicyContext,
  version: VersionRow,
  decision: 'APPROVED' | 'REJECTED',
  decidedOn: string,
  record: Record<string, unknown>,
): Promise<VersionRow> {
  const after: VersionRow = {
    ...version,
    status: decision,
    decision,
    decided_on: decidedOn,
    decision_json: JSON.stringify(record),
    updated_at: nowIso(),
  };
  await ctx.tx
    .updateTable('policy_version')
    .set({
      status: after.status,
      decision,
      decided_on: decidedOn,
      decision_json: after.decision_json,
      updated_at: after.updated_at,
    })
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', version.id)
    .execute();
  return after;
}

export async function vote(
  services: Services,
  scope: Scope,
  versionId: string,
  input: { vote: 'APPROVE' | 'REJECT' | 'ABSTAIN'; comment?: string | null },
) {
  const committee = await getCommittee(services, scope);
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, versionId);
    requireStatus(version, 'COMMITTEE');
    const personId = requirePerson(scope);
    if (doc.kind === 'PROCEDURE' || committee.decisionMode !== 'VOTE') {
      throw conflict('POLICY_DECIDED_BY_CHAIR', {
        ja:
          doc.kind === 'PROCEDURE'
            ? '実施手順は、統括情報セキュリティ責任者又は最高情報セキュリティ責任者が承認します。'
            : 'この委員会は委員長が決定を記録する設定です。投票はできません。',
        en: 'This decision is recorded by the chair or approver, not by vote.',
      });
    }
    if (!membersOf(committee).some((m) => m.personId === personId)) {
      throw forbidden({ ja: '委員会の委員だけが投票できます。', en: 'Only members of the committee may vote.' });
    }
    const now = nowIso();
    await tx
      .deleteFrom('policy_vote')
      .where('tenant_id', '=', scope.tenantId)
      .where('version_id', '=', versionId)
      .where('person_id', '=', personId)
      .execute();
    const row = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      version_id: versionId,
      person_id: personId,
      vote: input.vote,
      comment: input.comment ?? null,
      voted_at: now,
    };
    await tx.insertInto('policy_vote').values(row).execute();
    await auditPolicy(tx, scope, 'vote', 'policy_version', versionId, null, { vote: input.vote, personId });
    const votes = await tx
      .selectFrom('policy_vote')
      .select(['person_id', 'vote'])
      .where('tenant_id', '=', scope.tenantId)
      .where('version_id', '=', versionId)
      .execute();
    const result = tally(committee, votes);
    let after = version;
    if (result.outcome !== 'PENDING') {
      const { members: _m, mode: _mode, ...counts } = result;
      after = await recordDecision(ctx, version, result.outcome, todayInJapan(), {
        mode: 'VOTE',
        committee: committee.name,
        ...counts,
        members: result.members.length,
      });
      await auditPolicy(tx, scope, 'decide', 'policy_version', versionId, versionRecord(doc, version), {
        ...versionRecord(doc, after),
        mode: 'VOTE',
        approve: result.approve,
        reject: result.reject,
        required: result.required,
      });
    }
    return { version: versionSummary(after), tally: result };
  });
}

/** The chair (or the deputy) records the committee's decision; the 統括 or the CISO approves a 実施手順. */
export async function decide(services: Services, scope: Scope, versionId: string, input: DecisionInput) {
  const committee = await getCommittee(services, scope);
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, versionId);
    requireStatus(version, 'COMMITTEE');
    const personId = requirePerson(scope);
    const holds = (...roles: string[]) => scope.actor.roles.some((g) => roles.includes(g.role));
    const procedure = doc.kind === 'PROCEDURE';
    if (!procedure && committee.decisionMode !== 'CHAIR') {
      throw conflict('POLICY_DECIDED_BY_VOTE', {
        ja: 'この委員会は委員の投票で決する設定です。各委員が投票してください。',
        en: 'This committee decides by the votes of its members.',
      });
    }
    if (procedure ? !holds('TOTAL_SEC_RESPONSIBLE', 'CISO') : !holds('CISO', 'DEPUTY_CISO')) {
      throw forbidden({
        ja: procedure
          ? '実施手順は、統括情報セキュリティ責任者又は最高情報セキュリティ責任者が承認します。'
          : '委員会の決定は、委員長（最高情報セキュリティ責任者）又は副CISOが記録します。',
        en: 'Only the chair (or the deputy) or the approver may record the decision.',
      });
    }
    const sod = version.submitted_by_person_id
      ? applicantIsNotApprover(version.submitted_by_person_id, personId)
      : null;
    if (sod) {
      throw conflict(
        'SOD_VIOLATION',
        {
          ja: '提出した本人は承認の決定を記録できません。副CISO又は別の承認者が記録してください（兼務の禁止）。',
          en: 'Whoever submitted the version cannot record its approval; another approver must (SOD-1, SOD-6).',
        },
        { rule: sod.rule },
      );
    }
    if (input.decidedOn > todayInJapan()) {
      throw fieldErrors([
        { field: 'decidedOn', message: { ja: '決定日は本日以前の日付です。', en: 'The date is in the future.' } },
      ]);
    }
    if (input.meetingId) {
      const meeting = await tx
        .selectFrom('committee_meeting')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', input.meetingId)
        .executeTakeFirst();
      if (!meeting) {
        throw fieldErrors([
          { field: 'meetingId', message: { ja: '委員会の開催記録が見つかりません。', en: 'No such meeting.' } },
        ]);
      }
    }
    const after = await recordDecision(ctx, version, input.decision, input.decidedOn, {
      mode: procedure ? 'APPROVER' : 'CHAIR',
      committee: procedure ? null : committee.name,
      decidedBy: scope.actor.label,
      decidedByPersonId: personId,
      meetingId: input.meetingId ?? null,
      note: input.note ?? null,
    });
    await auditPolicy(tx, scope, 'decide', 'policy_version', versionId, versionRecord(doc, version), {
      ...versionRecord(doc, after),
      mode: procedure ? 'APPROVER' : 'CHAIR',
      meetingId: input.meetingId ?? null,
    });
    return versionSummary(after);
  });
}

/** 公開: an approved version gets its 改訂日 and 施行日; from the 施行日 on it is the version in force. */
export async function publish(
  services: Services,
  scope: Scope,
  versionId: string,
  input: { revisedOn: string; effectiveOn: string },
) {
  if (input.effectiveOn < input.revisedOn) {
    throw fieldErrors([
      {
        field: 'effectiveOn',
        message: {
          ja: '施行日は改訂日以後の日付を入力してください。',
          en: 'The effective date precedes the revision.',
        },
      },
    ]);
  }
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const { version, doc } = await readableVersion(ctx, versionId);
    requireStatus(version, 'APPROVED');
    const now = nowIso();
    const after: VersionRow = {
      ...version,
      status: 'PUBLISHED',
      revised_on: input.revisedOn,
      effective_on: input.effectiveOn,
      published_at: now,
      published_by: scope.actor.label,
      updated_at: now,
    };
    await tx
      .updateTable('policy_version')
      .set({
        status: 'PUBLISHED',
        revised_on: input.revisedOn,
        effective_on: input.effectiveOn,
        published_at: now,
        published_by: after.published_by,
        updated_at: now,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', versionId)
      .execute();
    await auditPolicy(
      tx,
      scope,
      'publish',
      'policy_version',
      versionId,
      versionRecord(doc, version),
      versionRecord(doc, after),
    );
    // A review that decided to revise this document now has its resulting version.
    const revising = await tx
      .selectFrom('policy_review')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('document_id', '=', doc.id)
      .where('decision', '=', 'REVISE')
      .where('resulting_version_id', 'is', null)
      .execute();
    for (const r of revising) {
      await tx
        .updateTable('policy_review')
        .set({ resulting_version_id: versionId, updated_at: now })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', r.id)
        .execute();
      await auditPolicy(tx, scope, 'update', 'policy_review', r.id, null, { resultingVersionId: versionId });
    }
    return versionSummary(after);
  });
}
