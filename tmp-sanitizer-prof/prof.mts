import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { defaultPolicy, MemoryQuarantineStore, sanitizeMessage, sharedParsePool, htmlToText } from '/work/main/src/sanitizer/index.ts';
import { defangText } from '/work/main/src/sanitizer/body/defang.ts';
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
const mode = process.argv[2] ?? 'full';
const mails: Buffer[] = []; const htmls: string[] = [];
for (let i = 0; i < 200; i++) {
  const size = 5_000 + ((i * 7919) % 45_000);
  const html = htmlOfSize(size, i); htmls.push(html);
  mails.push(await new MailComposer({ from: '"総務課" <somu@city.example.jp>', to: 'taro@lg.example.jp', subject: `【お知らせ】第${i}号 ①㈱髙`, html }).compile().build());
}
const t0 = performance.now(); const c0 = process.cpuUsage();
if (mode === 'full') {
  for (let r = 0; r < 3; r++) for (const m of mails) await sanitizeMessage(m, defaultPolicy, { store: new MemoryQuarantineStore() });
} else {
  for (let r = 0; r < 3; r++) for (const h of htmls) { const x = htmlToText(h); defangText(x.text, defaultPolicy.body, {urls:0}); }
}
const c = process.cpuUsage(c0);
console.log(mode, 'wall ms/mail', ((performance.now() - t0) / 600).toFixed(3), 'cpu ms/mail', ((c.user + c.system) / 1000 / 600).toFixed(3));
await sharedParsePool().close();
