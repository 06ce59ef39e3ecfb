/**
 * The public portal (公開ページ): without signing in, each town's 基本方針 in force on a date with its history, and
 * the 対策基準 the town chose to publish. 実施手順 never. Drafts and versions not yet published never. The date
 * parameter lets anyone see what is in force on a given day, including a published revision whose 施行日 is ahead.
 */
import { asSystem, inTenant, type Scope, SYSTEM_ACTOR } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { versionInForce } from '../../domain/policy/in-force.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { clausesOfVersion, type DocumentRow, type VersionRow } from './context.ts';
import { clauseView, dated, documentView, historyView, versionSummary } from './views.ts';

const TOWN = { ja: '団体', en: 'The municipality' };
const PUBLISHED_TEXT = { ja: '公開されている版', en: 'The published version' };

const onPortal = (d: DocumentRow) => d.kind === 'BASIC' || (d.kind === 'STANDARD' && d.on_portal === 1);

async function tenantByCode(services: Services, code: string) {
  const tenant = await asSystem(services.database, (tx) =>
    tx
      .selectFrom('tenant')
      .select(['id', 'name', 'code', 'committee_name'])
      .where('code', '=', code)
      .executeTakeFirst(),
  );
  if (!tenant) throw notFound(TOWN);
  const scope: Scope = { tenantId: tenant.id, actor: { ...SYSTEM_ACTOR, label: '公開ページ' } };
  return { tenant, scope };
}

async function publicDocuments(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const docs = (
      await tx
        .selectFrom('policy_document')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('kind', 'in', ['BASIC', 'STANDARD'])
        .orderBy('created_at')
        .execute()
    ).filter(onPortal);
    const versions = docs.length
      ? await tx
          .selectFrom('policy_version')
          .selectAll()
          .where('tenant_id', '=', scope.tenantId)
          .where(
            'document_id',
            'in',
            docs.map((d) => d.id),
          )
          .where('status', '=', 'PUBLISHED')
          .orderBy('number')
          .execute()
      : [];
    return docs
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'BASIC' ? -1 : 1))
      .map((doc) => ({ doc, versions: versions.filter((v) => v.document_id === doc.id) }));
  });
}

function publicVersion(v: VersionRow, doc: DocumentRow) {
  const { decision: _d, decidedOn: _o, ...summary } = versionSummary(v);
  return {
    ...summary,
    establishedOn: doc.established_on,
    body: v.body,
    clauses: clausesOfVersion(v).map(clauseView),
  };
}

export async function portal(services: Services, tenantCode: string, on = todayInJapan()) {
  const { tenant, scope } = await tenantByCode(services, tenantCode);
  const docs = await publicDocuments(services, scope);
  return {
    town: { name: tenant.name, code: tenant.code },
    committeeName: tenant.committee_name,
    on,
    documents: docs
      .filter(({ versions }) => versions.length > 0)
      .map(({ doc, versions }) => {
        const view = documentView(null, doc, versions, on);
        const current = versionInForce(versions.map(dated), on);
        const row = current ? versions.find((v) => v.id === current.id)! : null;
        return {
          id: doc.id,
          kind: view.kind,
          kindLabel: view.kindLabel,
          title: doc.title,
          establishedOn: doc.established_on,
          inForce: row ? publicVersion(row, doc) : null,
          scheduled: view.scheduled.map(({ decision: _d, decidedOn: _o, ...s }) => s),
          history: historyView(versions, on).history.map(({ decision: _d, decidedOn: _o, ...h }) => h),
        };
      }),
  };
}

/** One published version of a document on the portal, for the history links. */
export async function portalVersion(services: Services, tenantCode: string, versionId: string) {
  const { scope } = await tenantByCode(services, tenantCode);
  const docs = await publicDocuments(services, scope);
  for (const { doc, versions } of docs) {
    const v = versions.find((x) => x.id === versionId);
    if (v) return { document: { id: doc.id, kind: doc.kind, title: doc.title }, version: publicVersion(v, doc) };
  }
  throw notFound(PUBLISHED_TEXT);
}
