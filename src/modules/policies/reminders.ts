/**
 * The daily reminder job of the policy area, run by the job scheduler (platform/housekeeping.ts registers it):
 * people who have not yet confirmed a campaign, applicants whose exception is about to expire, the CISO for
 * exceptions awaiting a decision or a periodic review, and the policy office for reviews coming due. Each reminder
 * is a notice row (at most one per person, subject and day), read at GET /policy-notices/mine.
 *
 * Acknowledgement and expiry reminders also go out by mail when MAMORI_SMTP_URL is set: after the notices are
 * committed, each of the day's notices gets one job on the mail queue, keyed by the notice id, so several nodes and
 * several runs a day still send one mail per notice, and a failed send is retried with the runner's backoff. The
 * notice is never undone by a mail failure; sends and final failures are recorded in the audit trail.
 */
import type { Database } from '../../db/database.ts';
import { uuidv7 } from '../../db/ids.ts';
import { asSystem, inTenant, nowIso, type Scope, SYSTEM_ACTOR, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { addDays, nextReviewDue } from '../../domain/policy/exceptions.ts';
import type { AppointedRole } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { loadMailConfig } from '../../platform/config.ts';
import {
  type ClaimedJob,
  enqueue,
  type JobHandler,
  type JobRunner,
  type Scheduler,
} from '../../platform/jobs/index.ts';
import { createMailer, describeMailFailure, isPermanentMailFailure, type Mailer } from '../../platform/mail/index.ts';
import { factsOf } from './exceptions.service.ts';
import { daysBetween, reminderMailFor } from './reminder-mail.ts';

export { oneLine, reminderMailFor } from './reminder-mail.ts';

export const POLICY_REMINDERS_QUEUE = 'policies.reminders';
export const POLICY_REMINDER_MAIL_QUEUE = 'policies.reminder-mail';
/** The notice kinds that also go out by mail. */
const MAILED_KINDS = ['ACK_REMINDER', 'EXCEPTION_EXPIRY'];

/** How reminders reach people's mailboxes: the mailer (null when mail is off) and the address of the web app. */
export interface ReminderMail {
  mailer: Mailer | null;
  publicUrl: string;
}

/** From MAMORI_SMTP_URL, MAMORI_MAIL_FROM and MAMORI_PUBLIC_URL. */
export function reminderMailFromEnv(env: NodeJS.ProcessEnv = process.env): ReminderMail {
  const config = loadMailConfig(env);
  return { mailer: createMailer(config), publicUrl: config.publicUrl };
}

/** Called where the platform registers its background work: two handlers, one schedule (every day 08:00 JST). */
export function registerPolicyJobs(
  runner: JobRunner,
  scheduler: Scheduler,
  database: Database,
  mail: ReminderMail = reminderMailFromEnv(),
): void {
  runner.handle(POLICY_REMINDERS_QUEUE, async () => {
    await runPolicyReminders(database, new Date(), mail);
  });
  runner.handle(POLICY_REMINDER_MAIL_QUEUE, policyReminderMailHandler(database, mail));
  scheduler.schedule(POLICY_REMINDERS_QUEUE, '0 8 * * *', POLICY_REMINDERS_QUEUE);
}

const reminderScope = (tenantId: string): Scope => ({
  tenantId,
  actor: { ...SYSTEM_ACTOR, label: 'リマインダー（自動）' },
});

/** Ahead of a date: 30, 14, 7, 3 and 1 days before and on the day; after it, once a week. */
const remindOn = (daysLeft: number) => [30, 14, 7, 3, 1, 0].includes(daysLeft) || (daysLeft < 0 && -daysLeft % 7 === 0);

interface Notice {
  personId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  message: string;
}

async function send(tx: Tx, tenantId: string, today: string, notices: Notice[]): Promise<number> {
  let sent = 0;
  for (const n of notices) {
    const inserted = await tx
      .insertInto('policy_notice')
      .values({
        id: uuidv7(),
        tenant_id: tenantId,
        person_id: n.personId,
        kind: n.kind,
        subject_type: n.subjectType,
        subject_id: n.subjectId,
        message: n.message,
        sent_on: today,
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'subject_id', 'person_id', 'sent_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) sent += 1;
  }
  return sent;
}

async function holders(tx: Tx, tenantId: string, roles: AppointedRole[], today: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('appointment as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').on('p.tenant_id', '=', tenantId))
    .select('a.person_id')
    .where('a.tenant_id', '=', tenantId)
    .where('a.role', 'in', roles)
    .where('p.status', '=', 'ACTIVE')
    .where('a.valid_from', '<=', today)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .execute();
  return [...new Set(rows.map((r) => r.person_id))];
}

async function campaignReminders(tx: Tx, scope: Scope, today: string): Promise<number> {
  const campaigns = await tx
    .selectFrom('policy_ack_campaign')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'OPEN')
    .execute();
  let total = 0;
  for (const c of campaigns) {
    const last = c.last_reminded_on ?? todayInJapan(new Date(c.started_at));
    const due =
      today >= addDays(last, Number(c.remind_every_days)) || (today === c.due_on && c.last_reminded_on !== today);
    if (!due) continue;
    const pending = await tx
      .selectFrom('policy_ack')
      .select(['id', 'person_id'])
      .where('tenant_id', '=', scope.tenantId)
      .where('campaign_id', '=', c.id)
      .where('acknowledged_at', 'is', null)
      .execute();
    const overdue = c.due_on < today;
    const sent = await send(
      tx,
      scope.tenantId,
      today,
      pending.map((p) => ({
        personId: p.person_id,
        kind: 'ACK_REMINDER',
        subjectType: 'policy_ack_campaign',
        subjectId: c.id,
        message: `「${c.title}」の確認${overdue ? 'の期限が過ぎています' : `をお願いします（期限 ${c.due_on}）`}。内容を読み、「確認しました」を押してください。`,
      })),
    );
    for (const p of pending) {
      await tx
        .updateTable('policy_ack')
        .set((eb) => ({ reminders: eb('reminders', '+', 1) }))
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', p.id)
        .execute();
    }
    await tx
      .updateTable('policy_ack_campaign')
      .set({ last_reminded_on: today })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', c.id)
      .execute();
    await appendAudit(tx, scope, {
      action: 'remind',
      entityType: 'policy_ack_campaign',
      entityId: c.id,
      after: { pending: pending.length, sent },
    });
    total += sent;
  }
  return total;
}

async function exceptionReminders(tx: Tx, scope: Scope, today: string): Promise<number> {
  const rows = await tx
    .selectFrom('policy_exception')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('status', 'in', ['REQUESTED', 'APPROVED'])
    .execute();
  const cisos = await holders(tx, scope.tenantId, ['CISO', 'DEPUTY_CISO'], today);
  const notices: Notice[] = [];
  for (const e of rows) {
    const label = `例外措置「${e.rule_text.slice(0, 40)}」`;
    const subject = { subjectType: 'policy_exception', subjectId: e.id };
    if (e.status === 'APPROVED' && remindOn(daysBetween(today, e.valid_until))) {
      const left = daysBetween(today, e.valid_until);
      notices.push({
        ...subject,
        personId: e.requested_by_person_id,
        kind: 'EXCEPTION_EXPIRY',
        message: `${label}の期限${left >= 0 ? `は ${e.valid_until} です（あと${left}日）` : `（${e.valid_until}）が過ぎています`}。終了を記録するか、必要なら改めて申請してください。`,
      });
    }
    const waiting = daysBetween(todayInJapan(new Date(e.requested_at)), today);
    // An emergency measure reported after the fact: every day until decided; an ordinary request: weekly.
    if (e.status === 'REQUESTED' && (e.emergency === 1 ? waiting >= 0 : waiting > 0 && waiting % 7 === 0)) {
      for (const personId of cisos) {
        notices.push({
          ...subject,
          personId,
          kind: 'EXCEPTION_DECISION',
          message: `${label}${e.emergency === 1 ? '（緊急時の事後報告）' : ''}の承認の判断を待っています。`,
        });
      }
    }
    const reviewDue = nextReviewDue(factsOf(e));
    if (reviewDue && remindOn(daysBetween(today, reviewDue)) && daysBetween(today, reviewDue) <= 7) {
      for (const personId of cisos) {
        notices.push({
          ...subject,
          personId,
          kind: 'EXCEPTION_REVIEW',
          message: `${label}の定期的な確認の期限は ${reviewDue} です。`,
        });
      }
    }
  }
  const sent = await send(tx, scope.tenantId, today, notices);
  if (sent > 0) await appendAudit(tx, scope, { action: 'remind', entityType: 'policy_exception', after: { sent } });
  return sent;
}

async function reviewReminders(tx: Tx, scope: Scope, today: string): Promise<number> {
  const reviews = await tx
    .selectFrom('policy_review as r')
    .innerJoin('policy_document as d', (j) =>
      j.onRef('d.id', '=', 'r.document_id').on('d.tenant_id', '=', scope.tenantId),
    )
    .select(['r.id', 'r.due_on', 'd.kind', 'd.title'])
    .where('r.tenant_id', '=', scope.tenantId)
    .where('r.status', '=', 'OPEN')
    .execute();
  const office = await holders(tx, scope.tenantId, ['POLICY_OFFICE', 'TOTAL_SEC_RESPONSIBLE'], today);
  const notices: Notice[] = [];
  for (const r of reviews) {
    const left = daysBetween(today, r.due_on);
    if (![30, 7, 0].includes(left) && !(left < 0 && -left % 7 === 0)) continue;
    // The title of a 実施手順 is not spread beyond its readers.
    const what = r.kind === 'PROCEDURE' ? '実施手順' : `「${r.title}」`;
    for (const personId of office) {
      notices.push({
        personId,
        kind: 'REVIEW_DUE',
        subjectType: 'policy_review',
        subjectId: r.id,
        message: `${what}の見直しの期限${left >= 0 ? `は ${r.due_on} です` : `（${r.due_on}）が過ぎています`}（基本方針8）。`,
      });
    }
  }
  const sent = await send(tx, scope.tenantId, today, notices);
  if (sent > 0) await appendAudit(tx, scope, { action: 'remind', entityType: 'policy_review', after: { sent } });
  return sent;
}

const NO_MAIL: ReminderMail = { mailer: null, publicUrl: '' };
const toldMailIsOff = new WeakSet<ReminderMail>();

/**
 * One run for every tenant; idempotent within a day. `mailsQueued` counts the mail jobs this run added (none when
 * mail is off, or when an earlier run of the day already queued them).
 */
export async function runPolicyReminders(
  database: Database,
  now: Date = new Date(),
  mail: ReminderMail = NO_MAIL,
): Promise<{ notices: number; mailsQueued: number }> {
  const today = todayInJapan(now);
  const tenants = await asSystem(database, (tx) => tx.selectFrom('tenant').select('id').execute());
  if (!mail.mailer && !toldMailIsOff.has(mail)) {
    toldMailIsOff.add(mail);
    console.info('[mail] MAMORI_SMTP_URL is not set: reminders are shown in Mamori only, no mail is sent.');
  }
  let notices = 0;
  let mailsQueued = 0;
  for (const t of tenants) {
    const scope = reminderScope(t.id);
    notices += await inTenant(database, scope, async (tx) => {
      return (
        (await campaignReminders(tx, scope, today)) +
        (await exceptionReminders(tx, scope, today)) +
        (await reviewReminders(tx, scope, today))
      );
    });
    if (mail.mailer) mailsQueued += await queueReminderMail(database, scope, today);
  }
  return { notices, mailsQueued };
}

/**
 * One mail job per notice of the day that goes out by mail, after the notices are committed. All of the day's
 * notices, not only this run's: a run that stopped between its commit and here is made good by the next one.
 */
async function queueReminderMail(database: Database, scope: Scope, today: string): Promise<number> {
  const rows = await inTenant(database, scope, (tx) =>
    tx
      .selectFrom('policy_notice as n')
      .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'n.person_id').on('p.tenant_id', '=', scope.tenantId))
      .select('n.id')
      .where('n.tenant_id', '=', scope.tenantId)
      .where('n.sent_on', '=', today)
      .where('n.kind', 'in', MAILED_KINDS)
      .where('p.status', '=', 'ACTIVE')
      .where('p.email', 'is not', null)
      .where('p.email', '!=', '')
      .execute(),
  );
  let queued = 0;
  for (const r of rows) {
    const payload: ReminderMailPayload = { tenantId: scope.tenantId, noticeId: r.id };
    const added = await enqueue(database, {
      queue: POLICY_REMINDER_MAIL_QUEUE,
      payload,
      tenantId: scope.tenantId,
      dedupeKey: `policy-notice-mail:${r.id}`,
    });
    if (added) queued += 1;
  }
  return queued;
}

export interface ReminderMailPayload {
  tenantId: string;
  noticeId: string;
}

/**
 * Sends the mail for one notice. A refusal by the relay (5xx) is recorded and not retried; anything else fails the
 * job, which the runner retries with backoff, and the last failed attempt is recorded too. Nothing is sent when the
 * reminder no longer applies (confirmed meanwhile, exception ended, person left or without an address).
 */
export function policyReminderMailHandler(database: Database, mail: ReminderMail): JobHandler<ReminderMailPayload> {
  return async (payload: ReminderMailPayload, job: ClaimedJob) => {
    const scope = reminderScope(payload.tenantId);
    const draft = await inTenant(database, scope, (tx) =>
      reminderMailFor(tx, payload.tenantId, payload.noticeId, mail.publicUrl),
    );
    if (!draft) return;
    if (!mail.mailer) throw new Error('mail is off on this node (MAMORI_SMTP_URL is not set)');
    const record = (after: Record<string, unknown>) =>
      inTenant(database, scope, (tx) =>
        appendAudit(tx, scope, {
          action: 'remind',
          entityType: 'policy_notice',
          entityId: payload.noticeId,
          after: { channel: 'mail', kind: draft.kind, personId: draft.personId, to: draft.message.to, ...after },
        }),
      );
    let sent: Awaited<ReturnType<Mailer['send']>>;
    try {
      sent = await mail.mailer.send(draft.message);
    } catch (error) {
      const reason = describeMailFailure(error);
      const permanent = isPermanentMailFailure(error);
      const last = permanent || job.attempts >= job.maxAttempts;
      console.warn(
        `[mail] reminder ${payload.noticeId} via ${mail.mailer.relay}, attempt ${job.attempts}/${job.maxAttempts}: ${reason}${last ? '' : ' (will retry)'}`,
      );
      if (last) await record({ result: 'failed', error: reason, attempts: job.attempts });
      if (permanent) return;
      throw error;
    }
    await record({ result: 'sent', messageId: sent.messageId });
  };
}

/** The reminders addressed to the signed-in person, newest first. */
export async function myNotices(database: Database, scope: Scope) {
  if (!scope.actor.personId) return { items: [] };
  const personId = scope.actor.personId;
  const rows = await inTenant(database, scope, (tx) =>
    tx
      .selectFrom('policy_notice')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute(),
  );
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      subjectType: n.subject_type,
      subjectId: n.subject_id,
      message: n.message,
      sentOn: n.sent_on,
    })),
  };
}
