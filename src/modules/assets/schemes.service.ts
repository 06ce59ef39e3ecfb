/**
 * Classification schemes per tenant, dated (分類基準): a preset or the town's own definition, editable as data. The
 * scheme in force on a date is the latest effective on or before it; assets keep the scheme they were classified
 * under until reclassified. A tenant starts with scheme A (機密性3段階) so the register works from day one.
 */

import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import {
  AXES,
  type Axis,
  type ClassificationScheme,
  levelsOf,
  PRESETS,
  RESTRICTIONS,
  type SchemeDefinition,
  schemeInForce,
  validateScheme,
} from '../../domain/classification.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import type { SchemeCreate, SchemeUpdate } from './contract.ts';
import { refreshAllWatermarks } from './watermark.repo.ts';

export const DEFAULT_SCHEME_FROM = '2000-04-01';
const SCHEME = { ja: '分類基準', en: 'The classification scheme' };
const RANK_COLUMN = { C: 'c_rank', I: 'i_rank', A: 'a_rank' } as const;
const LEVEL_COLUMN = { C: 'c_level', I: 'i_level', A: 'a_level' } as const;

type SchemeRow = { id: string; code: string; name: string; effective_from: string; definition: string };

function fromRow(r: SchemeRow): ClassificationScheme {
  const def = JSON.parse(r.definition) as SchemeDefinition;
  return { id: r.id, code: r.code, name: r.name, effectiveFrom: r.effective_from, ...def };
}

const definitionOf = (s: SchemeDefinition): SchemeDefinition => ({
  confidentiality: s.confidentiality,
  integrity: s.integrity,
  availability: s.availability,
  thresholds: s.thresholds,
});

/** Every scheme of the tenant, oldest first; creates scheme A on first use. */
export async function loadSchemes(tx: Tx, scope: Scope): Promise<ClassificationScheme[]> {
  const rows = await tx
    .selectFrom('asset_scheme')
    .select(['id', 'code', 'name', 'effective_from', 'definition'])
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('effective_from')
    .execute();
  if (rows.length > 0) return rows.map(fromRow);
  const preset = PRESETS.MIC_PRE_R6;
  return [await insertScheme(tx, scope, 'MIC_PRE_R6', preset.name, DEFAULT_SCHEME_FROM, preset.definition, true)];
}

async function insertScheme(
  tx: Tx,
  scope: Scope,
  code: string,
  name: string,
  effectiveFrom: string,
  def: SchemeDefinition,
  firstUse = false,
): Promise<ClassificationScheme> {
  const now = nowIso();
  const row = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    code,
    name,
    effective_from: effectiveFrom,
    definition: JSON.stringify(definitionOf(def)),
    created_at: now,
    updated_at: now,
  };
  if (firstUse) {
    // Two first requests at once: one inserts the default scheme, the other reads it (no unique-key error).
    const done = await tx
      .insertInto('asset_scheme')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'effective_from']).doNothing())
      .executeTakeFirst();
    if (Number(done.numInsertedOrUpdatedRows ?? 0) === 0) {
      const existing = await tx
        .selectFrom('asset_scheme')
        .select(['id', 'code', 'name', 'effective_from', 'definition'])
        .where('tenant_id', '=', scope.tenantId)
        .where('effective_from', '=', effectiveFrom)
        .executeTakeFirstOrThrow();
      return fromRow(existing);
    }
  } else await tx.insertInto('asset_scheme').values(row).execute();
  const scheme = fromRow(row);
  await appendAudit(tx, scope, { action: 'create', entityType: 'asset_scheme', entityId: row.id, after: scheme });
  return scheme;
}

export function schemeView(s: ClassificationScheme, inForce: boolean) {
  const axis = (a: Axis) =>
    levelsOf(s, a).map((l) => ({
      ...l,
      restrictionDetails: l.restrictions.map((code) => ({
        code,
        name: RESTRICTIONS[code].name,
        clause: RESTRICTIONS[code].clause,
      })),
    }));
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    effectiveFrom: s.effectiveFrom,
    inForce,
    confidentiality: axis('C'),
    integrity: axis('I'),
    availability: axis('A'),
    thresholds: s.thresholds,
  };
}

export async function listSchemes(services: Services, scope: Scope, on = todayInJapan()) {
  return inTenant(services.database, scope, async (tx) => {
    const schemes = await loadSchemes(tx, scope);
    const current = schemeInForce(schemes, on);
    return {
      on,
      items: schemes.map((s) => schemeView(s, s.id === current?.id)),
      presets: Object.entries(PRESETS).map(([code, p]) => ({ code, name: p.name, definition: p.definition })),
      restrictions: Object.entries(RESTRICTIONS).map(([code, r]) => ({ code, ...r })),
    };
  });
}

export async function getScheme(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const schemes = await loadSchemes(tx, scope);
    const s = schemes.find((x) => x.id === id);
    if (!s) throw notFound(SCHEME);
    return schemeView(s, schemeInForce(schemes, todayInJapan())?.id === s.id);
  });
}

function check(def: SchemeDefinition) {
  const problems = validateScheme(def);
  if (problems.length) throw fieldErrors(problems.map((p) => ({ field: `definition.${p.path}`, message: p.message })));
}

function uniqueness(schemes: ClassificationScheme[], self: string | null, code: string, effectiveFrom: string) {
  if (schemes.some((s) => s.id !== self && s.effectiveFrom === effectiveFrom))
    throw conflict('SCHEME_DATE_TAKEN', {
      ja: `施行日が${effectiveFrom}の分類基準は既にあります。別の日付を指定してください。`,
      en: 'Another scheme takes effect on this date.',
    });
  if (schemes.some((s) => s.id !== self && s.code === code))
    throw conflict('SCHEME_CODE_TAKEN', {
      ja: `分類基準コード「${code}」は既に使われています。別のコードを指定してください。`,
      en: 'The scheme code is taken.',
    });
}

export async function createScheme(services: Services, scope: Scope, input: SchemeCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const schemes = await loadSchemes(tx, scope);
    const preset = input.preset ? PRESETS[input.preset] : null;
    const def = input.definition ?? preset?.definition;
    if (!def)
      throw fieldErrors([
        {
          field: 'definition',
          message: {
            ja: '既定の分類基準を選ぶか、区分を定めてください。',
            en: 'Choose a preset or define the levels.',
          },
        },
      ]);
    check(def);
    const code = input.code ?? input.preset ?? `CUSTOM_${input.effectiveFrom.replaceAll('-', '')}`;
    uniqueness(schemes, null, code, input.effectiveFrom);
    const scheme = await insertScheme(tx, scope, code, input.name ?? preset?.name ?? code, input.effectiveFrom, def);
    return schemeView(scheme, schemeInForce([...schemes, scheme], todayInJapan())?.id === scheme.id);
  });
}

/**
 * Edits a scheme. A level still used by an asset cannot be removed; a changed rank is carried to the assets
 * classified under the scheme in the same transaction, so rules and filters keep comparing the right ranks.
 */
export async function updateScheme(services: Services, scope: Scope, id: string, input: SchemeUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const schemes = await loadSchemes(tx, scope);
    const before = schemes.find((s) => s.id === id);
    if (!before) throw notFound(SCHEME);
    const def = input.definition ?? definitionOf(before);
    check(def);
    const effectiveFrom = input.effectiveFrom ?? before.effectiveFrom;
    uniqueness(schemes, id, before.code, effectiveFrom);
    let moved = false;
    for (const axis of AXES) moved = (await carryRanks(tx, scope.tenantId, before, def, axis)) || moved;
    if (moved) await refreshAllWatermarks(tx, scope.tenantId);
    const name = input.name ?? before.name;
    await tx
      .updateTable('asset_scheme')
      .set({ name, effective_from: effectiveFrom, definition: JSON.stringify(definitionOf(def)), updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    const after: ClassificationScheme = { ...before, ...definitionOf(def), name, effectiveFrom };
    await appendAudit(tx, scope, { action: 'update', entityType: 'asset_scheme', entityId: id, before, after });
    const all = schemes.map((s) => (s.id === id ? after : s));
    return schemeView(after, schemeInForce(all, todayInJapan())?.id === id);
  });
}

/** Carries changed ranks to the assets; true when some asset's rank moved. */
async function carryRanks(
  tx: Tx,
  tenantId: string,
  before: SchemeDefinition & { id: string },
  def: SchemeDefinition,
  axis: Axis,
) {
  const next = new Map(levelsOf(def, axis).map((l) => [l.code, l.rank]));
  const used = await tx
    .selectFrom('asset')
    .select(LEVEL_COLUMN[axis])
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('scheme_id', '=', before.id)
    .where(LEVEL_COLUMN[axis], 'is not', null)
    .execute();
  const usedCodes = used.map((u) => (u as Record<string, string>)[LEVEL_COLUMN[axis]]);
  const removed = usedCodes.filter((c) => !next.has(c));
  if (removed.length)
    throw conflict(
      'SCHEME_LEVEL_IN_USE',
      {
        ja: `区分「${removed.join('、')}」に分類された情報資産があるため、削除できません。先に分類を変更してください。`,
        en: `Levels still in use: ${removed.join(', ')}.`,
      },
      { axis, codes: removed },
    );
  let moved = false;
  for (const l of levelsOf(before, axis)) {
    const rank = next.get(l.code);
    if (rank === undefined || rank === l.rank || !usedCodes.includes(l.code)) continue;
    moved = true;
    await tx
      .updateTable('asset')
      .set({ [RANK_COLUMN[axis]]: rank })
      .where('tenant_id', '=', tenantId)
      .where('scheme_id', '=', before.id)
      .where(LEVEL_COLUMN[axis], '=', l.code)
      .execute();
  }
  return moved;
}
