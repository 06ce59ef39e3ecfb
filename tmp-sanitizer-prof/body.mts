import { htmlToText } from '../src/sanitizer/body/html-text.ts';
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
const htmls: string[] = [];
for (let i = 0; i < 300; i++) htmls.push(htmlOfSize(5_000 + ((i * 7919) % 45_000), i));
for (let r = 0; r < 15; r++) for (const h of htmls) htmlToText(h);
