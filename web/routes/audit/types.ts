/** Response types of the audit-trail page, from the server's own service. */
import type { listEvents, verify } from '../../../src/modules/audit/service.ts';
import auditLabels from '../../i18n/areas/audit.ja.json' with { type: 'json' };

export type AuditPage = Awaited<ReturnType<typeof listEvents>>;
export type AuditEvent = AuditPage['items'][number];
export type ChainVerdict = Awaited<ReturnType<typeof verify>>;

/** The filters of the list, as they appear in the address (and in the export link). */
export const FILTER_KEYS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/**
 * Entity types and actions offered in the filters: every one that has a label (labels.test.tsx checks that every
 * value src/modules writes has one). `<action>@<entityType>` keys are wordings per resource, not actions of their own.
 */
export const ENTITY_TYPES: readonly string[] = Object.keys(auditLabels.audit.entities);
export const ACTIONS: readonly string[] = Object.keys(auditLabels.audit.actions).filter((k) => !k.includes('@'));

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: Filters, cursor: string | null) => ['audit', 'events', filters, cursor ?? ''] as const,
};
