/**
 * Column mapping on the register import (?map=JSON): a town's own 台帳 layout — other header words, extra columns —
 * is refused with the headers to map, then imports once mapped; a broken mapping is a 400 with a Japanese message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upload } from '../fixtures/org.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { type AssetWorld, assetWorld, ok } from './assets.fixture.ts';

const HEADER = [
  '番号',
  '資産名',
  '種別',
  '所管課室',
  '媒体',
  'ネットワーク区分',
  '機密性',
  '完全性',
  '可用性',
  '担当者メモ',
];
const ROW = [
  'MAP-001',
  '対応付け資産',
  '情報（電子データ）',
  '総務部 > 総務課',
  '電子データ',
  'LGWAN接続系',
  '2',
  '1',
  '1',
  '山田',
];
const FILE = { name: 'own-layout.csv', bytes: Buffer.from(`${HEADER.join(',')}\r\n${ROW.join(',')}\r\n`, 'utf8') };
const MAP = { 番号: '管理番号', 資産名: '情報資産の名称', 担当者メモ: '' };
const url = (mode: string, map?: unknown) =>
  `/api/v1/assets/import?mode=${mode}${map === undefined ? '' : `&map=${encodeURIComponent(typeof map === 'string' ? map : JSON.stringify(map))}`}`;

describeEachDatabase('asset import: column mapping', (make) => {
  let w: AssetWorld;
  beforeAll(async () => {
    w = await assetWorld(make);
  }, 180_000);
  afterAll(async () => w?.t.close());

  it('refuses unknown headers naming what to map, then imports with the mapping', async () => {
    const refused = await upload(w.policy, url('preview'), FILE);
    expect(refused.statusCode).toBe(400);
    const body = refused.json();
    expect(body.code).toBe('IMPORT_HEADER_MISMATCH');
    expect(body.details.unknown).toEqual(['番号', '資産名', '担当者メモ']);
    expect(body.details.missing).toEqual(['管理番号', '情報資産の名称']);
    expect(body.details.required).toContain('管理番号');
    expect(body.details.expected).toContain('情報資産の名称');

    const preview = ok(await upload(w.policy, url('preview', MAP), FILE));
    expect(preview).toMatchObject({ rows: 1, valid: 1, created: 1, errorCount: 0 });
    const committed = ok(await upload(w.policy, url('commit', MAP), FILE), 201);
    expect(committed.imported).toBe(1);
    const list = ok(await w.policy.get('/api/v1/assets?q=MAP-001'));
    expect(list.items.map((a: { ref: string; name: string }) => [a.ref, a.name])).toEqual([
      ['MAP-001', '対応付け資産'],
    ]);
  });

  it('a partial mapping still names what is left; a malformed mapping is a 400 in Japanese', async () => {
    const partial = await upload(w.policy, url('preview', { 番号: '管理番号' }), FILE);
    expect(partial.statusCode).toBe(400);
    expect(partial.json().details.unknown).toEqual(['資産名', '担当者メモ']);

    const broken = await upload(w.policy, url('preview', '{not json'), FILE);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(broken.json())).toContain('列の対応付け');
  });
});
