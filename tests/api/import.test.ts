import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addPerson, countRows, makeTown, signInPerson, type Town, upload } from '../fixtures/org.ts';
import { brokenXlsx, HEADERS, personRow, sjisCsv, utf8Csv, XLSX_TYPE, xlsxFile } from '../fixtures/people-files.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const IMPORT = '/api/v1/people/import';

describeEachDatabase('bulk import of people (職員等の一括取込)', (make) => {
  let t: TestApp;
  let admin: Client;
  let town: Town;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    town = await makeTown(admin);
  });
  afterEach(async () => t?.close());

  const people = async () => (await admin.get('/api/v1/people?limit=200&sort=staffNumber')).json().items;
  const send = (name: string, bytes: Buffer, mode: 'preview' | 'commit', type?: string) =>
    upload(admin, `${IMPORT}?mode=${mode}`, { name, bytes, type });

  /** A bad file is refused with 400 and leaves the person table as it was. */
  async function refused(name: string, bytes: Buffer, type?: string) {
    const before = await countRows(t, 'person');
    const res = await send(name, bytes, 'commit', type);
    expect(res.statusCode, res.body).toBe(400);
    expect(await countRows(t, 'person')).toBe(before);
    return res.json();
  }

  it('serves the template as .xlsx (frozen header, dropdown, notes) and as CSV in UTF-8 with BOM', async () => {
    const xlsx = await admin.get(`${IMPORT}/template?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('職員等');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const validation = ws.getCell('F2').dataValidation;
    expect(validation.type).toBe('list');
    expect(validation.formulae[0]).toContain('会計年度任用職員');
    expect(JSON.stringify(ws.getCell('A1').note)).toContain('例: 1001');
    expect(wb.worksheets[1].getRow(2).getCell(1).value).toBe('1001');

    const csv = await admin.get(`${IMPORT}/template?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rawPayload.subarray(3).toString('utf8')).toBe(`${HEADERS.join(',')}\r\n`);
  });

  it('imports a UTF-8 CSV; preview writes nothing, commit writes every row and one audit event', async () => {
    const file = utf8Csv([
      personRow('2001'),
      personRow('2002', {
        姓: '佐々木',
        名: '一郎',
        姓ふりがな: 'ささき',
        名ふりがな: 'いちろう',
        [HEADERS[6]]: '120',
      }),
      personRow('2003', { 雇用区分: '委託事業者の従事者', 事業者名: '株式会社青葉情報', [HEADERS[6]]: '' }),
    ]);
    const before = await countRows(t, 'person');
    const preview = await send('people.csv', file, 'preview', 'text/csv');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ format: 'csv', encoding: 'utf8', rows: 3, valid: 3, errors: [] });
    expect(preview.json().sample[1]).toMatchObject({ row: 3, staffNumber: '2002', unitPath: '総務部 > 税務課' });
    expect(await countRows(t, 'person')).toBe(before);

    const commit = await send('people.csv', file, 'commit', 'text/csv');
    expect(commit.statusCode, commit.body).toBe(201);
    expect(commit.json().imported).toBe(3);
    expect(await countRows(t, 'person')).toBe(before + 3);
    const list = await people();
    const sasaki = list.find((p: { staffNumber: string }) => p.staffNumber === '2002');
    expect(sasaki).toMatchObject({ name: '佐々木 一郎', orgUnitId: town.taxSection, joinedOn: '2026-04-01' });
    const contractor = list.find((p: { staffNumber: string }) => p.staffNumber === '2003');
    expect(contractor).toMatchObject({
      employmentType: 'CONTRACTOR_STAFF',
      employer: '株式会社青葉情報',
      orgUnitId: null,
    });
    const audit = (await admin.get('/api/v1/audit-events?entityType=person&limit=200')).json();
    const actions = (audit.items ?? audit).map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'import')).toHaveLength(1);
  });

  it('imports a Shift_JIS (CP932) CSV and keeps 髙, 﨑 and ① exactly', async () => {
    const file = sjisCsv([
      personRow('3001', { 姓: '髙橋', 名: '﨑子', 姓ふりがな: 'たかはし', 名ふりがな: 'さきこ', 職名: '第①係長' }),
      personRow('3002', { 姓: '山﨑', 名: '徳之', 姓ふりがな: 'やまざき', 名ふりがな: 'のりゆき', 着任日: '2026/4/1' }),
    ]);
    expect(file.includes(Buffer.from('髙', 'utf8'))).toBe(false);
    const res = await send('職員_sjis.csv', file, 'commit', 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ encoding: 'cp932', imported: 2 });
    const list = await people();
    const takahashi = list.find((p: { staffNumber: string }) => p.staffNumber === '3001');
    expect([takahashi.familyName, takahashi.givenName, takahashi.title]).toEqual(['髙橋', '﨑子', '第①係長']);
    const yamazaki = list.find((p: { staffNumber: string }) => p.staffNumber === '3002');
    expect(yamazaki).toMatchObject({ familyName: '山﨑', joinedOn: '2026-04-01' });
  });

  it('imports the downloaded .xlsx template once filled in', async () => {
    const template = await admin.get(`${IMPORT}/template?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.getRow(2).values = personRow('4001', { 姓: '髙木', 姓ふりがな: 'たかぎ' });
    ws.getRow(3).values = personRow('4002', { 雇用区分: '会計年度任用職員', [HEADERS[6]]: '110' });
    ws.getCell('M3').value = new Date(Date.UTC(2026, 3, 1));
    ws.getCell('A4').value = 4003;
    ws.getRow(4).getCell(2).value = '鈴木';
    ws.getRow(4).getCell(3).value = '次郎';
    ws.getRow(4).getCell(4).value = 'スズキ';
    ws.getRow(4).getCell(5).value = 'ジロウ';
    ws.getRow(4).getCell(6).value = '派遣職員';
    ws.getRow(4).getCell(9).value = '青葉派遣株式会社';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await send('職員等.xlsx', bytes, 'commit', XLSX_TYPE);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'xlsx', rows: 3, imported: 3 });
    const list = await people();
    expect(list.find((p: { staffNumber: string }) => p.staffNumber === '4002')).toMatchObject({
      employmentType: 'FIXED_TERM',
      orgUnitId: town.section,
      joinedOn: '2026-04-01',
    });
    expect(list.find((p: { staffNumber: string }) => p.staffNumber === '4003')).toMatchObject({
      employmentType: 'DISPATCHED',
    });
  });

  it('reports each bad row with its row and column and imports nothing', async () => {
    const file = utf8Csv([
      personRow('5001'),
      personRow('5002', { 雇用区分: '正職員' }),
      personRow('5003', { [HEADERS[6]]: '総務部 > 財務課' }),
      personRow('5004', { 姓ふりがな: 'Yamada', メール: 'not-an-email' }),
      personRow('5005', { 雇用区分: '派遣職員' }),
      personRow('5006', { 着任日: '2026-02-30' }),
    ]);
    const preview = await send('bad.csv', file, 'preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ rows: 6, valid: 1 });
    const body = await refused('bad.csv', file);
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.message.ja).toContain(
      '3行目「雇用区分」: 「正職員」は選択肢にありません。職員、会計年度任用職員、派遣職員、委託事業者の従事者 のいずれかを入力してください。',
    );
    expect(body.message.ja).toContain('職員等は1人も登録されていません');
    const errors = body.details.errors.map((e: { row: number; column: string }) => [e.row, e.column]);
    expect(errors).toEqual([
      [3, '雇用区分'],
      [4, HEADERS[6]],
      [5, '姓ふりがな'],
      [5, 'メール'],
      [6, '事業者名'],
      [7, '着任日'],
    ]);
    expect(body.details.errors[1].message.ja).toContain('「総務部 > 財務課」に該当する組織がありません');
    expect(body.details.errors[2].message.ja).toBe('ふりがなは、ひらがな又はカタカナで入力してください。');
  });

  it('refuses staff numbers repeated in the file or already registered', async () => {
    await addPerson(admin, { staffNumber: '6000' });
    const body = await refused(
      'dup.csv',
      utf8Csv([personRow('6001'), personRow('6002'), personRow('6001'), personRow('6000')]),
    );
    expect(body.details.errors).toEqual([
      expect.objectContaining({
        row: 4,
        column: '職員番号',
        message: expect.objectContaining({ ja: '職員番号「6001」が2行目と重複しています。' }),
      }),
      expect.objectContaining({
        row: 5,
        column: '職員番号',
        message: expect.objectContaining({ ja: '「6000」: この職員番号は既に登録されています。' }),
      }),
    ]);
  });

  it('refuses wrong columns, broken and empty files, mojibake, too many rows and too large files', async () => {
    const wrong = await refused('wrong.xlsx', await xlsxFile([['1', '山田']], ['番号', '氏名']), XLSX_TYPE);
    expect(wrong.code).toBe('IMPORT_HEADER_MISMATCH');
    expect(wrong.message.ja).toContain('1行目の見出しがテンプレートと一致しません');
    expect(wrong.details.missing).toContain('雇用区分');
    expect(wrong.details.unknown).toEqual(['番号', '氏名']);

    const broken = await refused('壊れた.xlsx', brokenXlsx(), XLSX_TYPE);
    expect(broken.code).toBe('IMPORT_NOT_XLSX');
    expect(broken.message.ja).toContain('Excelファイル（.xlsx）として読み取れません');
    const zipNotWorkbook = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');
    expect((await refused('x.xlsx', zipNotWorkbook, XLSX_TYPE)).code).toBe('IMPORT_NOT_XLSX');

    expect((await refused('empty.csv', Buffer.alloc(0))).code).toBe('IMPORT_EMPTY');
    expect((await refused('header-only.csv', utf8Csv([]))).code).toBe('IMPORT_NO_ROWS');

    const mojibake = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sjisCsv([personRow('7001')])]);
    const moji = await refused('moji.csv', mojibake);
    expect(moji.code).toBe('IMPORT_MOJIBAKE');
    expect(moji.message.ja).toContain('文字化け');

    const many = utf8Csv(Array.from({ length: 5001 }, (_, i) => personRow(`M${i}`)));
    const tooMany = await refused('many.csv', many);
    expect(tooMany.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(tooMany.message.ja).toContain('5,000行');

    const huge = Buffer.concat([utf8Csv([personRow('8001')]), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]);
    const tooLarge = await refused('huge.csv', huge);
    expect(tooLarge.code).toBe('FILE_TOO_LARGE');
    expect(tooLarge.message.ja).toContain('5MB');

    const notMultipart = await admin.post(`${IMPORT}?mode=commit`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(400);
  });

  it('is for those who keep the personnel records only', async () => {
    const personId = await addPerson(admin, { orgUnitId: town.section });
    const staff = await signInPerson(t, admin, personId, 'staff01');
    expect((await staff.get(`${IMPORT}/template?format=csv`)).statusCode).toBe(403);
    const res = await upload(staff, `${IMPORT}?mode=commit`, { name: 'a.csv', bytes: utf8Csv([personRow('9001')]) });
    expect(res.statusCode).toBe(403);
  });
});
