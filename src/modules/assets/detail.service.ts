/**
 * One asset in full: the register entry, its 取扱制限 with clauses, declared against required class with the paths
 * that explain it, its links both ways, its owner (the 課室's 情報セキュリティ管理者), recent events and permission
 * requests, and its findings. A fixed number of reads.
 */

import { inTenant, type Scope } from '../../db/scope.ts';
import { assetFindings, belowDerivedFinding, eventFindings } from '../../domain/assets/findings.ts';
import { describePath, mismatches } from '../../domain/assets/inheritance.ts';
import { LINK_KIND_LABELS } from '../../domain/assets/vocabulary.ts';
import {
  AXES,
  type Axis,
  lowestLevelAtLeast,
  PRESETS,
  proposeConfidentialityR6,
  restrictionsFor,
  schemeInForce,
} from '../../domain/classification.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitPath } from '../organisation/units.repo.ts';
import { accessContext, can, requireAccess } from './access.ts';
import { findAsset, linksOf, managersOf, watermarksOf } from './assets.repo.ts';
import { ASSET, viewContext } from './assets.service.ts';
import { networkModelOf } from './findings.service.ts';
import { eventRows, eventView, permissionRows, permissionView } from './lifecycle.views.ts';
import { assetView, classificationOf, ranksOf } from './view.ts';

export async function getAsset(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await findAsset(tx, scope.tenantId, id);
    if (!row) throw notFound(ASSET);
    const ctx = await accessContext(tx, scope);
    requireAccess(services, scope, ctx, 'read', 'asset', row.org_unit_id);
    const view = await viewContext(tx, scope, ctx);
    const today = view.today;
    const scheme = row.scheme_id ? view.schemes.get(row.scheme_id) : undefined;
    const { marks } = await watermarksOf(tx, scope.tenantId, [id]);
    const mark = marks.get(id);
    const links = [
      ...(await linksOf(tx, scope.tenantId, [id], false)),
      ...(await linksOf(tx, scope.tenantId, [id], true)),
    ];
    const managers = row.org_unit_id
      ? ((await managersOf(tx, scope.tenantId, ctx.units, [row.org_unit_id])).get(row.org_unit_id) ?? [])
      : [];
    const events = await eventRows(tx, scope.tenantId, { assetId: id, limit: 20 });
    const open = await eventRows(tx, scope.tenantId, { assetId: id, limit: 200, openOnly: true });
    const permissions = await permissionRows(tx, scope.tenantId, { assetId: id, limit: 20 });
    const model = await networkModelOf(tx, scope.tenantId);

    const subject = { id: row.id, ref: row.ref, name: row.name, unitId: row.org_unit_id };
    const levelName = (axis: Axis, rank: number) =>
      (scheme ? lowestLevelAtLeast(scheme, axis, rank)?.displayName : null) ?? `順位${rank}`;
    const findings = [
      ...assetFindings(
        {
          ...subject,
          unitHasManager: managers.length > 0,
          tier: row.tier as never,
          medium: row.medium,
          ranks: ranksOf(row),
          specificPersonal: row.has_specific_personal === 1,
          nextReviewOn: row.next_review_on,
          lastReviewedOn: row.last_reviewed_on,
          createdOn: row.created_at,
          retentionUntil: row.retention_until,
          disposed: row.status === 'DISPOSED',
        },
        scheme ?? null,
        { today, model },
      ),
      ...(mark ? mismatches(mark).map((m) => belowDerivedFinding(subject, m, levelName)) : []),
      ...open.flatMap((e) => eventFindings(subject, e, today)),
    ];
    const inForce = schemeInForce(view.list, today);
    const proposal =
      inForce && scheme && inForce.id !== scheme.id && inForce.code === 'MIC_R6_10' && row.c_rank > 0
        ? {
            schemeId: inForce.id,
            schemeName: inForce.name,
            confidentiality: proposeConfidentialityR6(Number(row.c_rank), {
              personal: row.has_personal === 1,
              specificPersonal: row.has_specific_personal === 1,
              sensitivePersonal: row.has_sensitive_personal === 1,
            }),
            note: '提案です。分類の変更は、理由を記録して管理者が確定します。',
          }
        : null;
    return {
      ...assetView(row, view),
      restrictions: scheme ? restrictionsFor(scheme, classificationOf(row)) : [],
      watermark: mark
        ? {
            declared: mark.declared,
            required: mark.required,
            explanations: AXES.flatMap((axis) => {
              const path = mark.paths[axis];
              return path
                ? [{ axis, required: levelName(axis, mark.required[axis]), path, text: describePath(path) }]
                : [];
            }),
          }
        : null,
      links: links.map((l) => ({
        id: l.id,
        kind: l.kind,
        kindLabel: LINK_KIND_LABELS[l.kind],
        direction: l.assetId === id ? 'outgoing' : 'incoming',
        other:
          l.assetId === id
            ? { id: l.targetId, ref: l.targetRef, name: l.targetName }
            : { id: l.assetId, ref: l.assetRef, name: l.assetName },
      })),
      owner: {
        unitId: row.org_unit_id,
        unitPath: row.org_unit_id ? unitPath(view.units, row.org_unit_id) : null,
        managers,
      },
      events: events.map((e) => eventView(e, today)),
      openEvents: open.map((e) => eventView(e, today)),
      permissions: permissions.map(permissionView),
      findings,
      proposal,
      presets: Object.keys(PRESETS),
      can: {
        edit: can(services, scope, ctx, 'manage', 'asset', row.org_unit_id),
        record: can(services, scope, ctx, 'record', 'asset', row.org_unit_id),
        request: can(services, scope, ctx, 'request', 'asset_permission', row.org_unit_id),
        decide: can(services, scope, ctx, 'decide', 'asset_permission', row.org_unit_id),
      },
    };
  });
}
