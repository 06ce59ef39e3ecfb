/**
 * Shared helpers of the browser tests: checkpoints (axe + screenshot), TOTP codes, the CLI, error watching, and
 * administrator-issued passwords.
 *
 * ISSUED PASSWORDS — read this before creating users in a spec. An account made through account administration
 * (POST /api/v1/accounts, or the 「アカウントを作成」 page) or whose password an administrator reset must replace
 * that password at its first sign-in: until it does, the app shows only 「パスワードの設定」 (/change-password)
 * and the API answers 403 PASSWORD_CHANGE_REQUIRED. So a spec that creates a user and then signs in as them either
 *   - creates the account with ISSUED_PASSWORD and then calls
 *     `await replaceIssuedPassword(baseUrl, loginId, ISSUED_PASSWORD, theirPassword)` (over HTTP, no browser;
 *     baseUrl e.g. `new URL(page.url()).origin`), after which `theirPassword` signs in normally; or
 *   - signs in through the page with the issued password and calls `chooseOwnPassword(page, issued, chosen)`.
 * The administrator made by setup or `mamori create-admin` chose their own password and is not asked.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { expectAccessible } from './axe.ts';

export const SCREENSHOTS = 'test-results/screenshots';

/**
 * A page the test has arrived at: fonts loaded, no serious/critical axe violations, a full-page screenshot
 * saved as test-results/screenshots/<name>.png.
 */
export async function checkpoint(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await expectAccessible(page, name);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/**
 * Collects what must never happen in the app: uncaught exceptions and Content-Security-Policy refusals
 * (the server's CSP allows no inline script and nothing external).
 */
export function watchForPageErrors(page: Page): () => void {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return () => expect(problems, problems.join('\n')).toEqual([]);
}

const step = (ms: number) => Math.floor(ms / 30_000);

/**
 * A TOTP code the server will accept: the server refuses a time step it has already seen (replay protection),
 * so when `after` is the step of the last code used, this waits for the next 30-second step.
 */
export async function totpCode(secret: string, after?: number): Promise<{ code: string; step: number }> {
  if (after !== undefined) {
    while (step(Date.now()) <= after) await new Promise((r) => setTimeout(r, 500));
  }
  // Not within the last second of a step, so the code is still current when it arrives.
  if (30_000 - (Date.now() % 30_000) < 1500) await new Promise((r) => setTimeout(r, 1600));
  const now = Date.now();
  return { code: generateSync({ secret, epoch: Math.floor(now / 1000) }), step: step(now) };
}

/** Runs `mamori <args>` against the installation the tests' server uses. */
export function mamoriCli(args: string[]): string {
  const dir = process.env.MAMORI_E2E_DIR;
  if (!dir) throw new Error('MAMORI_E2E_DIR is not set: run the browser tests through `npx playwright test`');
  return execFileSync('node', ['bin/mamori.js', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.MAMORI_E2E_DATABASE_URL,
      MAMORI_DATA_DIR: dir,
      MAMORI_SECRET_KEY: process.env.MAMORI_E2E_SECRET_KEY,
      MAMORI_LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
  });
}

/** A first password as an administrator would issue it (see the header: it must be replaced at first sign-in). */
export const ISSUED_PASSWORD = 'Issued-by-admin-2026';

/**
 * The user's first sign-in, over HTTP: signs in with the issued password, replaces it with `chosen`, signs out.
 * Leaves no browser state behind (the page's own session is untouched).
 */
export async function replaceIssuedPassword(baseUrl: string, loginId: string, issued: string, chosen: string) {
  const call = async (path: string, body: unknown, cookie?: string, csrf?: string) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: JSON.stringify(body),
    });
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('mamori_sid='))
      ?.split(';')[0];
  const login = await call('/auth/login', { loginId, password: issued });
  const signedIn = (await login.json()) as { csrfToken?: string; passwordChangeRequired?: boolean };
  if (!login.ok || !signedIn.passwordChangeRequired) {
    throw new Error(`first sign-in of ${loginId}: ${login.status} ${JSON.stringify(signedIn)}`);
  }
  const changed = await call(
    '/account/password',
    { current: issued, next: chosen },
    cookieOf(login),
    signedIn.csrfToken,
  );
  const body = (await changed.json()) as { csrfToken?: string };
  if (!changed.ok) throw new Error(`password change of ${loginId}: ${changed.status} ${JSON.stringify(body)}`);
  await call('/auth/logout', {}, cookieOf(changed), body.csrfToken);
}

/**
 * On the 「パスワードの設定」 page a first sign-in lands on: enters the issued password and the chosen one twice.
 * With `checkpointName`, the page is checked (axe + screenshot) before submitting.
 */
export async function chooseOwnPassword(page: Page, issued: string, chosen: string, checkpointName?: string) {
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードの設定' })).toBeVisible();
  await page.locator('#field-current').fill(issued);
  await page.locator('#field-next').fill(chosen);
  await page.locator('#field-nextConfirm').fill(chosen);
  if (checkpointName) await checkpoint(page, checkpointName);
  await page.getByRole('button', { name: 'パスワードを設定して続ける' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードの設定' })).toHaveCount(0);
}

export interface Town {
  name: string;
  code: string;
  committee: string;
}

export interface FirstAdmin {
  loginId: string;
  password: string;
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
}

/** A town of its own with its first administrator (`mamori create-admin`, staff number 0001). */
export function createTown(town: Town, admin: FirstAdmin) {
  mamoriCli([
    'create-admin',
    ...['--tenant-name', town.name, '--tenant-code', town.code, '--committee', town.committee],
    ...['--login', admin.loginId, '--password', admin.password, '--family', admin.family, '--given', admin.given],
    ...['--family-kana', admin.familyKana, '--given-kana', admin.givenKana, '--staff-number', '0001'],
  ]);
}

/** Opens the sign-in page and signs in with a password; what follows (second factor, enrolment, …) is the caller's. */
export async function signIn(page: Page, who: { loginId: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(who.loginId);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

export async function signOut(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** After the forced enrolment of a second factor: the recovery codes are kept, and 今日やること opens. */
async function finishEnrolment(page: Page) {
  await page.getByText('回復コードを保管しました').click();
  await page.getByRole('button', { name: 'Mamoriの利用を始める' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
}

/**
 * The forced enrolment at a first sign-in, with an authenticator app. Returns the secret and the time step of the
 * code used (the next code must come from a later step: see totpCode).
 */
export async function enrolTotp(page: Page): Promise<{ secret: string; step: number }> {
  await expect(page).toHaveURL(/\/enrol$/);
  const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
  const { code, step } = await totpCode(secret);
  await page.locator('#field-code').fill(code);
  await page.getByRole('button', { name: '確認して登録' }).click();
  await finishEnrolment(page);
  return { secret, step };
}

/** The forced enrolment at a first sign-in, with a passkey (needs addVirtualAuthenticator). */
export async function enrolPasskey(page: Page, name: string) {
  await expect(page).toHaveURL(/\/enrol$/);
  await page.getByRole('tab', { name: 'パスキー' }).click();
  await page.getByLabel('パスキーの名前').fill(name);
  await page.getByRole('button', { name: 'パスキーを登録' }).click();
  await finishEnrolment(page);
}

/** The second step of a sign-in with a passkey already enrolled. */
export async function confirmWithPasskey(page: Page) {
  await page.getByRole('button', { name: 'パスキーで確認' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
}

/** Chromium's virtual authenticator (DevTools protocol) standing in for Windows Hello or a security key. */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}
