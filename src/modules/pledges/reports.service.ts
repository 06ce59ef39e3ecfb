/**
 * Pledge reports: completion by unit and the people still owing a valid pledge. Only active people count; each
 * reader sees the units their role covers (情報セキュリティ責任者・管理者: their own 部局・課室).
 */

import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { attachmentHeader, encodeCsv, toCsv } from '../../platform/csv.ts';
import type { Services } from '../../platform/http/services.ts';
import { EMPLOYMENT_TYPE_LABELS, type EmploymentType } from '../organisation/contract.ts';
import { allUnits, unitChain, unitPath, unitsInForce } from '../organisation/units.repo.ts';
import { AUDIENCE_LABELS, audienceOf } from './contract.ts';
import { ensureDefaultTexts, textsInForce } from './texts.service.ts';

interface Counts {
  active: number;
  signed: number;
  rate: number | null;
}

const rate = (c: { active: number; signed: number }): Counts => ({
  ...c,
  rate: c.active === 0 ? null : Math.round((c.signed / c.active) * 10_000) / 10_000,
});

/** Active people the actor may report on, each with whether their pledge is valid. */
async function standing(services: Services, scope: Scope, tx: Tx, unitId?: string) {
  await ensureDefaultTexts(tx, scope);
  const units = await allUnits(tx, scope.tenantId);
  const inForce = await textsInForce(tx, scope.tenantId);
  const inForceIds = [...inForce.values()].map((t) => t.id);
  const people = await tx
    .selectFrom('person')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'ACTIVE')
    .execute();
  const signedRows = inForceIds.length
    ? await tx
        .selectFrom('pledge')
        .select(['person_id', 'pledge_text_id'])
        .where('tenant_id', '=', scope.tenantId)
        .where('pledge_text_id', 'in', inForceIds)
        .execute()
    : [];
  const signed = new Set(signedRows.map((r) => `${r.person_id}:${r.pledge_text_id}`));
  const canSee = (chain: string[], personId?: string) =>
    services.permissions.can(scope.actor, 'read_report', 'pledge', { unitChain: chain, personId });
  const rows = people
    .map((p) => {
      const chain = unitChain(units, p.org_unit_id);
      const text = inForce.get(audienceOf(p.employment_type));
      return { p, chain, valid: text !== undefined && signed.has(`${p.id}:${text.id}`) };
    })
    .filter((r) => canSee(r.chain, r.p.id) && (!unitId || r.chain.includes(unitId)));
  return { units, rows, canSee, inForce };
}

/** Completion by unit: people directly in the unit, and with its sub-units. */
export async function pledgeStatus(services: Services, scope: Scope, unitId?: string) {
  return inTenant(services.database, scope, async (tx) => {
    const { units, rows, canSee, inForce } = await standing(services, scope, tx, unitId);
    const today = todayInJapan();
    const shown = unitsInForce(units, today)
      .map((u) => ({ u, chain: unitChain(units, u.id) }))
      .filter(({ chain }) => canSee(chain) && (!unitId || chain.includes(unitId)));
    const tally = (match: (chain: string[]) => boolean) => {
      const within = rows.filter((r) => match(r.chain));
      return rate({ active: within.length, signed: within.filter((r) => r.valid).length });
    };
    const byUnit = shown.map(({ u }) => ({
      unitId: u.id,
      unitPath: unitPath(units, u.id),
      level: u.level,
      direct: tally((chain) => chain[0] === u.id),
      withSubunits: tally((chain) => chain.includes(u.id)),
    }));
    const unassigned = unitId ? null : tally((chain) => chain.length === 0);
    return {
      on: today,
      total: rate({ active: rows.length, signed: rows.filter((r) => r.valid).length }),
      units: byUnit,
      unassigned: unassigned && unassigned.active > 0 ? unassigned : null,
      textsInForce: [...inForce.values()].map((t) => ({ id: t.id, audience: t.audience, version: Number(t.version) })),
    };
  });
}

type Standing = Awaited<ReturnType<typeof standing>>;

async function missingRows(tx: Tx, scope: Scope, s: Standing) {
  const missing = s.rows.filter((r) => !r.valid);
  const ids = missing.map((r) => r.p.id);
  const last = new Map<string, { signedOn: string; version: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await tx
      .selectFrom('pledge as pl')
      .innerJoin('pledge_text as t', 't.id', 'pl.pledge_text_id')
      .select(['pl.person_id', 'pl.signed_on', 't.version'])
      .where('pl.tenant_id', '=', scope.tenantId)
      .where('pl.person_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const f of found) {
      const prev = last.get(f.person_id);
      if (!prev || f.signed_on > prev.signedOn)
        last.set(f.person_id, { signedOn: f.signed_on, version: Number(f.version) });
    }
  }
  return missing
    .sort((a, b) => (a.p.sort_key < b.p.sort_key ? -1 : a.p.sort_key > b.p.sort_key ? 1 : a.p.id < b.p.id ? -1 : 1))
    .map(({ p }) => {
      const audience = audienceOf(p.employment_type);
      return {
        personId: p.id,
        staffNumber: p.staff_number,
        name: `${p.family_name} ${p.given_name}`,
        kana: `${p.family_kana} ${p.given_kana}`,
        sortKey: p.sort_key,
        employmentType: p.employment_type,
        audience,
        audienceLabel: AUDIENCE_LABELS[audience],
        unitPath: unitPath(s.units, p.org_unit_id),
        title: p.title,
        requiredVersion: Number(s.inForce.get(audience)?.version ?? 0) || null,
        lastPledge: last.get(p.id) ?? null,
      };
    });
}

/** Active people without a valid pledge, in 五十音 order, a page at a time. */
export async function missingPledges(
  services: Services,
  scope: Scope,
  query: { unitId?: string; limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    const all = await missingRows(tx, scope, await standing(services, scope, tx, query.unitId));
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const start = after
      ? all.findIndex((r) => r.sortKey > String(after[0]) || (r.sortKey === after[0] && r.personId > after[1]))
      : 0;
    const rest = start < 0 ? [] : all.slice(start);
    const items = rest.slice(0, query.limit);
    const lastItem = items[items.length - 1];
    return {
      total: all.length,
      items: items.map(({ sortKey: _s, ...r }) => r),
      nextCursor: rest.length > query.limit && lastItem ? encodeCursor(lastItem.sortKey, lastItem.personId) : null,
    };
  });
}

/** The same list as a CSV file (UTF-8 with BOM, or Shift_JIS); the export is recorded in the audit trail. */
export async function exportMissing(
  services: Services,
  scope: Scope,
  query: { unitId?: string; encoding: 'utf8' | 'sjis' },
) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await missingRows(tx, scope, await standing(services, scope, tx, query.unitId));
    const csv = toCsv(
      [
        '職員番号',
        '氏名',
        'ふりがな',
        '雇用区分',
        '所属',
        '職名',
        '誓約の対象',
        '必要な版',
        '最後の誓約日',
        '最後の誓約の版',
      ],
      rows.map((r) => [
        r.staffNumber,
        r.name,
        r.kana,
        EMPLOYMENT_TYPE_LABELS[r.employmentType as EmploymentType] ?? r.employmentType,
        r.unitPath,
        r.title,
        r.audienceLabel,
        r.requiredVersion ? `第${r.requiredVersion}版` : '',
        r.lastPledge?.signedOn ?? '',
        r.lastPledge ? `第${r.lastPledge.version}版` : '',
      ]),
    );
    await appendAudit(tx, scope, {
      action: 'export',
      entityType: 'pledge_missing',
      after: { unitId: query.unitId ?? null, rows: rows.length, encoding: query.encoding },
    });
    const today = todayInJapan();
    return {
      body: encodeCsv(csv, query.encoding),
      contentType: `text/csv; charset=${query.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
      disposition: attachmentHeader(`誓約未提出者一覧_${today}.csv`, `pledges-missing-${today}.csv`),
    };
  });
}
