/**
 * Where the text path's time goes (CPU ms per mail, this process, all threads): npx tsx bench/sanitizer-breakdown.ts
 * [--mails 300] [--profile DIR]. Same mails as bench/sanitizer.bench.ts. With --profile the full-sanitize loop alone
 * is recorded with the inspector (main thread) and written as DIR/sanitize.cpuprofile (open in Chrome DevTools).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import PostalMime from 'postal-mime';
import { htmlToText } from '../src/sanitizer/body/html-text.ts';
import { defaultPolicy, MemoryQuarantineStore, sanitizeMessage, sharedParsePool } from '../src/sanitizer/index.ts';
import { buildMails } from './sanitizer-mails.ts';

const { values } = parseArgs({
  options: { mails: { type: 'string', default: '300' }, profile: { type: 'string' } },
});
const N = Number(values.mails);
const mails = await buildMails(N);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function measure(name: string, f: (m: Buffer) => unknown | Promise<unknown>) {
  for (const m of mails) await f(m); // warm-up pass: steady state, as in a long-running relay
  const c = cpu();
  for (const m of mails) await f(m);
  const ms = (cpu() - c) / N;
  console.log(`| ${name} | ${ms.toFixed(3)} |`);
  return ms;
}
const pool = sharedParsePool();
console.log('| step | CPU ms/mail |\n| --- | --- |');
const bare = await measure('bare parse (postal-mime, in thread)', (m) => PostalMime.parse(m));
await measure('pool parse (fast path, else worker)', (m) => pool.parse(m, defaultPolicy.limits));
await measure('worker parse (postal-mime, incl. transfer)', (m) => pool.parseInWorker(m, defaultPolicy.limits));
const parsed = await Promise.all(mails.map((m) => PostalMime.parse(m)));
let i = 0;
await measure('HTML → text only', () => htmlToText(parsed[i++ % N].html ?? ''));
const store = new MemoryQuarantineStore();
let session: Session | null = null;
if (values.profile) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const full = await measure('full sanitize', (m) => sanitizeMessage(m, defaultPolicy, { store }));
if (session && values.profile) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(join(values.profile, 'sanitize.cpuprofile'), JSON.stringify(profile));
}
console.log(`ratio full / bare (CPU): ${(full / bare).toFixed(2)}×`);
await pool.close();
