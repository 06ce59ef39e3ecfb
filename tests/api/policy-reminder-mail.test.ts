/**
 * Reminders by mail, on both databases: the daily job queues one mail per acknowledgement or expiry notice, a real
 * SMTP sink on loopback receives it in UTF-8 Japanese with the page's link; with mail off only the in-app notice
 * exists; a refusing relay (550) or a closed port never costs the notice, and the failure is retried and recorded.
 */
import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { todayInJapan, toWareki, toWarekiWithSeireki } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import {
  POLICY_REMINDER_MAIL_QUEUE,
  policyReminderMailHandler,
  type ReminderMail,
  runPolicyReminders,
} from '../../src/modules/policies/reminders.ts';
import { loadMailConfig } from '../../src/platform/config.ts';
import { JobRunner, type JobRunnerOptions } from '../../src/platform/jobs/index.ts';
import { createMailer } from '../../src/platform/mail/index.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createOrg, createRoleUser, ok } from '../helpers/roles.ts';

const TODAY = todayInJapan();
const atJst = (date: string) => new Date(`${date}T09:00:00+09:00`);
const PUBLIC_URL = 'https://mamori.aoba.example.lg.jp';
const FROM = '青葉町 情報政策課 <joho@aoba.example.lg.jp>';
const ROLES: RoleCode[] = ['POLICY_OFFICE', 'SEC_MANAGER', 'CISO', 'STAFF'];
const EMAIL: Partial<Record<RoleCode, string>> = {
  SEC_MANAGER: 'kanrisha@aoba.example.lg.jp',
  CISO: 'ciso@aoba.example.lg.jp',
  STAFF: 'shokuin@aoba.example.lg.jp',
  // POLICY_OFFICE has no address: the in-app notice only.
};

interface Received {
  raw: Buffer;
  rcptTo: string[];
}

it('refuses an SMTP URL that is not smtp(s):// and a relay without a sender, without echoing the URL', () => {
  expect(() => loadMailConfig({ MAMORI_SMTP_URL: 'direct://x', MAMORI_MAIL_FROM: FROM })).toThrow(/smtp:\/\//);
  expect(() => loadMailConfig({ MAMORI_SMTP_URL: 'smtp://u:hunter2@relay.lg.local:25' })).toThrow(/MAMORI_MAIL_FROM/);
  try {
    loadMailConfig({ MAMORI_SMTP_URL: 'smtp://u:hunter2@relay.lg.local:25' });
  } catch (error) {
    expect(String(error)).not.toContain('hunter2');
  }
  expect(loadMailConfig({})).toMatchObject({ smtpUrl: null, mailFrom: null });
  expect(
    loadMailConfig({
      MAMORI_SMTP_URL: 'smtp://relay.lg.local:25',
      MAMORI_MAIL_FROM: FROM,
      MAMORI_PUBLIC_URL: 'https://x/',
    }),
  ).toEqual({ smtpUrl: 'smtp://relay.lg.local:25', mailFrom: FROM, publicUrl: 'https://x' });
});

describeEachDatabase('reminders by mail', (make) => {
  let t: TestApp;
  let admin: Client;
  const as: Partial<Record<RoleCode, Client>> = {};
  const personOf: Partial<Record<RoleCode, string>> = {};
  const received: Received[] = [];
  let refuse = false;
  let sink: SMTPServer;
  let sinkPort = 0;
  let campaignId: string;
  let exceptionId: string;
  let documentTitle: string;
  const mailers: { close(): void }[] = [];

  const mailTo = (port: number): ReminderMail => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: FROM }, { connectTimeoutSeconds: 5 });
    if (mailer) mailers.push(mailer);
    return { mailer, publicUrl: PUBLIC_URL };
  };

  /** Runs the mail queue until nothing is due (with the given clock and backoff). */
  const drain = async (mail: ReminderMail, options: JobRunnerOptions = {}) => {
    const runner = new JobRunner(t.database, {
      queues: [POLICY_REMINDER_MAIL_QUEUE],
      reapIntervalMs: 0,
      onError: () => undefined,
      ...options,
    }).handle(POLICY_REMINDER_MAIL_QUEUE, policyReminderMailHandler(t.database, mail));
    for (let round = 0; round < 20; round += 1) {
      const started = await runner.poll();
      await runner.idle();
      if (started === 0) break;
    }
  };

  const mailJobs = (noticeIds: string[]) =>
    asSystem(t.database, (tx) =>
      tx
        .selectFrom('job')
        .select(['state', 'attempts', 'last_error', 'run_at', 'dedupe_key'])
        .where('queue', '=', POLICY_REMINDER_MAIL_QUEUE)
        .where(
          'dedupe_key',
          'in',
          noticeIds.map((id) => `policy-notice-mail:${id}`),
        )
        .execute(),
    );

  const noticesOn = (day: string) =>
    asSystem(t.database, (tx) =>
      tx
        .selectFrom('policy_notice')
        .select(['id', 'kind', 'person_id', 'subject_id'])
        .where('sent_on', '=', day)
        .where('kind', 'in', ['ACK_REMINDER', 'EXCEPTION_EXPIRY'])
        .execute(),
    );

  const mailTrail = (noticeIds: string[]) =>
    asSystem(t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select(['action', 'entity_id', 'after_json', 'actor_label'])
        .where('entity_type', '=', 'policy_notice')
        .where('entity_id', 'in', noticeIds)
        .execute(),
    );

  const mine = async (role: RoleCode, day: string) =>
    (await as[role]!.get('/api/v1/policy-notices/mine'))
      .json()
      .items.filter((n: { sentOn: string }) => n.sentOn === day)
      .map((n: { kind: string }) => n.kind)
      .sort();

  beforeAll(async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, cb) {
        if (!refuse) return cb();
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), {
          responseCode: 550,
        });
        cb(error);
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ raw: Buffer.concat(chunks), rcptTo: session.envelope.rcptTo.map((r) => r.address) });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
    sinkPort = (sink.server.address() as { port: number }).port;

    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const org = await createOrg(admin);
    for (const role of ROLES) {
      const u = await createRoleUser(t, admin, org, role, 'mail');
      as[role] = u.client;
      personOf[role] = u.personId;
    }
    await asSystem(t.database, async (tx) => {
      await tx.updateTable('person').set({ email: null }).execute();
      for (const role of ROLES) {
        const email = EMAIL[role];
        if (email) await tx.updateTable('person').set({ email }).where('id', '=', personOf[role]!).execute();
      }
    });
    const basic = ok(await admin.get('/api/v1/policies'), 'policies').json().items[0];
    documentTitle = basic.title;
    campaignId = ok(
      await as.POLICY_OFFICE!.post('/api/v1/policy-acknowledgements/campaigns', {
        versionId: basic.latest.id,
        audience: { kind: 'ALL_STAFF' },
        dueOn: addDays(TODAY, 14),
        remindEveryDays: 7,
      }),
      'campaign',
    ).json().id;
    exceptionId = ok(
      await as.SEC_MANAGER!.post('/api/v1/policy-exceptions', {
        ruleRefs: [{ documentId: basic.id, clausePath: '第1章/6/(6)' }],
        ruleText: '外部記録媒体（USBメモリ）の使用禁止',
        reason: '窓口で受け付ける申請データの受領に必要なため',
        compensatingMeasures: '専用の暗号化USBメモリに限り、使用後は無害化してから取り込む',
        scope: { description: '総務課の窓口端末1台' },
        validFrom: TODAY,
        validUntil: addDays(TODAY, 14),
        reviewEveryMonths: 3,
      }),
      'exception',
    ).json().id;
    ok(await as.CISO!.post(`/api/v1/policy-exceptions/${exceptionId}/decision`, { decision: 'APPROVED' }), 'approve');
  }, 180_000);

  afterAll(async () => {
    for (const m of mailers) m.close();
    await new Promise<void>((resolve) => sink?.close(() => resolve()));
    await t?.close();
  });

  it('mails each reminder once, in Japanese UTF-8, to the right person with the link to the page', async () => {
    const day = addDays(TODAY, 7);
    const mail = mailTo(sinkPort);
    const run = await runPolicyReminders(t.database, atJst(day), mail);
    // 確認 for the administrator, four role holders; 期限 for the applicant. Mail only where there is an address.
    expect(run.notices).toBe(6);
    expect(run.mailsQueued).toBe(4);
    await drain(mail);
    expect(received).toHaveLength(4);
    expect(received.map((r) => r.rcptTo).sort()).toEqual(
      [[EMAIL.CISO], [EMAIL.SEC_MANAGER], [EMAIL.SEC_MANAGER], [EMAIL.STAFF]].sort(),
    );

    const parsed = await Promise.all(received.map(async (r) => ({ r, m: await simpleParser(r.raw) })));
    const ack = parsed.find((p) => p.r.rcptTo[0] === EMAIL.STAFF)!;
    expect(ack.m.subject).toBe(`【要確認】${documentTitle}（第1版）の確認のお願い`);
    expect(ack.m.subject).toMatch(/^【要確認】情報セキュリティ基本方針/);
    expect(ack.m.to && 'text' in ack.m.to ? ack.m.to.text : '').toBe(EMAIL.STAFF);
    expect(ack.m.from?.value[0]).toMatchObject({ name: '青葉町 情報政策課', address: 'joho@aoba.example.lg.jp' });
    expect(ack.m.text).toContain('役割 STAFF 様');
    expect(ack.m.text).toContain(`確認の期限：${toWarekiWithSeireki(addDays(TODAY, 14))}`);
    expect(ack.m.text).toContain('「確認しました」を押してください。');
    expect(ack.m.text).toContain(`\n${PUBLIC_URL}/policies/acknowledgements\n`);
    // Encoded for the wire, decoded above: UTF-8, not raw 8-bit text in the headers.
    const head = ack.r.raw.toString('latin1').split('\r\n\r\n')[0];
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(head).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
    expect(head).toMatch(/^Auto-Submitted: auto-generated/im);
    expect(head).not.toMatch(/[\u0080-\u00ff]/);

    const expiry = parsed
      .filter((p) => p.r.rcptTo[0] === EMAIL.SEC_MANAGER)
      .find((p) => p.m.subject?.includes('例外措置'))!;
    expect(expiry.m.subject).toBe(`【期限のお知らせ】例外措置の有効期限（${toWareki(addDays(TODAY, 14))}）`);
    expect(expiry.m.text).toContain('あと7日');
    expect(expiry.m.text).toContain('外部記録媒体（USBメモリ）の使用禁止');
    expect(expiry.m.text).toContain(`${PUBLIC_URL}/policies/exceptions/${exceptionId}`);
    // Nothing beyond the notice: no reason, compensating measures, credentials or session material.
    for (const { m } of parsed) {
      expect(m.text).not.toMatch(/窓口で受け付ける申請データ|暗号化USBメモリ|password|token|sid=/i);
      expect(m.html).toBe(false);
    }

    // The in-app notices are there too, for those with and without an address.
    expect(await mine('STAFF', day)).toEqual(['ACK_REMINDER']);
    expect(await mine('SEC_MANAGER', day)).toEqual(['ACK_REMINDER', 'EXCEPTION_EXPIRY']);
    expect(await mine('POLICY_OFFICE', day)).toEqual(['ACK_REMINDER']);

    // Every send is in the audit trail, by the reminder job.
    const notices = await noticesOn(day);
    expect([...new Set(notices.filter((n) => n.kind === 'ACK_REMINDER').map((n) => n.subject_id))]).toEqual([
      campaignId,
    ]);
    const trail = await mailTrail(notices.map((n) => n.id));
    expect(trail).toHaveLength(4);
    for (const e of trail) {
      expect(e).toMatchObject({ action: 'remind', actor_label: 'リマインダー（自動）' });
      expect(JSON.parse(e.after_json!)).toMatchObject({ channel: 'mail', result: 'sent' });
    }

    // A second run the same day (another node, or the afternoon run) queues and sends nothing more.
    const again = await runPolicyReminders(t.database, atJst(day), mailTo(sinkPort));
    expect(again).toEqual({ notices: 0, mailsQueued: 0 });
    await drain(mail);
    expect(received).toHaveLength(4);
    expect((await mailJobs(notices.map((n) => n.id))).map((j) => j.state)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('with SMTP off keeps the in-app notice, sends nothing and says so once', async () => {
    const day = addDays(TODAY, 14);
    const before = received.length;
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      const off: ReminderMail = { mailer: createMailer({ smtpUrl: null, mailFrom: null }), publicUrl: PUBLIC_URL };
      expect(off.mailer).toBeNull();
      const run = await runPolicyReminders(t.database, atJst(day), off);
      expect(run.notices).toBeGreaterThan(0);
      expect(run.mailsQueued).toBe(0);
      expect(await runPolicyReminders(t.database, atJst(day), off)).toEqual({ notices: 0, mailsQueued: 0 });
      const told = info.mock.calls.filter((c) => String(c[0]).includes('MAMORI_SMTP_URL'));
      expect(told).toHaveLength(1);
    } finally {
      info.mockRestore();
    }
    await drain(mailTo(sinkPort));
    expect(received.length).toBe(before);
    const notices = await noticesOn(day);
    expect(notices.length).toBeGreaterThan(0);
    expect(await mailJobs(notices.map((n) => n.id))).toEqual([]);
    expect(await mine('STAFF', day)).toEqual(['ACK_REMINDER']);
    expect(await mine('SEC_MANAGER', day)).toEqual(['ACK_REMINDER', 'EXCEPTION_EXPIRY']);
  });

  it('when the relay refuses (550) the notice stays, the job does not loop and the refusal is recorded', async () => {
    const day = addDays(TODAY, 21);
    const before = received.length;
    refuse = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const mail = mailTo(sinkPort);
      const run = await runPolicyReminders(t.database, atJst(day), mail);
      expect(run.mailsQueued).toBe(4);
      await drain(mail);
      expect(warn.mock.calls.some((c) => /550/.test(String(c[0])))).toBe(true);
    } finally {
      refuse = false;
      warn.mockRestore();
    }
    expect(received.length).toBe(before);
    expect(await mine('STAFF', day)).toEqual(['ACK_REMINDER']);
    const notices = (await noticesOn(day)).filter((n) => n.person_id !== personOf.POLICY_OFFICE);
    const jobs = await mailJobs(notices.map((n) => n.id));
    // A permanent refusal is not retried: one attempt each, recorded.
    expect(jobs.map((j) => [j.state, Number(j.attempts)])).toEqual(Array(4).fill(['done', 1]));
    const trail = await mailTrail(notices.map((n) => n.id));
    expect(trail.map((e) => JSON.parse(e.after_json!))).toEqual(
      Array(4).fill(
        expect.objectContaining({ channel: 'mail', result: 'failed', error: expect.stringContaining('550') }),
      ),
    );
  });

  it('when the relay is unreachable the notice stays and the job is retried with backoff, then recorded', async () => {
    const day = addDays(TODAY, 28);
    const before = received.length;
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const mail = mailTo(closedPort);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const run = await runPolicyReminders(t.database, atJst(day), mail);
      expect(run.mailsQueued).toBe(4);
      const notices = (await noticesOn(day)).filter((n) => n.person_id !== personOf.POLICY_OFFICE);
      const ids = notices.map((n) => n.id);

      // First attempt: back in the queue for later, the error kept on the job.
      const startedAt = new Date();
      await drain(mail);
      const waiting = await mailJobs(ids);
      expect(waiting).toHaveLength(4);
      for (const j of waiting) {
        expect(j).toMatchObject({ state: 'queued', last_error: expect.stringMatching(/ECONNREFUSED/) });
        expect(Number(j.attempts)).toBe(1);
        expect(Date.parse(j.run_at)).toBeGreaterThan(startedAt.getTime() + 5_000);
      }
      expect(await mailTrail(ids)).toEqual([]);
      expect(await mine('SEC_MANAGER', day)).toEqual(['ACK_REMINDER', 'EXCEPTION_EXPIRY']);

      // Later (a clock an hour ahead), the remaining attempts run out: failed for good, and recorded once each.
      const later = new Date(Date.now() + 3_600_000);
      await drain(mail, { clock: () => later, backoff: () => 0 });
      const spent = await mailJobs(ids);
      expect(spent.map((j) => [j.state, Number(j.attempts)])).toEqual(Array(4).fill(['failed', 5]));
      const trail = await mailTrail(ids);
      expect(trail).toHaveLength(4);
      for (const e of trail)
        expect(JSON.parse(e.after_json!)).toMatchObject({
          result: 'failed',
          attempts: 5,
          error: expect.stringMatching(/ECONNREFUSED/),
        });
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(received.length).toBe(before);
    expect(await mine('STAFF', day)).toEqual(['ACK_REMINDER']);
  });
});
