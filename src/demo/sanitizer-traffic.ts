/**
 * Two weeks of everyday mail for 青葉町's 無害化 gateway: 30–120 mails a weekday and a handful at weekends —
 * notices from the 県 and the State, suppliers, residents, newsletters — with the usual few bad ones: executables and
 * scripts whose attachment is removed, password ZIPs held, malformed bulk mail quarantined. Each mail goes through
 * the real pipeline and the platform's log sink; only the record's time is set to when the mail "arrived", as the
 * relay stamps its records. Seeded by the date, so a demo built on the same day is the same.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { todayInJapan } from '../domain/calendar.ts';
import type { LogSink } from '../sanitizer/log.ts';
import { sanitizeMessage } from '../sanitizer/pipeline.ts';
import type { Policy } from '../sanitizer/policy.ts';
import type { QuarantineStore } from '../sanitizer/quarantine.ts';

const DAY_MS = 86_400_000;

/** A small deterministic generator (mulberry32): the same seed gives the same mail. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;
const seedOf = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);

const SENDERS = {
  pref: [
    '"青森県 総務部 市町村課" <shichoson@pref.example.lg.jp>',
    '"青森県 健康福祉部 高齢福祉保険課" <korei@pref.example.lg.jp>',
    '"青森県 危機管理局 防災危機管理課" <bousai@pref.example.lg.jp>',
    '"青森県 企画政策部 情報システム課" <joho@pref.example.lg.jp>',
  ],
  state: ['"地方公共団体情報システム機構" <info@j-lis.example.jp>', '"総務省 自治行政局" <jichi@soumu.example.go.jp>'],
  supplier: [
    '"株式会社みちのく情報システム サポート窓口" <support@michinoku-is.example.co.jp>',
    '"株式会社サンプル商事 営業部" <eigyo@sample-shoji.example.com>',
    '"青葉建設株式会社" <office@aoba-kensetsu.example.co.jp>',
    '"東北印刷株式会社" <info@tohoku-print.example.co.jp>',
  ],
  resident: ['<yamada.t@mail.example.ne.jp>', '<sato-k@mail.example.ne.jp>', '<aoba.shokokai@example.jp>'],
  news: ['"自治体セキュリティ通信" <news@security-news.example.jp>', '"地方行政ニュース" <mag@gyosei-news.example.jp>'],
  bad: ['"Accounts" <billing@invoice-notice.example.net>', '"宅配便 不在通知" <noreply@delivery-info.example.net>'],
};

const PREF_SUBJECTS = [
  '【照会】令和8年度 地方公共団体における情報セキュリティ対策の状況調査について',
  '【依頼】防災行政無線の運用状況に関する調査（回答期限厳守）',
  '【通知】住民基本台帳事務処理要領の一部改正について',
  '【事務連絡】介護保険事業状況報告（月報）の提出について',
  '【周知】年末年始における情報セキュリティ対策の徹底について',
  '【照会】公共施設等総合管理計画の見直し状況について',
];
const STATE_SUBJECTS = [
  '【J-LIS】LGWAN-ASP サービスの計画停止のお知らせ',
  '【周知】標準準拠システムへの移行に関する説明会の開催について',
  '【事務連絡】マイナンバーカード交付状況の報告について',
];
const SUPPLIER_SUBJECTS = [
  '定期保守作業のご案内（{{month}}月）',
  'お見積書送付のご連絡',
  '納品のご連絡',
  '打合せ日程のご相談',
  'システム更新作業の完了報告',
];
const RESIDENT_SUBJECTS = [
  'ごみ収集日についての問い合わせ',
  '住民票の郵送請求について',
  '商工会イベントへの後援のお願い',
];
const NEWS_SUBJECTS = ['今週のセキュリティニュース', '自治体DXの最新動向', '行政ニュース ダイジェスト'];

/** The town's staff addresses that background mail is sent to (local parts of the demo's people). */
export interface Mailbox {
  address: string;
  weight: number;
}

interface Sample {
  raw: Buffer;
  from: string;
  to: string[];
}

const compose = (opts: Record<string, unknown>) => new MailComposer(opts).compile().build();
const addressOf = (sender: string) => sender.match(/<([^>]+)>/)?.[1] ?? sender;

function textBody(r: Random, greeting: string, lines: string[], sender: string): string {
  const name = sender.replace(/<.*$/, '').replace(/"/g, '').trim();
  return `${greeting}\n\n${lines.join('\n')}\n\n${r.pick(['よろしくお願いいたします。', '以上、よろしくお願いします。'])}\n\n${name}`;
}

/** One mail of an ordinary day; `attachments` are prepared once and reused. */
async function everydayMail(
  r: Random,
  to: string,
  at: Date,
  files: { photo: Buffer; exe: Buffer; ppap: Buffer },
): Promise<Sample> {
  const day = at.toISOString().slice(0, 10);
  const month = Number(day.slice(5, 7));
  const roll = r.next();
  const mail = (from: string, opts: Record<string, unknown>) =>
    compose({ from, to, date: at, ...opts }).then((raw) => ({ raw, from: addressOf(from), to: [to] }));
  if (roll < 0.3) {
    const from = r.pick(SENDERS.pref);
    return mail(from, {
      subject: r.pick(PREF_SUBJECTS),
      text: textBody(
        r,
        '各市町村 担当者 様',
        [
          '標記について、別添のとおり通知します。',
          '詳細は次のページを御確認ください。',
          'https://www.pref.example.lg.jp/soumu/',
        ],
        from,
      ),
      attachments:
        r.next() < 0.3
          ? [
              {
                filename: '回答様式.csv',
                content: Buffer.from('市町村名,回答者,回答\n青葉町,,\n', 'utf8'),
                contentType: 'text/csv',
              },
            ]
          : [],
    });
  }
  if (roll < 0.4) {
    const from = r.pick(SENDERS.state);
    return mail(from, {
      subject: r.pick(STATE_SUBJECTS),
      text: textBody(r, '地方公共団体 御担当者 様', ['標記の件について、お知らせします。'], from),
    });
  }
  if (roll < 0.62) {
    const from = r.pick(SENDERS.supplier);
    return mail(from, {
      subject: r.pick(SUPPLIER_SUBJECTS).replace('{{month}}', String(month)),
      text: textBody(
        r,
        '青葉町役場 御担当者様',
        ['いつもお世話になっております。', '標記の件、ご確認をお願いいたします。'],
        from,
      ),
      attachments:
        r.next() < 0.25 ? [{ filename: '現場写真.jpg', content: files.photo, contentType: 'image/jpeg' }] : [],
    });
  }
  if (roll < 0.75) {
    const from = r.pick(SENDERS.resident);
    return mail(from, {
      subject: r.pick(RESIDENT_SUBJECTS),
      text: textBody(r, '青葉町役場 御中', ['お忙しいところ恐れ入ります。', '次の件について教えてください。'], from),
    });
  }
  if (roll < 0.935) {
    const from = r.pick(SENDERS.news);
    return mail(from, {
      subject: `${r.pick(NEWS_SUBJECTS)}（${month}月号）`,
      html: `<html><body><h1>${r.pick(NEWS_SUBJECTS)}</h1><p>今号の記事は <a href="https://news.example.jp/${day}">こちら</a> からご覧ください。</p><p>配信停止は https://news.example.jp/unsubscribe から。</p></body></html>`,
    });
  }
  if (roll < 0.97) {
    // An executable or script posing as an invoice or a delivery notice: the attachment is removed.
    const from = r.pick(SENDERS.bad);
    const asScript = r.next() < 0.5;
    return mail(from, {
      subject: r.pick(['【請求書】お支払いのお願い', 'お荷物のお届けについて']),
      text: '添付ファイルをご確認ください。',
      attachments: [
        asScript
          ? { filename: '請求書.js', content: Buffer.from('WScript.Echo("x");\n', 'utf8'), contentType: 'text/plain' }
          : { filename: '不在通知.pdf.exe', content: files.exe, contentType: 'application/pdf' },
      ],
    });
  }
  if (roll < 0.98) {
    // PPAP: a password ZIP from a supplier, held until the recipient enters the password.
    const from = r.pick(SENDERS.supplier);
    return mail(from, {
      subject: '【資料送付】お打合せ資料',
      text: '資料をお送りします。パスワードは別メールでお知らせします。',
      attachments: [{ filename: '資料.zip', content: files.ppap }],
    });
  }
  // Bulk mail with a broken header (a NUL byte): quarantined whole.
  const raw = Buffer.from(
    `From: "Info" <info@bulk-mailer.example.net>\r\nTo: ${to}\r\nSubject: =?UTF-8?B?${Buffer.from('【ご案内】特別キャンペーン').toString('base64')}?=\r\nDate: ${at.toUTCString()}\r\nX-Mailer: bulk\u0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhttps://bulk-mailer.example.net/\r\n`,
    'utf8',
  );
  return { raw, from: 'info@bulk-mailer.example.net', to: [to] };
}

/** How many mails arrive on `day` (ISO): many on weekdays, more on Mondays, a few at weekends. */
function volumeOf(r: Random, day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (dow === 0 || dow === 6) return r.int(2, 7);
  return r.int(30, 95) + (dow === 1 ? r.int(10, 25) : 0);
}

/** Arrival times in Japan working hours (most between 8:30 and 17:30), as instants. */
function arrivals(r: Random, day: string, n: number): number[] {
  const midnightJst = Date.parse(`${day}T00:00:00Z`) - 9 * 3600_000;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const minute = r.next() < 0.85 ? r.int(8 * 60 + 30, 17 * 60 + 30) : r.int(6 * 60, 22 * 60);
    out.push(midnightJst + minute * 60_000 + r.int(0, 59) * 1000);
  }
  return out.sort((a, b) => a - b);
}

function pickWeighted(boxes: Mailbox[], point: number): Mailbox {
  let left = point;
  for (const b of boxes) {
    left -= b.weight;
    if (left < 0) return b;
  }
  return boxes[boxes.length - 1];
}

/** Passes the pipeline's records on with the time the mail arrived (the relay stamps its records the same way). */
class ArrivedAt implements LogSink {
  constructor(
    private readonly inner: LogSink,
    private readonly at: string,
  ) {}
  write(records: object[]): Promise<void> {
    return this.inner.write(records.map((rec) => ({ ...rec, ts: this.at })));
  }
}

export async function loadDemoTraffic(opts: {
  policy: Policy;
  store: QuarantineStore;
  log: LogSink;
  mailboxes: Mailbox[];
  files: { photo: Buffer; exe: Buffer; ppap: Buffer };
  days?: number;
  now?: Date;
}): Promise<number> {
  const now = opts.now ?? new Date();
  const today = todayInJapan(now);
  const cutoff = now.getTime() - 10 * 60_000;
  const total = opts.mailboxes.reduce((a, m) => a + m.weight, 0);
  let count = 0;
  for (let back = (opts.days ?? 14) - 1; back >= 0; back--) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY_MS).toISOString().slice(0, 10);
    const r = random(seedOf(day));
    for (const at of arrivals(r, day, volumeOf(r, day))) {
      if (at > cutoff) break;
      const box = pickWeighted(opts.mailboxes, r.next() * total);
      const m = await everydayMail(r, box.address, new Date(at), opts.files);
      await sanitizeMessage(m.raw, opts.policy, {
        store: opts.store,
        log: new ArrivedAt(opts.log, new Date(at).toISOString()),
        envelope: { from: m.from, to: m.to, peer: '192.0.2.25' },
      });
      count++;
    }
  }
  return count;
}
