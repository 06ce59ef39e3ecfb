/**
 * 例外措置 over HTTP on both databases: a 情報セキュリティ管理者 applies; the CISO or the deputy decides, never the
 * applicant (SOD-3); emergency measures reported after the fact; periodic review; expiry reminders; withdrawal; and
 * expired or unapproved exceptions as findings.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addDays, addMonths } from '../../src/domain/policy/exceptions.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import { runPolicyReminders } from '../../src/modules/policies/reminders.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { appoint, createOrg, createRoleUser, type OrgFixture, ok, SINCE } from '../helpers/roles.ts';

const TODAY = todayInJapan();
const ROLES: RoleCode[] = [
  'SEC_MANAGER',
  'CISO',
  'DEPUTY_CISO',
  'TOTAL_SEC_RESPONSIBLE',
  'SEC_RESPONSIBLE',
  'AUDITOR',
  'STAFF',
];
const atJst = (date: string) => new Date(`${date}T09:00:00+09:00`);

describeEachDatabase('例外措置 (policy exceptions)', (make) => {
  let t: TestApp;
  let admin: Client;
  let org: OrgFixture;
  const as: Partial<Record<RoleCode, Client>> = {};
  const who = (role: RoleCode) => as[role]!;
  let basicId: string;
  let otherSection: string;
  const request = (overrides: Record<string, unknown> = {}) => ({
    ruleRefs: [{ documentId: basicId, clausePath: '第1章/6/(6)' }],
    ruleText: '外部記録媒体（USBメモリ）の使用禁止',
    reason: '窓口で受け付ける申請データの受領に必要なため',
    compensatingMeasures: '専用の暗号化USBメモリに限り、使用後は無害化してから取り込む',
    scope: { description: '総務課の窓口端末1台' },
    validFrom: TODAY,
    validUntil: addDays(TODAY, 200),
    reviewEveryMonths: 3,
    ...overrides,
  });
  const findingsOn = async (on: string, id: string) =>
    (await who('CISO').get(`/api/v1/findings/policies?on=${on}`))
      .json()
      .findings.filter((f: { subject?: { id: string } }) => f.subject?.id === id)
      .map((f: { code: string }) => f.code);

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    org = await createOrg(admin);
    for (const role of ROLES) {
      const u = await createRoleUser(t, admin, org, role, 'exc');
      as[role] = u.client;
      // The deputy CISO is also the 管理者 of another 課室: an applicant who could otherwise approve their own request.
      if (role === 'DEPUTY_CISO') {
        otherSection = ok(
          await admin.post('/api/v1/units', {
            bodyId: org.bodyId,
            parentId: org.deptId,
            level: 'SECTION',
            name: '企画課',
            validFrom: SINCE,
          }),
          'unit',
        ).json().id;
        await appoint(admin, 'SEC_MANAGER', u.personId, otherSection);
      }
    }
    basicId = ok(await admin.get('/api/v1/policies'), 'list').json().items[0].id;
  }, 180_000);
  afterAll(async () => t?.close());

  it('takes an application from the 情報セキュリティ管理者 only, checking the rule, the unit and the dates', async () => {
    expect((await who('STAFF').post('/api/v1/policy-exceptions', request())).statusCode).toBe(403);
    expect((await who('CISO').post('/api/v1/policy-exceptions', request())).statusCode).toBe(403);
    const bad = await who('SEC_MANAGER').post(
      '/api/v1/policy-exceptions',
      request({
        ruleRefs: [{ documentId: basicId, clausePath: '第1章/99' }],
        validUntil: addDays(TODAY, -1),
        scope: { unitId: org.deptId, description: '総務部全体' },
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['ruleRefs.0.clausePath', 'scope.unitId', 'validUntil']);
    const res = await who('SEC_MANAGER').post('/api/v1/policy-exceptions', request());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'REQUESTED',
      standing: 'pending',
      scope: { unitId: org.sectionId, unitPath: '総務部 > 総務課' },
      ruleRefs: [{ citationLabel: '基本方針 6(6)', hidden: false }],
      emergency: null,
    });
    // Pending past its start date: flagged.
    expect(await findingsOn(TODAY, res.json().id)).toEqual(['EXCEPTION-UNAPPROVED']);
  });

  it('is decided by the CISO or the deputy, never by the applicant (SOD-3), and reviewed periodically', async () => {
    const own = ok(
      await who('DEPUTY_CISO').post('/api/v1/policy-exceptions', request({ scope: { description: '企画課の端末' } })),
      'own',
    ).json();
    expect(own.scope.unitId).toBe(otherSection);
    const sod = await who('DEPUTY_CISO').post(`/api/v1/policy-exceptions/${own.id}/decision`, { decision: 'APPROVED' });
    expect(sod.statusCode).toBe(409);
    expect(sod.json()).toMatchObject({ code: 'SOD_VIOLATION', details: { rule: 'SOD-3' } });
    expect(
      (
        await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-exceptions/${own.id}/decision`, {
          decision: 'APPROVED',
        })
      ).statusCode,
    ).toBe(403);
    const approved = ok(
      await who('CISO').post(`/api/v1/policy-exceptions/${own.id}/decision`, {
        decision: 'APPROVED',
        note: '3か月ごとに確認',
      }),
      'approve',
    ).json();
    expect(approved).toMatchObject({
      status: 'APPROVED',
      standing: 'active',
      decidedOn: TODAY,
      nextReviewDue: addMonths(TODAY, 3),
    });
    expect(
      (await who('CISO').post(`/api/v1/policy-exceptions/${own.id}/decision`, { decision: 'REJECTED' })).json().code,
    ).toBe('EXCEPTION_DECIDED');

    // Findings by date: none while in order, review overdue after 3 months, expired after its end.
    expect(await findingsOn(TODAY, own.id)).toEqual([]);
    expect(await findingsOn(addDays(addMonths(TODAY, 3), 1), own.id)).toEqual(['EXCEPTION-REVIEW-OVERDUE']);
    expect(await findingsOn(addDays(TODAY, 201), own.id)).toEqual(['EXCEPTION-EXPIRED']);
    // The periodic review (the applicant cannot review their own: SOD-3).
    const selfReview = await who('DEPUTY_CISO').post(`/api/v1/policy-exceptions/${own.id}/reviews`, {
      reviewedOn: TODAY,
      outcome: 'CONTINUE',
    });
    expect(selfReview.json().code).toBe('SOD_VIOLATION');
    const reviewed = ok(
      await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-exceptions/${own.id}/reviews`, {
        reviewedOn: TODAY,
        outcome: 'CONTINUE',
        note: '運用に問題なし',
      }),
      'review',
    ).json();
    expect(reviewed.reviews).toEqual([expect.objectContaining({ outcome: 'CONTINUE', note: '運用に問題なし' })]);
    expect(reviewed.lastReviewedOn).toBe(TODAY);
    const revoked = ok(
      await who('CISO').post(`/api/v1/policy-exceptions/${own.id}/reviews`, { reviewedOn: TODAY, outcome: 'REVOKE' }),
      'revoke',
    ).json();
    expect(revoked).toMatchObject({ status: 'REVOKED', standing: 'revoked' });
    expect(await findingsOn(addDays(TODAY, 201), own.id)).toEqual([]);
  });

  it('records an emergency measure after the fact, flagged until the CISO approves it', async () => {
    const emergency = ok(
      await who('SEC_MANAGER').post(
        '/api/v1/policy-exceptions',
        request({
          validFrom: addDays(TODAY, -2),
          validUntil: addDays(TODAY, 5),
          emergency: { occurredOn: addDays(TODAY, -2), actionTaken: '障害対応のため保守業者の端末を一時接続した' },
        }),
      ),
      'emergency',
    ).json();
    expect(emergency.emergency).toMatchObject({ occurredOn: addDays(TODAY, -2) });
    expect(await findingsOn(TODAY, emergency.id)).toEqual(['EXCEPTION-EMERGENCY-UNAPPROVED']);
    // The CISO is reminded of it by the daily job.
    await runPolicyReminders(t.database, atJst(TODAY));
    const notices = (await who('CISO').get('/api/v1/policy-notices/mine')).json().items;
    expect(
      notices.some(
        (n: { kind: string; subjectId: string }) => n.kind === 'EXCEPTION_DECISION' && n.subjectId === emergency.id,
      ),
    ).toBe(true);
    ok(
      await who('CISO').post(`/api/v1/policy-exceptions/${emergency.id}/decision`, {
        decision: 'APPROVED',
        note: '事後承認',
      }),
      'approve',
    );
    expect(await findingsOn(TODAY, emergency.id)).toEqual([]);
    expect(await findingsOn(addDays(TODAY, 6), emergency.id)).toEqual(['EXCEPTION-EXPIRED']);
  });

  it('reminds the applicant before expiry and lets them record the end', async () => {
    const e = ok(
      await who('SEC_MANAGER').post('/api/v1/policy-exceptions', request({ validUntil: addDays(TODAY, 60) })),
      'request',
    ).json();
    ok(await who('CISO').post(`/api/v1/policy-exceptions/${e.id}/decision`, { decision: 'APPROVED' }), 'approve');
    const weekBefore = addDays(TODAY, 53);
    const first = await runPolicyReminders(t.database, atJst(weekBefore));
    expect(first.notices).toBeGreaterThan(0);
    // Once a day at most.
    expect((await runPolicyReminders(t.database, atJst(weekBefore))).notices).toBe(0);
    const mine = (await who('SEC_MANAGER').get('/api/v1/policy-notices/mine')).json().items;
    const expiry = mine.find(
      (n: { kind: string; subjectId: string }) => n.kind === 'EXCEPTION_EXPIRY' && n.subjectId === e.id,
    );
    expect(expiry.message).toContain('あと7日');
    expect(expiry.sentOn).toBe(weekBefore);

    expect((await who('STAFF').post(`/api/v1/policy-exceptions/${e.id}/withdraw`)).statusCode).toBe(403);
    const ended = ok(await who('SEC_MANAGER').post(`/api/v1/policy-exceptions/${e.id}/withdraw`), 'withdraw').json();
    expect(ended).toMatchObject({ status: 'WITHDRAWN', standing: 'withdrawn' });
    expect(await findingsOn(addDays(TODAY, 61), e.id)).toEqual([]);
    expect((await who('SEC_MANAGER').post(`/api/v1/policy-exceptions/${e.id}/withdraw`)).json().code).toBe(
      'EXCEPTION_CLOSED',
    );
  });

  it('shows exceptions to the CISO, the auditors and the responsibles of the unit, not to staff', async () => {
    expect((await who('STAFF').get('/api/v1/policy-exceptions')).statusCode).toBe(403);
    const all = (await who('AUDITOR').get('/api/v1/policy-exceptions')).json().items;
    expect(all.length).toBe(4);
    // The 総務部's 責任者 sees the 総務課 exceptions and the 企画課 one (both under 総務部).
    expect((await who('SEC_RESPONSIBLE').get('/api/v1/policy-exceptions')).json().items.length).toBe(4);
    // The 総務課's 管理者 sees those of 総務課, not the 企画課 one.
    const mine = (await who('SEC_MANAGER').get('/api/v1/policy-exceptions')).json().items;
    expect(mine.map((e: { scope: { unitId: string } }) => e.scope.unitId)).toEqual([
      org.sectionId,
      org.sectionId,
      org.sectionId,
    ]);
    const otherId = all.find((e: { scope: { unitId: string } }) => e.scope.unitId === otherSection).id;
    expect((await who('SEC_MANAGER').get(`/api/v1/policy-exceptions/${otherId}`)).statusCode).toBe(404);
  });
});
