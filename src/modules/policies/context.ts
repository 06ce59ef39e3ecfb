/**
 * What every policy service needs inside its transaction: the caller's grants and unit, the units of the town, and
 * the rules for who may read or edit which document. A 実施手順 the caller may not read answers 404 everywhere.
 */
import type { PolicyDocumentTable, PolicyVersionTable } from '../../db/schema.ts';
import type { Scope, Tx } from '../../db/scope.ts';
import { type ClauseNode, parsePolicy } from '../../domain/policy/clauses.ts';
import type { DocumentKind } from '../../domain/policy/kinds.ts';
import { canReadDocument, type DocumentAudience } from '../../domain/policy/visibility.ts';
import type { RoleCode } from '../../domain/roles.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { allUnits, type UnitRow, unitChain } from '../organisation/units.repo.ts';
import { KEEPERS } from './permissions.ts';

export type DocumentRow = PolicyDocumentTable;
export type VersionRow = PolicyVersionTable;

export const DOCUMENT = { ja: 'ポリシー文書', en: 'The policy document' };
export const VERSION = { ja: 'ポリシー文書の版', en: 'The version' };

export interface PolicyContext {
  services: Services;
  scope: Scope;
  tx: Tx;
  units: UnitRow[];
  personUnitChain: string[];
}

export async function contextOf(services: Services, scope: Scope, tx: Tx): Promise<PolicyContext> {
  const units = await allUnits(tx, scope.tenantId);
  let personUnitChain: string[] = [];
  if (scope.actor.personId) {
    const person = await tx
      .selectFrom('person')
      .select('org_unit_id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', scope.actor.personId)
      .executeTakeFirst();
    personUnitChain = unitChain(units, person?.org_unit_id ?? null);
  }
  return { services, scope, tx, units, personUnitChain };
}

export function parseRoles(json: string): RoleCode[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is RoleCode => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function audienceOf(doc: DocumentRow): DocumentAudience {
  return {
    kind: doc.kind as DocumentKind,
    scopeKind: (doc.scope_kind as DocumentAudience['scopeKind']) ?? null,
    scopeId: doc.scope_id,
    visibleRoles: parseRoles(doc.visible_roles),
  };
}

const documentUnitChain = (ctx: PolicyContext, doc: DocumentRow) =>
  doc.scope_kind === 'ORG_UNIT' ? unitChain(ctx.units, doc.scope_id) : [];

export function canRead(ctx: PolicyContext, doc: DocumentRow): boolean {
  return canReadDocument(
    audienceOf(doc),
    { grants: ctx.scope.actor.roles, personUnitChain: ctx.personUnitChain },
    documentUnitChain(ctx, doc),
  );
}

/** Drafts and versions under approval: the draft readers for 基本方針・対策基準; every named reader of a 実施手順. */
export function canReadDrafts(ctx: PolicyContext, doc: DocumentRow): boolean {
  if (!canRead(ctx, doc)) return false;
  return doc.kind === 'PROCEDURE' || ctx.services.permissions.canAtAll(ctx.scope.actor, 'read_draft', 'policy');
}

export function canReadVersion(ctx: PolicyContext, doc: DocumentRow, version: VersionRow): boolean {
  return version.status === 'PUBLISHED' ? canRead(ctx, doc) : canReadDrafts(ctx, doc);
}

const isKeeper = (ctx: PolicyContext) => ctx.scope.actor.roles.some((g) => KEEPERS.includes(g.role));

/**
 * 基本方針・対策基準: the keepers. 実施手順: the keepers who may read it, and a procedure author whose own grant covers
 * the document's system (情報システム管理者) or unit (情報セキュリティ責任者・管理者).
 */
export function canEdit(ctx: PolicyContext, doc: Pick<DocumentRow, 'kind' | 'scope_kind' | 'scope_id'>): boolean {
  if (!ctx.services.permissions.canAtAll(ctx.scope.actor, 'edit', 'policy')) return false;
  if (isKeeper(ctx)) return true;
  if (doc.kind !== 'PROCEDURE') return false;
  const chain = doc.scope_kind === 'ORG_UNIT' ? unitChain(ctx.units, doc.scope_id) : [];
  return ctx.scope.actor.roles.some((g) => {
    if (g.role === 'SYS_MANAGER') return doc.scope_kind === 'SYSTEM' && g.scopeId === doc.scope_id;
    if (g.role === 'SEC_RESPONSIBLE' || g.role === 'SEC_MANAGER') {
      return doc.scope_kind === 'ORG_UNIT' && g.scopeId !== null && chain.includes(g.scopeId);
    }
    return false;
  });
}

export async function findDocument(tx: Tx, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  return tx
    .selectFrom('policy_document')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The document, or 404 — also when it exists but the caller may not read it. */
export async function readableDocument(ctx: PolicyContext, id: string): Promise<DocumentRow> {
  const doc = await findDocument(ctx.tx, ctx.scope.tenantId, id);
  if (!doc || !canRead(ctx, doc)) throw notFound(DOCUMENT);
  return doc;
}

export async function editableDocument(ctx: PolicyContext, id: string): Promise<DocumentRow> {
  const doc = await readableDocument(ctx, id);
  if (!canEdit(ctx, doc)) throw forbidden();
  return doc;
}

export async function versionsOf(tx: Tx, tenantId: string, documentId: string): Promise<VersionRow[]> {
  return tx
    .selectFrom('policy_version')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .orderBy('number')
    .execute();
}

/** A version with its document, or 404 when either is out of the caller's sight. */
export async function readableVersion(ctx: PolicyContext, versionId: string) {
  const version = await ctx.tx
    .selectFrom('policy_version')
    .selectAll()
    .where('tenant_id', '=', ctx.scope.tenantId)
    .where('id', '=', versionId)
    .executeTakeFirst();
  const doc = version ? await findDocument(ctx.tx, ctx.scope.tenantId, version.document_id) : undefined;
  if (!version || !doc || !canReadVersion(ctx, doc, version)) throw notFound(VERSION);
  return { version, doc };
}

export function requireStatus(version: VersionRow, ...allowed: string[]) {
  if (!allowed.includes(version.status)) {
    throw conflict('POLICY_VERSION_STATE', {
      ja: 'この版は現在の状態ではこの操作ができません。画面を再読み込みして状態を確認してください。',
      en: 'The version is not in a state that allows this; reload and check its status.',
    });
  }
}

export function requirePerson(scope: Scope): string {
  if (!scope.actor.personId) {
    throw conflict('PERSON_REQUIRED', {
      ja: 'このアカウントには職員等の記録が結び付いていないため、この操作はできません。',
      en: 'This account has no person record, which this step needs.',
    });
  }
  return scope.actor.personId;
}

const parsed = new Map<string, ClauseNode[]>();
/** The clause tree of a text, remembered by its hash (texts of published versions never change). */
export function clausesOfVersion(version: Pick<VersionRow, 'body' | 'body_sha256'>): ClauseNode[] {
  const hit = parsed.get(version.body_sha256);
  if (hit) return hit;
  const clauses = parsePolicy(version.body).clauses;
  if (parsed.size > 200) parsed.delete(parsed.keys().next().value as string);
  parsed.set(version.body_sha256, clauses);
  return clauses;
}
