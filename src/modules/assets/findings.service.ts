/**
 * Findings on the register (GET /findings/assets): each cites its clause and names the owning 課室, whose
 * 情報セキュリティ管理者 answers for it; each reader sees the findings of the units their role covers.
 */

import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import { type AssetFinding, assetFindings, belowDerivedFinding, eventFindings } from '../../domain/assets/findings.ts';
import { mismatches } from '../../domain/assets/inheritance.ts';
import type { AssetTier } from '../../domain/assets/vocabulary.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { type Axis, lowestLevelAtLeast } from '../../domain/classification.ts';
import type { NetworkModel } from '../../domain/tiers.ts';
import type { Services } from '../../platform/http/services.ts';
import { networkModelOn } from '../network/model.ts';
import { accessContext, unitWithDescendants, visibleUnits } from './access.ts';
import { managersOf, watermarksOf } from './assets.repo.ts';
import { eventRows } from './lifecycle.views.ts';
import { loadSchemes } from './schemes.service.ts';

/** The tenant's network model in force today: the network module's dated setting (α when none is registered). */
export async function networkModelOf(tx: Tx, tenantId: string): Promise<NetworkModel> {
  return networkModelOn(tx, tenantId);
}

export const FINDING_CODES = [
  'ASSET-UNCLASSIFIED',
  'ASSET-NO-OWNER',
  'ASSET-TIER-FORBIDDEN',
  'ASSET-MYNUMBER-OUTSIDE',
  'ASSET-REVIEW-OVERDUE',
  'ASSET-RETENTION-PASSED',
  'CLASS-BELOW-DERIVED',
  'ASSET-UNPERMITTED',
  'ASSET-CARRY-OVERDUE',
  'ASSET-DISPOSAL-INCOMPLETE',
] as const;

interface Candidate {
  id: string;
  ref: string;
  name: string;
  org_unit_id: string | null;
  tier: string;
  medium: string;
  scheme_id: string | null;
  c_rank: number;
  i_rank: number;
  a_rank: number;
  has_specific_personal: number;
  next_review_on: string | null;
  last_reviewed_on: string | null;
  created_at: string;
  retention_until: string | null;
  status: string;
}

/** Every finding of the tenant the caller may see, computed from a handful of reads. */
export async function computeFindings(
  tx: Tx,
  services: Services,
  scope: Scope,
  filter: { code?: string; unitId?: string },
) {
  const today = todayInJapan();
  const ctx = await accessContext(tx, scope);
  const vis = visibleUnits(services, scope, ctx, 'read', 'asset_finding');
  const schemes = new Map((await loadSchemes(tx, scope)).map((s) => [s.id, s]));
  const model = await networkModelOf(tx, scope.tenantId);
  const managed = new Set(
    (
      await managersOf(
        tx,
        scope.tenantId,
        ctx.units,
        ctx.units.map((u) => u.id),
      )
    ).keys(),
  );
  const managedList = [...managed];
  // Only rows that could break a register rule; the rules below decide.
  const candidates = await tx
    .selectFrom('asset')
    .select([
      'id',
      'ref',
      'name',
      'org_unit_id',
      'tier',
      'medium',
      'scheme_id',
      'c_rank',
      'i_rank',
      'a_rank',
      'has_specific_personal',
      'next_review_on',
      'last_reviewed_on',
      'created_at',
      'retention_until',
      'status',
    ])
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'ACTIVE')
    .where((eb) =>
      eb.or([
        eb('c_rank', '=', 0),
        eb('i_rank', '=', 0),
        eb('a_rank', '=', 0),
        eb('scheme_id', 'is', null),
        eb('org_unit_id', 'is', null),
        eb('org_unit_id', 'not in', managedList.length ? managedList : ['-']),
        eb('tier', 'in', ['internet', 'external']),
        eb('has_specific_personal', '=', 1),
        eb('review_due_on', '<', today),
        eb('retention_until', '<', today),
      ]),
    )
    .execute();
  const findings: AssetFinding[] = [];
  for (const a of candidates as Candidate[]) {
    findings.push(
      ...assetFindings(
        {
          id: a.id,
          ref: a.ref,
          name: a.name,
          unitId: a.org_unit_id,
          unitHasManager: a.org_unit_id !== null && managed.has(a.org_unit_id),
          tier: a.tier as AssetTier,
          medium: a.medium,
          ranks: { C: Number(a.c_rank), I: Number(a.i_rank), A: Number(a.a_rank) },
          specificPersonal: Number(a.has_specific_personal) === 1,
          nextReviewOn: a.next_review_on,
          lastReviewedOn: a.last_reviewed_on,
          createdOn: a.created_at,
          retentionUntil: a.retention_until,
          disposed: false,
        },
        a.scheme_id ? (schemes.get(a.scheme_id) ?? null) : null,
        { today, model },
      ),
    );
  }
  // Declared below required (the stored watermark); the explaining paths are read for those assets only.
  const below = await tx
    .selectFrom('asset')
    .select(['id', 'ref', 'name', 'org_unit_id', 'scheme_id'])
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'ACTIVE')
    .where((eb) =>
      eb.or([
        eb.and([eb('c_rank', '>', 0), eb('req_c_rank', '>', eb.ref('c_rank'))]),
        eb.and([eb('i_rank', '>', 0), eb('req_i_rank', '>', eb.ref('i_rank'))]),
        eb.and([eb('a_rank', '>', 0), eb('req_a_rank', '>', eb.ref('a_rank'))]),
      ]),
    )
    .execute();
  for (let i = 0; i < below.length; i += 500) {
    const chunk = below.slice(i, i + 500);
    const { marks } = await watermarksOf(
      tx,
      scope.tenantId,
      chunk.map((n) => n.id),
    );
    for (const n of chunk) {
      const scheme = n.scheme_id ? schemes.get(n.scheme_id) : undefined;
      const name = (axis: Axis, rank: number) =>
        (scheme ? lowestLevelAtLeast(scheme, axis, rank)?.displayName : null) ?? `順位${rank}`;
      const subject = { id: n.id, ref: n.ref, name: n.name, unitId: n.org_unit_id };
      const mark = marks.get(n.id);
      for (const m of mark ? mismatches(mark) : []) findings.push(belowDerivedFinding(subject, m, name));
    }
  }
  const open = await eventRows(tx, scope.tenantId, { limit: 100_000, openOnly: true });
  const eventAssets = new Map<string, { ref: string; name: string; org_unit_id: string | null }>();
  const ids = [...new Set(open.map((e) => e.asset_id))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .selectFrom('asset')
      .select(['id', 'ref', 'name', 'org_unit_id'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) eventAssets.set(r.id, r);
  }
  for (const e of open) {
    const a = eventAssets.get(e.asset_id);
    if (a)
      findings.push(...eventFindings({ id: e.asset_id, ref: a.ref, name: a.name, unitId: a.org_unit_id }, e, today));
  }
  const within = filter.unitId ? new Set([filter.unitId, ...unitWithDescendants(ctx.units, filter.unitId)]) : null;
  const visible = vis.all ? null : new Set(vis.unitIds);
  const shown = findings.filter(
    (f) =>
      (!visible || (f.unitId !== null && visible.has(f.unitId))) &&
      (!within || (f.unitId !== null && within.has(f.unitId))) &&
      (!filter.code || f.code === filter.code),
  );
  return { today, model, findings: shown };
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export async function listFindings(
  services: Services,
  scope: Scope,
  query: { code?: string; unitId?: string; limit: number },
) {
  return inTenant(services.database, scope, async (tx) => {
    const { today, model, findings } = await computeFindings(tx, services, scope, query);
    findings.sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.subject.label.localeCompare(b.subject.label, 'ja'),
    );
    const counts = Object.fromEntries(FINDING_CODES.map((c) => [c, 0]));
    for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    return { on: today, networkModel: model, total: findings.length, counts, items: findings.slice(0, query.limit) };
  });
}
