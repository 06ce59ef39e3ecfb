/**
 * 青葉町's 無害化 gateway records: two weeks of everyday mail (./sanitizer-traffic.ts) and, arriving last, a few
 * sample mails, all run through the real pipeline (sanitizeMessage, the town's policy) into the quarantine store and
 * the platform tables — no row is written by hand. The samples: a 県 newsletter in HTML (links disabled, hidden text
 * dropped, a photo rebuilt), an invoice with an executable disguised as a PDF and a CSV with formulas, a password ZIP
 * held for its password, and a phishing mail posing as the town's mail administrator (a link whose text and target
 * differ). 住民課の主事 then asks for the invoice's original, so the 住民課長 (情報セキュリティ管理者) finds a request
 * waiting. Addresses use the reserved example.lg.jp domain.
 */
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import sharp from 'sharp';
import { inTenant } from '../db/scope.ts';
import { updatePerson } from '../modules/organisation/people.service.ts';
import { requestRelease } from '../modules/sanitizer/release.service.ts';
import { runtimeFor } from '../modules/sanitizer/runtime.ts';
import { effectivePolicy, loadSettings } from '../modules/sanitizer/settings.service.ts';
import { PlatformLogSink } from '../modules/sanitizer/sink.ts';
import { sanitizeMessage } from '../sanitizer/pipeline.ts';
import { MemoryQuarantineStore, type QuarantineStore } from '../sanitizer/quarantine.ts';
import type { DemoContext } from './build.ts';
import { loadDemoTraffic } from './sanitizer-traffic.ts';

const DOMAIN = 'town.aoba.example.lg.jp';
/** E-mail addresses for the people the sample mails are addressed to (person key → local part). */
const ADDRESSES: Record<string, string> = {
  'jumin-shuji': 'y-nakamura',
  'jumin-kacho': 'f-saito',
  'kenko-kacho': 't-ogasawara',
  'joho-kakaricho': 'joho',
  'kikaku-kacho': 'm-suzuki',
  'zeimu-kacho': 'h-akasaka',
  'chiiki-shusa': 's-yanagida',
  'kensetsu-kacho': 't-okubo',
  'suido-kacho': 't-tate',
};
/** Who receives the everyday mail, and how much of it (the 主事 of 住民課 and the 情報担当 get the most). */
const MAILBOX_WEIGHTS: Record<string, number> = {
  'jumin-shuji': 4,
  'joho-kakaricho': 4,
  'jumin-kacho': 2,
  'kenko-kacho': 2,
  'kikaku-kacho': 3,
  'zeimu-kacho': 2,
  'chiiki-shusa': 3,
  'kensetsu-kacho': 2,
  'suido-kacho': 1,
};
const address = (key: string) => `${ADDRESSES[key]}@${DOMAIN}`;

async function compose(opts: Record<string, unknown>): Promise<Buffer> {
  return new MailComposer(opts).compile().build();
}

async function demoPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 64, channels: 3, background: '#2a6fdb' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'Aomori demo', Artist: '県 企画政策課' } } })
    .toBuffer();
}

async function passwordZip(password: string, name: string, text: string): Promise<Buffer> {
  const zip = new ZipWriter(new Uint8ArrayWriter(), { password, zipCrypto: true, useWebWorkers: false });
  await zip.add(name, new Uint8ArrayReader(Buffer.from(text, 'utf8')));
  return Buffer.from(await zip.close());
}

const disguisedExe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(248, 0)]);

async function sampleMails(photo: Buffer): Promise<Array<{ raw: Buffer; to: string[]; from: string }>> {
  const newsletter = await compose({
    from: '"青森県 企画政策課" <kikaku@pref.example.lg.jp>',
    to: `${address('jumin-shuji')}, ${address('jumin-kacho')}`,
    subject: '【県からのお知らせ】令和8年度 自治体情報セキュリティ研修のご案内',
    html: `<html><body><h1>令和8年度 自治体情報セキュリティ研修</h1>
<p>市町村ご担当者 様</p><p>標記研修を次のとおり開催します。詳細は <a href="https://www.pref.example.lg.jp/kensyu/2026">県のホームページ</a> をご覧ください。</p>
<table><tr><th>日程</th><th>会場</th></tr><tr><td>令和8年12月10日（木）</td><td>県庁 第一会議室</td></tr><tr><td>令和8年12月17日（木）</td><td>オンライン</td></tr></table>
<ul><li>対象：情報セキュリティ管理者、担当職員</li><li>申込：申込フォーム https://forms.example.com/aomori-2026</li></ul>
<div style="display:none">このメールは重要です。至急パスワードを変更してください。</div></body></html>`,
    attachments: [{ filename: '会場地図.jpg', content: photo, contentType: 'image/jpeg' }],
  });
  const exe = disguisedExe();
  const invoice = await compose({
    from: '"株式会社サンプル商事 経理部" <keiri@sample-shoji.example.com>',
    to: address('jumin-shuji'),
    subject: '【ご請求】11月分 システム保守委託料',
    text: '青葉町 住民課 御中\n\n11月分の請求書と明細をお送りします。\nご確認のほど、よろしくお願いいたします。\n\n株式会社サンプル商事 経理部\nhttps://www.sample-shoji.example.com/',
    attachments: [
      { filename: '請求書.pdf.exe', content: exe, contentType: 'application/pdf' },
      {
        filename: '明細.csv',
        content: Buffer.from(
          '項目,金額\n保守委託料,"330,000"\n=HYPERLINK("https://evil.example.com","詳細"),0\n',
          'utf8',
        ),
        contentType: 'text/csv',
      },
    ],
  });
  const zip = await passwordZip('aoba-2026-12', '見積書.txt', '健康診断業務 お見積り 1,100,000円（税込）');
  const ppap = await compose({
    from: '"健診センター 営業担当" <eigyo@kenshin.example.com>',
    to: address('kenko-kacho'),
    subject: '【見積書送付】令和9年度 住民健康診断業務',
    text: '健康福祉課 御中\n\n見積書をお送りします。パスワードは別メールでお知らせします。',
    attachments: [{ filename: '見積書.zip', content: zip }],
  });
  // Phishing posing as the town's own mail administrator: the link reads as the town's webmail but leads elsewhere.
  // The gateway delivers it as text with the link disabled and the mismatch called out in the 無害化レポート.
  const phishing = await compose({
    from: '"青葉町役場 メール管理者" <admin@aoba-town-mail.example.net>',
    to: address('jumin-shuji'),
    subject: '【重要】メールボックスの容量が上限に達しました',
    html: `<html><body><p>青葉町役場 職員各位</p>
<p>お使いのメールボックスは容量の上限に達しました。<strong>24時間以内</strong>に下記から本人確認を行わない場合、メールの受信を停止します。</p>
<p><a href="https://aoba-town-mail.example.net/owa/verify.php?u=y-nakamura">https://mail.town.aoba.example.lg.jp/owa/</a></p>
<p>青葉町役場 情報システム担当</p></body></html>`,
  });
  return [
    { raw: newsletter, to: [address('jumin-shuji'), address('jumin-kacho')], from: 'kikaku@pref.example.lg.jp' },
    { raw: invoice, to: [address('jumin-shuji')], from: 'keiri@sample-shoji.example.com' },
    { raw: ppap, to: [address('kenko-kacho')], from: 'eigyo@kenshin.example.com' },
    { raw: phishing, to: [address('jumin-shuji')], from: 'admin@aoba-town-mail.example.net' },
  ];
}

/**
 * The demo's quarantine store: the server's own (so a release of a demo original works), except when the demo is
 * loaded without the server's key, or by the test suite without a store of its own (nothing written to ./data).
 */
async function demoStore(ctx: DemoContext): Promise<QuarantineStore> {
  if (ctx.services.config.secretKey.equals(Buffer.alloc(32))) return new MemoryQuarantineStore();
  if (process.env.VITEST && !process.env.MAMORI_SANITIZER_DIR) return new MemoryQuarantineStore();
  return (await runtimeFor(ctx.services)).store;
}

export async function loadDemoSanitizer(ctx: DemoContext): Promise<void> {
  const { services, scope } = ctx;
  const keeper = {
    ...scope,
    actor: {
      ...scope.actor,
      roles: [{ role: 'PLATFORM_ADMIN' as const, scopeKind: 'TENANT' as const, scopeId: null }],
    },
  };
  for (const [key, local] of Object.entries(ADDRESSES)) {
    const personId = ctx.people.get(key);
    if (personId) await updatePerson(services, keeper, personId, { email: `${local}@${DOMAIN}` });
  }
  const store = await demoStore(ctx);
  const overrides = await inTenant(services.database, scope, async (tx) => loadSettings(tx, scope.tenantId));
  const policy = effectivePolicy({}, overrides.policyOverrides);
  const log = new PlatformLogSink(services.database, scope.tenantId, 'demo');
  const photo = await demoPhoto();
  await loadDemoTraffic({
    policy,
    store,
    log,
    mailboxes: Object.entries(MAILBOX_WEIGHTS).map(([key, weight]) => ({ address: address(key), weight })),
    files: {
      photo,
      exe: disguisedExe(),
      ppap: await passwordZip('shiryo-2026', '打合せ資料.txt', '打合せ資料（案）'),
    },
  });
  const ids: string[] = [];
  for (const m of await sampleMails(photo)) {
    const r = await sanitizeMessage(m.raw, policy, {
      store,
      log,
      envelope: { from: m.from, to: m.to, peer: '192.0.2.25' },
    });
    ids.push(r.id);
  }
  const staffId = ctx.people.get('jumin-shuji');
  if (staffId) {
    await requestRelease(
      services,
      {
        tenantId: scope.tenantId,
        actor: {
          userId: null,
          personId: staffId,
          label: '中村 優花（demo-staff）',
          roles: [{ role: 'STAFF', scopeKind: 'TENANT', scopeId: null }],
        },
      },
      ids[1],
      { reason: '請求書の原本（PDF）を確認して支払処理をする必要があります。' },
    );
  }
}
