import { defineConfig } from '@playwright/test';

/** The server the browser tests drive: started by tests/e2e/global-setup.ts on a fresh database. */
export const E2E_PORT = Number(process.env.MAMORI_E2E_PORT ?? 3199);
export const E2E_URL = `http://localhost:${E2E_PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One server and one database for the whole run; the specs share it, so they run one at a time, in file order
  // (00-first-run.spec.ts first: it needs an installation without any town). Each other spec uses its own 団体コード.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'playwright.json' }]],
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/artifacts',
  use: {
    // localhost (not 127.0.0.1): the WebAuthn relying party is the host of MAMORI_PUBLIC_URL.
    baseURL: E2E_URL,
    viewport: { width: 1366, height: 768 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium (never `npx playwright install`: no browser downloads).
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'debian-chromium', use: { browserName: 'chromium' } }],
});
