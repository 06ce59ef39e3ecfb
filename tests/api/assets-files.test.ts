import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asSystem, toCount } from '../../src/db/scope.ts';
import { ASSET_COLUMNS, EXPORT_HEADERS } from '../../src/modules/assets/columns.ts';
import { upload } from '../fixtures/org.ts';
import type { Client } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, createAsset, ok } from './assets.fixture.ts';

const HEADERS = ASSET_COLUMNS.map((c) => c.header);
type Row = Partial<Record<string, string>>;
const row = (r: Row) => HEADERS.map((h) => r[h] ?? '');
const base = (ref: string, over: Row = {}): Row => ({
  管理番号: ref,
  情報資産の名称: `取込資産${ref}`,
  種別: '情報（電子データ）',
  所管課室: '総務部 > 総務課',
  媒体: '電子データ',
  ネットワーク区分: 'LGWAN接続系',
  機密性: '2',
  完全性: '1',
  可用性: '1',
  個人情報: '有',
  次回見直し日: '2027/4/1',
  ...over,
});
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csv = (rows: string[][], header = HEADERS) =>
  `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
const utf8 = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

async function xlsx(rows: string[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('情報資産');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const send = (c: Client, bytes: Buffer, name: string, mode: 'preview' | 'commit') =>
  upload(c, `/api/v1/assets/import?mode=${mode}`, { name, bytes });

describeEachDatabase('asset register files: template, import, export round trip', (make) => {
  let w: AssetWorld;
  const count = async () =>
    toCount(
      (
        await asSystem(w.t.database, (tx) =>
          tx
            .selectFrom('asset')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow(),
        )
      ).n,
    );
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('offers an .xlsx template with drop-downs for kinds, tiers, levels and units (from a hidden list sheet)', async () => {
    const res = await w.manager.get('/api/v1/assets/import/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['情報資産', '選択肢', '記入例']);
    expect(wb.getWorksheet('選択肢')?.state).toBe('hidden');
    const ws = wb.getWorksheet('情報資産')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    const validation = (header: string) => ws.getCell(2, HEADERS.indexOf(header) + 1).dataValidation;
    for (const h of ['種別', '所管課室', 'ネットワーク区分', '機密性', '完全性', '可用性', '個人情報'])
      expect(validation(h), h).toMatchObject({
        type: 'list',
        formulae: [expect.stringMatching(/^'選択肢'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/)],
      });
    const lists = wb.getWorksheet('選択肢')!;
    const values = lists
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(values).toEqual(
      expect.arrayContaining([
        '総務部 > 総務課',
        '総務部 > 税務課',
        'マイナンバー利用事務系',
        'LGWAN接続系',
        '3',
        '2',
        '1',
        '有',
        '無',
      ]),
    );
    expect((await w.staff.get('/api/v1/assets/import/template')).statusCode).toBe(403);
  });

  it('imports CSV in UTF-8 and Shift_JIS with a preview first, links between rows resolved by 管理番号', async () => {
    const rows = [
      row(
        base('CSV-SRV', {
          情報資産の名称: '住基サーバ',
          種別: '情報システム',
          媒体: '機器',
          機密性: '3',
          完全性: '2',
          可用性: '2',
        }),
      ),
      row(
        base('CSV-001', {
          '保存先（管理番号）': 'CSV-SRV',
          備考: '=SUM(A1) は式ではなく文字',
          特定個人情報: '有',
          ネットワーク区分: 'マイナンバー利用事務系',
        }),
      ),
      row(base('CSV-002', { '複製元（管理番号）': 'CSV-001、CSV-SRV', 所管課室: '110', 本人数: '101〜1,000人' })),
    ];
    const before = await count();
    const preview = ok(await send(w.manager, utf8(csv(rows)), 'assets.csv', 'preview'));
    expect(preview).toMatchObject({ format: 'csv', encoding: 'utf8', rows: 3, valid: 3, created: 3, errorCount: 0 });
    expect(await count()).toBe(before);
    const done = ok(await send(w.manager, utf8(csv(rows)), 'assets.csv', 'commit'), 201);
    expect(done).toMatchObject({ imported: 3, created: 3 });
    const copy = ok(await w.manager.get('/api/v1/assets?q=CSV-002')).items[0];
    expect(copy).toMatchObject({
      personCountLabel: '101〜1,000人',
      unitPath: '総務部 > 総務課',
      nextReviewOn: '2027-04-01',
      belowRequired: true,
    });
    const detail = ok(await w.manager.get(`/api/v1/assets/${copy.id}`));
    expect(
      detail.links.map((l: { kind: string; other: { ref: string } }) => `${l.kind}:${l.other.ref}`).sort(),
    ).toEqual(['DERIVED_FROM:CSV-001', 'DERIVED_FROM:CSV-SRV']);

    const sjis = iconv.encode(csv([row(base('SJIS-001', { 情報資産の名称: '髙橋課長の決裁文書①' }))]), 'cp932');
    const res = ok(await send(w.manager, sjis, 'sjis.csv', 'commit'), 201);
    expect(res).toMatchObject({ encoding: 'cp932', created: 1 });
    expect(ok(await w.manager.get('/api/v1/assets?q=SJIS-001')).items[0].name).toBe('髙橋課長の決裁文書①');
  });

  it('imports nothing from a file with mistakes and reports every one with its row and column', async () => {
    const garbled = Buffer.from('総務課の資料', 'utf8').toString('latin1');
    const file = await xlsx(
      [
        row(base('BAD-001', { 所管課室: '存在しない課' })),
        row(base('BAD-002', { 機密性: '4' })),
        row(base('BAD-003', { 情報資産の名称: garbled })),
        row(base('BAD-004')),
        row(base('BAD-004')),
        row(base('BAD-006', { 種別: '', ネットワーク区分: '' })),
        row(base('BAD-007', { '保存先（管理番号）': 'NOPE-999' })),
        row(base('BAD-008')),
      ],
      (ws) => ws.mergeCells('F9:G9'),
    );
    const before = await count();
    const preview = ok(await send(w.manager, file, 'bad.xlsx', 'preview'));
    const commit = await send(w.manager, file, 'bad.xlsx', 'commit');
    expect(commit.statusCode).toBe(400);
    expect(commit.json().code).toBe('IMPORT_INVALID');
    expect(commit.json().message.ja).toContain('1件も登録・更新されていません');
    expect(await count()).toBe(before);
    const errors = commit.json().details.errors as Array<{ row: number; column: string; message: { ja: string } }>;
    expect(preview.errors).toEqual(errors);
    const at = (r: number, column: string) => errors.find((e) => e.row === r && e.column === column);
    expect(at(2, '所管課室')?.message.ja).toContain('存在しない課');
    expect(at(3, '機密性')?.message.ja).toContain('「4」');
    expect(at(4, '情報資産の名称')?.message.ja).toContain('文字化け');
    expect(at(6, '管理番号')?.message.ja).toContain('5行目と重複');
    expect(at(7, '種別')?.message.ja).toContain('必須');
    expect(at(7, 'ネットワーク区分')?.message.ja).toContain('必須');
    expect(at(8, '保存先（管理番号）')?.message.ja).toContain('NOPE-999');
    expect(at(9, '媒体')?.message.ja).toContain('結合');
    expect(errors.filter((e) => e.row === 5)).toEqual([]);
  });

  it('refuses rows for a 課室 the importer does not manage, and old .xls / unknown headers as a whole', async () => {
    const res = await send(
      w.manager,
      utf8(csv([row(base('TAX-001', { 所管課室: '総務部 > 税務課' }))])),
      'tax.csv',
      'commit',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details.errors[0]).toMatchObject({ row: 2, column: '所管課室' });
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect((await send(w.manager, xls, 'old.xls', 'preview')).json().code).toBe('IMPORT_OLD_EXCEL');
    const header = await send(w.manager, utf8(csv([['x']], ['管理番号', '謎の列'])), 'h.csv', 'preview');
    expect(header.json()).toMatchObject({ code: 'IMPORT_HEADER_MISMATCH', details: { unknown: ['謎の列'] } });
    expect((await send(w.staff, utf8(csv([row(base('S-1'))])), 's.csv', 'preview')).statusCode).toBe(403);
  });

  it('exports any filtered list to .xlsx and CSV; importing the export back changes nothing', async () => {
    await createAsset(w, {
      ref: 'RT-001',
      name: '=HYPERLINK("http://evil")',
      note: '改行を\n含む備考',
      confidentiality: '3',
      hasSensitivePersonal: true,
    });
    await createAsset(w, {
      ref: 'RT-002',
      name: '台帳',
      personCount: 'LE_100',
      retention: '5年',
      retentionUntil: '2031-03-31',
      contractor: '青葉システム',
    });
    await createAsset(w, { ref: 'RT-003', name: '他課', orgUnitId: w.town.taxSection }, w.policy);
    const head = async () =>
      (
        await asSystem(w.t.database, (tx) =>
          tx.selectFrom('asset').select(['ref', 'updated_at']).orderBy('ref').execute(),
        )
      ).map((r) => `${r.ref}@${r.updated_at}`);
    const before = await head();
    const total = await count();

    const x = await w.manager.get(`/api/v1/assets/export?unitId=${w.town.section}`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(EXPORT_HEADERS);
    const refs = sheet.getColumn(1).values.slice(2) as string[];
    expect(refs).toEqual(expect.arrayContaining(['RT-001', 'RT-002', 'CSV-001']));
    expect(refs).not.toContain('RT-003');
    expect(sheet.getCell(refs.indexOf('RT-001') + 2, 2).value).toBe('=HYPERLINK("http://evil")');
    const again = ok(await send(w.manager, x.rawPayload, 'export.xlsx', 'commit'), 201);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: refs.length, imported: 0, errorCount: 0 });

    for (const encoding of ['utf8', 'sjis'] as const) {
      const c = await w.policy.get(`/api/v1/assets/export?format=csv&encoding=${encoding}`);
      expect(c.statusCode).toBe(200);
      const text = encoding === 'sjis' ? iconv.decode(c.rawPayload, 'cp932') : c.rawPayload.toString('utf8');
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
      const back = ok(await send(w.policy, c.rawPayload, `export-${encoding}.csv`, 'commit'), 201);
      expect(back, encoding).toMatchObject({ created: 0, updated: 0, errorCount: 0 });
      expect(back.unchanged).toBe(total);
    }
    expect(await head()).toEqual(before);
    expect(await count()).toBe(total);

    // Editing the exported file and importing it updates exactly that row, with a RECLASSIFY event.
    const edited = (await w.policy.get('/api/v1/assets/export?format=csv&q=RT-002')).rawPayload
      .toString('utf8')
      .replace(',LGWAN接続系,MIC_PRE_R6,2,', ',LGWAN接続系,MIC_PRE_R6,3,');
    const changed = ok(await send(w.policy, Buffer.from(edited, 'utf8'), 'edit.csv', 'commit'), 201);
    expect(changed).toMatchObject({ updated: 1, created: 0 });
    const rt2 = ok(await w.manager.get('/api/v1/assets?q=RT-002')).items[0];
    expect(rt2.confidentiality.code).toBe('3');
    expect(ok(await w.manager.get(`/api/v1/assets/${rt2.id}`)).events[0]).toMatchObject({
      action: 'RECLASSIFY',
      reason: expect.stringContaining('一括取込'),
    });
  });
});
