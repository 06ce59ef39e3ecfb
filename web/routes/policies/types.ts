/** Response types of the policy-document area, taken from the server's services (type-only imports). */
import type { vote } from '../../../src/modules/policies/approval.service.ts';
import type { compareVersions } from '../../../src/modules/policies/compare.service.ts';
import type { getDocument, inForce, listDocuments } from '../../../src/modules/policies/documents.service.ts';
import type { getVersion } from '../../../src/modules/policies/versions.service.ts';
import type { ClauseView } from '../../../src/modules/policies/views.ts';

export type { ClauseView };
export type DocumentList = Awaited<ReturnType<typeof listDocuments>>;
export type DocumentSummary = DocumentList['items'][number];
export type DocumentDetail = Awaited<ReturnType<typeof getDocument>>;
export type VersionSummary = DocumentDetail['versions'][number];
export type InForce = Awaited<ReturnType<typeof inForce>>;
export type VersionDetail = Awaited<ReturnType<typeof getVersion>>;
export type CommitteeTally = NonNullable<VersionDetail['committee']>;
export type VoteResult = Awaited<ReturnType<typeof vote>>;
export type Comparison = Awaited<ReturnType<typeof compareVersions>>;
export type ComparisonRow = Comparison['rows'][number];

export const policyKeys = {
  all: ['policies'] as const,
  list: ['policies', 'list'] as const,
  document: (id: string) => ['policies', 'document', id] as const,
  inForce: (id: string) => ['policies', 'in-force', id] as const,
  version: (id: string) => ['policies', 'version', id] as const,
  compare: (id: string, from: string, to: string) => ['policies', 'compare', id, from, to] as const,
};
