#!/usr/bin/env node
// `npm test`: every unit, API and database test (vitest, on SQLite and PostgreSQL), then the browser tests
// (Playwright driving Debian's Chromium), and one closing line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, PG_URL: process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;

rmSync('vitest.json', { force: true });
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=vitest.json']);
if (existsSync('vitest.json')) {
  const r = JSON.parse(readFileSync('vitest.json', 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that crashed before running its tests counts as a failure too.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else if (vitestStatus !== 0) {
  failed += 1;
}

const e2eSpecs = existsSync('tests/e2e') ? readdirSync('tests/e2e').filter((f) => f.endsWith('.spec.ts')) : [];
if (e2eSpecs.length > 0) {
  if (!existsSync('/usr/bin/chromium')) {
    const msg = 'Browser tests need Debian\'s Chromium: apt-get update && apt-get install -y chromium';
    if (process.env.CI) {
      console.error(`FAILED: ${msg}`);
      failed += 1;
    } else {
      console.warn(`SKIPPED ${e2eSpecs.length} browser test files. ${msg}`);
      skipped += e2eSpecs.length;
    }
  } else {
    const built = run('npx', ['vite', 'build', '--logLevel', 'warn']);
    if (built !== 0) {
      failed += 1;
    } else {
      rmSync('playwright.json', { force: true });
      run('npx', ['playwright', 'test']);
      if (existsSync('playwright.json')) {
        const s = JSON.parse(readFileSync('playwright.json', 'utf8')).stats;
        passed += s.expected + s.flaky;
        failed += s.unexpected;
        skipped += s.skipped;
      } else {
        failed += 1;
      }
    }
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
