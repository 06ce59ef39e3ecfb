/**
 * The organisation area (組織体制) in a real browser: a town of its own (三戸町, created with the CLI so the spec does
 * not depend on the others), its administrator enrols TOTP, then — through the pages only — adds an implementing
 * body, builds the unit tree (the server refuses to close a unit that is not empty, in its own words), renames,
 * moves and closes a unit and reads its history, registers a person through the form, imports a Shift_JIS CSV with
 * 髙橋 and 﨑山 (after a broken file and a file with row/column errors that imports nobody), searches and filters the
 * staff list, appoints the CISO from the missing-role warning (which then disappears), creates and disables an
 * account, transfers one person and records another's retirement. Every page: axe (no serious/critical) and a
 * screenshot, test-results/screenshots/org-*.png.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { HEADERS } from '../../src/modules/organisation/import.columns.ts';
import {
  checkpoint,
  chooseOwnPassword,
  createTown,
  enrolTotp,
  ISSUED_PASSWORD,
  signIn,
  watchForPageErrors,
} from './support.ts';

const TOWN = { name: '三戸町', code: '024465', committee: '三戸町情報セキュリティ委員会' };
const ADMIN = {
  loginId: 'kanri.sannohe',
  password: 'Sannohe-kanri-2026!',
  family: '三上',
  given: '恵子',
  familyKana: 'みかみ',
  givenKana: 'けいこ',
};
const STAFF_PASSWORD = 'Sannohe-shokuin-2026?';

type Row = Partial<Record<(typeof HEADERS)[number], string>>;
const UNIT = HEADERS[6];

/** One CSV row in template column order. */
function row(values: Row): string[] {
  return HEADERS.map((h) => values[h] ?? '');
}

/** A CSV as Excel on a Japanese Windows PC saves it: Shift_JIS (CP932), CRLF. */
function sjisCsv(rows: string[][]): Buffer {
  const text = [HEADERS, ...rows]
    .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
    .join('\r\n');
  return iconv.encode(`${text}\r\n`, 'cp932');
}

const person = (n: string, family: string, given: string, fk: string, gk: string, extra: Row = {}): Row => ({
  職員番号: n,
  姓: family,
  名: given,
  姓ふりがな: fk,
  名ふりがな: gk,
  雇用区分: '職員',
  [UNIT]: '総務部 > 総務課',
  ...extra,
});

async function peopleTotal(page: Page, q: string): Promise<number> {
  const res = await page.request.get(`/api/v1/people?status=ACTIVE&q=${encodeURIComponent(q)}`);
  expect(res.ok()).toBe(true);
  return (await res.json()).total;
}

async function chooseFile(page: Page, name: string, buffer: Buffer, mimeType = 'text/csv') {
  await page.getByLabel('取り込むファイル').setInputFiles({ name, mimeType, buffer });
  await page.getByRole('button', { name: '確認', exact: true }).click();
}

// Fail a step quickly rather than at the end of the whole test's time.
test.use({ actionTimeout: 20_000 });

test('organisation: bodies, unit tree, people, Shift_JIS import, appointments, accounts', async ({ page }) => {
  test.setTimeout(360_000);
  const noPageErrors = watchForPageErrors(page);
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });

  await test.step('a town of its own, its administrator signs in and enrols TOTP', async () => {
    createTown(TOWN, ADMIN);
    await signIn(page, ADMIN);
    await enrolTotp(page);
  });

  await test.step('組織体制: the pages of the area and the findings waiting', async () => {
    await nav.getByRole('link', { name: '組織体制' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '組織体制' })).toBeVisible();
    await expect(page.getByText(/組織体制に確認が必要な事項が\d+件あります。/)).toBeVisible();
    await checkpoint(page, 'org-01-home');
  });

  await test.step('実施機関: add and rename', async () => {
    await page.getByRole('link', { name: /^実施機関/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '実施機関' })).toBeVisible();
    await page.getByRole('button', { name: '実施機関を追加' }).click();
    const dialog = page.getByRole('dialog', { name: '実施機関の追加' });
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect(dialog.locator('#field-name')).toHaveAttribute('aria-invalid', 'true');
    await dialog.locator('#field-kind').selectOption('PUBLIC_ENTERPRISE');
    await dialog.locator('#field-name').fill('水道事業');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect(page.getByText('実施機関「水道事業」を追加しました。')).toBeVisible();
    await page.getByRole('button', { name: /名称の変更\s*：水道事業/ }).click();
    const rename = page.getByRole('dialog', { name: '「水道事業」の名称の変更' });
    await rename.locator('#field-name').fill('三戸町水道事業');
    await rename.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('実施機関の名称を「三戸町水道事業」に変更しました。')).toBeVisible();
    const table = page.getByRole('table', { name: '実施機関の一覧' });
    await expect(table.getByRole('row', { name: /地方公営企業 三戸町水道事業/ })).toBeVisible();
    await checkpoint(page, 'org-02-bodies');
  });

  const addUnit = async (level: 'DEPT' | 'SECTION', name: string, parent?: string) => {
    await page.getByRole('button', { name: '組織を追加' }).click();
    const dialog = page.getByRole('dialog', { name: '組織の追加' });
    await dialog.locator('#field-bodyId').selectOption({ label: '町長部局' });
    await dialog.locator('#field-level').selectOption(level);
    if (parent) await dialog.locator('#field-parentId').selectOption({ label: parent });
    await dialog.locator('#field-name').fill(name);
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect(page.getByText(`「${parent ? `${parent} > ` : ''}${name}」を追加しました。`)).toBeVisible();
  };

  await test.step('部局・課室: build the tree', async () => {
    await page.goto('/organisation/units');
    await expect(page.getByRole('heading', { level: 1, name: '部局・課室' })).toBeVisible();
    await expect(page.getByText('組織が登録されていません')).toBeVisible();
    await addUnit('DEPT', '総務部');
    await addUnit('DEPT', '住民福祉部');
    await addUnit('SECTION', '総務課', '総務部');
    await addUnit('SECTION', '企画課', '総務部');
    await addUnit('SECTION', '危機管理室', '総務部');
    const tree = page.getByRole('table', { name: /町長部局/ });
    await expect(tree.getByRole('row')).toHaveCount(6);
    await expect(tree.getByRole('link', { name: '企画課', exact: true })).toBeVisible();
    await checkpoint(page, 'org-03-units');
  });

  await test.step('a unit that is not empty cannot be closed: the server says why', async () => {
    await page
      .getByRole('table', { name: /町長部局/ })
      .getByRole('link', { name: '総務部', exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: '総務部' })).toBeVisible();
    await page.getByRole('button', { name: '廃止' }).click();
    const dialog = page.getByRole('alertdialog', { name: '「総務部」の廃止' });
    await dialog.getByRole('button', { name: '廃止する' }).click();
    const refusal = dialog.getByTestId('unit-close-refusal');
    await expect(refusal).toContainText('廃止する前に、配下の組織（3件）を廃止又は移動し');
    await expect(refusal).toContainText('危機管理室');
    await checkpoint(page, 'org-04-unit-close-refused');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
  });

  await test.step('rename, move and close a unit; its history', async () => {
    await page.goto('/organisation/units');
    await page
      .getByRole('table', { name: /町長部局/ })
      .getByRole('link', { name: '危機管理室', exact: true })
      .click();
    await page.getByRole('button', { name: '名称等の変更' }).click();
    const rename = page.getByRole('dialog');
    await rename.locator('#field-name').fill('危機管理課');
    await rename.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('名称を「危機管理課」に変更しました。')).toBeVisible();

    await page.getByRole('button', { name: '移動' }).click();
    const move = page.getByRole('dialog');
    await move.locator('#field-parentId').selectOption({ label: '住民福祉部' });
    await expect(move.getByText('移動後：住民福祉部 > 危機管理課')).toBeVisible();
    await move.getByRole('button', { name: '移動', exact: true }).click();
    await expect(page.getByText('「住民福祉部 > 危機管理課」に移動しました。')).toBeVisible();

    await page.getByRole('button', { name: '廃止' }).click();
    const close = page.getByRole('alertdialog');
    await expect(close).toContainText('廃止日で終了します');
    await close.getByRole('button', { name: '廃止する' }).click();
    await expect(page.getByText(/「危機管理課」を廃止しました/)).toBeVisible();

    const history = page.getByRole('region', { name: '変更の履歴' });
    await expect(history.getByRole('row')).toHaveCount(5);
    await expect(history).toContainText('「危機管理室」から「危機管理課」に名称変更');
    await expect(history).toContainText('「総務部」の下から「住民福祉部」の下へ移動');
    await expect(history).toContainText('廃止');
    await checkpoint(page, 'org-05-unit-history');

    // The closing date is the unit's last day: until it has passed, the tree shows it as closing.
    await page.goto('/organisation/units');
    await expect(page.getByRole('row', { name: /危機管理課/ })).toContainText('廃止予定');
    await page.getByText('廃止された組織も表示する').click();
    await expect(page).toHaveURL(/closed=1/);
    await expect(page.getByRole('link', { name: '危機管理課', exact: true })).toBeVisible();
  });

  await test.step('register a person through the form, errors first', async () => {
    await page.goto('/organisation/people');
    await expect(page.getByRole('heading', { level: 1, name: '職員等' })).toBeVisible();
    await page.getByRole('link', { name: '職員等を登録' }).click();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: '入力内容に誤りがあります' });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: '職員番号を入力してください。' })).toBeVisible();
    await page.locator('#field-familyKana').fill('Sasaki');
    await checkpoint(page, 'org-06-person-form-errors');

    await page.locator('#field-staffNumber').fill('2001');
    await page.locator('#field-familyName').fill('佐々木');
    await page.locator('#field-givenName').fill('一郎');
    await page.locator('#field-familyKana').fill('ささき');
    await page.locator('#field-givenKana').fill('いちろう');
    await page.locator('#field-orgUnitId').selectOption({ label: '総務部 > 総務課' });
    await page.locator('#field-title').fill('主事');
    await page.locator('#field-email').fill('sasaki@town.sannohe.example.lg.jp');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '佐々木 一郎' })).toBeVisible();
    await expect(page.getByText('佐々木 一郎さんを登録しました。')).toBeVisible();
    await checkpoint(page, 'org-07-person-detail');
  });

  await test.step('import: a broken file and a file with errors import nobody', async () => {
    await page.goto('/organisation/people/import');
    await expect(page.getByRole('heading', { level: 1, name: '職員等の一括取込' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Excelのテンプレート（.xlsx）' })).toHaveAttribute(
      'href',
      '/api/v1/people/import/template?format=xlsx',
    );
    await checkpoint(page, 'org-08-import');

    await chooseFile(page, '文字化け.csv', Buffer.from([0xef, 0xbb, 0xbf, 0x83, 0x81, 0xff, 0xfe, 0x0d, 0x0a]));
    await expect(page.getByTestId('import-problem')).toContainText('文字化けしています');
    await checkpoint(page, 'org-09-import-mojibake');

    const bad = sjisCsv([
      row(person('3001', '髙橋', '花子', 'たかはし', 'はなこ')),
      row(person('3001', '﨑山', '次郎', 'さきやま', 'じろう')),
      row(person('3003', '渡邊', '三郎', 'わたなべ', 'さぶろう', { [UNIT]: '総務部 > 存在しない課' })),
      row(person('3004', '工藤', '四郎', 'Kudo', 'しろう', { 雇用区分: '臨時' })),
    ]);
    await chooseFile(page, '職員等_誤りあり.csv', bad);
    await expect(page.getByText(/誤りが\d+件あります。取り込めません。/)).toBeVisible();
    const errors = page.getByRole('table', { name: '取込の誤りの一覧' });
    await expect(
      errors.getByRole('row', { name: /3行目 職員番号 職員番号「3001」が2行目と重複しています。/ }),
    ).toBeVisible();
    await expect(
      errors.getByRole('row', { name: /4行目 所属.*「総務部 > 存在しない課」に該当する組織がありません。/ }),
    ).toBeVisible();
    await expect(errors.getByRole('row', { name: /5行目 姓ふりがな/ })).toBeVisible();
    await expect(errors.getByRole('row', { name: /5行目 雇用区分 「臨時」は選択肢にありません。/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^取り込む（/ })).toHaveCount(0);
    await expect(page.getByText('CSV（Shift_JIS）')).toBeVisible();
    expect(await peopleTotal(page, '髙橋')).toBe(0);
    await checkpoint(page, 'org-10-import-errors');
  });

  await test.step('import a Shift_JIS CSV with 髙橋 and 﨑山: preview, then commit', async () => {
    const good = sjisCsv([
      row(person('3001', '髙橋', '花子', 'たかはし', 'はなこ', { 職名: '総務課長' })),
      row(person('3002', '﨑山', '次郎', 'さきやま', 'じろう', { [UNIT]: '総務部 > 企画課' })),
      row(
        person('3003', '渡邊', '三郎', 'わたなべ', 'さぶろう', {
          雇用区分: '会計年度任用職員',
          [UNIT]: '総務部 > 企画課',
        }),
      ),
    ]);
    await chooseFile(page, '職員等_令和8年4月.csv', good);
    await expect(page.getByText('誤りはありません。3人を登録できます。')).toBeVisible();
    const sample = page.getByRole('table', { name: /取り込む内容/ });
    await expect(sample.getByRole('row', { name: /髙橋 花子/ })).toBeVisible();
    await expect(sample.getByRole('row', { name: /﨑山 次郎/ })).toBeVisible();
    await checkpoint(page, 'org-11-import-preview');
    await page.getByRole('button', { name: '取り込む（3人を登録）' }).click();
    await expect(page.getByText('3人を登録しました。')).toBeVisible();
    expect(await peopleTotal(page, '髙橋')).toBe(1);
    await checkpoint(page, 'org-12-import-done');
  });

  await test.step('the staff list: count, search, filter chips, print', async () => {
    await page.goto('/organisation/people');
    await expect(page.getByRole('heading', { level: 2, name: '5人' })).toBeVisible();
    await page.getByLabel('氏名・ふりがな・職員番号').fill('たかはし');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: '1人' })).toBeVisible();
    await expect(page.getByRole('link', { name: '髙橋 花子' })).toBeVisible();
    await page.getByRole('button', { name: '「検索：たかはし」を解除' }).click();
    await page.locator('#people-type').selectOption('FIXED_TERM');
    await expect(page.getByRole('heading', { level: 2, name: '1人' })).toBeVisible();
    await expect(page.getByRole('link', { name: '渡邊 三郎' })).toBeVisible();
    await expect(page.getByText('雇用区分：会計年度任用職員', { exact: true })).toBeVisible();
    await checkpoint(page, 'org-13-people-filtered');
    await page.getByRole('button', { name: '条件をすべて解除' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '5人' })).toBeVisible();
    await page.locator('#people-unit').selectOption({ label: '総務部' });
    await expect(page.getByRole('heading', { level: 2, name: '4人' })).toBeVisible();
    await checkpoint(page, 'org-14-people-list');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: 'test-results/screenshots/org-14b-people-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('役割の任命: appoint the CISO from the missing-role warning; the warning disappears', async () => {
    await nav.getByRole('link', { name: '組織体制' }).click();
    await page.getByRole('link', { name: '役割の任命で確認する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '役割の任命' })).toBeVisible();
    const missingCiso = page.locator('[data-finding="ORG-NO-CISO"]');
    await expect(missingCiso).toContainText('最高情報セキュリティ責任者（CISO）が任命されていません。');
    await expect(missingCiso).toContainText('根拠：基本方針 6(1)');
    await checkpoint(page, 'org-15-appointments');

    await missingCiso.getByRole('button', { name: /任命する/ }).click();
    const dialog = page.getByRole('dialog', { name: '役割の任命' });
    await expect(dialog.locator('#field-role')).toHaveValue('CISO');
    await dialog.getByRole('combobox', { name: /氏名/ }).fill('たかはし');
    await page.getByRole('option', { name: /髙橋 花子（3001）/ }).click();
    await dialog.locator('#field-appointedBy').fill('町長');
    await expect(dialog.getByTestId('appoint-effects')).toContainText('次回のログインから二要素認証が必要になります');
    await dialog.getByTestId('appoint-effects').scrollIntoViewIfNeeded();
    await checkpoint(page, 'org-16-appoint-dialog');
    await dialog.getByRole('button', { name: '任命する' }).click();
    await expect(page.getByText(/髙橋 花子さんを最高情報セキュリティ責任者（CISO）に任命しました/)).toBeVisible();
    await expect(page.locator('[data-finding="ORG-NO-CISO"]')).toHaveCount(0);
    const list = page.getByRole('table', { name: '任命の一覧' });
    await expect(
      list.getByRole('row', { name: /最高情報セキュリティ責任者（CISO） 団体全体 髙橋 花子/ }),
    ).toBeVisible();

    // The 情報セキュリティ管理者 of 企画課, from the unit's own warning (role and unit filled in).
    const missingManager = page.locator('[data-finding="ORG-UNIT-NO-MANAGER"]').filter({ hasText: '企画課' });
    await missingManager.getByRole('button', { name: /任命する/ }).click();
    const second = page.getByRole('dialog', { name: '役割の任命' });
    await expect(second.locator('#field-role')).toHaveValue('SEC_MANAGER');
    await expect(second.locator('#field-scopeId')).toHaveValue(/.+/);
    await second.getByRole('combobox', { name: /氏名/ }).fill('3002');
    await page.getByRole('option', { name: /﨑山 次郎（3002）/ }).click();
    await second.getByRole('button', { name: '任命する' }).click();
    await expect(
      page.getByText(/﨑山 次郎さんを情報セキュリティ管理者（総務部 > 企画課）に任命しました/),
    ).toBeVisible();
    await expect(page.locator('[data-finding="ORG-UNIT-NO-MANAGER"]').filter({ hasText: '企画課' })).toHaveCount(0);
    await page.getByText('終了した任命も表示する（履歴）').click();
    await expect(page.getByText('終了した任命を含む')).toBeVisible();
    await checkpoint(page, 'org-17-appointments-after');

    // A CSIRT member appointed from the page's own button, then the appointment ended: it stays in the history.
    await page.getByRole('button', { name: '任命する', exact: true }).first().click();
    const member = page.getByRole('dialog', { name: '役割の任命' });
    await member.locator('#field-role').selectOption('CSIRT_MEMBER');
    await member.getByRole('combobox', { name: /氏名/ }).fill('2001');
    await page.getByRole('option', { name: /佐々木 一郎（2001）/ }).click();
    await member.getByRole('button', { name: '任命する' }).click();
    await expect(page.getByText(/佐々木 一郎さんをCSIRT要員に任命しました/)).toBeVisible();
    await list.getByRole('button', { name: /任命を終了.*佐々木 一郎/ }).click();
    const end = page.getByRole('alertdialog', { name: /佐々木 一郎さん（CSIRT要員）の任命の終了/ });
    await end.locator('#field-reason').fill('担当替え');
    await end.getByRole('button', { name: '終了する' }).click();
    await expect(page.getByText(/佐々木 一郎さんのCSIRT要員の任命を.*で終了しました。/)).toBeVisible();
    await expect(list.getByRole('row', { name: /CSIRT要員 団体全体 佐々木 一郎/ })).toBeVisible();
  });

  await test.step('アカウント管理: create an account for a person, disable and enable it', async () => {
    await nav.getByRole('link', { name: 'アカウント管理' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'アカウント管理' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '1件' })).toBeVisible();
    await checkpoint(page, 'org-18-admin-accounts');
    await page.getByRole('link', { name: 'アカウントを作成' }).click();
    await page.getByRole('combobox', { name: /職員等/ }).fill('さきやま');
    await page.getByRole('option', { name: /﨑山 次郎（3002）/ }).click();
    await page.locator('#field-loginId').fill('sakiyama.j');
    await page.locator('#field-password').fill(STAFF_PASSWORD);
    await page.locator('#field-passwordConfirm').fill(STAFF_PASSWORD);
    await checkpoint(page, 'org-19-admin-new');
    await page.getByRole('button', { name: '作成', exact: true }).click();
    await expect(page.getByText('﨑山 次郎さんのアカウント（sakiyama.j）を作成しました。')).toBeVisible();

    await page.getByRole('button', { name: 'sakiyama.jの操作' }).click();
    await page.getByRole('menuitem', { name: '無効にする' }).click();
    const confirm = page.getByRole('alertdialog', { name: /sakiyama.j（﨑山 次郎）を無効にしますか/ });
    await expect(confirm).toContainText('ログイン中のセッションは直ちに終了します');
    await confirm.getByRole('button', { name: '無効にする' }).click();
    await expect(page.getByText('sakiyama.jを無効にしました。')).toBeVisible();
    const row = page.getByRole('row', { name: /sakiyama.j/ });
    await expect(row).toContainText('無効');
    await page.getByRole('button', { name: 'sakiyama.jの操作' }).click();
    await page.getByRole('menuitem', { name: '有効にする' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '有効にする' }).click();
    await expect(page.getByText('sakiyama.jを有効にしました。')).toBeVisible();
    await checkpoint(page, 'org-20-admin-after');
  });

  await test.step('edit a person: only the record keepers change the name; the unit changes through 異動', async () => {
    await page.goto('/organisation/people?q=2001');
    await page.getByRole('link', { name: '佐々木 一郎' }).click();
    await page.getByRole('link', { name: '編集' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '佐々木 一郎の編集' })).toBeVisible();
    await expect(page.getByText('所属の変更は、職員等の画面の「異動」から登録してください')).toBeVisible();
    await page.locator('#field-phone').fill('0179-20-1111');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('佐々木 一郎さんの情報を保存しました。')).toBeVisible();
    await expect(page.getByText('0179-20-1111')).toBeVisible();
    await expect(page.getByRole('region', { name: '履歴' })).toContainText('変更した項目：電話番号');
  });

  await test.step('異動: the dialog says which appointments end', async () => {
    await page.goto('/organisation/people?q=%E4%BD%90%E3%80%85%E6%9C%A8');
    await page.getByRole('link', { name: '佐々木 一郎' }).click();
    await page.getByRole('button', { name: '異動', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '佐々木 一郎さんの異動' });
    await dialog.locator('#field-orgUnitId').selectOption({ label: '総務部 > 企画課' });
    await expect(dialog.getByTestId('transfer-effects')).toContainText('所属が「総務部 > 企画課」になります。');
    await dialog.getByTestId('transfer-effects').scrollIntoViewIfNeeded();
    await checkpoint(page, 'org-21-transfer');
    await dialog.getByRole('button', { name: '異動を登録' }).click();
    await expect(page.getByText(/佐々木 一郎さんの異動を登録しました。異動先：総務部 > 企画課/)).toBeVisible();
    await expect(page.getByRole('link', { name: '総務部 > 企画課' })).toBeVisible();
  });

  await test.step('退職: the confirmation names the account to be disabled and the roles to end', async () => {
    await page.goto('/organisation/people?q=3002');
    await page.getByRole('link', { name: '﨑山 次郎' }).click();
    await page.getByRole('button', { name: '退職・転出' }).click();
    const dialog = page.getByRole('alertdialog', { name: '﨑山 次郎さんの退職・転出' });
    const effects = dialog.getByTestId('leave-effects');
    await expect(effects).toContainText('ログインのアカウント（sakiyama.j）は無効になり');
    await expect(effects).toContainText('情報セキュリティ管理者（総務部 > 企画課）');
    await effects.scrollIntoViewIfNeeded();
    await checkpoint(page, 'org-22-leave');
    await dialog.getByRole('button', { name: '退職を登録' }).click();
    await expect(page.getByText(/﨑山 次郎さんの退職を登録しました。退職日：.*アカウントを無効にし/)).toBeVisible();
    await expect(page.getByText('この人は退職しています。')).toBeVisible();
    const account = page.getByRole('region', { name: 'ログインのアカウント' });
    await expect(account).toContainText('無効');
    await expect(page.getByRole('region', { name: '履歴' })).toContainText('退職');
    await checkpoint(page, 'org-23-person-retired');
  });

  await test.step('the staff list in English', async () => {
    await page.goto('/organisation/people?status=ALL');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '5 people' })).toBeVisible();
    await checkpoint(page, 'org-24-people-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '職員等' })).toBeVisible();
  });

  await test.step('出力: the server builds the staff list file and records the export in the audit trail', async () => {
    await page.goto('/organisation/people?status=ALL');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '職員等の一覧を出力' }).click();
    await page.getByRole('menuitem', { name: 'CSV形式（UTF-8）' }).click();
    const file = readFileSync((await (await download).path()) as string);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8')).toContain('佐々木 一郎');
    await expect(page.getByText(/^職員等_\d{8}\.csv（5件）を出力しました。$/)).toBeVisible();
    const events = await (await page.request.get('/api/v1/audit-events?action=export')).json();
    expect(events.items[0]).toMatchObject({ action: 'export', entityType: 'person' });
  });

  await test.step('a member of staff sees the organisation but no action they may not take', async () => {
    const me = await (await page.request.get('/api/v1/auth/me')).json();
    const list = await (await page.request.get('/api/v1/people?q=2001')).json();
    const created = await page.request.post('/api/v1/accounts', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { personId: list.items[0].id, loginId: 'sasaki.i', password: ISSUED_PASSWORD },
    });
    expect(created.status()).toBe(201);
    await page.getByRole('banner').getByRole('button', { name: 'ログアウト' }).click();
    await page.getByLabel('ログインID').fill('sasaki.i');
    await page.getByLabel('パスワード').fill(ISSUED_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    // The administrator issued that password: it is replaced before anything else.
    await chooseOwnPassword(page, ISSUED_PASSWORD, STAFF_PASSWORD, 'org-25a-issued-password');
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'アカウント管理' })).toHaveCount(0);

    await page.goto('/organisation/people');
    await expect(page.getByRole('heading', { level: 2, name: '4人' })).toBeVisible();
    await expect(page.getByRole('link', { name: '職員等を登録' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '一括取込' })).toHaveCount(0);
    await page.getByRole('link', { name: '髙橋 花子' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '髙橋 花子' })).toBeVisible();
    await expect(page.getByRole('button', { name: '異動', exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '編集' })).toHaveCount(0);
    await checkpoint(page, 'org-25-staff-person');

    await page.goto('/organisation/units');
    await expect(page.getByRole('button', { name: '組織を追加' })).toHaveCount(0);
    await page.goto('/organisation/appointments');
    await expect(page.getByRole('heading', { level: 1, name: '役割の任命' })).toBeVisible();
    await expect(page.getByRole('button', { name: /任命する|任命を終了/ })).toHaveCount(0);
    await page.goto('/admin/accounts');
    await expect(page.getByText('アカウント管理は、Mamori管理者だけが利用できます。')).toBeVisible();
    await checkpoint(page, 'org-26-staff-admin-refused');
  });

  noPageErrors();
});
