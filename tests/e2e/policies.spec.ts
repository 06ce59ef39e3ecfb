/**
 * Policy documents in a real browser, in a town of its own (若葉町, `mamori create-admin`; the seed 基本方針 is
 * imported at setup; two committee members appointed through the API). Through the pages: the administrator drafts
 * a new version of the 基本方針 changing one clause (7.), saves and submits it; a member of the policy office forwards
 * it to the committee; both members vote 賛成 and the tally approves it; the administrator publishes it with a
 * 施行日 thirty days ahead and the page says 「令和X年X月X日施行予定」. The public portal, with the browser's clock set
 * (page.clock), shows the old text the day before the 施行日 and the new text on it. Last, the 新旧対照表 marks the
 * change, downloads as .xlsx and prints (print media: the table without the app's chrome; a PDF on A4 landscape).
 * Every page: axe (no serious/critical) and a screenshot, test-results/screenshots/pol-*.png.
 */
import { expect, type Page, test } from '@playwright/test';
import { todayInJapan, toWareki } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/policy/exceptions.ts';
import { checkpoint, createTown, enrolTotp, signIn, signOut, totpCode, watchForPageErrors } from './support.ts';

const TOWN = { name: '若葉町', code: '029858', committee: '若葉町情報セキュリティ委員会' };
const ADMIN = {
  loginId: 'kanri.wakaba',
  password: 'Wakaba-kanri-2026!',
  family: '若林',
  given: '翔太',
  familyKana: 'わかばやし',
  givenKana: 'しょうた',
};
const OFFICE = { loginId: 'sato.wakaba', password: 'Wakaba-jimukyoku-2026!', family: '佐藤', given: '明' };
const MEMBER = { loginId: 'kato.wakaba', password: 'Wakaba-iin-2026!', family: '加藤', given: '純子' };

const OLD_SENTENCE = '検証するため、定期的又は必要に応じて情報セキュリティ監査及び自己点検を実施する。';
const NEW_SENTENCE = '検証するため、毎年度及び必要に応じて情報セキュリティ監査及び自己点検を実施する。';
const TODAY = todayInJapan();
const EFFECTIVE = addDays(TODAY, 30);

/** Noon in Japan on a calendar date, for the browser's clock. */
const noonInJapan = (iso: string) => new Date(`${iso}T12:00:00+09:00`);

// Fail a step quickly rather than at the end of the whole test's time.
test.use({ actionTimeout: 20_000 });

async function apiPost(page: Page, csrf: string, path: string, data: unknown) {
  const res = await page.request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': csrf } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test('policies: edit the 基本方針, committee approval, future 施行日 on the portal, print the 新旧対照表', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const noPageErrors = watchForPageErrors(page);
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  let totpSecret = '';
  let lastStep = 0;

  /** A member signs in; the first time, the temporary password the administrator set is replaced. */
  const signInMember = async (who: { loginId: string; password: string }) => {
    await signIn(page, who);
    const home = page.getByRole('heading', { level: 1, name: '今日やること' });
    const change = page.getByRole('heading', { level: 1, name: 'パスワードの設定' });
    await expect(home.or(change)).toBeVisible();
    if (await change.isVisible()) {
      const next = `${who.password}-new`;
      await page.getByRole('textbox', { name: /^仮のパスワード/ }).fill(who.password);
      await page.getByRole('textbox', { name: /^新しいパスワード(?!（確認）)/ }).fill(next);
      await page.getByRole('textbox', { name: /^新しいパスワード（確認）/ }).fill(next);
      await page.getByRole('button', { name: 'パスワードを設定して続ける' }).click();
      who.password = next;
    }
    await expect(home).toBeVisible();
  };
  const signInAdmin = async () => {
    await signIn(page, ADMIN);
    const { code, step } = await totpCode(totpSecret, lastStep);
    lastStep = step;
    await page.locator('#field-code').fill(code);
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '今日やること' })).toBeVisible();
  };
  const openVersionInProgress = async () => {
    await nav.getByRole('link', { name: 'ポリシー文書' }).click();
    await page.getByRole('link', { name: /第2版（/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティ基本方針 第2版' })).toBeVisible();
  };

  await test.step('a town of its own; its administrator signs in; two committee members through the API', async () => {
    createTown(TOWN, ADMIN);
    await signIn(page, ADMIN);
    ({ secret: totpSecret, step: lastStep } = await enrolTotp(page));

    const me = await (await page.request.get('/api/v1/auth/me')).json();
    const csrf = me.csrfToken as string;
    for (const [i, p] of [OFFICE, MEMBER].entries()) {
      const person = await apiPost(page, csrf, '/people', {
        staffNumber: `P${i + 1}`,
        familyName: p.family,
        givenName: p.given,
        familyKana: 'てすと',
        givenKana: 'いいん',
        employmentType: 'STAFF',
        orgUnitId: null,
        title: i === 0 ? '総務課主査' : '企画課長',
      });
      await apiPost(page, csrf, '/accounts', { personId: person.id, loginId: p.loginId, password: p.password });
      const roles = i === 0 ? ['POLICY_OFFICE', 'COMMITTEE_MEMBER'] : ['COMMITTEE_MEMBER'];
      for (const role of roles) {
        await apiPost(page, csrf, '/appointments', {
          role,
          personId: person.id,
          scopeId: null,
          validFrom: '2024-04-01',
        });
      }
    }
  });

  await test.step('the documents list: the seed 基本方針 in force', async () => {
    await nav.getByRole('link', { name: 'ポリシー文書' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ポリシー文書' })).toBeVisible();
    // The area's first page does not link back to itself from its breadcrumb.
    const crumbs = page.getByRole('navigation', { name: 'パンくずリスト' });
    await expect(crumbs.getByRole('link')).toHaveText(['ホーム']);
    await expect(crumbs.getByText('情報セキュリティポリシー')).toHaveAttribute('aria-current', 'page');
    const basic = page.getByRole('region', { name: '情報セキュリティ基本方針' });
    await expect(basic.getByRole('cell', { name: '第1版' })).toBeVisible();
    await expect(basic.getByText('令和8年1月9日（2026年1月9日）')).toBeVisible();
    await checkpoint(page, 'pol-01-documents');
  });

  await test.step('creating a 実施手順: the scope and readers asked for; server errors shown in Japanese', async () => {
    await page.getByRole('link', { name: '文書を作成' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '文書を作成' })).toBeVisible();
    await page
      .getByRole('radiogroup', { name: /文書の種類/ })
      .getByText('情報セキュリティ実施手順', { exact: true })
      .click();
    await expect(page.getByRole('group', { name: '閲覧できる役割', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '作成', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: '文書名' });
    await expect(summary).toBeVisible();
    await checkpoint(page, 'pol-01b-new-document-errors');
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ポリシー文書' })).toBeVisible();
  });

  await test.step('the document: the clause tree in force and its history', async () => {
    await page.getByRole('link', { name: '情報セキュリティ基本方針' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティ基本方針' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '7. 情報セキュリティ監査及び自己点検の実施' })).toBeVisible();
    await expect(page.getByText(OLD_SENTENCE, { exact: false })).toBeVisible();
    await expect(page.locator('[data-clause="第1章/6/(3)/②"]')).toContainText('②');
    await checkpoint(page, 'pol-02-document');
  });

  await test.step('draft: change clause 7 in the text, see the preview, save and submit', async () => {
    await page.getByRole('button', { name: '新しい版を起案' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティ基本方針 第2版' })).toBeVisible();
    const text = page.getByRole('textbox', { name: /本文（Markdown）/ });
    const before = await text.inputValue();
    expect(before).toContain(OLD_SENTENCE);
    await text.fill(before.replace(OLD_SENTENCE, NEW_SENTENCE));
    await page.getByRole('textbox', { name: /改訂の概要/ }).fill('監査及び自己点検を毎年度実施することを明記');
    const preview = page.getByRole('region', { name: '条項の構成（プレビュー）' });
    await expect(preview.getByText(NEW_SENTENCE)).toBeVisible();
    await expect(page.getByText('保存していない変更があります。')).toBeVisible();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('保存しました。')).toBeVisible();
    await checkpoint(page, 'pol-03-editor');
    await page.getByRole('button', { name: '確認に提出' }).click();
    await expect(page.getByText('確認者の確認を待っています。')).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: '確認中' })).toBeVisible();
    await checkpoint(page, 'pol-04-submitted');
  });

  await test.step('the policy office forwards it to the committee and votes 賛成', async () => {
    await signOut(page);
    await signInMember(OFFICE);
    await openVersionInProgress();
    await page.getByRole('textbox', { name: /確認のコメント/ }).fill('字句を確認しました。');
    await page.getByRole('button', { name: '委員会に付議' }).click();
    const step = page.getByRole('region', { name: `${TOWN.committee}の審議` });
    await expect(step).toContainText('賛成 0人・反対 0人・棄権 0人（委員 2人、承認に必要な賛成 2人）');
    await step
      .getByRole('radiogroup', { name: /あなたの投票/ })
      .getByText('賛成', { exact: true })
      .click();
    await step.getByRole('button', { name: '投票', exact: true }).click();
    await expect(step).toContainText('賛成 1人・反対 0人・棄権 0人（委員 2人、承認に必要な賛成 2人）');
    await expect(step.getByRole('row', { name: /佐藤 明/ })).toContainText('賛成');
    await checkpoint(page, 'pol-05-committee-vote');
  });

  await test.step('the second member votes 賛成: approved', async () => {
    await signOut(page);
    await signInMember(MEMBER);
    await openVersionInProgress();
    const step = page.getByRole('region', { name: `${TOWN.committee}の審議` });
    await step
      .getByRole('radiogroup', { name: /あなたの投票/ })
      .getByText('賛成', { exact: true })
      .click();
    await step.getByRole('button', { name: '投票', exact: true }).click();
    await expect(page.getByRole('definition').filter({ hasText: '承認済（公開前）' })).toBeVisible();
    await expect(page.getByText(/公開の担当者.*の公開を待っています/)).toBeVisible();
    await checkpoint(page, 'pol-06-approved');
  });

  const scheduled = `${toWareki(EFFECTIVE)}施行予定`;
  await test.step('the administrator publishes it with a 施行日 thirty days ahead', async () => {
    await signOut(page);
    await signInAdmin();
    await openVersionInProgress();
    await expect(page.getByRole('textbox', { name: /^改訂日/ })).toHaveValue(TODAY);
    await page.getByRole('textbox', { name: /^施行日/ }).fill(EFFECTIVE);
    await expect(page.getByText(`${scheduled}（`).first()).toBeVisible();
    await checkpoint(page, 'pol-07-publish');
    await page.getByRole('button', { name: '公開', exact: true }).click();
    await expect(page.getByRole('definition').filter({ hasText: '公開済' })).toBeVisible();
    const votes = page.getByRole('region', { name: '委員の投票' });
    await expect(votes).toContainText('佐藤 明：賛成');
    await expect(votes).toContainText('加藤 純子：賛成');
    await page.getByRole('link', { name: '情報セキュリティ基本方針に戻る' }).click();
    await expect(page.getByText(scheduled).first()).toBeVisible();
    // Until then the seed stays in force: the text shown is still the old one.
    await expect(page.getByText(OLD_SENTENCE, { exact: false })).toBeVisible();
    const history = page.getByRole('region', { name: '版の履歴' });
    await expect(history.getByRole('row', { name: /第2版/ })).toContainText('施行予定');
    await expect(history.getByRole('row', { name: /第1版/ })).toContainText('施行中');
    await checkpoint(page, 'pol-08-document-scheduled');
  });

  await test.step('the public portal switches to the new text on the 施行日 (browser clock)', async () => {
    const origin = new URL(page.url()).origin;
    const portal = await browser.newPage({ baseURL: origin, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const portalErrors = watchForPageErrors(portal);
    // The public portal needs no session: it never asks who is signed in.
    const askedWhoIsSignedIn: string[] = [];
    portal.on('request', (r) => {
      if (r.url().includes('/api/v1/auth/me')) askedWhoIsSignedIn.push(r.url());
    });
    await portal.clock.setFixedTime(noonInJapan(addDays(EFFECTIVE, -1)));
    await portal.goto(`/portal/${TOWN.code}`);
    await expect(portal.getByText(OLD_SENTENCE, { exact: false })).toBeVisible();
    await expect(portal.getByText(NEW_SENTENCE, { exact: false })).toHaveCount(0);
    await checkpoint(portal, 'pol-09-portal-before');

    await portal.clock.setFixedTime(noonInJapan(EFFECTIVE));
    await portal.reload();
    await expect(portal.getByText(NEW_SENTENCE, { exact: false })).toBeVisible();
    await expect(portal.getByText(OLD_SENTENCE, { exact: false })).toHaveCount(0);
    await checkpoint(portal, 'pol-10-portal-on-effective-date');
    // An unknown 団体コード is a page of its own with a heading, not a page of a nameless town.
    await portal.goto('/portal/999999');
    await expect(portal.getByRole('heading', { level: 1, name: 'ページが見つかりません' })).toBeVisible();
    await expect(portal.getByText('団体コード「999999」の公開ページはありません。', { exact: false })).toBeVisible();
    await expect(portal.getByRole('banner')).not.toContainText('団体');
    await checkpoint(portal, 'pol-10b-portal-unknown-code');
    expect(askedWhoIsSignedIn).toEqual([]);
    portalErrors();
    await portal.close();
  });

  await test.step('the 新旧対照表: the change marked, .xlsx, printed on A4 landscape', async () => {
    await page.getByRole('button', { name: '新旧対照表を表示' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティ基本方針 新旧対照表' })).toBeVisible();
    await expect(page.getByText('改正 1件・新設 0件・削除 0件・番号変更 0件')).toBeVisible();
    const table = page.getByTestId('comparison');
    const row = table.locator('tr[data-change="modified"]');
    await expect(row).toHaveCount(1);
    await expect(row.getByText('改正', { exact: true })).toBeVisible();
    await expect(row.locator('[data-mark="added"]')).toContainText('毎年度及び');
    await expect(row.locator('[data-mark="removed"]')).toContainText('定期的又は');
    await checkpoint(page, 'pol-11-compare');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Excel（.xlsx）で出力' }).click();
    expect((await download).suggestedFilename()).toMatch(/新旧対照表.*\.xlsx$/);

    await page.emulateMedia({ media: 'print' });
    await expect(table).toBeVisible();
    await expect(row.locator('[data-mark="added"]')).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(page.getByRole('navigation', { name: '情報セキュリティポリシーのメニュー' })).toBeHidden();
    await expect(page.getByRole('button', { name: /印刷/ })).toBeHidden();
    await expect(page.getByRole('link', { name: 'Excel（.xlsx）で出力' })).toBeHidden();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 landscape: 842 × 595 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 84[12](\.\d+)? 59[45](\.\d+)?\s*\]/);
    await page.emulateMedia({ media: 'screen' });
  });
  noPageErrors();
});
