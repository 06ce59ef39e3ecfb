/**
 * Policy documents: list, create, read, update settings, the version in force on a date, and clause search.
 * Every list and search leaves out the 実施手順 the caller may not read.
 */
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { flattenClauses } from '../../domain/policy/clauses.ts';
import { versionInForce } from '../../domain/policy/in-force.ts';
import type { DocumentKind } from '../../domain/policy/kinds.ts';
import { comparable } from '../../domain/policy/normalize.ts';
import { defaultProcedureRoles } from '../../domain/policy/visibility.ts';
import { type FieldError, fieldErrors, forbidden } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { findUnit } from '../organisation/units.repo.ts';
import { auditPolicy, documentRecord, versionRecord } from './audit.ts';
import {
  canEdit,
  canRead,
  canReadDrafts,
  clausesOfVersion,
  contextOf,
  type DocumentRow,
  editableDocument,
  type PolicyContext,
  readableDocument,
  type VersionRow,
  versionsOf,
} from './context.ts';
import type { DocumentCreate, DocumentUpdate } from './contract.ts';
import { clauseView, dated, documentView, historyView, sha256, versionSummary } from './views.ts';

const msg = (ja: string, en: string) => ({ ja, en });

/** Documents the caller may read, oldest first within each kind (基本方針, 対策基準, 実施手順). */
async function readableDocuments(ctx: PolicyContext, kind?: DocumentKind): Promise<DocumentRow[]> {
  let q = ctx.tx.selectFrom('policy_document').selectAll().where('tenant_id', '=', ctx.scope.tenantId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  const order: Record<string, number> = { BASIC: 0, STANDARD: 1, PROCEDURE: 2 };
  return rows.filter((d) => canRead(ctx, d)).sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9));
}

async function allVersions(ctx: PolicyContext, documentIds: string[]): Promise<Map<string, VersionRow[]>> {
  const map = new Map<string, VersionRow[]>();
  if (documentIds.length === 0) return map;
  const rows = await ctx.tx
    .selectFrom('policy_version')
    .selectAll()
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('document_id', 'in', documentIds)
    .orderBy('number')
    .execute();
  for (const v of rows) map.set(v.document_id, [...(map.get(v.document_id) ?? []), v]);
  return map;
}

export async function listDocuments(services: Services, scope: Scope, query: { kind?: DocumentKind; on?: string }) {
  const on = query.on ?? todayInJapan();
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const docs = await readableDocuments(ctx, query.kind);
    const versions = await allVersions(
      ctx,
      docs.map((d) => d.id),
    );
    return { on, items: docs.map((d) => documentView(ctx, d, versions.get(d.id) ?? [], on)) };
  });
}

function checkCreate(input: DocumentCreate): FieldError[] {
  const errors: FieldError[] = [];
  if (input.kind === 'PROCEDURE') {
    if (!input.scopeKind || !input.scopeId) {
      errors.push({
        field: 'scopeId',
        message: msg(
          '実施手順は、対象の情報システム又は部局・課室を指定してください。',
          'A procedure is kept per system or unit; choose one.',
        ),
      });
    }
    if (input.onPortal) {
      errors.push({
        field: 'onPortal',
        message: msg('実施手順は公開できません（基本方針10）。', 'Procedures are never public.'),
      });
    }
  } else {
    if (input.scopeKind || input.scopeId || input.visibleRoles) {
      errors.push({
        field: 'visibleRoles',
        message: msg(
          '対象範囲と閲覧できる役割は、実施手順にだけ指定できます。',
          'Scope and readers apply to procedures only.',
        ),
      });
    }
    if (input.kind === 'BASIC' && input.onPortal === false) {
      errors.push({
        field: 'onPortal',
        message: msg('基本方針は公表するものです。', 'The basic policy is always published.'),
      });
    }
  }
  return errors;
}

export async function createDocument(services: Services, scope: Scope, input: DocumentCreate) {
  const problems = checkCreate(input);
  if (problems.length) throw fieldErrors(problems);
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    if (input.scopeKind === 'ORG_UNIT' && input.scopeId && !(await findUnit(tx, scope.tenantId, input.scopeId))) {
      throw fieldErrors([{ field: 'scopeId', message: msg('指定した部局・課室が見つかりません。', 'No such unit.') }]);
    }
    const now = nowIso();
    const scopeKind = input.kind === 'PROCEDURE' ? (input.scopeKind ?? null) : null;
    const doc: DocumentRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      kind: input.kind,
      title: input.title,
      scope_kind: scopeKind,
      scope_id: input.kind === 'PROCEDURE' ? (input.scopeId ?? null) : null,
      visible_roles: JSON.stringify(
        input.kind === 'PROCEDURE' ? (input.visibleRoles ?? defaultProcedureRoles(scopeKind)) : [],
      ),
      on_portal: input.kind === 'BASIC' || (input.kind === 'STANDARD' && input.onPortal) ? 1 : 0,
      established_on: input.establishedOn ?? null,
      created_by: scope.actor.label,
      created_at: now,
      updated_at: now,
    };
    if (!canEdit(ctx, doc)) throw forbidden();
    if (!canRead(ctx, doc)) {
      throw fieldErrors([
        {
          field: 'visibleRoles',
          message: msg(
            '閲覧できる役割に、ご自分の役割を含めてください。含めないと作成後に閲覧も編集もできません。',
            'Include a role you hold, or you could not see the procedure after creating it.',
          ),
        },
      ]);
    }
    await tx.insertInto('policy_document').values(doc).execute();
    await auditPolicy(tx, scope, 'create', 'policy_document', doc.id, null, documentRecord(doc));
    if (input.body) {
      const version: VersionRow = newDraft(scope, doc, 1, input.body, input.changeSummary ?? '', null);
      await tx.insertInto('policy_version').values(version).execute();
      await auditPolicy(tx, scope, 'create', 'policy_version', version.id, null, versionRecord(doc, version));
    }
    return documentView(ctx, doc, await versionsOf(tx, scope.tenantId, doc.id), todayInJapan());
  });
}

export function newDraft(
  scope: Scope,
  doc: DocumentRow,
  number: number,
  body: string,
  changeSummary: string,
  basedOnId: string | null,
): VersionRow {
  const now = nowIso();
  return {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    document_id: doc.id,
    number,
    status: 'DRAFT',
    title: doc.title,
    body,
    body_sha256: sha256(body),
    change_summary: changeSummary,
    based_on_id: basedOnId,
    drafted_by_person_id: scope.actor.personId,
    drafted_by: scope.actor.label,
    submitted_by_person_id: null,
    submitted_at: null,
    reviewed_by_person_id: null,
    reviewed_by: null,
    reviewed_at: null,
    review_comment: null,
    decision: null,
    decided_on: null,
    decision_json: null,
    revised_on: null,
    effective_on: null,
    published_at: null,
    published_by: null,
    created_at: now,
    updated_at: now,
  };
}

export async function getDocument(services: Services, scope: Scope, id: string, on = todayInJapan()) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const doc = await readableDocument(ctx, id);
    const versions = await versionsOf(tx, scope.tenantId, doc.id);
    const shown = canReadDrafts(ctx, doc) ? versions : versions.filter((v) => v.status === 'PUBLISHED');
    const { history, standing } = historyView(shown, on);
    return {
      ...documentView(ctx, doc, versions, on),
      versions: shown.map((v) => ({ ...versionSummary(v), standing: standing.get(v.id) })).reverse(),
      history,
    };
  });
}

export async function updateDocument(services: Services, scope: Scope, id: string, input: DocumentUpdate) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const before = await editableDocument(ctx, id);
    const errors: FieldError[] = [];
    if (input.visibleRoles && before.kind !== 'PROCEDURE') {
      errors.push({ field: 'visibleRoles', message: msg('実施手順にだけ指定できます。', 'Procedures only.') });
    }
    if (input.onPortal !== undefined && before.kind !== 'STANDARD') {
      errors.push({
        field: 'onPortal',
        message: msg(
          '公開の選択は対策基準にだけあります（基本方針は常に公表、実施手順は非公開）。',
          'Only the standards can be published by choice.',
        ),
      });
    }
    if (errors.length) throw fieldErrors(errors);
    const after: DocumentRow = {
      ...before,
      title: input.title ?? before.title,
      visible_roles: input.visibleRoles ? JSON.stringify(input.visibleRoles) : before.visible_roles,
      on_portal: input.onPortal === undefined ? before.on_portal : input.onPortal ? 1 : 0,
      established_on: input.establishedOn === undefined ? before.established_on : input.establishedOn,
      updated_at: nowIso(),
    };
    if (!canRead(ctx, after)) {
      throw fieldErrors([
        {
          field: 'visibleRoles',
          message: msg('閲覧できる役割に、ご自分の役割を含めてください。', 'Include a role you hold.'),
        },
      ]);
    }
    await tx
      .updateTable('policy_document')
      .set({
        title: after.title,
        visible_roles: after.visible_roles,
        on_portal: after.on_portal,
        established_on: after.established_on,
        updated_at: after.updated_at,
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .execute();
    await auditPolicy(tx, scope, 'update', 'policy_document', id, documentRecord(before), documentRecord(after));
    return documentView(ctx, after, await versionsOf(tx, scope.tenantId, id), todayInJapan());
  });
}

/** The version in force on a date, with its clause tree: what a person bound by the policy must follow that day. */
export async function inForce(services: Services, scope: Scope, id: string, on = todayInJapan()) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const doc = await readableDocument(ctx, id);
    const versions = (await versionsOf(tx, scope.tenantId, doc.id)).filter((v) => v.status === 'PUBLISHED');
    const current = versionInForce(versions.map(dated), on);
    const row = current ? versions.find((v) => v.id === current.id)! : null;
    return {
      on,
      document: documentView(ctx, doc, versions, on),
      version: row ? { ...versionSummary(row), body: row.body, clauses: clausesOfVersion(row).map(clauseView) } : null,
    };
  });
}

/** Clauses whose heading or text contains the words, in the versions in force on the date of readable documents. */
export async function searchClauses(services: Services, scope: Scope, q: string, on = todayInJapan()) {
  const needle = comparable(q);
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const docs = await readableDocuments(ctx);
    const versions = await allVersions(
      ctx,
      docs.map((d) => d.id),
    );
    const items = [];
    for (const doc of docs) {
      const published = (versions.get(doc.id) ?? []).filter((v) => v.status === 'PUBLISHED');
      const current = versionInForce(published.map(dated), on);
      const row = current ? published.find((v) => v.id === current.id)! : null;
      if (!row || !comparable(row.body).includes(needle)) continue;
      for (const c of flattenClauses(clausesOfVersion(row))) {
        if (!comparable(`${c.heading}${c.text}`).includes(needle)) continue;
        items.push({
          documentId: doc.id,
          kind: doc.kind,
          title: doc.title,
          versionId: row.id,
          versionNumber: Number(row.number),
          ...clauseView({ ...c, children: [] }),
        });
        if (items.length >= 100) return { on, q, items, truncated: true };
      }
    }
    return { on, q, items, truncated: false };
  });
}
