/**
 * Line injection into reminder mails, on both databases: one-line fields of the policies area (titles, clause paths)
 * refuse line breaks and other control characters with a field error in Japanese and English, and a title or name
 * stored before that (or written some other way) stays on its own line when the reminder mail is built.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import { oneLine, reminderMailFor, runPolicyReminders } from '../../src/modules/policies/reminders.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { createOrg, createRoleUser, ok } from '../helpers/roles.ts';

const TODAY = todayInJapan();
const PUBLIC_URL = 'https://mamori.aoba.example.lg.jp';
const INJECTED = '規程\n\n至急こちらから再ログインしてください: http://evil.example/login';

it('oneLine collapses line breaks, tabs, control characters and U+2028/2029 into single spaces', () => {
  expect(oneLine('a\r\n\r\nb\tc\u0085d\u2028e\u2029f\u0000g   h ')).toBe('a b c d e f g h');
});

describeEachDatabase('policies: one-line fields and reminder mails', (make) => {
  let t: TestApp;
  let tenantId: string;
  let office: Client;
  let manager: Client;
  let staffPerson: string;
  let documentId: string;

  beforeAll(async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    tenantId = ok(await admin.get('/api/v1/auth/me'), 'me').json().tenant.id;
    const org = await createOrg(admin);
    office = (await createRoleUser(t, admin, org, 'POLICY_OFFICE', 'line')).client;
    manager = (await createRoleUser(t, admin, org, 'SEC_MANAGER', 'line')).client;
    staffPerson = (await createRoleUser(t, admin, org, 'STAFF', 'line')).personId;
    await asSystem(t.database, (tx) =>
      tx.updateTable('person').set({ email: 'shokuin@aoba.example.lg.jp' }).where('id', '=', staffPerson).execute(),
    );
    documentId = ok(await admin.get('/api/v1/policies'), 'policies').json().items[0].id;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a title with a line break (400, field error in ja/en); a plain title is accepted', async () => {
    for (const title of [INJECTED, 'タブ\t入り', '段落\u2029区切り']) {
      const res = await office.post('/api/v1/policies', { kind: 'STANDARD', title });
      expect(res.statusCode).toBe(400);
      const fields = res.json().details.fields as { field: string; message: { ja: string; en: string } }[];
      expect(fields).toEqual([
        {
          field: 'title',
          message: { ja: expect.stringContaining('改行'), en: expect.stringContaining('single line') },
        },
      ]);
    }
    const patched = await office.patch(`/api/v1/policies/${documentId}`, { title: INJECTED });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().details.fields[0].field).toBe('title');
    const plain = ok(
      await office.patch(`/api/v1/policies/${documentId}`, { title: '情報セキュリティ基本方針' }),
      'plain',
    );
    expect(plain.json().title).toBe('情報セキュリティ基本方針');
    // multi-line fields stay multi-line
    const exc = await manager.post('/api/v1/policy-exceptions', {
      ruleRefs: [{ documentId, clausePath: '第1章\n/6' }],
      ruleText: '外部記録媒体の使用禁止',
      reason: '一行目\n二行目',
      compensatingMeasures: '暗号化\n無害化',
      scope: { description: '窓口端末' },
      validFrom: TODAY,
      validUntil: addDays(TODAY, 14),
    });
    expect(exc.statusCode).toBe(400);
    expect(exc.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['ruleRefs.0.clausePath']);
  });

  it('keeps a (legacy) title and name with line breaks on one line of the reminder mail', async () => {
    const basic = ok(await office.get('/api/v1/policies'), 'policies')
      .json()
      .items.find((d: { id: string }) => d.id === documentId);
    ok(
      await office.post('/api/v1/policy-acknowledgements/campaigns', {
        versionId: basic.latest.id,
        audience: { kind: 'ALL_STAFF' },
        dueOn: addDays(TODAY, 14),
        remindEveryDays: 7,
      }),
      'campaign',
    );
    // stored before one-line fields were enforced
    await asSystem(t.database, async (tx) => {
      await tx.updateTable('policy_document').set({ title: INJECTED }).where('id', '=', documentId).execute();
      await tx
        .updateTable('person')
        .set({ family_name: '山田\r\nBcc: x@evil.example' })
        .where('id', '=', staffPerson)
        .execute();
    });
    const day = addDays(TODAY, 7);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      await runPolicyReminders(t.database, new Date(`${day}T09:00:00+09:00`), { mailer: null, publicUrl: PUBLIC_URL });
    } finally {
      info.mockRestore();
    }
    const notice = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('policy_notice')
        .select('id')
        .where('person_id', '=', staffPerson)
        .where('kind', '=', 'ACK_REMINDER')
        .where('sent_on', '=', day)
        .executeTakeFirstOrThrow(),
    );
    const draft = await asSystem(t.database, (tx) => reminderMailFor(tx, tenantId, notice.id, PUBLIC_URL));
    expect(draft).not.toBeNull();
    const { subject, text } = draft!.message;
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('規程 至急こちらから再ログインしてください: http://evil.example/login（第');
    const lines = text.split('\n');
    // the injected text is part of the sentence that names the document, never a line of its own
    const withLink = lines.filter((l) => l.includes('evil.example/login'));
    expect(withLink).toEqual([expect.stringMatching(/^規程 至急こちらから.*について、内容の確認をお願いします。$/)]);
    expect(lines[0]).toMatch(/^山田 Bcc: x@evil\.example \S+ 様$/);
    expect(lines.some((l) => l.startsWith('Bcc:') || l.startsWith('至急'))).toBe(false);
  });
});
