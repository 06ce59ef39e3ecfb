import { allow } from '../../platform/access/permissions.ts';

/** Sign-in accounts are managed by the Mamori administrator only. */
export const accountsPermissions = [
  allow('PLATFORM_ADMIN', 'read', 'account'),
  allow('PLATFORM_ADMIN', 'create', 'account'),
  allow('PLATFORM_ADMIN', 'update', 'account'),
];
