/**
 * Links from clauses to any other record ({ entityType, entityId }): an asset rule, a network check, a checklist
 * item, a finding. A later area shows "this verdict comes from 対策基準 第5条" by asking for the links of its record.
 * A link follows the version in force unless it is pinned to one version. Links into a 実施手順 the caller may not
 * read are left out of every answer.
 */
import { uuidv7 } from '../../db/ids.ts';
import type { PolicyLinkTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { citationOf, findClause } from '../../domain/policy/clauses.ts';
import { versionInForce } from '../../domain/policy/in-force.ts';
import { citationLabel, type DocumentKind } from '../../domain/policy/kinds.ts';
import { conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { auditPolicy } from './audit.ts';
import {
  canRead,
  clausesOfVersion,
  contextOf,
  type DocumentRow,
  findDocument,
  type PolicyContext,
  readableDocument,
  type VersionRow,
  versionsOf,
} from './context.ts';
import type { LinkCreate } from './contract.ts';
import { dated } from './views.ts';

type LinkRow = PolicyLinkTable;
const LINK = { ja: '条項との関連付け', en: 'The clause link' };

/** The version a link reads: the pinned one, or the version in force on the date (else the latest published). */
function versionFor(versions: VersionRow[], link: Pick<LinkRow, 'version_id'>, on: string): VersionRow | null {
  if (link.version_id) return versions.find((v) => v.id === link.version_id) ?? null;
  const published = versions.filter((v) => v.status === 'PUBLISHED');
  const current = versionInForce(published.map(dated), on);
  return current ? published.find((v) => v.id === current.id)! : (published[published.length - 1] ?? null);
}

async function resolve(ctx: PolicyContext, links: LinkRow[], on: string) {
  const docs = new Map<string, DocumentRow | undefined>();
  const versions = new Map<string, VersionRow[]>();
  const out = [];
  for (const link of links) {
    if (!docs.has(link.document_id))
      docs.set(link.document_id, await findDocument(ctx.tx, ctx.scope.tenantId, link.document_id));
    const doc = docs.get(link.document_id);
    if (!doc || !canRead(ctx, doc)) continue;
    if (!versions.has(doc.id)) versions.set(doc.id, await versionsOf(ctx.tx, ctx.scope.tenantId, doc.id));
    const version = versionFor(versions.get(doc.id)!, link, on);
    const clause = version ? findClause(clausesOfVersion(version), link.clause_path) : null;
    const citation = citationOf(link.clause_path);
    out.push({
      id: link.id,
      documentId: doc.id,
      documentKind: doc.kind,
      documentTitle: doc.title,
      clausePath: link.clause_path,
      citation,
      citationLabel: citationLabel(doc.kind as DocumentKind, citation),
      pinnedVersionId: link.version_id,
      version: version ? { id: version.id, number: Number(version.number), effectiveOn: version.effective_on } : null,
      clause: clause ? { label: clause.label, heading: clause.heading, text: clause.text } : null,
      entityType: link.entity_type,
      entityId: link.entity_id,
      note: link.note,
      createdBy: link.created_by,
      createdAt: link.created_at,
    });
  }
  return out;
}

export async function listLinks(
  services: Services,
  scope: Scope,
  query: { entityType?: string; entityId?: string; documentId?: string },
  on = todayInJapan(),
) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    let q = tx.selectFrom('policy_link').selectAll().where('tenant_id', '=', scope.tenantId);
    if (query.entityType) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId) q = q.where('entity_id', '=', query.entityId);
    if (query.documentId) q = q.where('document_id', '=', query.documentId);
    const rows = await q.orderBy('created_at').orderBy('id').limit(1000).execute();
    return { on, items: await resolve(ctx, rows, on) };
  });
}

/** For other areas' services: the clauses a record cites, as the caller may see them. */
export const linksForEntity = (services: Services, scope: Scope, entityType: string, entityId: string) =>
  listLinks(services, scope, { entityType, entityId });

export async function createLink(services: Services, scope: Scope, input: LinkCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const doc = await readableDocument(ctx, input.documentId);
    const versions = await versionsOf(tx, scope.tenantId, doc.id);
    if (input.versionId && !versions.some((v) => v.id === input.versionId && v.status === 'PUBLISHED')) {
      throw fieldErrors([
        {
          field: 'versionId',
          message: { ja: 'この文書の公開済みの版を指定してください。', en: 'Choose a published version.' },
        },
      ]);
    }
    const latest = versions[versions.length - 1];
    const version = versionFor(versions, { version_id: input.versionId ?? null }, todayInJapan()) ?? latest;
    if (!version || !findClause(clausesOfVersion(version), input.clausePath)) {
      throw fieldErrors([
        {
          field: 'clausePath',
          message: {
            ja: '指定した条項が見つかりません。条項の一覧から選んでください。',
            en: 'No such clause in the document.',
          },
        },
      ]);
    }
    const existing = await tx
      .selectFrom('policy_link')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('document_id', '=', doc.id)
      .where('clause_path', '=', input.clausePath)
      .where('entity_type', '=', input.entityType)
      .where('entity_id', '=', input.entityId)
      .executeTakeFirst();
    if (existing) {
      throw conflict('POLICY_LINK_EXISTS', {
        ja: 'この条項とこの記録は既に関連付けられています。',
        en: 'This clause is already linked to the record.',
      });
    }
    const row: LinkRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      document_id: doc.id,
      clause_path: input.clausePath,
      version_id: input.versionId ?? null,
      entity_type: input.entityType,
      entity_id: input.entityId,
      note: input.note ?? null,
      created_by: scope.actor.label,
      created_at: nowIso(),
    };
    await tx.insertInto('policy_link').values(row).execute();
    const { note: _n, ...recorded } = row;
    await auditPolicy(tx, scope, 'link', 'policy_link', row.id, null, doc.kind === 'PROCEDURE' ? recorded : row);
    return (await resolve(ctx, [row], todayInJapan()))[0];
  });
}

export async function deleteLink(services: Services, scope: Scope, id: string) {
  await inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const row = await tx
      .selectFrom('policy_link')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    const doc = row ? await findDocument(tx, scope.tenantId, row.document_id) : undefined;
    if (!row || !doc || !canRead(ctx, doc)) throw notFound(LINK);
    await tx.deleteFrom('policy_link').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute();
    const { note: _n, ...recorded } = row;
    await auditPolicy(tx, scope, 'unlink', 'policy_link', id, doc.kind === 'PROCEDURE' ? recorded : row, null);
  });
}
