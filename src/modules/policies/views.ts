/** How documents and versions are shown: the same shapes in lists, details, the portal and exports. */
import { createHash } from 'node:crypto';
import { type ClauseNode, citationOf } from '../../domain/policy/clauses.ts';
import { publishedHistory, scheduledVersions, standingOn, versionInForce } from '../../domain/policy/in-force.ts';
import {
  DOCUMENT_KIND_LABELS,
  type DocumentKind,
  VERSION_STATUS_LABELS,
  type VersionStatus,
} from '../../domain/policy/kinds.ts';
import { unitPath } from '../organisation/units.repo.ts';
import {
  canEdit,
  canReadDrafts,
  type DocumentRow,
  type PolicyContext,
  parseRoles,
  type VersionRow,
} from './context.ts';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const dated = (v: VersionRow) => ({
  id: v.id,
  number: Number(v.number),
  status: v.status,
  effectiveOn: v.effective_on,
  revisedOn: v.revised_on,
});

export function versionSummary(v: VersionRow) {
  return {
    id: v.id,
    documentId: v.document_id,
    number: Number(v.number),
    status: v.status,
    statusLabel: VERSION_STATUS_LABELS[v.status as VersionStatus] ?? v.status,
    title: v.title,
    changeSummary: v.change_summary,
    revisedOn: v.revised_on,
    effectiveOn: v.effective_on,
    publishedAt: v.published_at,
    decision: v.decision,
    decidedOn: v.decided_on,
  };
}

export interface ClauseView {
  path: string;
  citation: string;
  label: string;
  heading: string;
  text: string;
  children: ClauseView[];
}

export function clauseView(c: ClauseNode): ClauseView {
  return {
    path: c.path,
    citation: citationOf(c.path),
    label: c.label,
    heading: c.heading,
    text: c.text,
    children: c.children.map(clauseView),
  };
}

/** A document as a list row or header: its version in force on `on`, those scheduled, and the latest draft. */
export function documentView(ctx: PolicyContext | null, doc: DocumentRow, versions: VersionRow[], on: string) {
  const drafts = ctx ? canReadDrafts(ctx, doc) : false;
  const shown = versions.filter((v) => v.status === 'PUBLISHED' || drafts);
  const current = versionInForce(shown.map(dated), on);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const latest = shown[shown.length - 1];
  const kind = doc.kind as DocumentKind;
  return {
    id: doc.id,
    kind,
    kindLabel: DOCUMENT_KIND_LABELS[kind] ?? doc.kind,
    title: doc.title,
    scopeKind: doc.scope_kind,
    scopeId: doc.scope_id,
    scopeLabel: ctx && doc.scope_kind === 'ORG_UNIT' ? unitPath(ctx.units, doc.scope_id) : null,
    visibleRoles: kind === 'PROCEDURE' ? parseRoles(doc.visible_roles) : null,
    onPortal: kind === 'BASIC' || (kind === 'STANDARD' && doc.on_portal === 1),
    establishedOn: doc.established_on,
    canEdit: ctx ? canEdit(ctx, doc) : false,
    on,
    inForce: current ? versionSummary(byId.get(current.id)!) : null,
    scheduled: scheduledVersions(shown.map(dated), on).map((v) => versionSummary(byId.get(v.id)!)),
    latest: latest ? versionSummary(latest) : null,
  };
}

/** The published history with the date each version stopped being in force, and every version's standing. */
export function historyView(versions: VersionRow[], on: string) {
  const standing = standingOn(versions.map(dated), on);
  const byId = new Map(versions.map((v) => [v.id, v]));
  return {
    history: publishedHistory(versions.map(dated)).map((h) => ({
      ...versionSummary(byId.get(h.id)!),
      effectiveUntil: h.effectiveUntil,
      standing: standing.get(h.id),
    })),
    standing,
  };
}
