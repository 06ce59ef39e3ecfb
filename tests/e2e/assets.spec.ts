/**
 * 情報資産 in a real browser, in a town of its own (created with the CLI; 課室, people, accounts and appointments
 * through the API): the 住民課's 情報セキュリティ管理者 registers an asset classified 機密性3 and sees its 取扱制限; a
 * member of staff asks for 持ち出し; the 管理者 approves; the carry-out and its return are recorded. The 管理者 records
 * a 無断持ち出し found afterwards, naming the member of staff: it is marked in the list and among the findings, and
 * he sees it overdue on his own 今日やること (he may not read findings) and records its return. The 管理者 asks
 * for 廃棄 and is refused when approving it himself; the 部局's 情報セキュリティ責任者 approves; the disposal is
 * recorded with a certificate. Then a CSV with one bad row imports nothing, and the corrected file imports.
 * Every page: axe (no serious/critical) and a screenshot, test-results/screenshots/assets-*.png.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { E2E_URL } from '../../playwright.config.ts';
import { toWarekiWithSeireki } from '../../src/domain/calendar.ts';
import { ASSET_COLUMNS } from '../../src/modules/assets/columns.ts';
import { checkpoint, chooseOwnPassword, createTown, enrolTotp, signIn, watchForPageErrors } from './support.ts';

const TOWN = { name: '新郷村', code: '024503', committee: '新郷村情報セキュリティ委員会' };
const ADMIN = {
  loginId: 'kanri.shingo',
  password: 'Shingo-kanri-2026!',
  family: '高橋',
  given: '誠',
  familyKana: 'たかはし',
  givenKana: 'まこと',
};
const PASSWORD = 'Shingo-shokuin-2026#';
const NEW_PASSWORD = 'Shingo-jibun-2026$';
const USERS = {
  staff: { loginId: 'nakamura.y', family: '中村', given: '優花' },
  manager: { loginId: 'saito.f', family: '斎藤', given: '文子' },
  responsible: { loginId: 'sasaki.k', family: '佐々木', given: '健' },
};

const jstDate = (days = 0) => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

function csv(rows: Array<Record<string, string>>): Buffer {
  const headers = ASSET_COLUMNS.map((c) => c.header);
  const lines = [headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))].map((cells) => cells.join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
const importRow = (ref: string, confidentiality: string) => ({
  管理番号: ref,
  情報資産の名称: `健診結果${ref}`,
  種別: '情報（電子データ）',
  所管課室: '住民福祉部 > 住民課',
  媒体: '電子データ',
  ネットワーク区分: 'LGWAN接続系',
  機密性: confidentiality,
  完全性: '1',
  可用性: '1',
});

/** Signs in in a browser window of its own; replaces an issued password on the way when the server asks for it. */
async function signInOwnWindow(browser: Browser, loginId: string): Promise<{ page: Page; done: () => void }> {
  const context = await browser.newContext({
    baseURL: E2E_URL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  const done = watchForPageErrors(page);
  await signIn(page, { loginId, password: PASSWORD });
  const dashboard = page.getByRole('heading', { level: 1, name: '今日やること' });
  const issued = page.locator('#field-current');
  await expect(dashboard.or(issued)).toBeVisible();
  if (await issued.isVisible()) {
    await chooseOwnPassword(page, PASSWORD, NEW_PASSWORD);
    await expect(dashboard).toBeVisible();
  }
  return { page, done };
}

async function openAsset(page: Page, id: string, name: string) {
  await page.goto(`/assets/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '取扱いの記録' })).toBeVisible();
}

test('情報資産: 機密性3, 持ち出しの許可と返却, 申請者本人は承認できない, 廃棄と証明書, CSV取込', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const adminErrors = watchForPageErrors(page);
  let assetId = '';
  let sectionId = '';
  const assetName = '住民基本台帳データ';

  await test.step('a town of its own; the administrator sets up 住民課, three people and their roles', async () => {
    createTown(TOWN, ADMIN);
    await signIn(page, ADMIN);
    await enrolTotp(page);

    const me = await (await page.request.get('/api/v1/auth/me')).json();
    const csrf = me.csrfToken as string;
    const call = async (path: string, data: unknown) => {
      const res = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    const bodies = (await (await page.request.get('/api/v1/bodies')).json()) as Array<{ id: string }>;
    const dept = await call('/units', {
      bodyId: bodies[0].id,
      level: 'DEPT',
      name: '住民福祉部',
      validFrom: '2024-04-01',
    });
    const section = await call('/units', {
      bodyId: bodies[0].id,
      parentId: dept.id,
      level: 'SECTION',
      name: '住民課',
      validFrom: '2024-04-01',
    });
    sectionId = section.id;
    const ids: Record<string, string> = {};
    let n = 1001;
    for (const [key, u] of Object.entries(USERS)) {
      const person = await call('/people', {
        staffNumber: String(n++),
        familyName: u.family,
        givenName: u.given,
        familyKana: 'てすと',
        givenKana: 'たろう',
        employmentType: 'STAFF',
        orgUnitId: key === 'responsible' ? dept.id : section.id,
        title: key === 'responsible' ? '部長' : '主事',
      });
      ids[key] = person.id;
      await call('/accounts', { personId: person.id, loginId: u.loginId, password: PASSWORD });
    }
    const appoint = (personId: string, role: string, scopeId: string) =>
      call('/appointments', { role, personId, scopeId, validFrom: '2024-04-01', appointedBy: '対策基準' });
    await appoint(ids.manager, 'SEC_MANAGER', section.id);
    await appoint(ids.responsible, 'SEC_RESPONSIBLE', dept.id);
    // The 部局's 責任者 also serves in the policy office (事務局), which keeps the classification schemes.
    await call('/appointments', {
      role: 'POLICY_OFFICE',
      personId: ids.responsible,
      validFrom: '2024-04-01',
      appointedBy: '対策基準',
    });
  });

  const manager = await signInOwnWindow(browser, USERS.manager.loginId);
  const staff = await signInOwnWindow(browser, USERS.staff.loginId);
  const m = manager.page;
  const later: { responsible?: Awaited<ReturnType<typeof signInOwnWindow>> } = {};
  const s = staff.page;

  await test.step('the 管理者 registers an asset classified 機密性3 and sees its 取扱制限', async () => {
    await m.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '情報資産' }).click();
    await m.getByRole('link', { name: '情報資産を登録' }).click();
    await expect(m.getByRole('heading', { level: 1, name: '情報資産の登録' })).toBeVisible();
    await m.locator('#field-ref').fill('JUMIN-001');
    await m.locator('#field-name').fill(assetName);
    await m.locator('#field-kind').selectOption({ label: '情報（電子データ）' });
    await m.locator('#field-orgUnitId').selectOption({ label: '住民福祉部 > 住民課' });
    await m.locator('#field-medium').selectOption({ label: '電子データ' });
    await m.locator('#field-tier').selectOption({ label: 'マイナンバー利用事務系' });
    await m.locator('#field-confidentiality').selectOption({ label: '機密性3' });
    await m.locator('#field-integrity').selectOption({ label: '完全性2' });
    await m.locator('#field-availability').selectOption({ label: '可用性2' });
    await checkpoint(m, 'assets-01-new');
    await m.getByRole('button', { name: '登録', exact: true }).click();
    await expect(m.getByRole('heading', { level: 1, name: assetName })).toBeVisible();
    assetId = m.url().split('/').pop() ?? '';
    const restrictions = m.getByTestId('restrictions');
    await expect(restrictions.getByText('支給以外の端末での作業の禁止')).toBeVisible();
    await expect(restrictions.getByText('運搬時の鍵付きケース等の使用')).toBeVisible();
    await expect(restrictions.getByText('廃棄時の復元不可能な処置')).toBeVisible();
    await checkpoint(m, 'assets-02-detail-restrictions');
  });

  await test.step('staff: 持ち出し needs permission; the request goes to the 管理者', async () => {
    await openAsset(s, assetId, assetName);
    await s.locator('#field-action').selectOption({ label: '運搬（持ち出し）' });
    const rule = s.getByTestId('permission-rule');
    await expect(rule).toContainText('情報セキュリティ管理者の許可が必要');
    await expect(rule).toContainText('住民福祉部 > 住民課の情報セキュリティ管理者（斎藤 文子）');
    await s.locator('#field-purpose').fill('住民説明会での説明に使用するため');
    await s.locator('#field-destination').fill('中央公民館');
    await s.locator('#field-expectedReturnOn').fill(jstDate(3));
    await s.getByRole('button', { name: '許可を申請する' }).click();
    await expect(s.getByText('運搬（持ち出し）の許可を申請しました。')).toBeVisible();
    // Staff do not decide requests: no approve button for them.
    await expect(s.getByRole('button', { name: '承認・却下' })).toHaveCount(0);
    await checkpoint(s, 'assets-03-staff-request');
  });

  await test.step('the 管理者 sees it on the dashboard and approves it on 許可申請', async () => {
    await m.goto('/');
    const card = m.getByRole('region', { name: '情報資産' });
    await card.getByRole('link', { name: '承認待ちの許可申請が1件あります' }).click();
    await expect(m.getByRole('heading', { level: 1, name: '許可申請' })).toBeVisible();
    const queue = m.getByRole('list', { name: '承認待ちの申請' });
    await expect(queue.getByText('住民説明会での説明に使用するため')).toBeVisible();
    await checkpoint(m, 'assets-04-requests');
    await queue.getByRole('button', { name: /承認・却下/ }).click();
    const dialog = m.getByRole('dialog', { name: '申請の承認・却下' });
    await dialog.getByText('承認する').click();
    await dialog.getByLabel('コメント').fill('鍵付きケースで運搬し、暗号化したUSBメモリを使うこと');
    await checkpoint(m, 'assets-05-decide-dialog');
    await dialog.getByRole('button', { name: '決定' }).click();
    await expect(m.getByText('運搬（持ち出し）の申請を承認しました。')).toBeVisible();
    await expect(m.getByText('承認待ちの申請はありません。')).toBeVisible();
  });

  await test.step('staff records the carry-out with the permission, then its return', async () => {
    await openAsset(s, assetId, assetName);
    await s.getByRole('button', { name: 'この許可で運搬（持ち出し）を記録' }).click();
    await expect(s.locator('#field-expectedReturnOn')).toHaveValue(jstDate(3));
    await expect(s.locator('#field-destination')).toHaveValue('中央公民館');
    await s.getByText('暗号化又はパスワードの設定をした').click();
    await s.getByRole('button', { name: '記録する' }).click();
    await expect(s.getByText('運搬（持ち出し）を記録しました。')).toBeVisible();
    const out = s.getByTestId('carried-out');
    await expect(out.getByText('持ち出し中です')).toBeVisible();
    await checkpoint(s, 'assets-06-carried-out');
    await out.getByRole('button', { name: '返却を記録' }).click();
    const dialog = s.getByRole('dialog', { name: '返却を記録する' });
    await dialog.getByRole('button', { name: '返却を記録' }).click();
    await expect(s.getByText('返却を記録しました。')).toBeVisible();
    await expect(s.getByTestId('carried-out')).toHaveCount(0);
    const events = s.getByRole('table', { name: '取扱いの記録（新しい順）' });
    await expect(events.locator('[data-carry="RETURNED"]')).toHaveText('返却済');
    await expect(events.getByText('許可あり')).toBeVisible();
    await checkpoint(s, 'assets-07-returned');
  });

  await test.step('the 管理者 records a 無断持ち出し found afterwards; it is marked and among the findings', async () => {
    await openAsset(m, assetId, assetName);
    await m.getByRole('button', { name: '無断持ち出しを記録' }).click();
    const form = m.getByRole('form', { name: '無断持ち出しの記録' });
    await expect(m.locator('#field-unauthorised-at')).toBeFocused();
    await form.getByRole('button', { name: '記録', exact: true }).click();
    await expect(form.getByRole('alert')).toContainText('経緯を入力してください。');
    await m.locator('#field-unauthorised-at').fill(jstDate(-6));
    const picker = form.getByRole('combobox', { name: /持ち出した人/ });
    await picker.fill('中村');
    await m.getByRole('option', { name: /中村 優花/ }).click();
    await m.locator('#field-unauthorised-destination').fill('自宅（資料作成のため）');
    await m.locator('#field-unauthorised-expectedReturnOn').fill(jstDate(-2));
    await m.locator('#field-unauthorised-reason').fill('課内の点検で、持ち出し簿に記載のない持ち出しが判明した。');
    await checkpoint(m, 'assets-07a-unauthorised-form');
    await form.getByRole('button', { name: '記録', exact: true }).click();
    await expect(m.getByText('無断持ち出しを記録しました。')).toBeVisible();
    const row = m
      .getByRole('table', { name: '取扱いの記録（新しい順）' })
      .locator('tr', { has: m.locator('[data-unauthorised]') });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('無断持ち出し');
    await expect(row).toContainText('中村 優花');
    await expect(row).toContainText('経緯：課内の点検で');
    await expect(row.locator('[data-carry="OVERDUE"]')).toHaveText('⚠ 返却予定日超過');
    await expect(row.getByText('許可なし')).toBeVisible();
    const out = m.getByTestId('carried-out');
    await expect(out.locator('[data-unauthorised]')).toBeVisible();
    await expect(out.getByText('返却予定日を過ぎています')).toBeVisible();
    await checkpoint(m, 'assets-07b-unauthorised-listed');
    // Among the findings as the API treats it: without the required permission, and overdue.
    await m.goto('/assets/findings');
    for (const code of ['ASSET-UNPERMITTED', 'ASSET-CARRY-OVERDUE'])
      await expect(m.locator('tr', { hasText: assetName }).locator(`[data-finding="${code}"]`)).toHaveCount(1);
  });

  await test.step('the member of staff sees his overdue 無断持ち出し on 今日やること and records its return', async () => {
    await s.goto('/');
    const card = s.getByRole('region', { name: '情報資産' });
    const due = toWarekiWithSeireki(jstDate(-2));
    await card
      .getByRole('link', {
        name: `あなたの無断持ち出しとして記録された「${assetName}」が、返却予定日の${due}を過ぎても返却されていません`,
      })
      .click();
    await expect(s.getByRole('heading', { level: 1, name: assetName })).toBeVisible();
    await checkpoint(s, 'assets-07c-staff-own-overdue');
    await s.getByTestId('carried-out').getByRole('button', { name: '返却を記録' }).click();
    await s.getByRole('dialog', { name: '返却を記録する' }).getByRole('button', { name: '返却を記録' }).click();
    await expect(s.getByText('返却を記録しました。')).toBeVisible();
    await s.goto('/');
    await expect(s.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    await expect(s.getByRole('region', { name: '情報資産' })).toHaveCount(0);
  });

  await test.step('the 管理者 asks for 廃棄 and cannot approve his own request', async () => {
    await openAsset(m, assetId, assetName);
    await m.locator('#field-action').selectOption({ label: '廃棄' });
    await expect(m.getByTestId('permission-rule')).toContainText('許可が必要');
    await m.locator('#field-purpose').fill('保存期間が満了したため');
    await m.locator('#field-method').selectOption({ label: '物理的破壊（復元不可能）' });
    await m.getByRole('button', { name: '許可を申請する' }).click();
    await expect(m.getByText('廃棄の許可を申請しました。')).toBeVisible();
    const own = m.locator('li[data-request]', { hasText: '保存期間が満了したため' });
    await own.getByRole('button', { name: '承認・却下' }).click();
    const dialog = m.getByRole('dialog', { name: '申請の承認・却下' });
    await dialog.getByText('承認する').click();
    await dialog.getByRole('button', { name: '決定' }).click();
    const error = dialog.getByTestId('decide-error');
    await expect(dialog.getByText('申請者本人は承認できません', { exact: true })).toBeVisible();
    await expect(error).toContainText('職務の分離');
    await checkpoint(m, 'assets-08-own-request-refused');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await expect(own.locator('[data-status="PENDING"]')).toBeVisible();
    // On 許可申請 his own request is under 自分の申請, not in his queue.
    await m.goto('/assets/requests');
    await expect(m.getByText('承認待ちの申請はありません。')).toBeVisible();
    await expect(m.getByRole('list', { name: '自分の申請' }).getByText('保存期間が満了したため')).toBeVisible();
  });

  await test.step('the 部局の情報セキュリティ責任者 approves the 廃棄', async () => {
    later.responsible = await signInOwnWindow(browser, USERS.responsible.loginId);
    const r = later.responsible.page;
    await r.goto('/assets/requests');
    const queue = r.getByRole('list', { name: '承認待ちの申請' });
    await expect(queue.getByText('保存期間が満了したため')).toBeVisible();
    await queue.getByRole('button', { name: /承認・却下/ }).click();
    const dialog = r.getByRole('dialog', { name: '申請の承認・却下' });
    await dialog.getByText('承認する').click();
    await dialog.getByRole('button', { name: '決定' }).click();
    await expect(r.getByText('廃棄の申請を承認しました。')).toBeVisible();
    await checkpoint(r, 'assets-09-responsible-approved');
  });

  await test.step('the 管理者 records the 廃棄 with a certificate; it is recorded and downloadable', async () => {
    await openAsset(m, assetId, assetName);
    await m.getByRole('button', { name: 'この許可で廃棄を記録' }).click();
    await expect(m.locator('#field-method')).toHaveValue('PHYSICAL_DESTRUCTION');
    await m.locator('#field-certificate-input').setInputFiles({
      name: '廃棄証明書.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect(m.getByText('廃棄証明書.pdf')).toBeVisible();
    await checkpoint(m, 'assets-10-dispose-form');
    await m.getByRole('button', { name: '記録する' }).click();
    await expect(m.getByText('廃棄を記録しました。')).toBeVisible();
    const events = m.getByRole('table', { name: '取扱いの記録（新しい順）' });
    const row = events.locator('tr', { hasText: '物理的破壊' });
    await expect(row).toContainText('斎藤 文子');
    const download = m.waitForEvent('download');
    await row.getByRole('link', { name: /廃棄証明書\.pdf/ }).click();
    expect((await download).suggestedFilename()).toBe('廃棄証明書.pdf');
    await expect(m.getByText('この情報資産は廃棄済みです。これ以上の取扱いは記録できません。')).toBeVisible();
    await checkpoint(m, 'assets-11-disposed');
  });

  await test.step('CSV import: one bad row → its error, nothing imported; corrected → imported', async () => {
    await m.goto('/assets/import');
    await expect(m.getByRole('heading', { level: 1, name: '取込' })).toBeVisible();
    const choose = async (name: string, buffer: Buffer) => {
      await m.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
      await m.getByRole('button', { name: '内容を確認する' }).click();
    };
    await choose('台帳_誤りあり.csv', csv([importRow('KENSHIN-001', '2'), importRow('KENSHIN-002', '4')]));
    await expect(m.getByText('誤りが1件あります')).toBeVisible();
    const errors = m.getByRole('table', { name: '取込の誤りの一覧' });
    await expect(errors.getByRole('cell', { name: '3行目' })).toBeVisible();
    await expect(errors.getByRole('cell', { name: '機密性', exact: true })).toBeVisible();
    await expect(m.getByRole('button', { name: /行を取り込む/ })).toHaveCount(0);
    await checkpoint(m, 'assets-14-import-errors');
    const none = await (await m.request.get('/api/v1/assets?q=KENSHIN&status=ALL')).json();
    expect(none.items).toEqual([]);

    await choose('台帳_修正済.csv', csv([importRow('KENSHIN-001', '2'), importRow('KENSHIN-002', '3')]));
    await expect(m.getByText('2行を取り込めます')).toBeVisible();
    await m.getByRole('button', { name: '2行を取り込む' }).click();
    await expect(m.getByText('2件を取り込みました')).toBeVisible();
    await checkpoint(m, 'assets-15-imported');
    await m.getByRole('link', { name: '情報資産管理台帳を開く' }).click();
    await expect(m.getByRole('link', { name: '健診結果KENSHIN-002' })).toBeVisible();
  });

  await test.step('a file in the town’s own layout: its columns are mapped, then it imports', async () => {
    await m.goto('/assets/import');
    const own = csv([importRow('KENSHIN-003', '2')])
      .toString('utf8')
      .replace('管理番号', '番号')
      .replace('情報資産の名称', '資産名');
    await m
      .locator('input[type="file"]')
      .setInputFiles({ name: '独自様式.csv', mimeType: 'text/csv', buffer: Buffer.from(own) });
    await m.getByRole('button', { name: '内容を確認する' }).click();
    const mapper = m.getByRole('form', { name: '列の対応付け' });
    await expect(mapper.locator('#map-column-0')).toHaveValue('管理番号');
    await mapper.getByLabel('ファイルの列「資産名」').selectOption('情報資産の名称');
    await checkpoint(m, 'assets-20-column-mapping');
    await mapper.getByRole('button', { name: '対応付けて確認する' }).click();
    await expect(m.getByText('1行を取り込めます')).toBeVisible();
    await expect(m.getByText('番号 → 管理番号、資産名 → 情報資産の名称')).toBeVisible();
    await m.getByRole('button', { name: '1行を取り込む' }).click();
    await expect(m.getByText('1件を取り込みました')).toBeVisible();
  });

  await test.step('findings: an unclassified asset, filtered by kind, with its clause; export', async () => {
    const csrf = (await (await m.request.get('/api/v1/auth/me')).json()).csrfToken as string;
    const res = await m.request.post('/api/v1/assets', {
      data: {
        ref: 'MIBUNRUI-001',
        name: '未分類の申請書綴り',
        kind: 'PRINTED',
        medium: 'PAPER',
        tier: 'offline',
        orgUnitId: sectionId,
      },
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status(), await res.text()).toBe(201);
    await m.getByRole('link', { name: '指摘事項', exact: true }).click();
    await expect(m.getByRole('heading', { level: 1, name: '指摘事項' })).toBeVisible();
    await m.getByLabel('種類').selectOption({ value: 'ASSET-UNCLASSIFIED' });
    await expect(m.getByRole('button', { name: '「種類：未分類」を解除' })).toBeVisible();
    const row = m.locator('tr', { hasText: '未分類の申請書綴り' });
    await expect(row.locator('[data-finding="ASSET-UNCLASSIFIED"]')).toBeVisible();
    await expect(row).toContainText('6(2)');
    const download = m.waitForEvent('download');
    await m.getByRole('link', { name: 'Excel（.xlsx）で出力' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await checkpoint(m, 'assets-16-findings');
  });

  await test.step('classification schemes', async () => {
    await m.goto('/assets/schemes');
    await expect(m.getByRole('heading', { level: 1, name: '分類基準' })).toBeVisible();
    const level3 = m.getByRole('table', { name: '機密性' }).locator('tr[data-level="3"]');
    await expect(level3).toContainText('秘密文書に相当する機密性を要する情報資産');
    await expect(level3).toContainText('支給以外の端末での作業の禁止');
    await checkpoint(m, 'assets-17-schemes');
  });

  await test.step('the policy office edits a [要確認] definition and adds the 令和6年10月 scheme from a date', async () => {
    const page = later.responsible?.page as Page;
    await page.goto('/assets/schemes');
    await expect(page.getByRole('heading', { level: 1, name: '分類基準' })).toBeVisible();
    await page.getByRole('button', { name: '編集' }).click();
    const definition = page.locator('#field-definition-confidentiality-1-definition');
    await definition.fill('個人情報等、直ちに一般に公表することを前提としていない情報資産（新郷村の定義）');
    await page.locator('#field-definition-confidentiality-1-label').selectOption('確認済');
    await checkpoint(page, 'assets-18-scheme-edit');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText(/を保存しました。/)).toBeVisible();
    const level2 = page.getByRole('table', { name: '機密性' }).locator('tr[data-level="2"]');
    await expect(level2).toContainText('（新郷村の定義）');
    await expect(level2).toContainText('［確認済］');

    await page.locator('#field-preset').selectOption('MIC_R6_10');
    await page.locator('#field-newEffectiveFrom').fill('2030-04-01');
    await page.getByRole('button', { name: '追加する' }).click();
    await expect(page.getByText('「自治体機密性3A・3B・3C・2・1（令和6年10月版）」を追加しました。')).toBeVisible();
    const added = page.locator('li[data-scheme="MIC_R6_10"]');
    await expect(added).toContainText('施行前');
    await expect(page.locator('li[data-scheme="MIC_PRE_R6"]')).toContainText('適用中');
    await added.getByRole('button', { name: /表示/ }).click();
    await expect(page.getByRole('table', { name: '機密性' }).locator('tr[data-level="3B"]')).toContainText(
      '［要確認］',
    );
    await checkpoint(page, 'assets-19-schemes-added');
  });

  manager.done();
  staff.done();
  later.responsible?.done();
  adminErrors();
});
