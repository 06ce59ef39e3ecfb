/**
 * 無害化 end to end, in a real browser: a Mamori server of its own (the gateway's settings are process
 * environment), `mamori relay` reporting to the same database, and a sink smtp-server started here standing in for
 * the LGWAN-side mail server. A mail with a macro .docm goes through the relay (the policy removes Office documents);
 * the recipient finds it in the quarantine queue, reads the parts and the 無害化レポート and asks for the original;
 * the 住民課's 情報セキュリティ管理者 approves; the mail re-sanitised with the CDR profile (an editable .docx without
 * the macro) arrives at the sink. Then a PPAP zip: the one-time link from the notice opens the Internet-side page,
 * the password releases the processed message. Every page: axe (no serious/critical) and a screenshot.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import nodemailer from 'nodemailer';
import { generateSync } from 'otplib';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { docm, ppapZip } from '../sanitizer/fixtures.ts';
import { checkpoint, ISSUED_PASSWORD, replaceIssuedPassword, watchForPageErrors } from './support.ts';

const TOWN = { name: '無害化町', code: '029106', committee: '無害化町情報セキュリティ委員会' };
const DOMAIN = 'town.mugaika.example.lg.jp';
const ADMIN = { loginId: 'kanri.mugaika', password: 'Mugaika-kanri-2026!' };
const PASSWORD = 'Mugaika-shokuin-2026?';
const POLICY = JSON.stringify({ policyVersion: '2026-e2e.1', types: { ooxml: { action: 'block' } } });

interface Received {
  to: string[];
  raw: Buffer;
  subject: string;
  text: string;
  attachments: { filename: string | null; content: Buffer }[];
}

let dir = '';
let baseUrl = '';
let env: NodeJS.ProcessEnv = {};
let server: ChildProcess | null = null;
let relay: ChildProcess | null = null;
let relayPort = 0;
let sink: SMTPServer;
const received: Received[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, ok: () => Promise<boolean> | boolean, ms = 60_000, log?: string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out: ${what}${log && existsSync(log) ? `\n${readFileSync(log, 'utf8')}` : ''}`);
}

function start(args: string[], name: string): ChildProcess {
  const logFile = join(dir, `${name}.log`);
  const out = createWriteStream(logFile);
  const child = spawn('node', ['bin/mamori.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

async function stop(child: ChildProcess | null) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A minimal API client with the session cookie and CSRF token, for the administrator's set-up. */
class Api {
  cookie = '';
  csrf = '';
  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('mamori_sid='));
    if (set) this.cookie = set.split(';')[0];
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as Record<string, unknown> & { id: string };
  }
}

async function sendMail(mail: Record<string, unknown>) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: relayPort, secure: false, ignoreTLS: true });
  try {
    await t.sendMail({ from: '"取引先 営業部" <sales@vendor.example.com>', ...mail });
  } finally {
    t.close();
  }
}

async function nextMail(what: string, match: (m: Received) => boolean): Promise<Received> {
  let found: Received | undefined;
  await waitUntil(what, () => {
    found = received.find(match);
    return !!found;
  });
  return found as Received;
}

async function signIn(browser: Browser, loginId: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
  return page;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'mamori-e2e-sanitizer-'));
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const p = await PostalMime.parse(raw);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: p.subject ?? '',
          text: p.text ?? '',
          attachments: p.attachments.map((a) => ({
            filename: a.filename,
            content: Buffer.from(a.content as ArrayBuffer),
          })),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const sinkPort = (sink.server.address() as { port: number }).port;
  const port = await freePort();
  relayPort = await freePort();
  baseUrl = `http://localhost:${port}`;
  env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'mamori.sqlite'),
    MAMORI_DATA_DIR: dir,
    MAMORI_SECRET_KEY: randomBytes(32).toString('hex'),
    MAMORI_PUBLIC_URL: baseUrl,
    MAMORI_LOG_LEVEL: 'warn',
    MAMORI_JOBS: 'off',
    MAMORI_QUARANTINE_KEY: randomBytes(32).toString('hex'),
    MAMORI_SANITIZER_DIR: join(dir, 'sanitizer'),
    MAMORI_SANITIZER_POLICY: POLICY,
    MAMORI_RELAY_UPSTREAM_HOST: '127.0.0.1',
    MAMORI_RELAY_UPSTREAM_PORT: String(sinkPort),
    MAMORI_RELAY_NOTICE_FROM: `mamori@${DOMAIN}`,
    MAMORI_RELAY_HOST: '127.0.0.1',
    MAMORI_RELAY_PORT: String(relayPort),
    MAMORI_RELAY_TENANT: TOWN.code,
  };
  server = start(['serve'], 'server');
  await waitUntil(
    'the server',
    async () => (await fetch(`${baseUrl}/api/v1/health`).catch(() => null))?.ok === true,
    60_000,
    join(dir, 'server.log'),
  );
  execFileSync(
    'node',
    [
      'bin/mamori.js',
      'create-admin',
      ...['--tenant-name', TOWN.name, '--tenant-code', TOWN.code, '--committee', TOWN.committee],
      ...['--login', ADMIN.loginId, '--password', ADMIN.password, '--family', '無害', '--given', '花子'],
      ...['--family-kana', 'むがい', '--given-kana', 'はなこ', '--staff-number', '0001'],
    ],
    { env, encoding: 'utf8' },
  );

  // The administrator sets up the 課室, two people with addresses, their accounts and the 管理者's appointment.
  const admin = new Api();
  const login = await admin.call('POST', '/auth/login', { loginId: ADMIN.loginId, password: ADMIN.password });
  expect(login.mfa).toBe('enrol');
  const { secret } = (await admin.call('POST', '/account/totp/setup')) as unknown as { secret: string };
  await admin.call('POST', '/account/totp/confirm', { code: generateSync({ secret }) });
  const bodies = (await admin.call('GET', '/bodies')) as unknown as { id: string }[];
  const dept = await admin.call('POST', '/units', {
    bodyId: bodies[0].id,
    level: 'DEPT',
    name: '住民福祉部',
    validFrom: '2024-04-01',
  });
  const section = await admin.call('POST', '/units', {
    bodyId: bodies[0].id,
    parentId: dept.id,
    level: 'SECTION',
    name: '住民課',
    validFrom: '2024-04-01',
  });
  const person = async (n: string, family: string, given: string, email: string) =>
    (
      await admin.call('POST', '/people', {
        staffNumber: n,
        familyName: family,
        givenName: given,
        familyKana: 'てすと',
        givenKana: 'たろう',
        employmentType: 'STAFF',
        orgUnitId: section.id,
        title: '主事',
        email,
      })
    ).id;
  const staff = await person('1001', '中村', '優花', `y-nakamura@${DOMAIN}`);
  const manager = await person('1002', '斎藤', '文子', `f-saito@${DOMAIN}`);
  await admin.call('POST', '/accounts', { personId: staff, loginId: 'nakamura', password: ISSUED_PASSWORD });
  await admin.call('POST', '/accounts', { personId: manager, loginId: 'saito', password: ISSUED_PASSWORD });
  await replaceIssuedPassword(baseUrl, 'nakamura', ISSUED_PASSWORD, PASSWORD);
  await replaceIssuedPassword(baseUrl, 'saito', ISSUED_PASSWORD, PASSWORD);
  const ciso = await person('1003', '高橋', '誠', `m-takahashi@${DOMAIN}`);
  await admin.call('POST', '/accounts', { personId: ciso, loginId: 'takahashi', password: ISSUED_PASSWORD });
  await replaceIssuedPassword(baseUrl, 'takahashi', ISSUED_PASSWORD, PASSWORD);
  await admin.call('POST', '/appointments', {
    role: 'CISO',
    personId: ciso,
    validFrom: '2024-04-01',
    appointedBy: '基本方針',
  });
  await admin.call('POST', '/appointments', {
    role: 'SEC_MANAGER',
    personId: manager,
    scopeId: section.id,
    validFrom: '2024-04-01',
    appointedBy: '対策基準',
  });

  relay = start(['relay'], 'relay');
  await waitUntil(
    'the relay',
    () => existsSync(join(dir, 'relay.log')) && readFileSync(join(dir, 'relay.log'), 'utf8').includes('listening on'),
    60_000,
    join(dir, 'relay.log'),
  );
});

test.afterAll(async () => {
  await stop(relay);
  await stop(server);
  await new Promise<void>((r) => (sink ? sink.close(() => r()) : r()));
  if (process.env.MAMORI_E2E_KEEP) console.log(`E2E sanitizer data kept in ${dir}`);
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

test('無害化: quarantined attachment → request → approval → re-sanitised mail; PPAP page', async ({ browser }) => {
  test.setTimeout(300_000);

  await test.step('a mail with a macro .docm goes through the relay; the sink gets it without the file', async () => {
    await sendMail({
      to: `y-nakamura@${DOMAIN}`,
      subject: '【手順書送付】マクロ付き手順書',
      html: '<p>手順書をお送りします。<a href="https://evil.example.com/">https://www.vendor.example.com/</a></p>',
      attachments: [{ filename: '手順書.docm', content: docm() }],
    });
    const first = await nextMail('sanitised mail', (m) => m.subject.includes('マクロ付き手順書'));
    expect(first.attachments).toEqual([]);
    expect(first.text).toContain('無害化');
  });

  let messageUrl = '';
  const staff = await signIn(browser, 'nakamura');
  const noStaffErrors = watchForPageErrors(staff);
  await test.step('the recipient finds it in the quarantine queue and asks for the original', async () => {
    const nav = staff.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: '無害化' }).click();
    await expect(staff.getByRole('heading', { level: 1, name: '処理の状況' })).toBeVisible();
    await expect(staff.getByRole('link', { name: '添付ファイルを削除したメール' })).toBeVisible();
    await checkpoint(staff, 'sanitizer-01-dashboard');

    await staff
      .getByRole('navigation', { name: '無害化のメニュー' })
      .getByRole('link', { name: '隔離キュー・処理記録' })
      .click();
    const row = staff.getByRole('row', { name: /マクロ付き手順書/ });
    await expect(row).toBeVisible();
    await expect(row.getByText('削除 1件・保留 0件')).toBeVisible();
    await checkpoint(staff, 'sanitizer-02-queue');

    await row.getByRole('link', { name: '【手順書送付】マクロ付き手順書' }).click();
    await expect(staff.getByRole('heading', { level: 1, name: '【手順書送付】マクロ付き手順書' })).toBeVisible();
    const parts = staff.getByRole('table', { name: /添付ファイルごとの処理/ });
    await expect(parts.getByRole('row', { name: /手順書\.docm.*削除（原本を隔離）/ })).toBeVisible();
    await expect(staff.getByText('表示とリンク先が異なるリンク（フィッシングの疑い）')).toBeVisible();
    await expect(staff.getByText('無害化レポート（Mamori 無害化ゲートウェイ）')).toBeVisible();
    await expect(staff.getByText(/承認する情報セキュリティ管理者：斎藤 文子/)).toBeVisible();
    await checkpoint(staff, 'sanitizer-03-message');
    messageUrl = staff.url();

    await staff.getByRole('button', { name: '申請する' }).click();
    await expect(staff.locator('#field-reason')).toHaveAttribute('aria-invalid', 'true');
    await staff.locator('#field-reason').fill('手順書を編集して回答する必要があります。');
    await staff.getByRole('button', { name: '申請する' }).click();
    await expect(
      staff.getByText('原本の提供を申請しました。情報セキュリティ管理者の判断をお待ちください。'),
    ).toBeVisible();
    await expect(staff.getByText('申請中').first()).toBeVisible();
    await checkpoint(staff, 'sanitizer-04-requested');

    await staff.getByRole('navigation', { name: 'パンくずリスト' }).getByRole('link', { name: '無害化' }).click();
    await staff
      .getByRole('navigation', { name: '無害化のメニュー' })
      .getByRole('link', { name: '適用中のポリシー' })
      .click();
    await expect(staff.getByText('2026-e2e.1').first()).toBeVisible();
    await expect(staff.getByRole('row', { name: /types\.ooxml\.action/ })).toBeVisible();
    await checkpoint(staff, 'sanitizer-05-policy');
  });

  const manager = await signIn(browser, 'saito');
  const noManagerErrors = watchForPageErrors(manager);
  await test.step('the 住民課 情報セキュリティ管理者 approves: re-sanitised with CDR and delivered', async () => {
    await expect(
      manager.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '無害化' }),
    ).toBeVisible();
    // 今日やること: the card names the request waiting for this manager and the mail quarantined today
    const card = manager.getByRole('region', { name: '無害化（メールの隔離と原本提供）' });
    await expect(card.getByRole('link', { name: '原本提供の申請1件があなたの承認を待っています' })).toBeVisible();
    await checkpoint(manager, 'sanitizer-05b-today-card');
    await manager.goto('/sanitizer');
    await expect(manager.getByText('あなたの承認を待っている原本提供の申請が1件あります。')).toBeVisible();
    await manager.getByRole('link', { name: '申請を確認する' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: '原本提供の申請' })).toBeVisible();
    await checkpoint(manager, 'sanitizer-06-requests');
    await manager.getByRole('link', { name: '【手順書送付】マクロ付き手順書' }).click();
    await expect(manager.getByRole('heading', { name: '申請を判断する' })).toBeVisible();
    await expect(
      manager.getByText('この団体では、原本をそのまま提供することは認められていません（既定）。'),
    ).toBeVisible();
    await checkpoint(manager, 'sanitizer-07-decide');
    const before = received.length;
    await manager.locator('#field-note').fill('編集可能な形式で提供します。');
    await manager.getByRole('button', { name: '承認して提供' }).click();
    await expect(manager.getByText('承認し、再無害化したメールを申請者に届けました。')).toBeVisible();
    await expect(manager.getByText('提供済み').first()).toBeVisible();
    await checkpoint(manager, 'sanitizer-08-released');

    const mail = await nextMail(
      're-sanitised mail',
      (m) => received.indexOf(m) >= before && m.subject.includes('[再無害化]'),
    );
    expect(mail.to).toEqual([`y-nakamura@${DOMAIN}`]);
    expect(mail.raw.toString('latin1')).toMatch(/X-Mamori-Sanitized: v=1; policy=2026-e2e\.1\+cdr; .*CDR/);
    const docx = mail.attachments.find((a) => a.filename?.endsWith('.docx'));
    expect(docx, 'the document arrives rebuilt').toBeDefined();
    expect(docx?.content.toString('latin1')).not.toContain('vbaProject');
  });

  await test.step('the recipient sees the released version', async () => {
    await staff.goto(messageUrl);
    await expect(staff.getByText('提供済み').first()).toBeVisible();
    await staff.getByRole('link', { name: /原本提供（再無害化）/ }).click();
    await expect(staff.getByRole('cell', { name: /再構成（CDR）/ })).toBeVisible();
    await checkpoint(staff, 'sanitizer-09-version');
  });

  await test.step('PPAP: the notice’s one-time link opens the Internet-side page; the password releases the file', async () => {
    const zip = await ppapZip('mugaika-2026', { '見積書.txt': Buffer.from('お見積り 1,100,000円', 'utf8') });
    await sendMail({
      to: `y-nakamura@${DOMAIN}`,
      subject: '【見積書】パスワード付き',
      text: 'パスワードは別送します。',
      attachments: [{ filename: '見積書.zip', content: zip }],
    });
    const notice = await nextMail('PPAP link', (m) => m.text.includes('/ppap/'));
    const link = /(http:\/\/localhost:\d+\/ppap\/[A-Za-z0-9_-]+)/.exec(notice.text)?.[1] as string;
    expect(link).toBeTruthy();
    const context = await browser.newContext({
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1366, height: 768 },
    });
    const page = await context.newPage();
    const noPageErrors = watchForPageErrors(page);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'パスワード付き ZIP の受け取り' })).toBeVisible();
    await expect(page.getByText('中身：見積書.txt')).toBeVisible();
    await checkpoint(page, 'sanitizer-10-ppap');
    await page.getByLabel('パスワード').fill('chigau');
    await page.getByRole('button', { name: '送信して受け取る' }).click();
    await expect(page.getByText(/パスワードが違います。/).first()).toBeVisible();
    const before = received.length;
    await page.getByLabel('パスワード').fill('mugaika-2026');
    await page.getByRole('button', { name: '送信して受け取る' }).click();
    await expect(page.getByText('お届けしました', { exact: true })).toBeVisible();
    await checkpoint(page, 'sanitizer-11-ppap-done');
    const mail = await nextMail(
      'PPAP contents',
      (m) => received.indexOf(m) >= before && m.to.includes(`y-nakamura@${DOMAIN}`),
    );
    expect(mail.attachments.some((a) => a.content.toString('utf8').includes('お見積り 1,100,000円'))).toBe(true);
    noPageErrors();
    await context.close();
  });

  noStaffErrors();
  noManagerErrors();
});

test('無害化: the CISO edits the town’s policy settings; wrong values are named, the saved change is shown', async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1366, height: 768 },
  });
  // the CISO signs in (password + TOTP enrolment) through the API; the browser carries that session
  const ciso = new Api();
  const login = await ciso.call('POST', '/auth/login', { loginId: 'takahashi', password: PASSWORD });
  expect(login.mfa).toBe('enrol');
  const { secret } = (await ciso.call('POST', '/account/totp/setup')) as unknown as { secret: string };
  await ciso.call('POST', '/account/totp/confirm', { code: generateSync({ secret }) });
  await context.addCookies([{ name: 'mamori_sid', value: ciso.cookie.replace(/^mamori_sid=/, ''), url: baseUrl }]);
  const page = await context.newPage();
  const noPageErrors = watchForPageErrors(page);
  await page.goto('/sanitizer/policy');
  const form = page.getByRole('form', { name: '団体の設定を変更する' });
  await expect(form).toBeVisible();
  await form.getByLabel('MIME パートの数の上限').fill('0');
  await form.getByRole('radio', { name: 'clamscan で検査する' }).check({ force: true });
  await form.getByRole('checkbox', { name: 'WEBP' }).uncheck({ force: true });
  await form.getByRole('button', { name: '団体の設定を保存' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'MIME パートの数の上限' });
  await expect(summary).toBeVisible();
  await expect(form.getByText('1 以上 10000 以下の整数を指定してください。').first()).toBeVisible();
  await expect(summary.getByText(/ポリシーの版/)).toBeVisible();
  await checkpoint(page, 'sanitizer-12-policy-errors');

  await form.getByLabel('MIME パートの数の上限').fill('300');
  await form.getByLabel('ポリシーの版').fill('2026-e2e.2');
  await form.getByRole('button', { name: '団体の設定を保存' }).click();
  await expect(page.getByText('団体の設定を保存しました（版: 2026-e2e.2）。')).toBeVisible();
  await expect(page.getByRole('row', { name: /av\.mode/ })).toContainText('clamscan');
  await expect(page.getByRole('row', { name: /limits\.maxParts/ })).toContainText('300');
  await expect(
    page
      .getByRole('row', { name: /types\.image\.allow/ })
      .getByRole('cell')
      .last(),
  ).toHaveText('["jpeg","png","gif","bmp","tiff"]');
  await checkpoint(page, 'sanitizer-13-policy-saved');

  // the change is in the audit trail, with what it was before
  const audit = await page.request.get('/api/v1/audit-events?entityType=sanitizer_settings');
  expect(audit.status()).toBe(200);
  expect(JSON.stringify(await audit.json())).toContain('2026-e2e.2');
  noPageErrors();
  await context.close();
});
