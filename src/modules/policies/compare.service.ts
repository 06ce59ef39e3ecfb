/** The 新旧対照表 between any two readable versions of a document, as JSON and as an .xlsx file. */
import { inTenant, type Scope } from '../../db/scope.ts';
import { todayInJapan, toWareki } from '../../domain/calendar.ts';
import { compareClauses } from '../../domain/policy/diff.ts';
import { versionInForce } from '../../domain/policy/in-force.ts';
import { VERSION_STATUS_LABELS, type VersionStatus } from '../../domain/policy/kinds.ts';
import { attachmentHeader } from '../../platform/csv.ts';
import { fieldErrors } from '../../platform/errors.ts';
import { MIME } from '../../platform/files.ts';
import type { Services } from '../../platform/http/services.ts';
import { auditPolicy } from './audit.ts';
import { comparisonWorkbook } from './comparison-xlsx.ts';
import {
  canReadVersion,
  clausesOfVersion,
  contextOf,
  type PolicyContext,
  readableDocument,
  type VersionRow,
  versionsOf,
} from './context.ts';
import { dated, versionSummary } from './views.ts';

/** The default pair: the latest version, against the one in force today or else the published one before it. */
function defaultPair(versions: VersionRow[]): { from?: string; to?: string } {
  const to = versions[versions.length - 1];
  if (!to) return {};
  const published = versions.filter((v) => v.status === 'PUBLISHED' && v.id !== to.id);
  const current = versionInForce(published.map(dated), todayInJapan());
  const from = current ?? published[published.length - 1];
  return { from: from?.id, to: to.id };
}

async function comparisonOf(ctx: PolicyContext, documentId: string, fromId?: string, toId?: string) {
  const doc = await readableDocument(ctx, documentId);
  const versions = (await versionsOf(ctx.tx, ctx.scope.tenantId, doc.id)).filter((v) => canReadVersion(ctx, doc, v));
  const fallback = defaultPair(versions);
  const pick = (id: string | undefined, field: string): VersionRow => {
    const v = id ? versions.find((x) => x.id === id) : undefined;
    if (!v) {
      throw fieldErrors([
        { field, message: { ja: 'この文書の版を指定してください。', en: 'Choose a version of this document.' } },
      ]);
    }
    return v;
  };
  const from = pick(fromId ?? fallback.from, 'from');
  const to = pick(toId ?? fallback.to, 'to');
  const result = compareClauses(clausesOfVersion(from), clausesOfVersion(to));
  return { doc, from, to, ...result };
}

export async function compareVersions(
  services: Services,
  scope: Scope,
  documentId: string,
  from?: string,
  to?: string,
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const c = await comparisonOf(ctx, documentId, from, to);
    return {
      document: { id: c.doc.id, kind: c.doc.kind, title: c.doc.title },
      from: versionSummary(c.from),
      to: versionSummary(c.to),
      summary: c.summary,
      rows: c.rows,
    };
  });
}

function versionLabel(v: VersionRow): string {
  const dates = [
    v.revised_on ? `改訂 ${toWareki(v.revised_on)}` : null,
    v.effective_on ? `施行 ${toWareki(v.effective_on)}` : null,
  ].filter(Boolean);
  const state = v.status === 'PUBLISHED' ? '' : `・${VERSION_STATUS_LABELS[v.status as VersionStatus] ?? v.status}`;
  return `第${Number(v.number)}版${state}${dates.length ? `（${dates.join('／')}）` : ''}`;
}

/** The .xlsx file; the export is recorded in the audit trail (which versions, not their text). */
export async function exportComparison(
  services: Services,
  scope: Scope,
  documentId: string,
  query: { from?: string; to?: string; rows: 'changed' | 'all' },
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const c = await comparisonOf(ctx, documentId, query.from, query.to);
    const tenant = await tx.selectFrom('tenant').select('name').where('id', '=', scope.tenantId).executeTakeFirst();
    const rows = query.rows === 'all' ? c.rows : c.rows.filter((r) => r.change !== 'unchanged' || r.renumbered);
    const body = await comparisonWorkbook({
      townName: tenant?.name ?? '',
      documentTitle: c.doc.title,
      oldLabel: `旧：${versionLabel(c.from)}`,
      newLabel: `新：${versionLabel(c.to)}`,
      rows,
    });
    await auditPolicy(tx, scope, 'export', 'policy_comparison', c.doc.id, null, {
      documentId: c.doc.id,
      from: c.from.id,
      to: c.to.id,
      rows: rows.length,
    });
    const today = todayInJapan();
    const name = c.doc.kind === 'PROCEDURE' ? '実施手順' : c.doc.title;
    return {
      body,
      contentType: MIME.xlsx,
      disposition: attachmentHeader(
        `${name}_新旧対照表_第${Number(c.from.number)}版-第${Number(c.to.number)}版_${today}.xlsx`,
        `policy-comparison-${today}.xlsx`,
      ),
    };
  });
}
