/**
 * 実施手順 are 非公開 (seed §10): only the roles a procedure names — for its system or unit — may see it. For every
 * other role it does not exist: 404 by id, absent from every list, search, link, review, finding and export, and its
 * text and title never appear in the audit trail, which other roles read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import type { RoleCode } from '../../src/domain/roles.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  appoint,
  createAccount,
  createOrg,
  createPerson,
  createRoleUser,
  ok,
  SYSTEM_SCOPE_ID,
  signInAgain,
} from '../helpers/roles.ts';

const TODAY = todayInJapan();
const SECRET = '非公開手順の本文マーカー';
const TITLE = '住民記録系バックアップ手順書';
const UNIT_SECRET = '課室手順の本文マーカー';
const OTHER_SYSTEM = '01900000-0000-7000-8000-0000000000bb';
const ROLES: RoleCode[] = [
  'CISO',
  'DEPUTY_CISO',
  'TOTAL_SEC_RESPONSIBLE',
  'POLICY_OFFICE',
  'SEC_RESPONSIBLE',
  'SEC_MANAGER',
  'SYS_MANAGER',
  'SYS_OPERATOR',
  'AUDIT_LEAD',
  'AUDITOR',
  'COMMITTEE_MEMBER',
  'STAFF',
];
/** Who may read each procedure. */
const SYSTEM_READERS = new Set(['CISO', 'SYS_MANAGER', 'SYS_OPERATOR']);
const UNIT_READERS = new Set(['SEC_RESPONSIBLE', 'SEC_MANAGER']);

describeEachDatabase('実施手順 visibility', (make) => {
  let t: TestApp;
  let admin: Client;
  const users: Array<{ name: string; client: Client }> = [];
  const as = (name: string) => users.find((u) => u.name === name)!.client;
  let proc: { id: string; versionId: string };
  let unitProc: { id: string; versionId: string };
  let reviewId: string;

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const org = await createOrg(admin);
    users.push({ name: 'PLATFORM_ADMIN', client: admin });
    for (const role of ROLES)
      users.push({ name: role, client: (await createRoleUser(t, admin, org, role, 'vis')).client });
    // The manager of another system, who must not see this system's procedure.
    const other = await createPerson(admin, { orgUnitId: org.sectionId, familyName: '他系統' });
    await createAccount(admin, other, 'vis.other-system');
    await appoint(admin, 'SYS_MANAGER', other, OTHER_SYSTEM);
    users.push({ name: 'SYS_MANAGER(other system)', client: await signInAgain(t, 'vis.other-system') });

    const sys = as('SYS_MANAGER');
    const draft = {
      kind: 'PROCEDURE',
      title: TITLE,
      scopeKind: 'SYSTEM',
      scopeId: SYSTEM_SCOPE_ID,
      visibleRoles: ['SYS_MANAGER', 'SYS_OPERATOR', 'CISO'],
      body: `### 1. バックアップ\n\n${SECRET}。毎日22時に取得する。\n\n### 2. 復旧\n\n(1) 手順\n\n媒体から戻す。`,
    };
    // A procedure author drafts for their own system only, and only what they may read themselves.
    expect(
      (
        await sys.post('/api/v1/policies', {
          ...draft,
          kind: 'STANDARD',
          scopeKind: undefined,
          scopeId: undefined,
          visibleRoles: undefined,
        })
      ).statusCode,
    ).toBe(403);
    expect((await sys.post('/api/v1/policies', { ...draft, scopeId: OTHER_SYSTEM })).statusCode).toBe(403);
    const notNamed = await sys.post('/api/v1/policies', { ...draft, visibleRoles: ['CISO'] });
    expect(notNamed.json().details.fields[0].field).toBe('visibleRoles');
    const created = ok(await sys.post('/api/v1/policies', draft), 'procedure').json();
    proc = { id: created.id, versionId: created.latest.id };
    // 起案 (システム管理者) → 確認 and approval by the CISO (a named reader) → 公開.
    const ciso = as('CISO');
    ok(await sys.post(`/api/v1/policy-versions/${proc.versionId}/submit`), 'submit');
    ok(await ciso.post(`/api/v1/policy-versions/${proc.versionId}/review`, { decision: 'FORWARD' }), 'review');
    ok(
      await ciso.post(`/api/v1/policy-versions/${proc.versionId}/decision`, {
        decision: 'APPROVED',
        decidedOn: TODAY,
        note: SECRET,
      }),
      'approve',
    );
    ok(
      await ciso.post(`/api/v1/policy-versions/${proc.versionId}/publish`, { revisedOn: TODAY, effectiveOn: TODAY }),
      'publish',
    );
    ok(
      await sys.post('/api/v1/policy-links', {
        documentId: proc.id,
        clausePath: '1',
        entityType: 'asset',
        entityId: 'a-1',
      }),
      'link',
    );
    reviewId = ok(
      await ciso.post('/api/v1/policy-reviews', {
        documentId: proc.id,
        trigger: 'INCIDENT',
        triggerNote: `${SECRET}に関するインシデント`,
        dueOn: addDays(TODAY, -1),
      }),
      'review record',
    ).json().id;

    const unit = ok(
      await as('SEC_MANAGER').post('/api/v1/policies', {
        kind: 'PROCEDURE',
        title: '総務課の持出し手順',
        scopeKind: 'ORG_UNIT',
        scopeId: org.sectionId,
        visibleRoles: ['SEC_RESPONSIBLE', 'SEC_MANAGER'],
        body: `### 1. 持出し\n\n${UNIT_SECRET}。`,
      }),
      'unit procedure',
    ).json();
    unitProc = { id: unit.id, versionId: unit.latest.id };
  }, 240_000);
  afterAll(async () => t?.close());

  it('shows the system procedure to the named roles of that system only, and is 404 for everyone else', async () => {
    let readers = 0;
    for (const { name, client } of users) {
      const reader = SYSTEM_READERS.has(name);
      const label = (what: string) => `${name}: ${what}`;
      const list = await client.get('/api/v1/policies');
      expect(list.statusCode, label('list')).toBe(200);
      expect(
        list.json().items.some((d: { id: string }) => d.id === proc.id),
        label('list'),
      ).toBe(reader);
      const byId = [
        `/api/v1/policies/${proc.id}`,
        `/api/v1/policies/${proc.id}/in-force`,
        `/api/v1/policy-versions/${proc.versionId}`,
        `/api/v1/policies/${proc.id}/compare?from=${proc.versionId}&to=${proc.versionId}`,
        `/api/v1/policies/${proc.id}/compare/export?from=${proc.versionId}&to=${proc.versionId}&rows=all`,
      ];
      for (const url of byId) {
        const res = await client.get(url);
        expect(res.statusCode, label(url)).toBe(reader ? 200 : 404);
        if (!reader) expect(res.body, label(url)).not.toContain(TITLE);
      }
      // Writes by those who may edit policies in general still find nothing (404, never 403 that would confirm it).
      const patch = await client.patch(`/api/v1/policies/${proc.id}`, { title: '乗っ取り' });
      if (!reader) expect([403, 404], label('patch')).toContain(patch.statusCode);
      if (!reader && ['PLATFORM_ADMIN', 'POLICY_OFFICE', 'TOTAL_SEC_RESPONSIBLE'].includes(name)) {
        expect(patch.statusCode, label('keeper patch')).toBe(404);
        // Even an invalid body gets 404: the answer does not depend on what was sent.
        const publish = await client.post(`/api/v1/policy-versions/${proc.versionId}/publish`, {});
        expect(publish.statusCode, label('publish')).toBe(404);
        expect((await client.post(`/api/v1/policies/${proc.id}/versions`, {})).statusCode, label('new version')).toBe(
          404,
        );
      }
      const search = (await client.get(`/api/v1/policies/search?q=${encodeURIComponent(SECRET)}`)).json();
      expect(search.items.length > 0, label('search')).toBe(reader);
      const links = (await client.get('/api/v1/policy-links?entityType=asset&entityId=a-1')).json();
      expect(links.items.length, label('links')).toBe(reader ? 1 : 0);
      const reviews = await client.get('/api/v1/policy-reviews');
      if (reviews.statusCode === 200) {
        expect(
          reviews.json().items.some((r: { id: string }) => r.id === reviewId),
          label('reviews'),
        ).toBe(reader);
        expect((await client.get(`/api/v1/policy-reviews/${reviewId}`)).statusCode, label('review')).toBe(
          reader ? 200 : 404,
        );
      }
      const findings = await client.get('/api/v1/findings/policies');
      if (findings.statusCode === 200) {
        const codes = findings.json().findings.filter((f: { subject?: { id: string } }) => f.subject?.id === reviewId);
        expect(codes.length, label('findings')).toBe(reader ? 1 : 0);
        if (!reader) expect(findings.body, label('findings')).not.toContain(TITLE);
      }
      for (const body of [list.body, JSON.stringify(search.items), JSON.stringify(links)]) {
        if (!reader) expect(body, label('no text')).not.toContain(SECRET);
      }
      if (reader) readers += 1;
    }
    expect(readers).toBe(3);
  });

  it('shows a unit procedure to the roles it names for that unit and its 部局', async () => {
    for (const { name, client } of users) {
      const reader = UNIT_READERS.has(name);
      expect((await client.get(`/api/v1/policies/${unitProc.id}`)).statusCode, name).toBe(reader ? 200 : 404);
      expect((await client.get(`/api/v1/policy-versions/${unitProc.versionId}`)).statusCode, name).toBe(
        reader ? 200 : 404,
      );
      const list = (await client.get('/api/v1/policies?kind=PROCEDURE')).json();
      expect(
        list.items.some((d: { id: string }) => d.id === unitProc.id),
        name,
      ).toBe(reader);
      const found = (await client.get(`/api/v1/policies/search?q=${encodeURIComponent(UNIT_SECRET)}`)).json();
      expect(found.items.length, name).toBe(0); // not published yet: search reads versions in force only
    }
  });

  it('keeps procedure text and titles out of the audit trail, its view and its export', async () => {
    for (const name of ['PLATFORM_ADMIN', 'AUDITOR', 'AUDIT_LEAD', 'TOTAL_SEC_RESPONSIBLE', 'CISO']) {
      const client = as(name);
      const events = await client.get('/api/v1/audit-events?limit=200');
      expect(events.statusCode, name).toBe(200);
      expect(events.body, name).not.toContain(SECRET);
      expect(events.body, name).not.toContain(UNIT_SECRET);
      expect(events.body, name).not.toContain(TITLE);
      const actions = events
        .json()
        .items.filter((e: { entityId: string }) => e.entityId === proc.versionId)
        .map((e: { action: string }) => e.action);
      expect(actions, name).toEqual(expect.arrayContaining(['create', 'submit', 'forward', 'decide', 'publish']));
      const exported = await client.get('/api/v1/audit-events/export');
      expect(exported.statusCode, name).toBe(200);
      expect(exported.body, name).not.toContain(SECRET);
      expect(exported.body, name).not.toContain(TITLE);
    }
    // What is recorded identifies the text: its SHA-256 and length.
    const events = (await admin.get(`/api/v1/audit-events?entityId=${proc.versionId}`)).json().items;
    const published = events.find((e: { action: string }) => e.action === 'publish');
    expect(published.after).toMatchObject({ kind: 'PROCEDURE', number: 1, status: 'PUBLISHED' });
    expect(published.after.textSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
