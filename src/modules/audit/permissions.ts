import { allowAll } from '../../platform/access/permissions.ts';

/** The audit trail is for those who oversee and those who audit. */
export const auditPermissions = [
  ...allowAll(['PLATFORM_ADMIN', 'CISO', 'TOTAL_SEC_RESPONSIBLE', 'AUDIT_LEAD', 'AUDITOR'], 'read', 'audit_event'),
  ...allowAll(['PLATFORM_ADMIN', 'CISO', 'TOTAL_SEC_RESPONSIBLE', 'AUDIT_LEAD', 'AUDITOR'], 'verify', 'audit_event'),
];
