/**
 * Checking an import row by row: every problem with its row and column, in Japanese. A row becomes the same input
 * the form sends (checked by the contract's own schema) plus its resolved unit, scheme, levels and link references.
 */

import {
  ASSET_KIND_LABELS,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  LINK_KINDS,
  type LinkKind,
  PERSON_COUNT_LABELS,
} from '../../domain/assets/vocabulary.ts';
import { AXES, type Axis, type ClassificationScheme, schemeInForce } from '../../domain/classification.ts';
import type { Bilingual } from '../../platform/errors.ts';
import { toFieldErrors } from '../../platform/http/validation-messages.ts';
import { type UnitRow, unitPath } from '../organisation/units.repo.ts';
import { resolveLevels, schemeByCodeOrName } from './classify.ts';
import { ASSET_COLUMNS, type ColumnKey, headerOf, parseYesNo } from './columns.ts';
import { type AssetCreate, assetCreate } from './contract.ts';
import { looksGarbled } from './import.parse.ts';

export interface RowError {
  row: number;
  column: string;
  message: Bilingual;
}

export interface CheckedRow {
  row: number;
  ref: string;
  input: AssetCreate | null;
  scheme: ClassificationScheme | null;
  /** Scheme given in the file (null = keep the asset's own, or the one in force for a new asset). */
  schemeGiven: boolean;
  ranks: Record<Axis, number>;
  links: Array<{ kind: LinkKind; ref: string }>;
  unitPath: string;
}

/** NFKC, and the wave dash (〜, U+301C) equal to the full-width tilde (～) that Shift_JIS files carry. */
const key = (v: string) => v.normalize('NFKC').replaceAll('\u301C', '~').replace(/\s+/g, '').toUpperCase();
const byLabel = <T extends string>(labels: Record<T, string>) => {
  const map = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    map.set(key(label), code);
    map.set(key(code), code);
  }
  return (v: string) => map.get(key(v)) ?? null;
};
const KIND = byLabel(ASSET_KIND_LABELS);
const MEDIUM = byLabel(ASSET_MEDIUM_LABELS);
const TIER = byLabel(ASSET_TIER_LABELS);
const PERSONS = byLabel(PERSON_COUNT_LABELS);

const choices = (labels: Record<string, string>) => Object.values(labels).join('、');
const notAChoice = (raw: string, labels: Record<string, string>): Bilingual => ({
  ja: `「${raw}」は選択肢にありません。${choices(labels)} のいずれかを入力してください。`,
  en: `"${raw}" is not a choice.`,
});

const normalisePath = (s: string) =>
  s
    .normalize('NFKC')
    .split('>')
    .map((p) => p.replace(/\s+/g, ''))
    .join('>');

/** Finds a unit by its code or its full path (総務部 > 総務課); prefers the unit in force today. */
export function unitResolver(units: UnitRow[], today: string) {
  const inForce = (u: UnitRow) => u.valid_from <= today && (!u.valid_to || u.valid_to >= today);
  const entries = units.map((u) => ({
    u,
    code: u.code?.normalize('NFKC').trim(),
    path: normalisePath(unitPath(units, u.id)),
  }));
  return (value: string): { id: string; path: string } | { error: Bilingual } => {
    const key = value.normalize('NFKC').trim();
    let found = entries.filter((e) => e.code && e.code === key);
    if (found.length === 0) found = entries.filter((e) => e.path === normalisePath(value));
    const current = found.filter((e) => inForce(e.u));
    if (current.length === 1) return { id: current[0].u.id, path: unitPath(units, current[0].u.id) };
    if (current.length > 1)
      return {
        error: {
          ja: `「${value}」に該当する組織が複数あります。組織コードで指定してください。`,
          en: 'Several units match.',
        },
      };
    if (found.length > 0)
      return {
        error: {
          ja: `「${value}」は廃止された組織です。現在の所管課室を入力してください。`,
          en: 'The unit is closed.',
        },
      };
    return {
      error: {
        ja: `「${value}」に該当する組織がありません。組織コード、又は「総務部 > 総務課」の形式の組織のパスを入力してください。`,
        en: `No unit matches "${value}".`,
      },
    };
  };
}

/** YYYY/M/D, YYYY.M.D and Excel date serials become YYYY-MM-DD; anything else goes to the schema as written. */
export function normaliseDate(v: string): string {
  if (/^\d{5}$/.test(v)) return new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.normalize('NFKC'));
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : v;
}

export const splitRefs = (v: string) =>
  v
    .normalize('NFKC')
    .split(/[,、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const FIELD_COLUMN: Record<string, ColumnKey> = {
  ref: 'ref',
  name: 'name',
  kind: 'kind',
  business: 'business',
  orgUnitId: 'unit',
  medium: 'medium',
  location: 'location',
  tier: 'tier',
  confidentiality: 'C',
  integrity: 'I',
  availability: 'A',
  personCount: 'personCount',
  retention: 'retention',
  retentionUntil: 'retentionUntil',
  userScope: 'userScope',
  contractor: 'contractor',
  nextReviewOn: 'nextReviewOn',
  lastReviewedOn: 'lastReviewedOn',
  note: 'note',
};

export interface RowContext {
  resolveUnit: ReturnType<typeof unitResolver>;
  schemes: ClassificationScheme[];
  today: string;
  /** The scheme of an existing asset with this 管理番号, if any. */
  existingScheme: (ref: string) => ClassificationScheme | null;
}

export function checkRow(number: number, cells: string[], index: Map<ColumnKey, number>, ctx: RowContext) {
  const errors: RowError[] = [];
  const err = (key: ColumnKey, message: Bilingual) => errors.push({ row: number, column: headerOf(key), message });
  const cell = (key: ColumnKey) => (cells[index.get(key) ?? -1] ?? '').trim();
  for (const c of ASSET_COLUMNS) {
    const v = cell(c.key);
    if (v && looksGarbled(v))
      err(c.key, {
        ja: '文字化けしています。元のデータを正しい文字コードで開き直して入力してください。',
        en: 'The text is garbled.',
      });
    else if (c.required && !v)
      err(c.key, { ja: `${c.header}を入力してください（必須）。`, en: `${c.header} is required.` });
  }
  const input: Record<string, unknown> = {};
  const take = (key: ColumnKey, field: string, map?: (v: string) => unknown) => {
    const v = cell(key);
    if (v) input[field] = map ? map(v) : v;
  };
  take('ref', 'ref');
  take('name', 'name');
  take('business', 'business');
  take('location', 'location');
  take('retention', 'retention');
  take('userScope', 'userScope');
  take('contractor', 'contractor');
  take('note', 'note');
  for (const [key, field] of [
    ['retentionUntil', 'retentionUntil'],
    ['nextReviewOn', 'nextReviewOn'],
    ['lastReviewedOn', 'lastReviewedOn'],
  ] as const)
    take(key, field, normaliseDate);
  for (const [key, resolve, labels, field] of [
    ['kind', KIND, ASSET_KIND_LABELS, 'kind'],
    ['medium', MEDIUM, ASSET_MEDIUM_LABELS, 'medium'],
    ['tier', TIER, ASSET_TIER_LABELS, 'tier'],
    ['personCount', PERSONS, PERSON_COUNT_LABELS, 'personCount'],
  ] as const) {
    const v = cell(key);
    if (!v) continue;
    const code = resolve(v);
    if (code) input[field] = code;
    else err(key, notAChoice(v, labels));
  }
  for (const [key, field] of [
    ['hasPersonal', 'hasPersonal'],
    ['hasSpecificPersonal', 'hasSpecificPersonal'],
    ['hasSensitivePersonal', 'hasSensitivePersonal'],
  ] as const) {
    const yes = parseYesNo(cell(key));
    if (yes === null) err(key, { ja: `「${cell(key)}」は 有 又は 無 で入力してください。`, en: 'Use 有 or 無.' });
    else input[field] = yes;
  }
  let path = '';
  const unit = cell('unit');
  if (unit) {
    const found = ctx.resolveUnit(unit);
    if ('error' in found) err('unit', found.error);
    else {
      input.orgUnitId = found.id;
      path = found.path;
    }
  }
  const ref = typeof input.ref === 'string' ? input.ref.normalize('NFKC').trim() : '';
  const schemeText = cell('scheme');
  let scheme: ClassificationScheme | null = null;
  if (schemeText) {
    scheme = schemeByCodeOrName(ctx.schemes, schemeText);
    if (!scheme)
      err('scheme', {
        ja: `分類基準「${schemeText}」はありません。${ctx.schemes.map((s) => s.code).join('、')} のいずれかを入力してください。`,
        en: `Unknown scheme "${schemeText}".`,
      });
  } else scheme = (ref ? ctx.existingScheme(ref) : null) ?? schemeInForce(ctx.schemes, ctx.today);
  const ranks = { C: 0, I: 0, A: 0 } as Record<Axis, number>;
  if (scheme) {
    const r = resolveLevels(scheme, { C: cell('C'), I: cell('I'), A: cell('A') });
    for (const e of r.errors) err(e.axis, e.message);
    for (const axis of AXES) {
      if (r.ok.codes[axis]) input[{ C: 'confidentiality', I: 'integrity', A: 'availability' }[axis]] = r.ok.codes[axis];
      ranks[axis] = r.ok.ranks[axis];
    }
  }
  const links: CheckedRow['links'] = LINK_KINDS.flatMap((kind) => splitRefs(cell(kind)).map((r) => ({ kind, ref: r })));
  const flagged = new Set(errors.map((e) => e.column));
  const parsed = assetCreate.safeParse(input);
  if (!parsed.success) {
    const items = parsed.error.issues.map((issue) => {
      const { path: p, code, message, ...params } = issue;
      return { keyword: code, instancePath: `/${p.join('/')}`, message, params };
    });
    for (const e of toFieldErrors(items, 'body')) {
      const column = headerOf(FIELD_COLUMN[e.field.split('.')[0]] ?? 'ref');
      if (!flagged.has(column)) errors.push({ row: number, column, message: e.message });
    }
  }
  const checked: CheckedRow = {
    row: number,
    ref: parsed.success ? parsed.data.ref : ref,
    input: errors.length === 0 && parsed.success ? parsed.data : null,
    scheme,
    schemeGiven: schemeText !== '',
    ranks,
    links,
    unitPath: path,
  };
  return { checked, errors };
}
