/** Shared helpers of the browser tests: checkpoints (axe + screenshot), TOTP codes, the CLI, error watching. */
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
