/**
 * The committee, the contact lists, pledges and the audit trail, in a real browser against a real server, in a town
 * of its own (緑川町, created with `mamori create-admin`, its organisation set up through the API):
 * the administrator keeps the default staff pledge and publishes a new contractor version; a member of staff is
 * reminded on 今日やること and pledges in the app; the completion rate follows; a paper pledge is recorded; the
 * missing list is exported; a committee meeting is recorded with its quorum and minutes; the 緊急連絡網 prints on
 * ONE A4 page; the audit trail is filtered, opened, exported and verified.
 * Every page is checked with axe and photographed as test-results/screenshots/cmt-*.png.
 *
 * The specs share one server; 00-first-run.spec.ts sorts first because it needs an installation without any town,
 * which every other spec's `create-admin` would end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { dayBefore, todayInJapan, toWarekiWithSeireki } from '../../src/domain/calendar.ts';
import {
  addVirtualAuthenticator,
  checkpoint,
  confirmWithPasskey,
  createTown,
  enrolPasskey,
  ISSUED_PASSWORD,
  replaceIssuedPassword,
  SCREENSHOTS,
  signIn,
  signOut,
  watchForPageErrors,
} from './support.ts';

const TOWN = { name: '緑川町', code: '029971', committee: '緑川町情報セキュリティ委員会' };
const ADMIN = {
  loginId: 'harada.s',
  password: 'Midorikawa-kanri-2026#',
  family: '原田',
  given: '誠一',
  familyKana: 'はらだ',
  givenKana: 'せいいち',
};
const STAFF = { loginId: 'suzuki.h', password: 'Midorikawa-shokuin-2026%' };
const FROM = '2024-04-01';

type Json = Record<string, unknown> & { id: string };

/** Calls the API as the signed-in browser user (same cookies), with the session's CSRF token on writes. */
function apiOf(page: Page) {
  let csrf = '';
  return async (method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<Json> => {
    if (!csrf) csrf = (await (await page.request.get('/api/v1/auth/me')).json()).csrfToken;
    const res = await page.request.fetch(`/api/v1${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
    expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.json();
  };
}

interface PersonSeed {
  key: string;
  staffNumber: string;
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
  unit?: string;
  title: string;
  employmentType?: 'STAFF' | 'FIXED_TERM' | 'CONTRACTOR_STAFF';
  employer?: string;
}

const UNITS: Array<{ key: string; body: string; parent?: string; level: 'DEPT' | 'SECTION'; name: string }> = [
  { key: 'somu-bu', body: 'mayor', level: 'DEPT', name: '総務部' },
  { key: 'somu', body: 'mayor', parent: 'somu-bu', level: 'SECTION', name: '総務課' },
  { key: 'kikaku', body: 'mayor', parent: 'somu-bu', level: 'SECTION', name: '企画財政課' },
  { key: 'zeimu', body: 'mayor', parent: 'somu-bu', level: 'SECTION', name: '税務課' },
  { key: 'jumin-bu', body: 'mayor', level: 'DEPT', name: '住民福祉部' },
  { key: 'jumin', body: 'mayor', parent: 'jumin-bu', level: 'SECTION', name: '住民課' },
  { key: 'kenko', body: 'mayor', parent: 'jumin-bu', level: 'SECTION', name: '健康福祉課' },
  { key: 'kosodate', body: 'mayor', parent: 'jumin-bu', level: 'SECTION', name: '子育て支援課' },
  { key: 'sangyo-bu', body: 'mayor', level: 'DEPT', name: '産業建設部' },
  { key: 'sangyo', body: 'mayor', parent: 'sangyo-bu', level: 'SECTION', name: '産業振興課' },
  { key: 'kensetsu', body: 'mayor', parent: 'sangyo-bu', level: 'SECTION', name: '建設課' },
  { key: 'suido', body: 'water', level: 'SECTION', name: '上下水道課' },
  { key: 'kyoiku', body: 'education', level: 'SECTION', name: '教育総務課' },
  { key: 'gikai', body: 'assembly', level: 'SECTION', name: '議会事務局' },
];

const PEOPLE: PersonSeed[] = [
  {
    key: 'ciso',
    staffNumber: '1001',
    family: '高橋',
    given: '誠',
    familyKana: 'たかはし',
    givenKana: 'まこと',
    title: '副町長',
  },
  {
    key: 'total',
    staffNumber: '1002',
    family: '伊藤',
    given: '直子',
    familyKana: 'いとう',
    givenKana: 'なおこ',
    unit: 'somu-bu',
    title: '総務部長',
  },
  {
    key: 'jumin-head',
    staffNumber: '1003',
    family: '渡辺',
    given: '健一',
    familyKana: 'わたなべ',
    givenKana: 'けんいち',
    unit: 'jumin-bu',
    title: '住民福祉部長',
  },
  {
    key: 'sangyo-head',
    staffNumber: '1004',
    family: '山本',
    given: '修',
    familyKana: 'やまもと',
    givenKana: 'おさむ',
    unit: 'sangyo-bu',
    title: '産業建設部長',
  },
  {
    key: 'somu-m',
    staffNumber: '1101',
    family: '中村',
    given: '恵',
    familyKana: 'なかむら',
    givenKana: 'めぐみ',
    unit: 'somu',
    title: '総務課長',
  },
  {
    key: 'kikaku-m',
    staffNumber: '1102',
    family: '小林',
    given: '学',
    familyKana: 'こばやし',
    givenKana: 'まなぶ',
    unit: 'kikaku',
    title: '企画財政課長',
  },
  {
    key: 'zeimu-m',
    staffNumber: '1103',
    family: '加藤',
    given: '由美',
    familyKana: 'かとう',
    givenKana: 'ゆみ',
    unit: 'zeimu',
    title: '税務課長',
  },
  {
    key: 'jumin-m',
    staffNumber: '1104',
    family: '吉田',
    given: '大輔',
    familyKana: 'よしだ',
    givenKana: 'だいすけ',
    unit: 'jumin',
    title: '住民課長',
  },
  {
    key: 'kenko-m',
    staffNumber: '1105',
    family: '山田',
    given: '花子',
    familyKana: 'やまだ',
    givenKana: 'はなこ',
    unit: 'kenko',
    title: '健康福祉課長',
  },
  {
    key: 'sangyo-m',
    staffNumber: '1106',
    family: '佐々木',
    given: '亮',
    familyKana: 'ささき',
    givenKana: 'りょう',
    unit: 'sangyo',
    title: '産業振興課長',
  },
  {
    key: 'kensetsu-m',
    staffNumber: '1107',
    family: '山口',
    given: '誠司',
    familyKana: 'やまぐち',
    givenKana: 'せいじ',
    unit: 'kensetsu',
    title: '建設課長',
  },
  {
    key: 'suido-m',
    staffNumber: '1108',
    family: '松本',
    given: '浩',
    familyKana: 'まつもと',
    givenKana: 'ひろし',
    unit: 'suido',
    title: '上下水道課長',
  },
  {
    key: 'kyoiku-m',
    staffNumber: '1109',
    family: '木村',
    given: '拓也',
    familyKana: 'きむら',
    givenKana: 'たくや',
    unit: 'kyoiku',
    title: '教育総務課長',
  },
  {
    key: 'gikai-m',
    staffNumber: '1110',
    family: '井上',
    given: '智子',
    familyKana: 'いのうえ',
    givenKana: 'ともこ',
    unit: 'gikai',
    title: '議会事務局長',
  },
  {
    key: 'csirt-1',
    staffNumber: '2001',
    family: '林',
    given: '美咲',
    familyKana: 'はやし',
    givenKana: 'みさき',
    unit: 'somu',
    title: '主査',
  },
  {
    key: 'csirt-2',
    staffNumber: '2002',
    family: '清水',
    given: '翔',
    familyKana: 'しみず',
    givenKana: 'しょう',
    unit: 'somu',
    title: '主事',
  },
  {
    key: 'staff',
    staffNumber: '3001',
    family: '鈴木',
    given: '陽菜',
    familyKana: 'すずき',
    givenKana: 'ひな',
    unit: 'jumin',
    title: '主事',
  },
  {
    key: 'paper',
    staffNumber: '3002',
    family: '森',
    given: 'さくら',
    familyKana: 'もり',
    givenKana: 'さくら',
    unit: 'jumin',
    title: '窓口業務',
    employmentType: 'FIXED_TERM',
  },
  {
    key: 'vendor',
    staffNumber: 'V-001',
    family: '池田',
    given: '健',
    familyKana: 'いけだ',
    givenKana: 'けん',
    unit: 'somu',
    title: '運用保守担当',
    employmentType: 'CONTRACTOR_STAFF',
    employer: '株式会社みどりシステム',
  },
];

const APPOINTMENTS: Array<{ role: string; person: string; unit?: string }> = [
  { role: 'CISO', person: 'ciso' },
  { role: 'TOTAL_SEC_RESPONSIBLE', person: 'total' },
  { role: 'CSIRT_LEAD', person: 'somu-m' },
  { role: 'CSIRT_MEMBER', person: 'csirt-1' },
  { role: 'CSIRT_MEMBER', person: 'csirt-2' },
  { role: 'SEC_RESPONSIBLE', person: 'total', unit: 'somu-bu' },
  { role: 'SEC_RESPONSIBLE', person: 'jumin-head', unit: 'jumin-bu' },
  { role: 'SEC_RESPONSIBLE', person: 'sangyo-head', unit: 'sangyo-bu' },
  // 子育て支援課 is left without an 情報セキュリティ管理者: the 緊急連絡網 shows it as （未任命）.
  ...['somu', 'kikaku', 'zeimu', 'jumin', 'kenko', 'sangyo', 'kensetsu', 'suido', 'kyoiku', 'gikai'].map((u) => ({
    role: 'SEC_MANAGER',
    person: `${u}-m`,
    unit: u,
  })),
];

async function seed(page: Page) {
  const api = apiOf(page);
  const bodies: Record<string, string> = {};
  for (const [key, kind, name] of [
    ['mayor', 'MAYOR_DEPT', '町長部局'],
    ['water', 'PUBLIC_ENTERPRISE', '水道事業'],
    ['education', 'ADMIN_COMMITTEE', '教育委員会'],
    ['assembly', 'ASSEMBLY', '議会'],
  ] as const) {
    bodies[key] = (await api('POST', '/bodies', { kind, name })).id;
  }
  const units: Record<string, string> = {};
  for (const [i, u] of UNITS.entries()) {
    units[u.key] = (
      await api('POST', '/units', {
        bodyId: bodies[u.body],
        parentId: u.parent ? units[u.parent] : null,
        level: u.level,
        name: u.name,
        code: String(100 + i * 10),
        sortOrder: i,
        validFrom: FROM,
      })
    ).id;
  }
  const people: Record<string, string> = {};
  for (const [i, p] of PEOPLE.entries()) {
    const n = String(i + 1).padStart(2, '0');
    people[p.key] = (
      await api('POST', '/people', {
        staffNumber: p.staffNumber,
        familyName: p.family,
        givenName: p.given,
        familyKana: p.familyKana,
        givenKana: p.givenKana,
        employmentType: p.employmentType ?? 'STAFF',
        orgUnitId: p.unit ? units[p.unit] : null,
        title: p.title,
        employer: p.employer,
        phone: `0178-55-01${n}`,
        mobilePhone: `090-5511-01${n}`,
        email: `staff${n}@town.midorikawa.example.jp`,
      })
    ).id;
  }
  for (const a of APPOINTMENTS) {
    await api('POST', '/appointments', {
      role: a.role,
      personId: people[a.person],
      scopeId: a.unit ? units[a.unit] : null,
      validFrom: FROM,
    });
  }
  await api('POST', '/accounts', { personId: people.staff, loginId: STAFF.loginId, password: ISSUED_PASSWORD });
  await replaceIssuedPassword(new URL(page.url()).origin, STAFF.loginId, ISSUED_PASSWORD, STAFF.password);
  return { people, units };
}

/** The number of pages of a PDF made by Chromium: its page objects ("/Type /Page", not "/Type /Pages"). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

test('committee, contacts, pledges and the audit trail', async ({ page }) => {
  test.setTimeout(240_000);
  const noPageErrors = watchForPageErrors(page);
  createTown(TOWN, ADMIN);

  // The administrator's second factor: a passkey on Chromium's virtual authenticator.
  await addVirtualAuthenticator(page);
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  const signInAdmin = async () => {
    await signIn(page, ADMIN);
    await confirmWithPasskey(page);
  };

  let seeded: Awaited<ReturnType<typeof seed>>;
  const activePeople = PEOPLE.length + 1; // and the administrator

  await test.step('the administrator enrols a passkey; the town is set up through the API', async () => {
    await signIn(page, ADMIN);
    await enrolPasskey(page, '庁舎PC');
    seeded = await seed(page);
  });

  await test.step('pledge texts: the default staff text is kept, a new contractor version is published', async () => {
    await nav.getByRole('link', { name: '誓約' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '誓約' })).toBeVisible();
    await page.getByRole('navigation', { name: '誓約のメニュー' }).getByRole('link', { name: '誓約書の文面' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '誓約書の文面' })).toBeVisible();
    const staff = page.getByRole('region', { name: '職員等の誓約書' });
    await expect(staff).toContainText('施行中：第1版「情報セキュリティに関する誓約書」');
    await expect(staff.getByRole('table')).toContainText('施行中');

    const contractor = page.getByRole('region', { name: '委託事業者の誓約書' });
    await contractor.getByRole('button', { name: '新しい版の下書きを作成' }).click();
    const title = contractor.getByLabel('表題');
    await expect(title).toHaveValue('情報セキュリティに関する誓約書（委託事業者）');
    await expect(contractor.getByLabel('本文')).toHaveValue(/委託業務/);
    await title.fill('情報セキュリティに関する誓約書（委託事業者・令和8年改訂）');
    await checkpoint(page, 'cmt-01-pledge-text-draft');
    await contractor.getByRole('button', { name: '下書きを保存' }).click();
    await expect(contractor.getByText('第2版の下書きを保存しました。')).toBeVisible();
    await contractor.getByRole('button', { name: '公開', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: '第2版を公開しますか' });
    await expect(dialog).toContainText('委託事業者の全員が改めて誓約する必要があります');
    await dialog.getByRole('button', { name: '公開する' }).click();
    await expect(contractor.getByText('委託事業者の誓約書 第2版を公開しました。')).toBeVisible();
    await expect(contractor).toContainText(
      '施行中：第2版「情報セキュリティに関する誓約書（委託事業者・令和8年改訂）」',
    );
    await expect(staff).toContainText('施行中：第1版');
    await checkpoint(page, 'cmt-02-pledge-texts');
  });

  await test.step('completion before anyone has pledged', async () => {
    await page.getByRole('navigation', { name: '誓約のメニュー' }).getByRole('link', { name: '提出状況' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '提出状況' })).toBeVisible();
    await expect(page.getByRole('region', { name: '全体の完了率' })).toContainText(
      `誓約済み 0人／在職者 ${activePeople}人`,
    );
    await expect(page.getByRole('region', { name: '誓約が未提出の人' })).toContainText(`${activePeople}人`);
  });

  await test.step('a member of staff is reminded and pledges in the app', async () => {
    await signOut(page);
    await signIn(page, STAFF);
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    const card = page.getByRole('region', { name: '誓約が未提出です' });
    await expect(card).toContainText('「情報セキュリティに関する誓約書」（第1版）への誓約がまだありません。');
    await expect(page.getByText('今日対応が必要な事項はありません。')).toHaveCount(0);
    await checkpoint(page, 'cmt-03-dashboard-pledge-due');

    await card.getByRole('link', { name: '誓約書を確認する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '誓約' })).toBeVisible();
    // Staff see only their own page: no administrator menu.
    await expect(page.getByRole('navigation', { name: '誓約のメニュー' })).toHaveCount(0);
    await expect(page.getByRole('article', { name: '情報セキュリティに関する誓約書' })).toContainText(
      'その職を退いた後も同様に守ります',
    );
    await page.getByRole('button', { name: '誓約する' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '入力内容に誤りがあります' });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: /「誓約します」にチェックを入れてください/ })).toBeVisible();
    await checkpoint(page, 'cmt-04-pledge-error');

    await page.getByText('上記の誓約書（第1版）の内容を確認し、これを遵守することを誓約します').click();
    await page.getByRole('button', { name: '誓約する' }).click();
    await expect(page.getByText('誓約済みです')).toBeVisible();
    await expect(
      page.getByText(`第1版の誓約書に、${toWarekiWithSeireki(todayInJapan())}に誓約しています`),
    ).toBeVisible();
    const history = page.getByRole('table', { name: '自分の誓約の履歴' });
    await expect(history.getByRole('row', { name: /Mamoriで確認.*有効/ })).toBeVisible();
    await checkpoint(page, 'cmt-05-pledge-done');

    await nav.getByRole('link', { name: '今日やること' }).click();
    await expect(page.getByRole('region', { name: '誓約が未提出です' })).toHaveCount(0);
  });

  await test.step('the completion rate follows; a paper pledge is recorded', async () => {
    await signOut(page);
    await signInAdmin();
    await page.goto('/pledges/status');
    const total = page.getByRole('region', { name: '全体の完了率' });
    await expect(total).toContainText(`誓約済み 1人／在職者 ${activePeople}人`);
    const byUnit = page.getByRole('region', { name: '部局・課室ごとの完了率' });
    // 住民課: 吉田 (課長), 鈴木 (pledged), 森 (会計年度任用職員).
    await expect(byUnit.getByRole('row', { name: /住民課\s+3人\s+1人\s+2人\s+33\.3%/ })).toBeVisible();
    await checkpoint(page, 'cmt-06-pledge-status');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SCREENSHOTS}/cmt-06b-pledge-status-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page
      .getByRole('navigation', { name: '誓約のメニュー' })
      .getByRole('link', { name: '書面による誓約の登録' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: '書面による誓約の登録' })).toBeVisible();
    await page.getByRole('button', { name: '登録' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '誓約した人を候補から選んでください。' })).toBeVisible();
    const picker = page.getByRole('combobox', { name: '誓約した人' });
    // Keyboard only: type part of the reading, arrow down to the match, Enter.
    await picker.fill('もり');
    await expect(page.getByRole('option', { name: /森 さくら/ })).toBeVisible();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await expect(picker).toHaveValue('森 さくら（3002）');
    await expect(page.getByText('誓約の対象：職員等')).toBeVisible();
    const signedOn = dayBefore(todayInJapan());
    await page.getByLabel('誓約日').fill(signedOn);
    await expect(page.getByText(`和暦：${toWarekiWithSeireki(signedOn)}`)).toBeVisible();
    await page.getByLabel('備考').fill('住民課で原本を保管');
    await checkpoint(page, 'cmt-07-pledge-record');
    await page.getByRole('button', { name: '登録' }).click();
    await expect(
      page.getByText(`森 さくらさんの書面による誓約（${toWarekiWithSeireki(signedOn)}、第1版）を登録しました。`),
    ).toBeVisible();
    await expect(
      page
        .getByRole('table', { name: '森 さくらさんの誓約の履歴' })
        .getByRole('row', { name: /書面.*有効.*住民課で原本を保管/ }),
    ).toBeVisible();

    await page.getByRole('navigation', { name: '誓約のメニュー' }).getByRole('link', { name: '提出状況' }).click();
    await expect(total).toContainText(`誓約済み 2人／在職者 ${activePeople}人`);
    await expect(byUnit.getByRole('row', { name: /住民課\s+3人\s+2人\s+1人\s+66\.7%/ })).toBeVisible();
  });

  await test.step('people without a valid pledge: filtered by unit, exported as CSV', async () => {
    await page.getByLabel('部局・課室で絞り込み').selectOption({ label: '住民福祉部 > 住民課' });
    const missing = page.getByRole('region', { name: '誓約が未提出の人' });
    await expect(missing).toContainText('1人');
    await expect(missing.getByRole('row', { name: /吉田 大輔/ })).toBeVisible();
    await expect(missing.getByRole('row', { name: /鈴木 陽菜/ })).toHaveCount(0);
    await checkpoint(page, 'cmt-08-pledge-missing-filtered');
    await page.getByLabel('部局・課室で絞り込み').selectOption({ label: 'すべての部局・課室' });
    await expect(missing).toContainText(`${activePeople - 2}人`);
    await expect(missing.getByText(`${activePeople - 2}件中 1〜${activePeople - 2}件を表示`)).toBeVisible();

    const utf8 = page.waitForEvent('download');
    await missing.getByRole('link', { name: 'CSV（UTF-8）で出力' }).click();
    const utf8File = readFileSync((await (await utf8).path()) as string);
    expect([...utf8File.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const utf8Text = utf8File.toString('utf8');
    expect(utf8Text).toContain('職員番号,氏名,ふりがな');
    expect(utf8Text).toContain('池田 健');
    expect(utf8Text).not.toContain('鈴木 陽菜');

    const sjis = page.waitForEvent('download');
    await missing.getByRole('link', { name: 'CSV（Shift_JIS）で出力' }).click();
    const sjisFile = readFileSync((await (await sjis).path()) as string);
    expect(sjisFile[0]).not.toBe(0xef);
    const sjisText = iconv.decode(sjisFile, 'cp932');
    expect(sjisText).toContain('職員番号,氏名,ふりがな');
    expect(sjisText).toContain('委託事業者の従事者');
  });

  await test.step('the committee: members from the appointments, a meeting with its quorum and minutes', async () => {
    await page.goto('/organisation/committee');
    await expect(page.getByRole('heading', { level: 1, name: TOWN.committee })).toBeVisible();
    const composition = page.getByRole('region', { name: '構成' });
    await expect(composition).toContainText('高橋 誠');
    await expect(composition).toContainText('最高情報セキュリティ責任者（CISO）として');
    await expect(composition.getByRole('table')).toContainText('情報セキュリティ責任者（住民福祉部）として');
    await expect(page.getByRole('region', { name: '運営の設定' })).toContainText('委員の過半数');
    await checkpoint(page, 'cmt-09-committee');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('region', { name: 'Composition' })).toContainText('Chair');
    await checkpoint(page, 'cmt-09b-committee-en');
    await page.getByRole('button', { name: '日本語' }).click();

    // Settings: the name stays the town's own; the decision rule changes.
    const rules = page.getByRole('region', { name: '運営の設定' });
    await rules.getByRole('button', { name: '設定を編集' }).click();
    await expect(rules.getByLabel('委員会の名称')).toHaveValue(TOWN.committee);
    await rules.getByText('委員長（CISO）が委員の意見を聴いて決する').click();
    await rules.getByRole('button', { name: '保存' }).click();
    await expect(rules.getByText('委員会の設定を保存しました。')).toBeVisible();
    await expect(rules).toContainText('委員長（CISO）が委員の意見を聴いて決する');

    await page.getByRole('link', { name: '開催記録を登録' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '開催記録の登録' })).toBeVisible();
    const heldOn = dayBefore(todayInJapan());
    await page.getByLabel('開催日').fill(heldOn);
    await page.getByText('臨時', { exact: true }).click();
    await page.getByLabel('件名').fill('令和8年度第1回臨時会');
    const quorum = page.getByText('定足数の確認').locator('..');
    await expect(quorum).toContainText('不成立');
    await expect(quorum).toContainText('出席した委員 0人／委員 4人（定足数 3人）');
    await page.getByText('高橋 誠', { exact: true }).click();
    await page.getByText('伊藤 直子', { exact: true }).click();
    await expect(quorum).toContainText('不成立');
    await page.getByText('渡辺 健一', { exact: true }).click();
    await expect(quorum).toContainText('成立');
    await expect(quorum).toContainText('出席した委員 3人／委員 4人（定足数 3人）');
    await page.getByLabel('議題1', { exact: true }).fill('誓約書（委託事業者）の改訂について');
    await page.getByLabel('議題1の補足').fill('第2版を公開した。');
    await page.getByRole('button', { name: '議題を追加' }).click();
    await page.getByLabel('議題2', { exact: true }).fill('令和8年度の自己点検の計画');
    await page.getByLabel('決定事項').fill('誓約書の提出期限を年度末とする。\n未提出者へは所属長から督促する。');
    await checkpoint(page, 'cmt-10-meeting-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1, name: '令和8年度第1回臨時会' })).toBeVisible();
    await expect(page.getByText('開催記録を登録しました。')).toBeVisible();
    await expect(page.getByText(toWarekiWithSeireki(heldOn))).toBeVisible();
    const attendance = page.getByRole('region', { name: '出席の状況' });
    await expect(attendance.getByRole('row', { name: /山本 修.*欠席/ })).toBeVisible();
    await expect(attendance.getByRole('row', { name: /渡辺 健一.*出席/ })).toBeVisible();

    const minutes = page.getByRole('region', { name: '議事録' });
    await minutes.getByRole('button', { name: '議事録を添付' }).click();
    await expect(minutes.getByText('添付する議事録のファイルを選んでください。')).toBeVisible();
    await minutes.getByLabel('議事録のファイル').setInputFiles({
      name: '第1回臨時会議事録.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('議事録'),
    });
    await minutes.getByRole('button', { name: '議事録を添付' }).click();
    await expect(minutes.getByText(/PDF、Word（\.docx）又はExcel（\.xlsx）のファイルです/).first()).toBeVisible();
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      'latin1',
    );
    await minutes.getByLabel('議事録のファイル').setInputFiles({
      name: '第1回臨時会議事録.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await minutes.getByRole('button', { name: '議事録を添付' }).click();
    await expect(minutes.getByText('議事録を添付しました。')).toBeVisible();
    const link = minutes.getByRole('link', { name: '議事録をダウンロード（第1回臨時会議事録.pdf）' });
    await expect(link).toBeVisible();
    const download = page.waitForEvent('download');
    await link.click();
    const file = readFileSync((await (await download).path()) as string);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await checkpoint(page, 'cmt-11-meeting');

    await page.getByRole('link', { name: '委員会' }).first().click();
    const list = page.getByRole('region', { name: '開催記録' });
    await expect(list.getByRole('row', { name: /令和8年度第1回臨時会.*3人／4人.*成立.*添付あり/ })).toBeVisible();
  });

  await test.step('the CSIRT roster and the 緊急連絡網 on one A4 page', async () => {
    await page.goto('/organisation/contacts/csirt');
    await expect(page.getByRole('heading', { level: 1, name: 'CSIRT体制' })).toBeVisible();
    const roster = page.getByRole('table', { name: /CSIRTの責任者と要員/ });
    await expect(roster.getByRole('row', { name: /CSIRT責任者.*中村 恵/ })).toBeVisible();
    await expect(roster.getByRole('row', { name: /CSIRT要員.*林 美咲/ })).toBeVisible();
    await checkpoint(page, 'cmt-12-csirt');

    await page.getByRole('link', { name: '緊急連絡網を見る' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティ緊急連絡網' })).toBeVisible();
    const sheet = page.getByRole('table', { name: '緊急連絡網（役割ごとの連絡先）' });
    await expect(sheet.getByRole('row', { name: /最高情報セキュリティ責任者（CISO）.*高橋 誠/ })).toBeVisible();
    await expect(sheet.getByRole('row', { name: /情報セキュリティ管理者.*子育て支援課.*（未任命）/ })).toBeVisible();
    await expect(page.getByText(`作成日：${toWarekiWithSeireki(todayInJapan())}`).first()).toBeVisible();
    await expect(page.getByRole('button', { name: '情報セキュリティ緊急連絡網を印刷' })).toBeVisible();
    await checkpoint(page, 'cmt-13-emergency');

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SCREENSHOTS}/cmt-14-emergency-print.png`, fullPage: true });
    const printed = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${SCREENSHOTS}/cmt-14-emergency.pdf`, printed);
    expect(pdfPageCount(printed), 'the 緊急連絡網 prints on one A4 page').toBe(1);
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('the audit trail: filters as chips, the changes of an event, export and the tamper check', async () => {
    await nav.getByRole('link', { name: '監査証跡' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '監査証跡' })).toBeVisible();
    await expect(page.getByText(/^\d[\d,]*件$/).first()).toBeVisible();
    await checkpoint(page, 'cmt-15-audit');
    // Cursor paging: the next page continues where the first ended, and 前へ returns to it.
    const paging = page.getByRole('navigation', { name: 'ページ送り' });
    await expect(paging).toContainText(/件中 1〜50件を表示/);
    await paging.getByRole('button', { name: '次へ' }).click();
    await expect(paging).toContainText(/件中 51〜100件を表示/);
    await paging.getByRole('button', { name: '前へ' }).click();
    await expect(paging).toContainText(/件中 1〜50件を表示/);

    await page.getByLabel('対象の種類').selectOption({ label: '誓約' });
    await page.getByRole('combobox', { name: /^操作/ }).selectOption({ label: '記録' });
    await page.getByLabel('開始日').fill(dayBefore(todayInJapan()));
    await page.getByLabel('終了日').fill(todayInJapan());
    await page.getByRole('button', { name: '絞り込む' }).click();
    const chips = page.getByRole('list', { name: '絞り込みの条件：' });
    await expect(chips.getByRole('listitem')).toHaveCount(4);
    await expect(chips).toContainText('対象の種類：誓約');
    await expect(chips).toContainText('操作：記録');
    const list = page.getByRole('region', { name: '記録の一覧' });
    await expect(list.getByText('1件', { exact: true })).toBeVisible();
    const row = list.getByRole('row', { name: /誓約（書面）の登録/ });
    await expect(row).toContainText(ADMIN.family);
    await row.getByRole('button', { name: /変更内容/ }).click();
    const diff = list.getByRole('table', { name: /登録された内容/ });
    await expect(diff.getByRole('row', { name: /method.*PAPER/ })).toBeVisible();
    await expect(diff.getByRole('row', { name: /note.*住民課で原本を保管/ })).toBeVisible();
    await checkpoint(page, 'cmt-16-audit-filtered');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SCREENSHOTS}/cmt-16b-audit-filtered-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    const utf8 = page.waitForEvent('download');
    await list.getByRole('link', { name: 'CSV（UTF-8）で出力' }).click();
    const utf8File = readFileSync((await (await utf8).path()) as string);
    expect([...utf8File.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = utf8File.toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toContain('通番');
    expect(lines).toHaveLength(2); // the header and the one event of the filtered list
    expect(lines[1]).toContain('record');
    const sjis = page.waitForEvent('download');
    await list.getByRole('link', { name: 'CSV（Shift_JIS）で出力' }).click();
    const sjisText = iconv.decode(readFileSync((await (await sjis).path()) as string), 'cp932');
    expect(sjisText).toContain('操作者');
    expect(sjisText).toContain('住民課で原本を保管');

    // Removing a chip widens the list; the update of the committee shows only its changed fields.
    await chips.getByRole('button', { name: '条件「操作：記録」を解除' }).click();
    await expect(chips.getByRole('listitem')).toHaveCount(3);
    await page.getByRole('button', { name: '条件をすべて解除' }).click();
    await expect(page.getByRole('list', { name: '絞り込みの条件：' })).toHaveCount(0);
    await page.getByLabel('対象の種類').selectOption({ label: '委員会' });
    await page.getByRole('combobox', { name: /^操作/ }).selectOption({ label: '編集' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await list
      .getByRole('row', { name: /編集/ })
      .first()
      .getByRole('button', { name: /変更内容/ })
      .click();
    const changed = list.getByRole('table', { name: /変更された項目/ });
    await expect(changed.getByRole('row', { name: /decision_mode\s+VOTE\s+CHAIR/ })).toBeVisible();
    await expect(changed.getByRole('row', { name: /^名称/ })).toHaveCount(0);

    await page.getByRole('button', { name: '改ざん検査' }).click();
    const result = page.getByTestId('verify-result');
    await expect(result).toHaveAttribute('aria-live', 'polite');
    await expect(result).toContainText('改ざんは見つかりません');
    await expect(result).toContainText(/[\d,]+件の記録を確認しました。/);
    await checkpoint(page, 'cmt-17-audit-verified');

    // Someone with access to the database file alters the paper pledge's record: the check names the event.
    const db = new Database(process.env.MAMORI_E2E_DATABASE_URL as string);
    try {
      const tenant = db.prepare('SELECT id FROM tenant WHERE code = ?').get(TOWN.code) as { id: string };
      const event = db
        .prepare("SELECT seq, after_json FROM audit_event WHERE tenant_id = ? AND action = 'record'")
        .get(tenant.id) as { seq: number; after_json: string };
      db.prepare('UPDATE audit_event SET after_json = ? WHERE tenant_id = ? AND seq = ?').run(
        event.after_json.replace('2026', '2025'),
        tenant.id,
        event.seq,
      );
      await page.getByRole('button', { name: '改ざん検査' }).click();
      await expect(result).toContainText('改ざんの疑いがあります');
      await expect(result).toContainText(`通番${event.seq}の記録の内容が記録後に変更されています。`);
      await checkpoint(page, 'cmt-18-audit-tampered');
      db.prepare('UPDATE audit_event SET after_json = ? WHERE tenant_id = ? AND seq = ?').run(
        event.after_json,
        tenant.id,
        event.seq,
      );
    } finally {
      db.close();
    }
  });

  noPageErrors();
  expect(seeded!.people.staff).toBeTruthy();
});
