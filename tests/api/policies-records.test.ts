/**
 * Read-and-acknowledge campaigns with reminders through the job, and 見直し records with overdue reviews as findings
 * citing 基本方針 8, on both databases.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { fiscalYearOf, todayInJapan } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import { runPolicyReminders } from '../../src/modules/policies/reminders.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createAccount, createOrg, createRoleUser, type OrgFixture, ok, SINCE, signInAgain } from '../helpers/roles.ts';

const TODAY = todayInJapan();
const FY = fiscalYearOf(TODAY);
const ROLES: RoleCode[] = ['POLICY_OFFICE', 'SEC_MANAGER', 'SEC_RESPONSIBLE', 'AUDITOR', 'STAFF'];
const atJst = (date: string) => new Date(`${date}T09:00:00+09:00`);

describeEachDatabase('acknowledgements and reviews', (make) => {
  let t: TestApp;
  let admin: Client;
  let org: OrgFixture;
  const as: Partial<Record<RoleCode, Client>> = {};
  const who = (role: RoleCode) => as[role]!;
  let basicId: string;
  let seedVersionId: string;
  let otherDeptPerson: string;
  let contractor: Client;

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    org = await createOrg(admin);
    for (const role of ROLES) as[role] = (await createRoleUser(t, admin, org, role, 'rec')).client;
    const dept2 = ok(
      await admin.post('/api/v1/units', { bodyId: org.bodyId, level: 'DEPT', name: '建設部', validFrom: SINCE }),
      'dept',
    ).json().id;
    const person = (fields: Record<string, unknown>) =>
      admin.post('/api/v1/people', {
        staffNumber: `R${Math.random().toString(36).slice(2, 8)}`,
        familyName: '周知',
        givenName: '対象',
        familyKana: 'しゅうち',
        givenKana: 'たいしょう',
        employmentType: 'STAFF',
        ...fields,
      });
    otherDeptPerson = ok(await person({ orgUnitId: dept2 }), 'person').json().id;
    const contractorId = ok(
      await person({ employmentType: 'CONTRACTOR_STAFF', employer: '青葉システム', orgUnitId: org.sectionId }),
      'c',
    ).json().id;
    await createAccount(admin, contractorId, 'rec.contractor');
    contractor = await signInAgain(t, 'rec.contractor');
    const basic = ok(await admin.get('/api/v1/policies'), 'list').json().items[0];
    basicId = basic.id;
    seedVersionId = basic.latest.id;
  }, 180_000);
  afterAll(async () => t?.close());

  it('asks all staff, a 部局 or contractors to read a published version, and reports completion by unit', async () => {
    const office = who('POLICY_OFFICE');
    const draft = ok(await office.post(`/api/v1/policies/${basicId}/versions`, {}), 'draft').json();
    const bad = await office.post('/api/v1/policy-acknowledgements/campaigns', {
      versionId: draft.id,
      audience: { kind: 'ALL_STAFF' },
      dueOn: addDays(TODAY, -1),
    });
    expect(
      bad
        .json()
        .details.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['dueOn', 'versionId']);
    ok(await office.delete(`/api/v1/policy-versions/${draft.id}`), 'delete draft');
    expect((await who('STAFF').post('/api/v1/policy-acknowledgements/campaigns', {})).statusCode).toBe(403);

    const start = (audience: Record<string, unknown>) =>
      office.post('/api/v1/policy-acknowledgements/campaigns', {
        versionId: seedVersionId,
        audience,
        dueOn: addDays(TODAY, 14),
        remindEveryDays: 7,
      });
    const all = ok(await start({ kind: 'ALL_STAFF' }), 'all staff').json();
    // The administrator, five role holders and the person in 建設部; not the contractor.
    expect(all).toMatchObject({ asked: 7, acknowledged: 0, audienceLabel: '全職員等', status: 'OPEN' });
    const dept = ok(await start({ kind: 'UNIT', unitId: org.deptId }), 'unit').json();
    expect(dept).toMatchObject({ asked: 6, audienceLabel: '部局・課室（総務部）' });
    const contractors = ok(await start({ kind: 'CONTRACTORS' }), 'contractors').json();
    expect(contractors.asked).toBe(1);

    const mine = (await who('STAFF').get('/api/v1/policy-acknowledgements/mine')).json().items;
    expect(mine.map((m: { campaignId: string }) => m.campaignId).sort()).toEqual([all.id, dept.id].sort());
    expect(mine[0]).toMatchObject({ versionNumber: 1, acknowledgedAt: null, open: true });
    ok(await who('STAFF').post(`/api/v1/policy-acknowledgements/campaigns/${all.id}/acknowledge`), 'ack');
    expect(
      (await who('STAFF').post(`/api/v1/policy-acknowledgements/campaigns/${all.id}/acknowledge`)).json().code,
    ).toBe('ALREADY_ACKNOWLEDGED');
    // Not asked: the contractor was not in the all-staff audience.
    expect((await contractor.post(`/api/v1/policy-acknowledgements/campaigns/${all.id}/acknowledge`)).statusCode).toBe(
      404,
    );
    ok(
      await contractor.post(`/api/v1/policy-acknowledgements/campaigns/${contractors.id}/acknowledge`),
      'contractor ack',
    );

    const report = ok(await office.get(`/api/v1/policy-acknowledgements/campaigns/${all.id}`), 'report').json();
    expect(report).toMatchObject({ asked: 7, acknowledged: 1 });
    const section = report.byUnit.find((u: { unitPath: string }) => u.unitPath === '総務部 > 総務課');
    expect(section.direct).toEqual({ asked: 5, acknowledged: 1 });
    expect(report.byUnit.find((u: { unitPath: string }) => u.unitPath === '総務部').withSubunits).toEqual({
      asked: 5,
      acknowledged: 1,
    });
    expect(report.unassigned).toEqual({ asked: 1, acknowledged: 0 });
    expect(report.pending).toHaveLength(6);
    // The 課室's 管理者 follows up their own 課室 only.
    const managerView = ok(
      await who('SEC_MANAGER').get(`/api/v1/policy-acknowledgements/campaigns/${all.id}`),
      'manager',
    ).json();
    expect(managerView).toMatchObject({ asked: 5, acknowledged: 1 });
    expect(managerView.pending.map((p: { personId: string }) => p.personId)).not.toContain(otherDeptPerson);
    expect((await who('STAFF').get(`/api/v1/policy-acknowledgements/campaigns/${all.id}`)).statusCode).toBe(403);
  });

  it('reminds those who have not confirmed through the daily job, once per interval, and stops when closed', async () => {
    const office = who('POLICY_OFFICE');
    const campaigns = (await office.get('/api/v1/policy-acknowledgements/campaigns')).json().items;
    const all = campaigns.find((c: { audience: string }) => c.audience === 'ALL_STAFF');
    // Not yet: the first reminder is due a week after the start.
    await runPolicyReminders(t.database, atJst(addDays(TODAY, 3)));
    expect((await who('SEC_MANAGER').get('/api/v1/policy-notices/mine')).json().items).toEqual([]);
    const week = addDays(TODAY, 7);
    await runPolicyReminders(t.database, atJst(week));
    const notices = (await who('SEC_MANAGER').get('/api/v1/policy-notices/mine')).json().items;
    expect(notices.filter((n: { subjectId: string }) => n.subjectId === all.id)).toEqual([
      expect.objectContaining({ kind: 'ACK_REMINDER', sentOn: week }),
    ]);
    expect(notices[0].message).toContain('情報セキュリティ基本方針');
    // Who already confirmed gets nothing.
    expect(
      (await who('STAFF').get('/api/v1/policy-notices/mine'))
        .json()
        .items.filter((n: { subjectId: string }) => n.subjectId === all.id),
    ).toEqual([]);
    // Again the same day: nothing new.
    expect((await runPolicyReminders(t.database, atJst(week))).notices).toBe(0);
    const report = (await office.get(`/api/v1/policy-acknowledgements/campaigns/${all.id}`)).json();
    expect(report.lastRemindedOn).toBe(week);
    expect(report.pending.every((p: { reminders: number }) => p.reminders === 1)).toBe(true);
    const trail = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', all.id)
        .where('action', '=', 'remind')
        .execute(),
    );
    expect(trail).toHaveLength(1);

    ok(await office.post(`/api/v1/policy-acknowledgements/campaigns/${all.id}/close`), 'close');
    expect(
      (await who('SEC_MANAGER').post(`/api/v1/policy-acknowledgements/campaigns/${all.id}/acknowledge`)).json().code,
    ).toBe('CAMPAIGN_CLOSED');
    expect((await runPolicyReminders(t.database, atJst(addDays(TODAY, 14)))).notices).toBeGreaterThanOrEqual(0);
    const after = (await who('SEC_MANAGER').get('/api/v1/policy-notices/mine')).json().items;
    expect(after.filter((n: { subjectId: string }) => n.subjectId === all.id)).toHaveLength(1);
  });

  it('records yearly and triggered reviews; overdue ones are findings citing 基本方針 8', async () => {
    const office = who('POLICY_OFFICE');
    expect((await who('STAFF').get('/api/v1/policy-reviews')).statusCode).toBe(403);
    const annual = ok(
      await office.post('/api/v1/policy-reviews', { documentId: basicId, trigger: 'ANNUAL' }),
      'annual',
    ).json();
    expect(annual).toMatchObject({
      fiscalYear: FY,
      dueOn: `${FY + 1}-03-31`,
      status: 'OPEN',
      triggerLabel: '年次の見直し',
    });
    expect((await office.post('/api/v1/policy-reviews', { documentId: basicId, trigger: 'ANNUAL' })).json().code).toBe(
      'REVIEW_EXISTS',
    );
    expect((await office.post('/api/v1/policy-reviews', { documentId: basicId, trigger: 'INCIDENT' })).statusCode).toBe(
      400,
    );
    const triggered = ok(
      await office.post('/api/v1/policy-reviews', {
        documentId: basicId,
        trigger: 'AUDIT_FINDING',
        triggerEntityType: 'audit_finding',
        triggerEntityId: 'F-2026-003',
        triggerNote: '自己点検で監査の頻度が不明確と指摘',
        dueOn: addDays(TODAY, 30),
      }),
      'triggered',
    ).json();
    expect(triggered.triggerRef).toEqual({ entityType: 'audit_finding', entityId: 'F-2026-003' });

    const findingsOn = async (on: string) =>
      (await who('AUDITOR').get(`/api/v1/findings/policies?on=${on}`)).json().findings;
    expect(await findingsOn(TODAY)).toEqual([]);
    const late = (await findingsOn(addDays(TODAY, 31))).filter(
      (f: { subject: { id: string } }) => f.subject.id === triggered.id,
    );
    expect(late).toEqual([
      expect.objectContaining({
        code: 'POLICY-REVIEW-OVERDUE',
        subject: expect.objectContaining({ id: triggered.id }),
        clause: expect.objectContaining({ document: '情報セキュリティ基本方針', ref: '8' }),
      }),
    ]);
    // The clause is quoted from the town's own 基本方針 in force.
    expect(late[0].clause.summary).toMatch(/^情報セキュリティ監査及び自己点検の結果/);
    // A year on, the annual review is overdue too; a missing year is flagged.
    const nextYear = `${FY + 1}-04-01`;
    expect((await findingsOn(nextYear)).map((f: { code: string }) => f.code).sort()).toEqual([
      'POLICY-REVIEW-OVERDUE',
      'POLICY-REVIEW-OVERDUE',
    ]);
    expect((await findingsOn(`${FY + 2}-04-01`)).map((f: { code: string }) => f.code)).toContain(
      'POLICY-ANNUAL-REVIEW-MISSING',
    );

    // The meeting, the decision and the resulting version.
    const meeting = ok(
      await office.post('/api/v1/committee/meetings', { heldOn: TODAY, kind: 'EXTRAORDINARY', title: '第2回臨時会' }),
      'meeting',
    ).json();
    // Whoever records reviews chooses from the town's meetings; readers of reviews do not need the list.
    const options = ok(await office.get('/api/v1/policy-reviews/meetings'), 'options').json().items;
    expect(options).toContainEqual({
      id: meeting.id,
      heldOn: TODAY,
      title: '第2回臨時会',
      kind: 'EXTRAORDINARY',
      kindLabel: '臨時',
    });
    expect((await who('AUDITOR').get('/api/v1/policy-reviews/meetings')).statusCode).toBe(403);
    const unknownMeeting = await office.patch(`/api/v1/policy-reviews/${triggered.id}`, {
      meetingId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknownMeeting.statusCode).toBe(400);
    expect(unknownMeeting.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['meetingId']);
    const discussed = ok(
      await office.patch(`/api/v1/policy-reviews/${triggered.id}`, {
        heldOn: TODAY,
        meetingId: meeting.id,
        discussion: '毎年度の実施を明記する。',
      }),
      'discuss',
    ).json();
    const shown = { id: meeting.id, heldOn: TODAY, title: '第2回臨時会', kindLabel: '臨時' };
    expect(discussed.meeting).toMatchObject(shown);
    // A reader of the review sees which meeting it was, in the record and in the list.
    expect(ok(await who('AUDITOR').get(`/api/v1/policy-reviews/${triggered.id}`), 'read').json().meeting).toMatchObject(
      shown,
    );
    const listed = ok(await who('AUDITOR').get('/api/v1/policy-reviews'), 'list').json().items;
    expect(listed.find((r: { id: string }) => r.id === triggered.id).meeting).toMatchObject(shown);
    expect(listed.find((r: { id: string }) => r.id === annual.id).meeting).toBeNull();
    expect(
      (
        await office.post(`/api/v1/policy-reviews/${triggered.id}/complete`, {
          decision: 'NO_CHANGE',
          completedOn: TODAY,
          resultingVersionId: seedVersionId,
        })
      ).statusCode,
    ).toBe(400);
    const done = ok(
      await office.post(`/api/v1/policy-reviews/${triggered.id}/complete`, {
        decision: 'REVISE',
        completedOn: TODAY,
        decisionNote: '7を改訂する',
      }),
      'complete',
    ).json();
    expect(done).toMatchObject({
      status: 'DONE',
      decisionLabel: '改訂する',
      discussion: '毎年度の実施を明記する。',
      meeting: { id: meeting.id },
    });
    ok(
      await office.post(`/api/v1/policy-reviews/${annual.id}/complete`, { decision: 'NO_CHANGE', completedOn: TODAY }),
      'annual done',
    );
    expect(await findingsOn(nextYear)).toEqual([]);
    expect((await office.patch(`/api/v1/policy-reviews/${annual.id}`, { discussion: '追記' })).json().code).toBe(
      'REVIEW_DONE',
    );
  });
});
