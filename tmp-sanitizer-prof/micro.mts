import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import PostalMime from 'postal-mime';
import { defaultPolicy, MemoryQuarantineStore, sanitizeMessage, sharedParsePool, htmlToText } from '../src/sanitizer/index.ts';
import { defangText } from '../src/sanitizer/body/defang.ts';
import { createHash } from 'node:crypto';
function htmlOfSize(target: number, seed: number): string {
  const parts = ['<html><head><style>td{color:red}</style></head><body><h1>令和8年度 ①㈱髙 情報セキュリティ通信</h1>'];
  let i = seed;
  while (Buffer.byteLength(parts.join('')) < target) {
    i++;
    parts.push(`<p>お世話になっております。第${i}号のお知らせです。詳細は <a href="https://city.example.lg.jp/news/${i}">こちら</a> をご覧ください。https://plain.example.com/${i}</p>`);
    parts.push(`<table><tr><th>項目</th><th>金額</th></tr><tr><td>委託料${i}</td><td>${i * 1000}円</td></tr><tr><td>保守</td><td>${i * 37}円</td></tr></table>`);
    parts.push(`<ul><li>一つ目の項目 ${i}</li><li>二つ目 <b>重要</b></li></ul><div style="display:none">hidden ${i}</div>`);
  }
  return `${parts.join('\n')}<a href="https://evil.example.com">https://bank.example.jp</a></body></html>`;
}
const N = 300;
const mails: Buffer[] = []; const htmls: string[] = [];
for (let i = 0; i < N; i++) {
  const size = 5_000 + ((i * 7919) % 45_000);
  const html = htmlOfSize(size, i); htmls.push(html);
  mails.push(await new MailComposer({ from: '"総務課" <somu@city.example.jp>', to: 'taro@lg.example.jp', subject: `【お知らせ】第${i}号 ①㈱髙`, html }).compile().build());
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function time(label: string, fn: () => Promise<void> | void, reps = 3) {
  await fn();
  const c0 = cpu(); const t0 = performance.now();
  for (let r = 0; r < reps; r++) await fn();
  console.log(label.padEnd(20), 'cpu ms/mail', ((cpu() - c0) / reps / N).toFixed(3), 'wall', ((performance.now() - t0) / reps / N).toFixed(3));
}
const texts = htmls.map((h) => htmlToText(h).text);
const pool = sharedParsePool();
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'bare') await time('bare parse', async () => { for (const m of mails) await PostalMime.parse(m); });
if (which === 'all' || which === 'pool') await time('pool parse', async () => { for (const m of mails) await pool.parse(m, defaultPolicy.limits); });
if (which === 'all' || which === 'html') await time('htmlToText', () => { for (const h of htmls) htmlToText(h); });
if (which === 'all' || which === 'defang') await time('defang', () => { for (const t of texts) defangText(t, defaultPolicy.body, { urls: 0 }); });
if (which === 'all' || which === 'sha') await time('sha256 raw', () => { for (const m of mails) createHash('sha256').update(m).digest('hex'); });
if (which === 'all' || which === 'full') await time('full', async () => { for (const m of mails) await sanitizeMessage(m, defaultPolicy, { store: new MemoryQuarantineStore() }); });
await pool.close();
