/**
 * Table types: the single source of truth for columns. Conventions that hold on both SQLite and PostgreSQL:
 * ids are UUIDv7 text; instants are ISO 8601 UTC text (sortable); calendar dates are YYYY-MM-DD text;
 * flags are integers 0/1; JSON is text. Every tenant-owned table has tenant_id.
 */
import type {
  TenantTable,
  ImplementingBodyTable,
  OrgUnitTable,
  PersonTable,
  UserAccountTable,
  RecoveryCodeTable,
  WebauthnCredentialTable,
  AuthSessionTable,
  LoginThrottleTable,
  AppointmentTable,
  CommitteeTable,
  AuditHeadTable,
  AuditEventTable,
  JobTable,
} from './tables/core.ts';
import type {
  StoredFileTable,
  PledgeTextTable,
  PledgeTable,
  CommitteeMeetingTable,
} from './tables/organisation-records.ts';
import type {
  AssetSchemeTable,
  AssetTable,
  AssetLinkTable,
  AssetPermissionTable,
  AssetEventTable,
} from './tables/assets.ts';
import type {
  PolicyDocumentTable,
  PolicyVersionTable,
  PolicyVoteTable,
  PolicyLinkTable,
  PolicyAckCampaignTable,
  PolicyAckTable,
  PolicyNoticeTable,
  PolicyReviewTable,
  PolicyExceptionTable,
  PolicyExceptionReviewTable,
} from './tables/policies.ts';
import type {
  NetworkSettingTable,
  NetworkExceptionTable,
  NetworkSystemTable,
  NetworkFlowTable,
  NetworkImportTable,
  NetworkFindingTable,
} from './tables/network.ts';
import type {
  SanitizerMessageTable,
  SanitizerPartTable,
  SanitizerRecipientTable,
  SanitizerQuarantineItemTable,
  SanitizerReleaseTable,
  SanitizerPpapTokenTable,
  SanitizerSettingsTable,
} from './tables/sanitizer.ts';

export type {
  TenantTable,
  ImplementingBodyTable,
  OrgUnitTable,
  PersonTable,
  UserAccountTable,
  RecoveryCodeTable,
  WebauthnCredentialTable,
  AuthSessionTable,
  LoginThrottleTable,
  AppointmentTable,
  CommitteeTable,
  AuditHeadTable,
  AuditEventTable,
  JobTable,
} from './tables/core.ts';
export type {
  StoredFileTable,
  PledgeTextTable,
  PledgeTable,
  CommitteeMeetingTable,
} from './tables/organisation-records.ts';
export type {
  AssetSchemeTable,
  AssetTable,
  AssetLinkTable,
  AssetPermissionTable,
  AssetEventTable,
} from './tables/assets.ts';
export type {
  PolicyDocumentTable,
  PolicyVersionTable,
  PolicyVoteTable,
  PolicyLinkTable,
  PolicyAckCampaignTable,
  PolicyAckTable,
  PolicyNoticeTable,
  PolicyReviewTable,
  PolicyExceptionTable,
  PolicyExceptionReviewTable,
} from './tables/policies.ts';
export type {
  NetworkSettingTable,
  NetworkExceptionTable,
  NetworkSystemTable,
  NetworkFlowTable,
  NetworkImportTable,
  NetworkFindingTable,
} from './tables/network.ts';
export type {
  SanitizerMessageTable,
  SanitizerPartTable,
  SanitizerRecipientTable,
  SanitizerQuarantineItemTable,
  SanitizerReleaseTable,
  SanitizerPpapTokenTable,
  SanitizerSettingsTable,
} from './tables/sanitizer.ts';

export interface DB {
  tenant: TenantTable;
  implementing_body: ImplementingBodyTable;
  org_unit: OrgUnitTable;
  person: PersonTable;
  user_account: UserAccountTable;
  recovery_code: RecoveryCodeTable;
  webauthn_credential: WebauthnCredentialTable;
  auth_session: AuthSessionTable;
  login_throttle: LoginThrottleTable;
  appointment: AppointmentTable;
  committee: CommitteeTable;
  audit_head: AuditHeadTable;
  audit_event: AuditEventTable;
  job: JobTable;
  stored_file: StoredFileTable;
  pledge_text: PledgeTextTable;
  pledge: PledgeTable;
  committee_meeting: CommitteeMeetingTable;
  asset_scheme: AssetSchemeTable;
  asset: AssetTable;
  asset_link: AssetLinkTable;
  asset_permission: AssetPermissionTable;
  asset_event: AssetEventTable;
  policy_document: PolicyDocumentTable;
  policy_version: PolicyVersionTable;
  policy_vote: PolicyVoteTable;
  policy_link: PolicyLinkTable;
  policy_ack_campaign: PolicyAckCampaignTable;
  policy_ack: PolicyAckTable;
  policy_notice: PolicyNoticeTable;
  policy_review: PolicyReviewTable;
  policy_exception: PolicyExceptionTable;
  policy_exception_review: PolicyExceptionReviewTable;
  network_setting: NetworkSettingTable;
  network_exception: NetworkExceptionTable;
  network_system: NetworkSystemTable;
  network_flow: NetworkFlowTable;
  network_import: NetworkImportTable;
  network_finding: NetworkFindingTable;
  sanitizer_message: SanitizerMessageTable;
  sanitizer_part: SanitizerPartTable;
  sanitizer_recipient: SanitizerRecipientTable;
  sanitizer_quarantine_item: SanitizerQuarantineItemTable;
  sanitizer_release: SanitizerReleaseTable;
  sanitizer_ppap_token: SanitizerPpapTokenTable;
  sanitizer_settings: SanitizerSettingsTable;
  kysely_migration: { name: string; timestamp: string };
}

/** Tables whose rows belong to one tenant; on PostgreSQL each gets a row-level security policy. */
export const TENANT_TABLES = [
  'implementing_body',
  'org_unit',
  'person',
  'user_account',
  'recovery_code',
  'webauthn_credential',
  'auth_session',
  'appointment',
  'committee',
  'audit_head',
  'audit_event',
  'stored_file',
  'pledge_text',
  'pledge',
  'committee_meeting',
  'policy_document',
  'policy_version',
  'policy_vote',
  'policy_link',
  'policy_ack_campaign',
  'policy_ack',
  'policy_notice',
  'policy_review',
  'policy_exception',
  'policy_exception_review',
  'asset_scheme',
  'asset',
  'asset_link',
  'asset_permission',
  'asset_event',
  'network_setting',
  'network_exception',
  'network_system',
  'network_flow',
  'network_import',
  'network_finding',
  'sanitizer_message',
  'sanitizer_part',
  'sanitizer_recipient',
  'sanitizer_quarantine_item',
  'sanitizer_release',
  'sanitizer_ppap_token',
  'sanitizer_settings',
] as const;

/** Platform tables: reachable only in the system scope (sign-in lookups, the job runner, the CLI). */
export const SYSTEM_TABLES = ['login_throttle', 'job'] as const;
