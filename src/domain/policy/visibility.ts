/**
 * Who may read a 実施手順. Procedures are not public (seed §10): each names the roles that may read it, and
 * is kept per information system or per 部局・課室. A named role counts when the reader holds it for that system or
 * for that unit or one of its parents (a 部局's 情報セキュリティ責任者 covers its 課室); roles held for the whole
 * town count everywhere. 職員等 (STAFF), when named, means the staff of the document's unit. 基本方針 and 対策基準 are
 * readable by every member of staff once published. Pure.
 */
import type { RoleCode, ScopeKind } from '../roles.ts';
import type { DocumentKind } from './kinds.ts';

export interface Grant {
  role: RoleCode;
  scopeKind: ScopeKind;
  scopeId: string | null;
}

export interface DocumentAudience {
  kind: DocumentKind;
  scopeKind: 'ORG_UNIT' | 'SYSTEM' | null;
  scopeId: string | null;
  visibleRoles: RoleCode[];
}

export interface Reader {
  grants: Grant[];
  /** The reader's own unit and its parents, nearest first (for STAFF on a unit's procedure). */
  personUnitChain: string[];
}

/**
 * Whether the reader may see the document at all. `documentUnitChain` is the document's unit and its parents when
 * the document is kept per unit (empty otherwise).
 */
export function canReadDocument(doc: DocumentAudience, reader: Reader, documentUnitChain: string[]): boolean {
  if (doc.kind !== 'PROCEDURE') return true;
  return reader.grants.some((g) => {
    if (!doc.visibleRoles.includes(g.role)) return false;
    if (doc.scopeKind === null) return true;
    if (g.role === 'STAFF') {
      return doc.scopeKind !== 'ORG_UNIT' || (doc.scopeId !== null && reader.personUnitChain.includes(doc.scopeId));
    }
    if (g.scopeKind === 'TENANT') return true;
    if (g.scopeKind === 'SYSTEM') return doc.scopeKind === 'SYSTEM' && g.scopeId === doc.scopeId;
    return doc.scopeKind === 'ORG_UNIT' && g.scopeId !== null && documentUnitChain.includes(g.scopeId);
  });
}

/** The roles a new 実施手順 names unless its author says otherwise: the keepers, and the scope's own managers. */
export function defaultProcedureRoles(scopeKind: 'ORG_UNIT' | 'SYSTEM' | null): RoleCode[] {
  const keepers: RoleCode[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE'];
  if (scopeKind === 'SYSTEM') return [...keepers, 'SYS_MANAGER', 'SYS_OPERATOR'];
  if (scopeKind === 'ORG_UNIT') return [...keepers, 'SEC_RESPONSIBLE', 'SEC_MANAGER'];
  return keepers;
}
