/**
 * 周知・確認 and 例外措置 in a real browser, in a town of its own (青空町, created with `mamori create-admin`; its
 * organisation through the API): the administrator asks 総務部 to confirm the 基本方針;
 * a member of staff sees it on 今日やること and confirms it; the completion follows (1 of 3). The annual 見直し is
 * recorded as discussed at a committee meeting, chosen by its date in 和暦 and title. A 情報セキュリティ管理者
 * applies for an exception; the CISO approves it; it is listed as active with its expiry. Every page: axe (no
 * serious/critical) and a screenshot, test-results/screenshots/rec-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { todayInJapan, toWarekiWithSeireki } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import {
  addVirtualAuthenticator,
  checkpoint,
  chooseOwnPassword,
  confirmWithPasskey,
  createTown,
  enrolPasskey,
  ISSUED_PASSWORD,
  replaceIssuedPassword,
  signIn,
  signOut,
  watchForPageErrors,
} from './support.ts';

const TOWN = { name: '青空町', code: '029742', committee: '青空町情報セキュリティ委員会' };
const ADMIN = {
  loginId: 'sato.aozora',
  password: 'Aozora-kanri-2026!',
  family: '佐藤',
  given: '一郎',
  familyKana: 'さとう',
  givenKana: 'いちろう',
};
const CISO = { loginId: 'yamada.aozora', password: 'Aozora-ciso-2026!' };
const MANAGER = { loginId: 'kimura.aozora', password: 'Aozora-kacho-2026!' };
const STAFF = { loginId: 'mori.aozora', password: 'Aozora-shokuin-2026!' };
const FROM = '2024-04-01';

type Json = Record<string, unknown> & { id: string };

function apiOf(page: Page) {
  let csrf = '';
  return async (method: 'GET' | 'POST', path: string, data?: unknown): Promise<Json> => {
    if (!csrf) csrf = (await (await page.request.get('/api/v1/auth/me')).json()).csrfToken;
    const res = await page.request.fetch(`/api/v1${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
    expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.json();
  };
}

/** 総務部 > 総務課 with its 課長 (情報セキュリティ管理者) and two members of staff; the 副町長 as CISO. */
async function seed(page: Page) {
  const api = apiOf(page);
  const body = (await api('POST', '/bodies', { kind: 'MAYOR_DEPT', name: '町長部局' })).id;
  const dept = (
    await api('POST', '/units', {
      bodyId: body,
      parentId: null,
      level: 'DEPT',
      name: '総務部',
      code: '100',
      sortOrder: 1,
      validFrom: FROM,
    })
  ).id;
  const section = (
    await api('POST', '/units', {
      bodyId: body,
      parentId: dept,
      level: 'SECTION',
      name: '総務課',
      code: '110',
      sortOrder: 2,
      validFrom: FROM,
    })
  ).id;
  const person = async (
    n: string,
    family: string,
    given: string,
    familyKana: string,
    givenKana: string,
    title: string,
  ) =>
    (
      await api('POST', '/people', {
        staffNumber: n,
        familyName: family,
        givenName: given,
        familyKana,
        givenKana,
        employmentType: 'STAFF',
        orgUnitId: section,
        title,
      })
    ).id;
  const manager = await person('2001', '木村', '浩', 'きむら', 'ひろし', '総務課長');
  const staff = await person('2002', '森', '花子', 'もり', 'はなこ', '主事');
  await person('2003', '林', '健', 'はやし', 'けん', '主任');
  const ciso = (
    await api('POST', '/people', {
      staffNumber: '1001',
      familyName: '山田',
      givenName: '誠',
      familyKana: 'やまだ',
      givenKana: 'まこと',
      employmentType: 'STAFF',
      orgUnitId: null,
      title: '副町長',
    })
  ).id;
  await api('POST', '/appointments', { role: 'CISO', personId: ciso, scopeId: null, validFrom: FROM });
  // The CISO must use a second factor: the account is made here, the password chosen and a passkey enrolled in the page.
  await api('POST', '/accounts', { personId: ciso, loginId: CISO.loginId, password: ISSUED_PASSWORD });
  await api('POST', '/appointments', { role: 'SEC_MANAGER', personId: manager, scopeId: section, validFrom: FROM });
  const origin = new URL(page.url()).origin;
  for (const [personId, who] of [
    [manager, MANAGER],
    [staff, STAFF],
  ] as const) {
    await api('POST', '/accounts', { personId, loginId: who.loginId, password: ISSUED_PASSWORD });
    await replaceIssuedPassword(origin, who.loginId, ISSUED_PASSWORD, who.password);
  }
}

test('policy records: acknowledgement campaign and an approved exception', async ({ page }) => {
  test.setTimeout(240_000);
  const noPageErrors = watchForPageErrors(page);
  const today = todayInJapan();
  const until = addDays(today, 20);
  createTown(TOWN, ADMIN);
  await addVirtualAuthenticator(page);
  const signInAdmin = async () => {
    await signIn(page, ADMIN);
    await confirmWithPasskey(page);
  };
  const today1 = page.getByRole('heading', { level: 1, name: '今日やること' });

  await test.step('the administrator enrols a passkey; the town is set up through the API', async () => {
    await signIn(page, ADMIN);
    await enrolPasskey(page, '庁舎PC');
    await seed(page);
  });

  await test.step('the administrator asks 総務部 to confirm the 基本方針', async () => {
    await page.goto('/policies/acknowledgements');
    await expect(page.getByRole('heading', { level: 2, name: '周知・確認の依頼' })).toBeVisible();
    await checkpoint(page, 'rec-ack-overview');
    await page.getByRole('link', { name: '依頼を作成' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '依頼を作成' })).toBeVisible();
    await page.locator('#field-versionId').selectOption({ label: '情報セキュリティ基本方針（第1版）' });
    await page.getByText('部局・課室の職員等（下位の課室を含む）', { exact: true }).click();
    await page.locator('#field-audience-unitId').selectOption({ label: '総務部' });
    await checkpoint(page, 'rec-ack-new');
    await page.getByRole('button', { name: '依頼する' }).click();
    await expect(page.getByText('0人／3人（0%）')).toBeVisible();
    await expect(page.getByRole('heading', { name: '未確認の人（3人）' })).toBeVisible();
    await checkpoint(page, 'rec-ack-report');
    await signOut(page);
  });

  await test.step('a member of staff is reminded on 今日やること and confirms', async () => {
    await signIn(page, STAFF);
    await expect(today1).toBeVisible();
    await page.getByRole('link', { name: '確認が必要な文書が1件あります' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '確認が必要な文書' })).toBeVisible();
    await checkpoint(page, 'rec-ack-mine');
    await page.getByRole('button', { name: /の内容を確認しました/ }).click();
    await expect(page.getByText(/を確認済みとして記録しました/)).toBeVisible();
    await expect(page.getByText('確認が必要な文書はありません。')).toBeVisible();
    await checkpoint(page, 'rec-ack-confirmed');
    await signOut(page);
  });

  await test.step('the completion follows: 1 of 3', async () => {
    await signInAdmin();
    await page.goto('/policies/acknowledgements');
    await expect(page.getByText('1人／3人（33.3%）')).toBeVisible();
    await page.getByRole('link', { name: /情報セキュリティ基本方針（第1版）の確認/ }).click();
    await expect(page.getByRole('heading', { name: '未確認の人（2人）' })).toBeVisible();
    await expect(page.getByRole('cell', { name: '森 花子' })).toHaveCount(0);
    await checkpoint(page, 'rec-ack-report-after');
    await signOut(page);
  });

  await test.step('the 見直し records the committee meeting it was discussed at', async () => {
    await signInAdmin();
    const api = apiOf(page);
    await api('POST', '/committee/meetings', { heldOn: today, kind: 'REGULAR', title: '第1回定例会' });
    const basic = ((await api('GET', '/policies')) as unknown as { items: Json[] }).items.find(
      (d) => d.kind === 'BASIC',
    );
    const review = await api('POST', '/policy-reviews', { documentId: basic?.id, trigger: 'ANNUAL' });
    await page.goto(`/policies/reviews/${review.id}`);
    await expect(page.getByRole('heading', { level: 2, name: '審議の記録' })).toBeVisible();
    const meetingName = `${toWarekiWithSeireki(today)}　第1回定例会`;
    await page.getByLabel(/^審議した委員会/).selectOption({ label: meetingName });
    await page.getByLabel(/^審議の内容/).fill('対策基準の改訂に合わせて見直す必要はないと確認した。');
    await checkpoint(page, 'rec-review-meeting');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('保存しました。')).toBeVisible();
    // On the record, after a reload: the meeting by its date and title, linking to its record.
    await page.reload();
    await expect(page.getByRole('link', { name: meetingName })).toHaveAttribute(
      'href',
      /\/organisation\/committee\/meetings\//,
    );
    await expect(page.getByLabel(/^審議した委員会/)).toHaveValue(/.+/);
    await checkpoint(page, 'rec-review-meeting-saved');
    await signOut(page);
  });

  await test.step('the 情報セキュリティ管理者 applies for an exception', async () => {
    await signIn(page, MANAGER);
    await expect(today1).toBeVisible();
    await page.goto('/policies/exceptions');
    await page.getByRole('link', { name: '例外措置を申請' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '例外措置を申請' })).toBeVisible();
    await page.getByLabel(/^対象の規定/).fill('支給以外の端末を業務に利用しないこと');
    await page.getByLabel(/^理由/).fill('庁舎の電源工事の間、委託事業者の端末で会議録を作成するため。');
    await page.getByLabel(/^代替の対策/).fill('持込み前にウイルス定義を更新し、終了後にデータを消去する。');
    await page.getByLabel(/^範囲の内容/).fill('総務課 会議録作成業務（端末1台）');
    await page.getByLabel(/^期限/).fill(until);
    await checkpoint(page, 'rec-exc-new');
    await page.getByRole('button', { name: '申請する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '例外措置' })).toBeVisible();
    await expect(page.getByText('承認待ち').first()).toBeVisible();
    await checkpoint(page, 'rec-exc-requested');
    await signOut(page);
  });

  await test.step('the CISO approves it; the list shows it active with its expiry', async () => {
    await signIn(page, { loginId: CISO.loginId, password: ISSUED_PASSWORD });
    await chooseOwnPassword(page, ISSUED_PASSWORD, CISO.password);
    await enrolPasskey(page, '副町長室PC');
    await page.goto('/policies/exceptions');
    const row = page.getByRole('row', { name: /支給以外の端末を業務に利用しないこと/ });
    await expect(row.getByText('承認待ち')).toBeVisible();
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: '承認の判断' })).toBeVisible();
    await checkpoint(page, 'rec-exc-decide');
    await expect(page.getByRole('radio', { name: '承認' })).toBeChecked();
    await page.getByLabel(/^判断の理由・条件/).fill('工事期間に限り許可する。');
    await page.getByRole('button', { name: '判断を記録' }).click();
    await expect(page.getByRole('status').filter({ hasText: '例外措置を承認しました。' })).toBeVisible();
    await expect(page.getByText('有効').first()).toBeVisible();
    await page.goto('/policies/exceptions');
    const approved = page.getByRole('row', { name: /支給以外の端末を業務に利用しないこと/ });
    await expect(approved.getByText('有効')).toBeVisible();
    await expect(approved.getByText('期限まで20日')).toBeVisible();
    await expect(approved).toContainText(toWarekiWithSeireki(until));
    await checkpoint(page, 'rec-exc-list');
  });

  noPageErrors();
});
