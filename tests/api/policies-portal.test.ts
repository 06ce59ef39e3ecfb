/**
 * The public portal and clause links on both databases: without a session, only the 基本方針 in force (and its
 * history), the 対策基準 once the town chooses to publish it, never a draft or a 実施手順; the portal switches to a
 * revision on its 施行日 (simulated clock: ?on=). Links cite a clause from any record.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import { Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createOrg, createRoleUser, ok, SYSTEM_SCOPE_ID } from '../helpers/roles.ts';

const TODAY = todayInJapan();
const CODE = '029998';

describeEachDatabase('public portal and clause links', (make) => {
  let t: TestApp;
  let admin: Client;
  let ciso: Client;
  let total: Client;
  let staff: Client;
  const anonymous = () => new Client(t.app);
  let basicId: string;
  let seedVersionId: string;

  /** 起案 (admin) → 確認 (統括) → the chair's decision (CISO) → 公開 (admin). */
  async function approveAndPublish(versionId: string, effectiveOn: string) {
    ok(await admin.post(`/api/v1/policy-versions/${versionId}/submit`), 'submit');
    ok(await total.post(`/api/v1/policy-versions/${versionId}/review`, { decision: 'FORWARD' }), 'review');
    ok(
      await ciso.post(`/api/v1/policy-versions/${versionId}/decision`, { decision: 'APPROVED', decidedOn: TODAY }),
      'decide',
    );
    ok(await admin.post(`/api/v1/policy-versions/${versionId}/publish`, { revisedOn: TODAY, effectiveOn }), 'publish');
  }
  const portal = async (on: string) => {
    const res = await anonymous().get(`/api/v1/public/${CODE}/policies?on=${on}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const org = await createOrg(admin);
    ciso = (await createRoleUser(t, admin, org, 'CISO', 'portal')).client;
    total = (await createRoleUser(t, admin, org, 'TOTAL_SEC_RESPONSIBLE', 'portal')).client;
    staff = (await createRoleUser(t, admin, org, 'STAFF', 'portal')).client;
    ok(await admin.patch('/api/v1/committee', { decisionMode: 'CHAIR' }), 'chair mode');
    const basic = ok(await admin.get('/api/v1/policies'), 'list').json().items[0];
    basicId = basic.id;
    seedVersionId = basic.latest.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('serves the 基本方針 in force without signing in, with its clauses and history', async () => {
    const page = await portal('2026-04-01');
    expect(page.town).toEqual({ name: '青葉町', code: CODE });
    expect(page.committeeName).toBe('青葉町情報セキュリティ委員会');
    expect(page.documents).toHaveLength(1);
    const [doc] = page.documents;
    expect(doc).toMatchObject({ kind: 'BASIC', establishedOn: '2004-04-01' });
    expect(doc.inForce).toMatchObject({
      id: seedVersionId,
      number: 1,
      revisedOn: '2026-01-09',
      effectiveOn: '2026-04-01',
    });
    expect(doc.inForce.clauses[0].children).toHaveLength(13);
    expect(doc.history).toHaveLength(1);
    // Before 施行日 the published revision is announced but not yet in force.
    const before = await portal('2026-03-31');
    expect(before.documents[0].inForce).toBeNull();
    expect(before.documents[0].scheduled.map((v: { id: string }) => v.id)).toEqual([seedVersionId]);
    expect(
      (await anonymous().get(`/api/v1/public/${CODE}/policies/versions/${seedVersionId}`)).json().version.body,
    ).toContain('六戸町');
    expect((await anonymous().get('/api/v1/public/999999/policies')).statusCode).toBe(404);
    expect((await anonymous().get('/api/v1/public/abc/policies')).statusCode).toBe(400);
  });

  it('switches to a revision on its 施行日 and never shows a draft', async () => {
    const draft = ok(
      await admin.post(`/api/v1/policies/${basicId}/versions`, { body: '### 1. 目的\n\n未公開の改訂案です。' }),
      'draft',
    ).json();
    const hidden = await portal(addDays(TODAY, 365));
    expect(JSON.stringify(hidden)).not.toContain('未公開の改訂案');
    expect((await anonymous().get(`/api/v1/public/${CODE}/policies/versions/${draft.id}`)).statusCode).toBe(404);

    const effective = addDays(TODAY, 20);
    await approveAndPublish(draft.id, effective);
    const now = await portal(TODAY);
    expect(now.documents[0].inForce.number).toBe(1);
    expect(now.documents[0].scheduled.map((v: { number: number }) => v.number)).toEqual([2]);
    const later = await portal(effective);
    expect(later.documents[0].inForce).toMatchObject({ number: 2, effectiveOn: effective });
    expect(later.documents[0].inForce.body).toContain('未公開の改訂案');
    expect(
      later.documents[0].history.map((h: { number: number; effectiveUntil: string | null }) => [
        h.number,
        h.effectiveUntil,
      ]),
    ).toEqual([
      [2, null],
      [1, addDays(effective, -1)],
    ]);
  });

  it('publishes the 対策基準 only when the town chooses, and a 実施手順 never', async () => {
    const std = ok(
      await admin.post('/api/v1/policies', {
        kind: 'STANDARD',
        title: '青葉町情報セキュリティ対策基準',
        body: '## 第1章 総則\n\n（目的）\n\n第1条 この基準は、基本方針に基づき遵守事項を定める。',
      }),
      'standard',
    ).json();
    await approveAndPublish(std.latest.id, TODAY);
    expect((await portal(TODAY)).documents.map((d: { kind: string }) => d.kind)).toEqual(['BASIC']);
    ok(await admin.patch(`/api/v1/policies/${std.id}`, { onPortal: true }), 'publish standard');
    const shown = await portal(TODAY);
    expect(shown.documents.map((d: { kind: string }) => d.kind)).toEqual(['BASIC', 'STANDARD']);
    expect(shown.documents[1].inForce.clauses[0].children[0]).toMatchObject({ label: '第1条', heading: '目的' });

    const proc = ok(
      await admin.post('/api/v1/policies', {
        kind: 'PROCEDURE',
        title: '住民記録システム運用手順',
        scopeKind: 'SYSTEM',
        scopeId: SYSTEM_SCOPE_ID,
        visibleRoles: ['PLATFORM_ADMIN', 'CISO', 'TOTAL_SEC_RESPONSIBLE'],
        body: '### 1. バックアップ\n\n毎日22時に取得する。',
      }),
      'procedure',
    ).json();
    await approveAndPublish(proc.latest.id, TODAY);
    expect((await admin.patch(`/api/v1/policies/${proc.id}`, { onPortal: true })).statusCode).toBe(400);
    const page = JSON.stringify(await portal(TODAY));
    expect(page).not.toContain('住民記録システム運用手順');
    expect(page).not.toContain('毎日22時');
    expect((await anonymous().get(`/api/v1/public/${CODE}/policies/versions/${proc.latest.id}`)).statusCode).toBe(404);
  });

  it('links a clause to any record and cites it as the version in force words it', async () => {
    const link = { documentId: basicId, clausePath: '第1章/6/(3)/②', entityType: 'network_check', entityId: 'chk-1' };
    expect((await staff.post('/api/v1/policy-links', link)).statusCode).toBe(403);
    const created = await admin.post('/api/v1/policy-links', { ...link, note: '分離の確認' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ citation: '6(3)②', citationLabel: '基本方針 6(3)②', entityId: 'chk-1' });
    expect(created.json().clause.text).toContain('LGWAN接続系においては');
    expect((await admin.post('/api/v1/policy-links', link)).json().code).toBe('POLICY_LINK_EXISTS');
    const missing = await admin.post('/api/v1/policy-links', { ...link, clausePath: '第1章/99' });
    expect(missing.json().details.fields[0].field).toBe('clausePath');
    const listed = (await staff.get('/api/v1/policy-links?entityType=network_check&entityId=chk-1')).json();
    expect(listed.items.map((l: { citationLabel: string }) => l.citationLabel)).toEqual(['基本方針 6(3)②']);
    expect((await admin.delete(`/api/v1/policy-links/${created.json().id}`)).statusCode).toBe(204);
    expect((await staff.get('/api/v1/policy-links?entityType=network_check&entityId=chk-1')).json().items).toEqual([]);
  });
});
