/**
 * Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol) stands in for Windows Hello or a
 * security key. A second town's administrator, created with `mamori create-admin`, enrols a passkey as the forced
 * second factor, signs out, signs in again with it, and sees it listed in the account settings.
 */
import { expect, test } from '@playwright/test';
import {
  addVirtualAuthenticator,
  checkpoint,
  ISSUED_PASSWORD,
  mamoriCli,
  replaceIssuedPassword,
  watchForPageErrors,
} from './support.ts';

const ADMIN = { loginId: 'sato.h', password: 'Gonohe-joho-2026#' };
const STAFF = { loginId: 'suzuki.i', password: 'Gonohe-shokuin-2026%' };

test('a passkey as the second factor: enrol, sign in with it, see it in account settings', async ({ page }) => {
  const noPageErrors = watchForPageErrors(page);
  mamoriCli([
    'create-admin',
    '--tenant-name',
    '五戸町',
    '--tenant-code',
    '024431',
    '--committee',
    '五戸町情報セキュリティ委員会',
    '--login',
    ADMIN.loginId,
    '--password',
    ADMIN.password,
    '--family',
    '佐藤',
    '--given',
    '花子',
    '--family-kana',
    'さとう',
    '--given-kana',
    'はなこ',
  ]);

  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  const signIn = async () => {
    await page.getByLabel('ログインID').fill(ADMIN.loginId);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  };

  await test.step('forced enrolment with a passkey', async () => {
    await page.goto('/login');
    await signIn();
    await expect(page).toHaveURL(/\/enrol$/);
    await page.getByRole('tab', { name: 'パスキー' }).click();
    await page.getByLabel('パスキーの名前').fill('庁舎PC（Windows Hello）');
    await page.getByRole('button', { name: 'パスキーを登録' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '回復コードを保管してください' })).toBeVisible();
    await expect(page.getByTestId('recovery-code')).toHaveCount(10);
    await page.getByText('回復コードを保管しました').click();
    await page.getByRole('button', { name: 'Mamoriの利用を始める' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('五戸町');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
  });

  await test.step('sign out and sign in again with the passkey', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await signIn();
    await expect(page.getByRole('heading', { level: 1, name: '二要素認証' })).toBeVisible();
    // Passkey is the first method this account has; recovery codes are the alternative.
    await expect(page.getByRole('radio', { name: 'パスキー' })).toBeChecked();
    await checkpoint(page, '20-mfa-passkey');
    await page.getByRole('button', { name: 'パスキーで確認' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
  });

  await test.step('the passkey is listed in account settings', async () => {
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: 'アカウント設定' })
      .click();
    const table = page.getByRole('table', { name: 'パスキー' });
    await expect(table.getByRole('row', { name: /庁舎PC（Windows Hello）/ })).toBeVisible();
    await checkpoint(page, '21-account-passkey');
  });

  await test.step('a member of staff without oversight roles sees no findings card', async () => {
    // Set up through the API as the signed-in administrator (the organisation pages are built separately).
    const me = await (await page.request.get('/api/v1/auth/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    const person = await page.request.post('/api/v1/people', {
      headers,
      data: {
        staffNumber: '2001',
        familyName: '鈴木',
        givenName: '一郎',
        familyKana: 'すずき',
        givenKana: 'いちろう',
        employmentType: 'STAFF',
      },
    });
    expect(person.status()).toBe(201);
    const account = await page.request.post('/api/v1/accounts', {
      headers,
      data: { personId: (await person.json()).id, loginId: STAFF.loginId, password: ISSUED_PASSWORD },
    });
    expect(account.status()).toBe(201);
    await replaceIssuedPassword(new URL(page.url()).origin, STAFF.loginId, ISSUED_PASSWORD, STAFF.password);

    await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
    await page.getByLabel('ログインID').fill(STAFF.loginId);
    await page.getByLabel('パスワード').fill(STAFF.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('職員等');
    // Nothing but the pledge every member of staff owes (誓約, see pledges-committee-audit.spec.ts).
    await expect(page.getByRole('region', { name: '誓約が未提出です' })).toBeVisible();
    await expect(page.getByRole('region', { name: '組織体制の確認事項' })).toHaveCount(0);
    await checkpoint(page, '22-dashboard-staff');
  });

  noPageErrors();
});
