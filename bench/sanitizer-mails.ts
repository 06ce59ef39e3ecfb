/** The text-path test mails of the sanitizer benchmarks: 5–50 KB HTML with tables, lists, links and Japanese. */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

function htmlOfSize(target: number, seed: number): string {
  const parts = ['<html><head><style>td{color:red}</style></head><body><h1>令和8年度 ①㈱髙 情報セキュリティ通信</h1>'];
  let i = seed;
  while (Buffer.byteLength(parts.join('')) < target) {
    i++;
    parts.push(
      `<p>お世話になっております。第${i}号のお知らせです。詳細は <a href="https://city.example.lg.jp/news/${i}">こちら</a> をご覧ください。https://plain.example.com/${i}</p>`,
    );
    parts.push(
      `<table><tr><th>項目</th><th>金額</th></tr><tr><td>委託料${i}</td><td>${i * 1000}円</td></tr><tr><td>保守</td><td>${i * 37}円</td></tr></table>`,
    );
    parts.push(
      `<ul><li>一つ目の項目 ${i}</li><li>二つ目 <b>重要</b></li></ul><div style="display:none">hidden ${i}</div>`,
    );
  }
  return `${parts.join('\n')}<a href="https://evil.example.com">https://bank.example.jp</a></body></html>`;
}

export async function buildMails(n: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const size = 5_000 + ((i * 7919) % 45_000);
    out.push(
      await new MailComposer({
        from: '"総務課" <somu@city.example.jp>',
        to: 'taro@lg.example.jp',
        subject: `【お知らせ】第${i}号 ①㈱髙`,
        html: htmlOfSize(size, i),
      })
        .compile()
        .build(),
    );
  }
  return out;
}
