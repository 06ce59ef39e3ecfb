/** Response types of the audit-trail page, from the server's own service. */
import type { listEvents, verify } from '../../../src/modules/audit/service.ts';

export type AuditPage = Awaited<ReturnType<typeof listEvents>>;
export type AuditEvent = AuditPage['items'][number];
export type ChainVerdict = Awaited<ReturnType<typeof verify>>;

/** The filters of the list, as they appear in the address (and in the export link). */
export const FILTER_KEYS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/** Entity types and actions the trail records today, offered in the filters; others still show by their code. */
export const ENTITY_TYPES = [
  'tenant',
  'implementing_body',
  'org_unit',
  'person',
  'appointment',
  'committee',
  'committee_meeting',
  'emergency_contacts',
  'csirt',
  'pledge',
  'pledge_text',
  'pledge_missing',
  'user_account',
  'webauthn_credential',
  'stored_file',
  'audit_event',
] as const;

export const ACTIONS = [
  'create',
  'update',
  'delete',
  'close',
  'end',
  'transfer',
  'transfer_out',
  'retire',
  'import',
  'export',
  'publish',
  'sign',
  'record',
  'attach_minutes',
  'read_contact',
  'login',
  'login_password_ok',
  'login_failed',
  'account_locked',
  'logout',
  'logout_all',
  'end_session',
  'change_password',
  'reset_password',
  'enable_totp',
  'disable_totp',
  'add_passkey',
  'remove_passkey',
  'regenerate_recovery_codes',
  'reset_mfa',
  'unlock',
  'disable',
  'verify',
] as const;

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: Filters, cursor: string | null) => ['audit', 'events', filters, cursor ?? ''] as const,
};
