/**
 * Policy documents over HTTP on both databases: the seed imported at setup with every clause, the approval flow
 * (review, committee vote or chair decision, SoD), publication with 改訂日 and 施行日, the version in force by date.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import { joinSpacedCapitals } from '../../src/domain/policy/normalize.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import { readSeedPolicy } from '../../src/modules/policies/seed.ts';
import { createTenantWithAdmin } from '../../src/modules/setup/service.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createOrg, createRoleUser, ok, USER_PASSWORD } from '../helpers/roles.ts';

const SEED = readFileSync(new URL('../../src/modules/policies/seed/rokunohe-basic-policy.md', import.meta.url), 'utf8');
const TODAY = todayInJapan();
const ROLES: RoleCode[] = [
  'POLICY_OFFICE',
  'TOTAL_SEC_RESPONSIBLE',
  'CISO',
  'DEPUTY_CISO',
  'SEC_RESPONSIBLE',
  'COMMITTEE_MEMBER',
  'STAFF',
  'AUDITOR',
];

interface Clause {
  path: string;
  label: string;
  heading: string;
  text: string;
  children: Clause[];
}
const flat = (cs: Clause[]): Clause[] => cs.flatMap((c) => [c, ...flat(c.children)]);

describeEachDatabase('policy documents', (make) => {
  let t: TestApp;
  let admin: Client;
  const as: Partial<Record<RoleCode, Client>> = {};
  const who = (role: RoleCode) => as[role]!;
  let basicId: string;
  let seedVersionId: string;

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const org = await createOrg(admin);
    for (const role of ROLES) as[role] = (await createRoleUser(t, admin, org, role, 'doc')).client;
    const list = ok(await admin.get('/api/v1/policies'), 'list').json();
    basicId = list.items[0].id;
    seedVersionId = list.items[0].inForce?.id ?? list.items[0].latest.id;
  }, 180_000);
  afterAll(async () => t?.close());

  it('imports the seed at setup as the published 基本方針, with its dates and every clause of its text', async () => {
    const list = (await who('STAFF').get('/api/v1/policies?on=2026-04-01')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      kind: 'BASIC',
      title: '情報セキュリティ基本方針',
      establishedOn: '2004-04-01',
      onPortal: true,
      inForce: { number: 1, status: 'PUBLISHED', revisedOn: '2026-01-09', effectiveOn: '2026-04-01' },
    });
    // Before its 施行日 (令和8年4月1日) the revision was not yet in force: nothing was, in this installation.
    expect((await who('STAFF').get(`/api/v1/policies/${basicId}/in-force?on=2026-03-31`)).json().version).toBeNull();

    const inForce = (await who('STAFF').get(`/api/v1/policies/${basicId}/in-force?on=2026-04-01`)).json();
    expect(inForce.version.body).toBe(SEED);
    const [chapter] = inForce.version.clauses as Clause[];
    expect(chapter).toMatchObject({ label: '第1章', heading: '情報セキュリティ基本方針' });
    // All 13 sections, with the headings the text gives them (### 1., #### **7. …**).
    const headings = [...SEED.matchAll(/^#{3,4} \**(\d+)\. (.+?)\**$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(headings).toHaveLength(13);
    expect(chapter.children.map((s) => `${s.label} ${s.heading}`)).toEqual(headings);
    // Every line of the body is in the tree, after the artefacts are mended (LGWAN spacing, the cut "情報セキ").
    const all = flat(inForce.version.clauses);
    const squash = (s: string) => joinSpacedCapitals(s).replace(/\s+/g, '');
    const tree = squash(all.map((c) => `${c.label}${c.heading}${c.text}`).join(''));
    const lines = SEED.slice(SEED.indexOf('## 第1章'))
      .split('\n')
      .map((l) => l.replace(/^#+\s*|\*\*|^-\s+/g, '').trim())
      .filter((l) => l && l !== '情報セキ' && !l.startsWith('セキュリティ監査及び自己点検を実施し'));
    for (const line of lines) expect(tree, line).toContain(squash(line));
    expect(all.filter((c) => /^\(\d+\)$/.test(c.label))).toHaveLength(12 + 5 + 2 + 9);
    expect(all.filter((c) => /^[①②③]$/.test(c.label))).toHaveLength(6);
  });

  it('offers the seed at setup: importSeedPolicy=false imports nothing, and a missing file is reported', async () => {
    const { tenantId, seedPolicy } = await createTenantWithAdmin(t.database, {
      tenant: { name: '桜川村', code: '039918', committeeName: '桜川村情報セキュリティ委員会', bodies: [] },
      admin: {
        familyName: '境界',
        givenName: '管理',
        familyKana: 'きょうかい',
        givenKana: 'かんり',
        staffNumber: 'B0001',
        loginId: 'doc.b.admin',
        password: USER_PASSWORD,
      },
      importSeedPolicy: false,
    });
    expect(seedPolicy).toBe('skipped');
    const docs = await asSystem(t.database, (tx) =>
      tx.selectFrom('policy_document').select('id').where('tenant_id', '=', tenantId).execute(),
    );
    expect(docs).toEqual([]);
    expect(readSeedPolicy(['/nonexistent/seed.md'])).toBeNull();
    expect(readSeedPolicy()).toBe(SEED);
  });

  it('runs 起案 → 確認 → 委員会の投票 → 公開, refusing SoD breaches, and switches the version in force on its 施行日', async () => {
    const office = who('POLICY_OFFICE');
    const body = SEED.replace(
      '定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施する。',
      '毎年度及び必要に応じて情報セキュリティ監査及び自己点検を実施する。',
    );
    // Staff may read but not draft.
    expect((await who('STAFF').post(`/api/v1/policies/${basicId}/versions`, { body })).statusCode).toBe(403);
    const draft = await office.post(`/api/v1/policies/${basicId}/versions`, {
      body,
      changeSummary: '監査の頻度を明記',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const v2 = draft.json().id as string;
    expect(draft.json()).toMatchObject({ number: 2, status: 'DRAFT' });
    // One unpublished version at a time.
    expect((await office.post(`/api/v1/policies/${basicId}/versions`, {})).json().code).toBe('POLICY_DRAFT_EXISTS');
    // Drafts are not shown to staff.
    expect((await who('STAFF').get(`/api/v1/policy-versions/${v2}`)).statusCode).toBe(404);
    ok(
      await office.patch(`/api/v1/policy-versions/${v2}`, { changeSummary: '監査を毎年度実施することを明記' }),
      'edit',
    );
    ok(await office.post(`/api/v1/policy-versions/${v2}/submit`), 'submit');
    expect((await office.patch(`/api/v1/policy-versions/${v2}`, { body })).json().code).toBe('POLICY_VERSION_STATE');

    // SOD-1: the submitter does not review.
    const selfReview = await office.post(`/api/v1/policy-versions/${v2}/review`, { decision: 'FORWARD' });
    expect(selfReview.statusCode).toBe(409);
    expect(selfReview.json()).toMatchObject({ code: 'SOD_VIOLATION', details: { rule: 'SOD-1' } });
    ok(
      await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-versions/${v2}/review`, {
        decision: 'FORWARD',
        comment: '委員会へ',
      }),
      'review',
    );

    // The committee decides by vote (the default): CISO, 統括, 責任者 and the appointed member — 3 of 4 needed.
    expect(
      (
        await who('CISO').post(`/api/v1/policy-versions/${v2}/decision`, { decision: 'APPROVED', decidedOn: TODAY })
      ).json().code,
    ).toBe('POLICY_DECIDED_BY_VOTE');
    expect((await who('STAFF').post(`/api/v1/policy-versions/${v2}/votes`, { vote: 'APPROVE' })).statusCode).toBe(403);
    const first = ok(await who('CISO').post(`/api/v1/policy-versions/${v2}/votes`, { vote: 'APPROVE' }), 'vote').json();
    expect(first.tally).toMatchObject({ required: 3, approve: 1, outcome: 'PENDING' });
    expect(first.tally.members).toHaveLength(4);
    ok(await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-versions/${v2}/votes`, { vote: 'APPROVE' }), 'vote');
    ok(
      await who('SEC_RESPONSIBLE').post(`/api/v1/policy-versions/${v2}/votes`, { vote: 'REJECT', comment: '時期尚早' }),
      'vote',
    );
    const third = ok(
      await who('COMMITTEE_MEMBER').post(`/api/v1/policy-versions/${v2}/votes`, { vote: 'APPROVE' }),
      'vote',
    ).json();
    expect(third.tally).toMatchObject({ approve: 3, reject: 1, outcome: 'APPROVED' });
    expect(third.version).toMatchObject({ status: 'APPROVED', decision: 'APPROVED', decidedOn: TODAY });

    // Published with a future 施行日: the seed stays in force until the day before.
    const effective = addDays(TODAY, 10);
    const bad = await office.post(`/api/v1/policy-versions/${v2}/publish`, {
      revisedOn: TODAY,
      effectiveOn: addDays(TODAY, -1),
    });
    expect(bad.json().details.fields[0].field).toBe('effectiveOn');
    expect(
      (await who('STAFF').post(`/api/v1/policy-versions/${v2}/publish`, { revisedOn: TODAY, effectiveOn: effective }))
        .statusCode,
    ).toBe(403);
    ok(
      await office.post(`/api/v1/policy-versions/${v2}/publish`, { revisedOn: TODAY, effectiveOn: effective }),
      'publish',
    );
    const inForceOn = async (on: string) =>
      (await who('STAFF').get(`/api/v1/policies/${basicId}/in-force?on=${on}`)).json().version?.number;
    expect(await inForceOn(addDays(effective, -1))).toBe(1);
    expect(await inForceOn(effective)).toBe(2);
    const doc = (await who('STAFF').get(`/api/v1/policies/${basicId}?on=${TODAY}`)).json();
    expect(doc.inForce.number).toBe(1);
    expect(doc.scheduled.map((v: { number: number }) => v.number)).toEqual([2]);
    expect(
      doc.history.map((h: { number: number; effectiveUntil: string | null }) => [h.number, h.effectiveUntil]),
    ).toEqual([
      [2, null],
      [1, addDays(effective, -1)],
    ]);
    const v = (await who('AUDITOR').get(`/api/v1/policy-versions/${v2}`)).json();
    expect(v.votes.map((x: { vote: string }) => x.vote)).toEqual(['APPROVE', 'APPROVE', 'REJECT', 'APPROVE']);
    expect(v.decisionRecord).toMatchObject({ mode: 'VOTE', approve: 3, reject: 1, required: 3 });
  });

  it('in CHAIR mode only the chair (CISO) or the deputy records the decision, never the submitter', async () => {
    ok(await admin.patch('/api/v1/committee', { decisionMode: 'CHAIR' }), 'chair mode');
    const ciso = who('CISO');
    // The CISO drafts and submits this time; the 統括 forwards it.
    const v3 = ok(
      await ciso.post(`/api/v1/policies/${basicId}/versions`, { changeSummary: '字句の修正' }),
      'draft',
    ).json().id;
    ok(await ciso.post(`/api/v1/policy-versions/${v3}/submit`), 'submit');
    ok(
      await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-versions/${v3}/review`, { decision: 'FORWARD' }),
      'forward',
    );
    const decision = { decision: 'APPROVED', decidedOn: TODAY, note: '委員会で承認' };
    expect((await ciso.post(`/api/v1/policy-versions/${v3}/votes`, { vote: 'APPROVE' })).json().code).toBe(
      'POLICY_DECIDED_BY_CHAIR',
    );
    // The 統括 may decide only 実施手順; the chair who submitted may not (SOD-1/SOD-6); the deputy may.
    expect(
      (await who('TOTAL_SEC_RESPONSIBLE').post(`/api/v1/policy-versions/${v3}/decision`, decision)).statusCode,
    ).toBe(403);
    const own = await ciso.post(`/api/v1/policy-versions/${v3}/decision`, decision);
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('SOD_VIOLATION');
    const noMeeting = await who('DEPUTY_CISO').post(`/api/v1/policy-versions/${v3}/decision`, {
      ...decision,
      meetingId: '01900000-0000-7000-8000-00000000dead',
    });
    expect(noMeeting.json().details.fields[0].field).toBe('meetingId');
    const done = ok(
      await who('DEPUTY_CISO').post(`/api/v1/policy-versions/${v3}/decision`, { ...decision, decision: 'REJECTED' }),
      'decide',
    );
    expect(done.json()).toMatchObject({ status: 'REJECTED', decision: 'REJECTED' });
    // A rejected version stays as a record; a new draft may start.
    ok(await who('POLICY_OFFICE').post(`/api/v1/policies/${basicId}/versions`, {}), 'new draft after rejection');
    ok(await admin.patch('/api/v1/committee', { decisionMode: 'VOTE' }), 'vote mode');
  });

  it('computes the 新旧対照表 between the seed and version 2, as JSON and as .xlsx', async () => {
    const list = (await who('AUDITOR').get(`/api/v1/policies/${basicId}`)).json();
    const v2 = list.versions.find((v: { number: number }) => v.number === 2).id;
    const res = await who('STAFF').get(`/api/v1/policies/${basicId}/compare?from=${seedVersionId}&to=${v2}`);
    expect(res.statusCode, res.body).toBe(200);
    const cmp = res.json();
    expect(cmp.summary).toMatchObject({ modified: 1, inserted: 0, deleted: 0, renumbered: 0, unchanged: 47 });
    const changed = cmp.rows.find((r: { change: string }) => r.change === 'modified');
    expect(changed.old.citation).toBe('7');
    expect(
      changed.new.marks.text.filter((s: { changed: boolean }) => s.changed).map((s: { text: string }) => s.text),
    ).toEqual(['毎年度及び']);
    expect(
      changed.old.marks.text.filter((s: { changed: boolean }) => s.changed).map((s: { text: string }) => s.text),
    ).toEqual(['定期的又は']);
    // Without parameters: the latest version the caller may see against the one in force today.
    const byDefault = (await who('STAFF').get(`/api/v1/policies/${basicId}/compare`)).json();
    expect([byDefault.from.number, byDefault.to.number]).toEqual([1, 2]);
    // Staff cannot compare against a draft they may not see.
    const draft = list.versions.find((v: { status: string }) => v.status === 'DRAFT').id;
    expect(
      (await who('STAFF').get(`/api/v1/policies/${basicId}/compare?from=${seedVersionId}&to=${draft}`)).statusCode,
    ).toBe(400);

    const file = await who('STAFF').get(`/api/v1/policies/${basicId}/compare/export?from=${seedVersionId}&to=${v2}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('新旧対照表_第1版-第2版');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('新旧対照表')!;
    expect(ws.getRow(3).values).toEqual([undefined, '旧', '新']);
    expect(ws.rowCount).toBe(4);
    const [oldCell, newCell] = [ws.getCell('A4').value, ws.getCell('B4').value] as Array<{
      richText: Array<{ text: string; font?: { underline?: boolean } }>;
    }>;
    expect(newCell.richText.filter((r) => r.font?.underline).map((r) => r.text)).toEqual(['毎年度及び']);
    expect(oldCell.richText.filter((r) => r.font?.underline).map((r) => r.text)).toEqual(['定期的又は']);
    expect(oldCell.richText.map((r) => r.text).join('')).toContain('情報セキュリティ監査及び自己点検の実施');
  });

  it('finds clauses by words in the versions in force', async () => {
    const found = (
      await who('STAFF').get(`/api/v1/policies/search?q=${encodeURIComponent('無害化通信')}&on=2026-04-01`)
    ).json();
    expect(found.items.map((i: { citation: string }) => i.citation)).toEqual(['2(12)', '6(3)②']);
  });
});
