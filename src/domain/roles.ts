/**
 * The roles of the information security organisation (seed §6(1); 対策基準 例文 as adopted by 大崎市/笠間市).
 * Titles are those the policy uses. Who holds a role is data (appointments); nothing here names a person or post.
 */

export type ScopeKind = 'TENANT' | 'ORG_UNIT' | 'SYSTEM';

export const ROLE_CODES = [
  'CISO',
  'DEPUTY_CISO',
  'CISO_ADVISOR',
  'TOTAL_SEC_RESPONSIBLE',
  'SEC_RESPONSIBLE',
  'SEC_MANAGER',
  'SYS_MANAGER',
  'SYS_OPERATOR',
  'CSIRT_LEAD',
  'CSIRT_MEMBER',
  'AUDIT_LEAD',
  'AUDITOR',
  'COMMITTEE_MEMBER',
  'POLICY_OFFICE',
] as const;
export type AppointedRole = (typeof ROLE_CODES)[number];

/** Roles no appointment grants: every active person is STAFF; PLATFORM_ADMIN is a flag on the account. */
export type ImplicitRole = 'STAFF' | 'PLATFORM_ADMIN';
export type RoleCode = AppointedRole | ImplicitRole;
export const ALL_ROLES: RoleCode[] = [...ROLE_CODES, 'STAFF', 'PLATFORM_ADMIN'];

interface RoleInfo {
  ja: string;
  en: string;
  scope: ScopeKind;
  /** At most one holder per scope at a time (a successor's start ends the predecessor's term). */
  single: boolean;
}

export const ROLES: Record<RoleCode, RoleInfo> = {
  CISO: {
    ja: '最高情報セキュリティ責任者（CISO）',
    en: 'Chief Information Security Officer (CISO)',
    scope: 'TENANT',
    single: true,
  },
  DEPUTY_CISO: { ja: '副最高情報セキュリティ責任者（副CISO）', en: 'Deputy CISO', scope: 'TENANT', single: true },
  CISO_ADVISOR: {
    ja: '最高情報セキュリティアドバイザー',
    en: 'Chief information security advisor',
    scope: 'TENANT',
    single: false,
  },
  TOTAL_SEC_RESPONSIBLE: {
    ja: '統括情報セキュリティ責任者',
    en: 'General information security officer',
    scope: 'TENANT',
    single: true,
  },
  SEC_RESPONSIBLE: {
    ja: '情報セキュリティ責任者',
    en: 'Information security officer (department)',
    scope: 'ORG_UNIT',
    single: true,
  },
  SEC_MANAGER: {
    ja: '情報セキュリティ管理者',
    en: 'Information security manager (section)',
    scope: 'ORG_UNIT',
    single: true,
  },
  SYS_MANAGER: { ja: '情報システム管理者', en: 'Information system manager', scope: 'SYSTEM', single: true },
  SYS_OPERATOR: { ja: '情報システム担当者', en: 'Information system operator', scope: 'SYSTEM', single: false },
  CSIRT_LEAD: { ja: 'CSIRT責任者', en: 'CSIRT lead', scope: 'TENANT', single: true },
  CSIRT_MEMBER: { ja: 'CSIRT要員', en: 'CSIRT member', scope: 'TENANT', single: false },
  AUDIT_LEAD: { ja: '監査統括責任者', en: 'Chief auditor', scope: 'TENANT', single: true },
  AUDITOR: { ja: '監査人', en: 'Auditor', scope: 'TENANT', single: false },
  COMMITTEE_MEMBER: { ja: '委員会委員', en: 'Committee member', scope: 'TENANT', single: false },
  POLICY_OFFICE: { ja: '情報セキュリティ担当（事務局）', en: 'Security policy office', scope: 'TENANT', single: false },
  STAFF: { ja: '職員等', en: 'Staff', scope: 'TENANT', single: false },
  PLATFORM_ADMIN: { ja: 'Mamori管理者', en: 'Mamori administrator', scope: 'TENANT', single: false },
};

export function isAppointedRole(role: string): role is AppointedRole {
  return (ROLE_CODES as readonly string[]).includes(role);
}

/** Roles whose holders must use multi-factor authentication unless the tenant configures otherwise. */
export const DEFAULT_MFA_ROLES: RoleCode[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'PLATFORM_ADMIN'];
