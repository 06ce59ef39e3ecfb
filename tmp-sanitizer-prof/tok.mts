import { Parser, Tokenizer } from 'htmlparser2';
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
const N = 300; const htmls: string[] = [];
for (let i = 0; i < N; i++) htmls.push(htmlOfSize(5_000 + ((i * 7919) % 45_000), i));
console.log('avg html chars', htmls.reduce((s, h) => s + h.length, 0) / N);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time(label: string, fn: () => void, reps = 5) {
  fn(); const c0 = cpu();
  for (let r = 0; r < reps; r++) fn();
  console.log(label.padEnd(24), 'cpu ms/mail', ((cpu() - c0) / reps / N).toFixed(3));
}
time('Parser empty', () => { for (const h of htmls) { const p = new Parser({}, { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true }); p.write(h); p.end(); } });
const noop = () => {};
const cbs = { onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop, onclosetag: noop, oncomment: noop, ondeclaration: noop, onend: noop, onopentagend: noop, onopentagname: noop, onprocessinginstruction: noop, onselfclosingtag: noop, ontext: noop, ontextentity: noop };
time('Tokenizer noop', () => { for (const h of htmls) { const t = new Tokenizer({ decodeEntities: true }, cbs as never); t.write(h); t.end(); } });
time('indexOf < scan', () => { for (const h of htmls) { let i = 0, n = 0; while ((i = h.indexOf('<', i)) >= 0) { n++; i++; } } });
time('regex tag scan', () => { const re = /<\/?([a-zA-Z][^\s/>]*)([^>]*)>/g; for (const h of htmls) { re.lastIndex = 0; let m; let n = 0; while ((m = re.exec(h))) n++; } });
