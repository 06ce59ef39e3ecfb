#!/usr/bin/env node
// `npm start` runs this first (prestart): builds the web app with Vite only when dist/web/index.html is missing or
// older than the newest file under web/ (or the build config), so that `npm install && npm start` serves the UI
// and a second start costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = 'dist/web/index.html';
const INPUTS = ['web', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let latest = s.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const builtAt = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
const changedAt = Math.max(...INPUTS.map(newest));

if (builtAt >= changedAt) {
  console.log('画面（dist/web）は最新です。 / The web app in dist/web is up to date.');
  process.exit(0);
}
console.log('画面をビルドしています（vite build）。 / Building the web app (vite build).');
const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
