/**
 * Release of quarantined originals (sanitizer.md §8): `requested → approved | denied → released | failed`, or
 * withdrawn by the requester. A recipient of the message (their person's e-mail address is one of its recipients)
 * asks; the 情報セキュリティ管理者 of the requester's 課室 decides (the 部局's 責任者 may decide in their place), never
 * the requester (SOD-4). The default outcome of an approval is the original processed again with another profile
 * (CDR) and delivered to the requester over the relay's upstream; delivering the original itself is off unless the
 * tenant allows it, and is then recorded as a 例外措置. Every transition is in the audit trail.
 */
import { uuidv7 } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { applicantIsNotApprover } from '../../domain/duties.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { LogSink } from '../../sanitizer/log.ts';
import { unitChain } from '../organisation/units.repo.ts';
import { actorAddress, visibility, visibleMessage } from './access.ts';
import type { ReleaseDecision, ReleaseListQuery } from './contract.ts';
import { canDecide, MESSAGE } from './messages.service.ts';
import { type MessageTarget, SANITIZER } from './permissions.ts';
import { releaseRows, releaseView } from './release.views.ts';
import { EXCEPTION_STILL_STANDS, managesUnit, rawNeedsManager, recordRawRelease } from './release-raw.ts';
import { deliveryNotConfigured, runtimeFor } from './runtime.ts';
import { effectivePolicy, loadSettings, PROFILES, type ProfileCode } from './settings.service.ts';
import { PlatformLogSink, TeeLogSink } from './sink.ts';

const REQUEST = { ja: '原本提供の申請', en: 'The release request' };

/** The pipeline (sharp, zip.js, MIME and HTML parsers) loads on the first release, not with every server. */
const sanitizer = () => import('../../sanitizer/pipeline.ts');

async function loadRelease(tx: Tx, scope: Scope, id: string) {
  const [r] = await releaseRows(tx, scope.tenantId, { id, limit: 1 });
  if (!r) throw notFound(REQUEST);
  return r;
}

export async function requestRelease(services: Services, scope: Scope, messageId: string, input: { reason: string }) {
  return inTenant(services.database, scope, async (tx) => {
    const m = await tx
      .selectFrom('sanitizer_message')
      .select(['id', 'quarantine_ref'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!m) throw notFound(MESSAGE);
    const recipients = await tx
      .selectFrom('sanitizer_recipient')
      .select(['address', 'person_id', 'unit_id'])
      .where('tenant_id', '=', scope.tenantId)
      .where('message_id', '=', messageId)
      .execute();
    const v = await visibility(services, scope, tx);
    if (!visibleMessage(v, recipients)) throw notFound(MESSAGE);
    const personId = scope.actor.personId;
    const address = await actorAddress(tx, scope);
    if (
      !personId ||
      !address ||
      !recipients.some((r) => r.address === address) ||
      !services.permissions.can(scope.actor, 'request', SANITIZER, { recipientPersonIds: [personId] } as MessageTarget)
    )
      throw forbidden({
        ja: '原本の提供を申請できるのは、このメールの宛先の方（登録されたメールアドレスが宛先と一致する職員）だけです。',
        en: 'Only a recipient of this message (a member of staff whose registered e-mail address it was sent to) can ask.',
      });
    if (!m.quarantine_ref)
      throw conflict('NO_ORIGINAL', {
        ja: 'このメールの原本は隔離保管されていないため、提供できません。',
        en: 'No original of this message is kept.',
      });
    const open = await tx
      .selectFrom('sanitizer_release')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('message_id', '=', messageId)
      .where('requester_person_id', '=', personId)
      .where('status', 'in', ['REQUESTED', 'APPROVED'])
      .executeTakeFirst();
    if (open)
      throw conflict('RELEASE_PENDING', {
        ja: 'このメールについて、あなたの申請が既に処理中です。',
        en: 'You already have an open request for this message.',
      });
    const person = await tx
      .selectFrom('person')
      .select('org_unit_id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person?.org_unit_id)
      throw conflict('NO_UNIT', {
        ja: '所属課室が登録されていないため、承認する情報セキュリティ管理者が決まりません。所属を登録してから申請してください。',
        en: 'You have no unit, so no information security manager can decide.',
      });
    const now = nowIso();
    const row = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      message_id: messageId,
      status: 'REQUESTED',
      channel: null,
      profile: null,
      exception: 0,
      exception_id: null,
      requester_person_id: personId,
      requester_label: scope.actor.label,
      requester_address: address,
      unit_id: person.org_unit_id,
      reason: input.reason,
      decided_by_person_id: null,
      decided_by_label: null,
      decided_at: null,
      decision_note: null,
      result_message_id: null,
      delivered_at: null,
      delivery_error: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('sanitizer_release').values(row).execute();
    await appendAudit(tx, scope, { action: 'request', entityType: 'sanitizer_release', entityId: row.id, after: row });
    return releaseView(await loadRelease(tx, scope, row.id));
  });
}

/** The 管理者 (or 責任者) of the requester's unit approves or refuses; never the requester (SOD-4). */
export async function decideRelease(services: Services, scope: Scope, id: string, input: ReleaseDecision) {
  const approved = input.decision === 'APPROVED';
  const channel = input.channel ?? 'RESANITIZE';
  const profile: ProfileCode = input.profile ?? 'cdr';
  const runtime = approved ? await runtimeFor(services) : null;
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadRelease(tx, scope, id);
    const v = await visibility(services, scope, tx);
    if (!canDecide(services, scope, v, before.unit_id)) throw forbidden();
    if (!scope.actor.personId) throw forbidden();
    const sod = applicantIsNotApprover(before.requester_person_id, scope.actor.personId);
    if (sod)
      throw new AppError(
        403,
        'SOD_REQUESTER_IS_APPROVER',
        {
          ja: '原本提供の申請者本人は承認できません。別の情報セキュリティ管理者（又は情報セキュリティ責任者）が判断してください。',
          en: 'The requester cannot decide their own release request; another manager must.',
        },
        { rule: 'SOD-4' },
      );
    if (before.status !== 'REQUESTED')
      throw conflict('RELEASE_DECIDED', {
        ja: 'この申請は既に処理されています。最新の状態を確認してください。',
        en: 'The request has already been decided.',
      });
    if (approved && channel === 'RAW') {
      const settings = await loadSettings(tx, scope.tenantId);
      if (!settings.rawReleaseAllowed)
        throw conflict('RAW_RELEASE_DISABLED', {
          ja: '原本をそのまま LGWAN 接続系に提供することは、この団体では認められていません（既定）。再無害化による提供を選んでください。',
          en: 'Raw release to LGWAN is disabled for this tenant (the default); choose re-sanitising.',
        });
    }
    if (approved && channel === 'RAW' && !managesUnit(scope, v.units, before.unit_id)) throw rawNeedsManager();
    if (approved && !runtime?.deliver) throw deliveryNotConfigured();
    const now = nowIso();
    const change = {
      status: approved ? 'APPROVED' : 'DENIED',
      channel: approved ? channel : null,
      profile: approved && channel === 'RESANITIZE' ? profile : null,
      exception: approved && channel === 'RAW' ? 1 : 0,
      decided_by_person_id: scope.actor.personId,
      decided_by_label: scope.actor.label,
      decided_at: now,
      decision_note: input.note ?? null,
      updated_at: now,
    };
    await tx
      .updateTable('sanitizer_release')
      .set(change)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const raw = change.exception === 1;
    await appendAudit(tx, scope, {
      action: !approved ? 'deny' : raw ? 'approve-raw' : 'approve',
      entityType: 'sanitizer_release',
      entityId: id,
      before,
      after: {
        ...before,
        ...change,
        ...(raw ? { exception: true, exceptionKind: '例外措置', flag: 'RAW_RELEASE_TO_LGWAN' } : {}),
      },
    });
  });
  if (approved) await performRelease(services, scope, id);
  return inTenant(services.database, scope, async (tx) => releaseView(await loadRelease(tx, scope, id)));
}

/** Delivery after an approval (or a retry after a failure): re-sanitise (or, as a 例外措置, the original) and send. */
async function performRelease(services: Services, scope: Scope, id: string): Promise<void> {
  const runtime = await runtimeFor(services);
  const { r, message, settings } = await inTenant(services.database, scope, async (tx) => {
    const r = await loadRelease(tx, scope, id);
    const message = await tx
      .selectFrom('sanitizer_message')
      .select(['id', 'quarantine_ref', 'envelope_from'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', r.message_id)
      .executeTakeFirstOrThrow();
    return { r, message, settings: await loadSettings(tx, scope.tenantId) };
  });
  const envelope = { from: message.envelope_from, to: [r.requester_address] };
  let resultId: string | null = null;
  let exceptionId: string | null = r.exception_id;
  let error: string | null = null;
  try {
    if (!runtime.deliver) throw deliveryNotConfigured();
    // the original goes to LGWAN only once the 例外措置 registry holds the record of it
    if (r.channel === 'RAW' && !exceptionId) exceptionId = await recordRawRelease(services, scope, r, settings);
    if (!message.quarantine_ref) throw new Error('no original in quarantine');
    const original = await runtime.store.get(message.quarantine_ref).catch((err: Error) => {
      throw new Error(
        `隔離保管している原本を読み出せませんでした（保管期間の経過又は鍵の不一致: ${err.message.slice(0, 120)}）`,
      );
    });
    if (r.channel === 'RAW') {
      await runtime.deliver(envelope, original);
    } else {
      const profile = PROFILES[(r.profile as ProfileCode) ?? 'cdr'] ?? PROFILES.cdr;
      const policy = profile.apply(effectivePolicy(runtime.basePolicy, settings.policyOverrides));
      const sinks: LogSink[] = [];
      if (runtime.log) sinks.push(runtime.log);
      const platform = new PlatformLogSink(services.database, scope.tenantId, 'release');
      sinks.push(platform);
      const result = await (await sanitizer()).sanitizeMessage(original, policy, {
        store: runtime.store,
        log: new TeeLogSink(sinks),
        envelope,
        supersedes: message.id,
      });
      if (result.verdict === 'tempfailed' || !result.output.length)
        throw new Error(`再無害化できませんでした（${result.log.message.reason ?? result.verdict}）`);
      resultId = result.id;
      try {
        await runtime.deliver(envelope, result.output);
      } catch (err) {
        await platform
          .write([{ ts: nowIso(), event: 'message.delivery-failed', msgId: result.id, error: (err as Error).message }])
          .catch(() => undefined);
        throw err;
      }
      await platform.write([{ ts: nowIso(), event: 'message.delivered', msgId: result.id, to: envelope.to }]);
    }
  } catch (err) {
    error = (err as Error).message.slice(0, 500) || 'delivery failed';
  }
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadRelease(tx, scope, id);
    const now = nowIso();
    const linked = { exception_id: exceptionId };
    const change = error
      ? { status: 'FAILED', delivery_error: error, result_message_id: resultId, updated_at: now, ...linked }
      : {
          status: 'RELEASED',
          delivered_at: now,
          delivery_error: null,
          result_message_id: resultId,
          updated_at: now,
          ...linked,
        };
    await tx
      .updateTable('sanitizer_release')
      .set(change)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const raw = before.channel === 'RAW';
    await appendAudit(tx, scope, {
      action: error ? 'release-failed' : raw ? 'release-raw' : 'release',
      entityType: 'sanitizer_release',
      entityId: id,
      before,
      after: {
        ...before,
        ...change,
        ...(raw ? { exception: true, exceptionKind: '例外措置', flag: 'RAW_RELEASE_TO_LGWAN' } : {}),
      },
    });
  });
}

/**
 * After a failed delivery: try again (the decider, or anyone who could decide). Everything the approval checked is
 * checked again, as things may have changed since: for an original (raw release) the tenant must still allow it, the
 * retrying person must be the unit's 情報セキュリティ管理者, and the 例外措置 it was recorded under must not have been
 * rejected, withdrawn or revoked. Any of these failing refuses the retry (409) and nothing is delivered.
 */
export async function retryRelease(services: Services, scope: Scope, id: string) {
  const runtime = await runtimeFor(services);
  await inTenant(services.database, scope, async (tx) => {
    const r = await loadRelease(tx, scope, id);
    const v = await visibility(services, scope, tx);
    if (!canDecide(services, scope, v, r.unit_id)) throw forbidden();
    if (!scope.actor.personId || applicantIsNotApprover(r.requester_person_id, scope.actor.personId)) throw forbidden();
    if (r.status !== 'FAILED')
      throw conflict('RELEASE_NOT_FAILED', {
        ja: '配送に失敗した申請だけを再送できます。',
        en: 'Only a request whose delivery failed can be retried.',
      });
    if (r.channel === 'RAW') {
      const settings = await loadSettings(tx, scope.tenantId);
      if (!settings.rawReleaseAllowed)
        throw conflict('RAW_RELEASE_DISABLED', {
          ja: '原本をそのまま LGWAN 接続系に提供することは、現在この団体では認められていないため、再送できません。改めて申請し、再無害化による提供を選んでください。',
          en: 'Raw release to LGWAN is no longer allowed for this tenant, so the original is not sent; ask again and choose re-sanitising.',
        });
      if (!managesUnit(scope, v.units, r.unit_id)) throw rawNeedsManager();
      if (r.exception_id) {
        const exc = await tx
          .selectFrom('policy_exception')
          .select('status')
          .where('tenant_id', '=', scope.tenantId)
          .where('id', '=', r.exception_id)
          .executeTakeFirst();
        if (!exc || !EXCEPTION_STILL_STANDS.includes(exc.status))
          throw conflict('RAW_RELEASE_EXCEPTION_CLOSED', {
            ja: 'この原本提供の根拠として記録した例外措置が却下・取下げ又は取消しとなったため、原本は再送できません。',
            en: 'The exception (例外措置) recorded for this raw release was rejected, withdrawn or revoked; the original is not sent.',
          });
      }
    }
    if (!runtime.deliver) throw deliveryNotConfigured();
    // claimed here, so that a second retry at the same time finds it no longer FAILED and sends nothing
    const claimed = await tx
      .updateTable('sanitizer_release')
      .set({ status: 'APPROVED', updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .where('status', '=', 'FAILED')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw conflict('RELEASE_NOT_FAILED', {
        ja: '配送に失敗した申請だけを再送できます。',
        en: 'Only a request whose delivery failed can be retried.',
      });
    await appendAudit(tx, scope, {
      action: 'retry',
      entityType: 'sanitizer_release',
      entityId: id,
      before: r,
      after: { ...r, status: 'APPROVED' },
    });
  });
  await performRelease(services, scope, id);
  return inTenant(services.database, scope, async (tx) => releaseView(await loadRelease(tx, scope, id)));
}

export async function withdrawRelease(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const before = await loadRelease(tx, scope, id);
    if (before.requester_person_id !== scope.actor.personId)
      throw forbidden({ ja: '申請を取り下げられるのは申請者本人だけです。', en: 'Only the requester can withdraw.' });
    if (before.status !== 'REQUESTED')
      throw conflict('RELEASE_DECIDED', {
        ja: 'この申請は既に処理されているため、取り下げられません。',
        en: 'The request has already been decided.',
      });
    const change = { status: 'WITHDRAWN', updated_at: nowIso() };
    await tx
      .updateTable('sanitizer_release')
      .set(change)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'withdraw',
      entityType: 'sanitizer_release',
      entityId: id,
      before,
      after: { ...before, ...change },
    });
    return releaseView(await loadRelease(tx, scope, id));
  });
}

/** Requesters see their own requests, deciders those of their units, oversight all; `toDecide` is the caller's work. */
export async function listReleases(services: Services, scope: Scope, query: ReleaseListQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const v = await visibility(services, scope, tx);
    const decideUnits = v.units
      .filter((u) =>
        services.permissions.can(scope.actor, 'decide', SANITIZER, { unitChain: unitChain(v.units, u.id) }),
      )
      .map((u) => u.id);
    const seeUnits = new Set([...v.unitIds, ...decideUnits]);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const out: ReturnType<typeof releaseView>[] = [];
    let before = after ? { createdAt: String(after[0]), id: after[1] } : undefined;
    let more = false;
    // filter by access in batches; a page never needs more than a few batches
    for (let round = 0; round < 20 && out.length <= query.limit; round++) {
      const rows = await releaseRows(tx, scope.tenantId, {
        status: query.toDecide === 'true' ? 'REQUESTED' : query.status,
        limit: 200,
        before,
      });
      for (const r of rows) {
        const own = r.requester_person_id === scope.actor.personId;
        const visible = v.all || own || seeUnits.has(r.unit_id);
        if (!visible) continue;
        if (query.mine === 'true' && !own) continue;
        if (query.toDecide === 'true' && (own || !decideUnits.includes(r.unit_id))) continue;
        if (out.length === query.limit) {
          more = true;
          break;
        }
        out.push({
          ...releaseView(r),
          canDecide: r.status === 'REQUESTED' && !own && decideUnits.includes(r.unit_id),
        } as ReturnType<typeof releaseView> & { canDecide: boolean });
      }
      if (more || rows.length < 200) break;
      const last = rows[rows.length - 1];
      before = { createdAt: last.created_at, id: last.id };
    }
    const last = out[out.length - 1];
    return {
      items: out as Array<ReturnType<typeof releaseView> & { canDecide: boolean }>,
      nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  });
}
