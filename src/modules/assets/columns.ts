/**
 * The columns of the register's spreadsheet: one list for the template, the import and the export, so an exported
 * file imports back unchanged. Values are written as people read them (labels, unit paths, 有/無).
 */
import {
  ASSET_KIND_LABELS,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  LINK_KIND_LABELS,
  type LinkKind,
  PERSON_COUNT_LABELS,
} from '../../domain/assets/vocabulary.ts';

export type ColumnKey =
  | 'ref'
  | 'name'
  | 'kind'
  | 'business'
  | 'unit'
  | 'medium'
  | 'location'
  | 'tier'
  | 'scheme'
  | 'C'
  | 'I'
  | 'A'
  | 'hasPersonal'
  | 'hasSpecificPersonal'
  | 'hasSensitivePersonal'
  | 'personCount'
  | 'retention'
  | 'retentionUntil'
  | 'userScope'
  | 'contractor'
  | 'nextReviewOn'
  | 'lastReviewedOn'
  | LinkKind
  | 'note';

export interface AssetColumn {
  key: ColumnKey;
  header: string;
  width: number;
  required?: boolean;
  note: string;
  example: string;
  /** Which drop-down the template offers. */
  list?: 'kind' | 'medium' | 'tier' | 'unit' | 'scheme' | 'C' | 'I' | 'A' | 'yesno' | 'personCount';
}

const labels = (r: Record<string, string>) => Object.values(r).join('、');
const REFS = '管理番号。複数のときは「、」で区切ります。';

export const ASSET_COLUMNS: AssetColumn[] = [
  {
    key: 'ref',
    header: '管理番号',
    width: 14,
    required: true,
    note: '必須。半角英数字と - _ . /。同じ管理番号の行は上書き更新されます。',
    example: 'IA-0001',
  },
  { key: 'name', header: '情報資産の名称', width: 28, required: true, note: '必須。', example: '住民基本台帳データ' },
  {
    key: 'kind',
    header: '種別',
    width: 16,
    required: true,
    note: `必須。${labels(ASSET_KIND_LABELS)}`,
    example: '情報（電子データ）',
    list: 'kind',
  },
  { key: 'business', header: '業務分類', width: 16, note: '任意。', example: '住民記録' },
  {
    key: 'unit',
    header: '所管課室',
    width: 24,
    note: '組織コード又は「総務部 > 総務課」の形式の組織のパス。',
    example: '住民部 > 住民課',
    list: 'unit',
  },
  {
    key: 'medium',
    header: '媒体',
    width: 14,
    required: true,
    note: `必須。${labels(ASSET_MEDIUM_LABELS)}`,
    example: '電子データ',
    list: 'medium',
  },
  { key: 'location', header: '保管場所', width: 20, note: '任意。', example: '庁舎サーバ室' },
  {
    key: 'tier',
    header: 'ネットワーク区分',
    width: 20,
    required: true,
    note: `必須。${labels(ASSET_TIER_LABELS)}`,
    example: 'マイナンバー利用事務系',
    list: 'tier',
  },
  {
    key: 'scheme',
    header: '分類基準',
    width: 14,
    note: '任意。分類基準コード。空欄のときは、新規は施行中の基準、更新は登録済みの基準です。',
    example: 'MIC_PRE_R6',
    list: 'scheme',
  },
  {
    key: 'C',
    header: '機密性',
    width: 8,
    note: '分類基準の区分コード（例: 3、2、1 又は 3A、3B、3C、2、1）。',
    example: '3',
    list: 'C',
  },
  { key: 'I', header: '完全性', width: 8, note: '分類基準の区分コード（例: 2、1）。', example: '2', list: 'I' },
  { key: 'A', header: '可用性', width: 8, note: '分類基準の区分コード（例: 2、1）。', example: '2', list: 'A' },
  { key: 'hasPersonal', header: '個人情報', width: 8, note: '有 又は 無（空欄は無）。', example: '有', list: 'yesno' },
  {
    key: 'hasSpecificPersonal',
    header: '特定個人情報',
    width: 10,
    note: '有 又は 無（空欄は無）。',
    example: '有',
    list: 'yesno',
  },
  {
    key: 'hasSensitivePersonal',
    header: '要配慮個人情報',
    width: 12,
    note: '有 又は 無（空欄は無）。',
    example: '無',
    list: 'yesno',
  },
  {
    key: 'personCount',
    header: '本人数',
    width: 14,
    note: `任意。${labels(PERSON_COUNT_LABELS)}`,
    example: '10,001人以上',
    list: 'personCount',
  },
  { key: 'retention', header: '保存期間', width: 10, note: '任意。例: 5年、常用。', example: '常用' },
  { key: 'retentionUntil', header: '保存期限', width: 12, note: '任意。2031-03-31 の形式。', example: '' },
  { key: 'userScope', header: '利用者範囲', width: 16, note: '任意。', example: '住民課職員' },
  { key: 'contractor', header: '委託先・外部サービス', width: 20, note: '任意。', example: '' },
  { key: 'nextReviewOn', header: '次回見直し日', width: 12, note: '任意。2027-04-01 の形式。', example: '2027-04-01' },
  {
    key: 'lastReviewedOn',
    header: '最終見直し日',
    width: 12,
    note: '任意。2026-04-01 の形式。',
    example: '2026-04-01',
  },
  {
    key: 'STORED_IN',
    header: `${LINK_KIND_LABELS.STORED_IN}（管理番号）`,
    width: 16,
    note: `この情報資産を保存している情報資産の${REFS}`,
    example: 'IA-0100',
  },
  {
    key: 'PROCESSED_BY',
    header: `${LINK_KIND_LABELS.PROCESSED_BY}（管理番号）`,
    width: 18,
    note: `この情報資産を処理する情報システムの${REFS}`,
    example: 'IA-0200',
  },
  {
    key: 'DERIVED_FROM',
    header: `${LINK_KIND_LABELS.DERIVED_FROM}（管理番号）`,
    width: 16,
    note: `複製・印刷・抽出・バックアップの元の${REFS}`,
    example: '',
  },
  {
    key: 'DEPENDS_ON',
    header: `${LINK_KIND_LABELS.DEPENDS_ON}（管理番号）`,
    width: 16,
    note: `動作に必要な情報資産（サーバ、ネットワーク等）の${REFS}`,
    example: '',
  },
  { key: 'note', header: '備考', width: 24, note: '任意。', example: '' },
];

/** Columns the export adds for reading; an import accepts and ignores them. */
export const READ_ONLY_HEADERS = ['状態', '表示', '更新日時'] as const;

export const EXPORT_HEADERS = [...ASSET_COLUMNS.map((c) => c.header), ...READ_ONLY_HEADERS];
export const COLUMN_BY_KEY = new Map(ASSET_COLUMNS.map((c) => [c.key, c]));
export const headerOf = (key: ColumnKey) => COLUMN_BY_KEY.get(key)?.header ?? key;

const headerKey = (h: string) => h.normalize('NFKC').replace(/\s+/g, '');
const BY_HEADER = new Map<string, AssetColumn>(ASSET_COLUMNS.map((c) => [headerKey(c.header), c]));
const IGNORED = new Set<string>(READ_ONLY_HEADERS.map(headerKey));

/** Maps the header row: each column's index, or the headers that are missing, unknown or repeated. */
export function matchHeaders(
  cells: string[],
): { ok: true; index: Map<ColumnKey, number> } | { ok: false; missing: string[]; unknown: string[] } {
  const index = new Map<ColumnKey, number>();
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    const key = headerKey(cell ?? '');
    if (!key || IGNORED.has(key)) return;
    const column = BY_HEADER.get(key);
    if (!column || index.has(column.key)) unknown.push(cell.trim());
    else index.set(column.key, i);
  });
  const missing = ASSET_COLUMNS.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  return missing.length || unknown.length ? { ok: false, missing, unknown } : { ok: true, index };
}

export const YES = '有';
export const NO = '無';
const YES_WORDS = new Set(['有', 'あり', '有り', '○', '〇', 'はい', '1', 'TRUE', 'YES', 'Y']);
const NO_WORDS = new Set(['無', 'なし', '無し', '×', 'いいえ', '0', 'FALSE', 'NO', 'N', '']);

/** 有/無 and their usual spellings; null when it is neither. */
export function parseYesNo(value: string): boolean | null {
  const v = value.normalize('NFKC').trim().toUpperCase();
  if (YES_WORDS.has(v)) return true;
  if (NO_WORDS.has(v)) return false;
  return null;
}

export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
