/**
 * The first day of an installation, in a real browser against a real server: first-run setup → sign-in →
 * forced TOTP enrolment → recovery codes → 今日やること with the organisation's findings → other areas →
 * account settings → sign out → sign in again with password + TOTP → sign out everywhere.
 * Every page visited is checked with axe and photographed (test-results/screenshots/).
 */
import { expect, test } from '@playwright/test';
import { fiscalYearLabel, fiscalYearOf, todayInJapan } from '../../src/domain/calendar.ts';
import { checkpoint, totpCode, watchForPageErrors } from './support.ts';

const TOWN = { name: '六戸町', code: '024058', wrongCode: '024050', committee: '六戸町電算管理運営委員会' };
const ADMIN = {
  family: '山田',
  given: '太郎',
  familyKana: 'やまだ',
  givenKana: 'たろう',
  staffNumber: '1001',
  title: '総務課長',
  loginId: 'yamada.t',
  password: 'Rokunohe-kanri-2026!',
  newPassword: 'Rokunohe-kanri-2027?',
};

test('first run: setup, sign-in with MFA enrolment, dashboard, account, sign-out and back', async ({ page }) => {
  const noPageErrors = watchForPageErrors(page);
  let secret = '';
  let lastStep = 0;

  await test.step('first-run setup, with errors shown in the summary and under the fields', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole('heading', { level: 1, name: '初期設定' })).toBeVisible();
    // The default 実施機関.
    await expect(page.locator('#field-tenant-bodies-0-name')).toHaveValue('町長部局');
    await expect(page.locator('#field-tenant-bodies-1-name')).toHaveValue('教育委員会');
    await expect(page.locator('#field-tenant-bodies-2-name')).toHaveValue('議会');
    await checkpoint(page, '01-setup');

    await page.getByRole('button', { name: '登録する' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '入力内容に誤りがあります' });
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: '団体名を入力してください。' })).toBeVisible();
    await checkpoint(page, '02-setup-errors');
    await summary.getByRole('link', { name: '団体コードを入力してください。' }).click();
    await expect(page.locator('#field-tenant-code')).toBeFocused();

    await page.locator('#field-tenant-name').fill(TOWN.name);
    await page.locator('#field-tenant-code').fill(TOWN.wrongCode);
    await page.locator('#field-tenant-committeeName').fill(TOWN.committee);
    await page.locator('#field-admin-familyName').fill(ADMIN.family);
    await page.locator('#field-admin-givenName').fill(ADMIN.given);
    await page.locator('#field-admin-familyKana').fill(ADMIN.familyKana);
    await page.locator('#field-admin-givenKana').fill(ADMIN.givenKana);
    await page.locator('#field-admin-staffNumber').fill(ADMIN.staffNumber);
    await page.locator('#field-admin-title').fill(ADMIN.title);
    await page.locator('#field-admin-loginId').fill(ADMIN.loginId);
    await page.locator('#field-admin-password').fill(ADMIN.password);
    await page.locator('#field-admin-passwordConfirm').fill(ADMIN.password);
    await page.getByRole('button', { name: '登録する' }).click();

    // The server's check-digit verdict, under the field and in the summary; what was typed is kept.
    const codeField = page.locator('#field-tenant-code');
    await expect(codeField).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await codeField.getAttribute('aria-describedby')) ?? '';
    await expect(page.getByText('検査数字', { exact: false }).first()).toBeVisible();
    expect(describedBy.split(' ').length).toBeGreaterThanOrEqual(2); // help text and error message
    await expect(page.locator('#field-admin-familyName')).toHaveValue(ADMIN.family);
    await checkpoint(page, '03-setup-server-error');

    await codeField.fill(TOWN.code);
    await page.getByRole('button', { name: '登録する' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('作成した管理者でログインし、二要素認証を設定してください。')).toBeVisible();
  });

  await test.step('sign in: a wrong password is refused with the server message, then MFA enrolment is forced', async () => {
    await checkpoint(page, '04-login');
    await page.getByLabel('ログインID').fill(ADMIN.loginId);
    await page.getByLabel('パスワード').fill('not-the-password');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    // The server's own words (they say what to do), shown verbatim.
    const refusal = await (await refused).json();
    expect(refusal.code).toBe('INVALID_CREDENTIALS');
    await expect(page.getByRole('alert')).toContainText(refusal.message.ja);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page).toHaveURL(/\/enrol$/);
    await expect(page.getByRole('heading', { level: 1, name: '二要素認証の設定' })).toBeVisible();
  });

  await test.step('enrol the authenticator app from the key shown on the page', async () => {
    const secretEl = page.getByTestId('totp-secret');
    await expect(secretEl).toBeVisible();
    await expect(page.getByRole('img', { name: '認証アプリに登録するためのQRコード' })).toBeVisible();
    secret = (await secretEl.getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await checkpoint(page, '05-enrol-totp');

    await page.getByRole('tab', { name: 'パスキー' }).click();
    await expect(page.getByRole('button', { name: 'パスキーを登録' })).toBeVisible();
    await checkpoint(page, '06-enrol-passkey-tab');
    await page.getByRole('tab', { name: '認証アプリ' }).click();
    // Switching tabs keeps the same key (a new one would invalidate what the user scanned).
    await expect(page.getByTestId('totp-secret')).toHaveAttribute('data-secret', secret);

    const { code, step } = await totpCode(secret);
    lastStep = step;
    await page.locator('#field-code').fill(code);
    await page.getByRole('button', { name: '確認して登録' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '回復コードを保管してください' })).toBeVisible();
    await expect(page.getByTestId('recovery-code')).toHaveCount(10);
    await checkpoint(page, '07-recovery-codes');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: 'test-results/screenshots/07b-recovery-codes-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Mamoriの利用を始める' }).click();
    await expect(page.getByText('回復コードを保管したら、チェックを入れてください。')).toBeVisible();
    await page.getByText('回復コードを保管しました').click();
    await page.getByRole('button', { name: 'Mamoriの利用を始める' }).click();
  });

  await test.step('今日やること lists the organisation findings with their clause', async () => {
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    const header = page.getByRole('banner');
    await expect(header).toContainText(TOWN.name);
    await expect(header).toContainText(fiscalYearLabel(fiscalYearOf(todayInJapan())));
    await expect(header).toContainText('Mamori管理者');
    await expect(header).toContainText(`${ADMIN.family} ${ADMIN.given}`);

    const card = page.getByRole('region', { name: '組織体制の確認事項' });
    const ciso = card.locator('[data-finding="ORG-NO-CISO"]');
    await expect(ciso).toContainText('最高情報セキュリティ責任者（CISO）が任命されていません。');
    await expect(ciso).toContainText('重大');
    await expect(ciso).toContainText('基本方針 6(1)');
    await expect(ciso.getByRole('link', { name: /組織体制で確認する/ })).toHaveAttribute(
      'href',
      '/organisation/appointments',
    );
    await expect(card.locator('[data-finding="ORG-NO-TOTAL-RESPONSIBLE"]')).toBeVisible();
    await checkpoint(page, '08-dashboard');

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: 'test-results/screenshots/08b-dashboard-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'To do today' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await checkpoint(page, '09-dashboard-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
  });

  await test.step('keyboard: skip link, visible focus', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '本文へ移動' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.screenshot({ path: 'test-results/screenshots/08c-focus-ring.png' });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  await test.step('the other areas in the menu', async () => {
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: '組織体制' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '組織体制' })).toBeFocused();
    await expect(nav.getByRole('link', { name: '組織体制' })).toHaveAttribute('aria-current', 'page');
    await checkpoint(page, '10-organisation');
    await nav.getByRole('link', { name: '監査証跡' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '監査証跡' })).toBeVisible();
    await checkpoint(page, '11-audit');
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: 'ページが見つかりません' })).toBeVisible();
    await checkpoint(page, '12-not-found');
  });

  await test.step('account settings: password change, recovery codes, sessions', async () => {
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: 'アカウント設定' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'アカウント設定' })).toBeVisible();
    await expect(page.getByText('この端末（現在のセッション）')).toBeVisible();
    await expect(page.getByText('未使用 10件')).toBeVisible();
    await checkpoint(page, '13-account');

    await page.locator('#field-current').fill('not-the-password');
    await page.locator('#field-next').fill(ADMIN.newPassword);
    await page.locator('#field-nextConfirm').fill(ADMIN.newPassword);
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await expect(page.locator('#field-current')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('現在のパスワードが正しくありません。').first()).toBeVisible();
    await checkpoint(page, '14-account-password-error');
    await page.locator('#field-current').fill(ADMIN.password);
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await expect(page.getByText('パスワードを変更しました。')).toBeVisible();

    await page.getByRole('button', { name: '回復コードを再発行' }).click();
    const dialog = page.getByRole('alertdialog', { name: '回復コードを再発行しますか' });
    await expect(dialog).toBeVisible();
    await checkpoint(page, '15-account-confirm-dialog');
    await dialog.getByRole('button', { name: '再発行する' }).click();
    await expect(page.getByTestId('recovery-code')).toHaveCount(10);
    await page.getByText('回復コードを保管しました').click();
    await page.getByRole('button', { name: '閉じる' }).click();
    await expect(page.getByText('未使用 10件')).toBeVisible();
  });

  await test.step('sign out, then sign in again with the new password and a TOTP code', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('ログアウトしました。')).toBeVisible();

    await page.getByLabel('ログインID').fill(ADMIN.loginId);
    await page.getByLabel('パスワード').fill(ADMIN.newPassword);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '二要素認証' })).toBeVisible();
    await checkpoint(page, '16-mfa');

    await page.locator('#field-code').fill('000000');
    const wrongCode = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/mfa/totp'));
    await page.getByRole('button', { name: '確認', exact: true }).click();
    const wrong = await (await wrongCode).json();
    expect(wrong.code).toBe('INVALID_CODE');
    await expect(page.getByRole('alert')).toContainText(wrong.message.ja);

    const { code } = await totpCode(secret, lastStep);
    await page.locator('#field-code').fill(code);
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
  });

  await test.step('sign out everywhere', async () => {
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: 'アカウント設定' })
      .click();
    await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'ログアウトする' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('すべての端末からログアウトしました。')).toBeVisible();
  });

  noPageErrors();
});
