import { htmlToText } from '../src/sanitizer/body/html-text.ts';
import { defangText } from '../src/sanitizer/body/defang.ts';
import { defaultPolicy } from '../src/sanitizer/policy.ts';
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
const texts: string[] = [];
for (let i = 0; i < 300; i++) texts.push(htmlToText(htmlOfSize(5_000 + ((i * 7919) % 45_000), i)).text);
const RUN = /[^\s<>"'`\u0080-\uffff]+/g;
const alt = (t: string) => t.replace(RUN, (run) => (run.includes('.') || run.includes(':') || run.includes('@') ? defangText(run, defaultPolicy.body) : run));
let d = 0; for (const t of texts) if (alt(t) !== defangText(t, defaultPolicy.body)) d++;
console.log('diff', d);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let k = 0; k < 2; k++) {
  let c0 = cpu(); for (let r = 0; r < 5; r++) for (const t of texts) defangText(t, defaultPolicy.body); console.log('regex', ((cpu() - c0) / 1500).toFixed(3));
  c0 = cpu(); for (let r = 0; r < 5; r++) for (const t of texts) alt(t); console.log('runs ', ((cpu() - c0) / 1500).toFixed(3));
}
