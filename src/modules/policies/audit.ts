/**
 * What the audit trail records about policy documents. The trail is read by roles a 実施手順 may not name (the
 * auditors, the Mamori administrator), so no event carries policy text: a version is recorded by its number, state,
 * dates and the SHA-256 and length of its text; a 実施手順 also without its title or notes. The full text stays in
 * the version row, which the trail's hash identifies.
 */
import type { Scope, Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import type { DocumentRow, VersionRow } from './context.ts';

export function documentRecord(doc: DocumentRow) {
  const hidden = doc.kind === 'PROCEDURE';
  return {
    id: doc.id,
    kind: doc.kind,
    title: hidden ? '（実施手順）' : doc.title,
    scopeKind: doc.scope_kind,
    scopeId: doc.scope_id,
    visibleRoles: doc.visible_roles,
    onPortal: doc.on_portal,
    establishedOn: doc.established_on,
  };
}

export function versionRecord(doc: DocumentRow, v: VersionRow) {
  const hidden = doc.kind === 'PROCEDURE';
  return {
    id: v.id,
    documentId: v.document_id,
    kind: doc.kind,
    number: Number(v.number),
    status: v.status,
    textSha256: v.body_sha256,
    textLength: v.body.length,
    ...(hidden ? {} : { title: v.title, changeSummary: v.change_summary }),
    basedOnId: v.based_on_id,
    decision: v.decision,
    decidedOn: v.decided_on,
    revisedOn: v.revised_on,
    effectiveOn: v.effective_on,
  };
}

/** Appends a policy event; `entityType` names the record kind (policy_document, policy_version, …). */
export function auditPolicy(
  tx: Tx,
  scope: Scope,
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  return appendAudit(tx, scope, { action, entityType, entityId, before: before ?? undefined, after });
}
