import type { FastifyInstance } from 'fastify';
import { PermissionTable } from '../platform/access/permissions.ts';
import type { Services } from '../platform/http/services.ts';
import { accountRoutes } from './account/routes.ts';
import { assetsPermissions } from './assets/permissions.ts';
import { assetsRoutes } from './assets/routes.ts';
import { accountsPermissions } from './accounts/permissions.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { auditPermissions } from './audit/permissions.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { networkPermissions } from './network/permissions.ts';
import { networkRoutes } from './network/routes.ts';
import { organisationPermissions } from './organisation/permissions.ts';
import { organisationRoutes } from './organisation/routes.ts';
import { pledgesPermissions } from './pledges/permissions.ts';
import { pledgesRoutes } from './pledges/routes.ts';
import { policiesPermissions } from './policies/permissions.ts';
import { policiesRoutes } from './policies/routes.ts';
import { sanitizerPermissions } from './sanitizer/permissions.ts';
import { sanitizerRoutes } from './sanitizer/routes.ts';
import { setupRoutes } from './setup/routes.ts';

/** The whole permission table: each policy area contributes its own allow(...) lines. */
export function permissionTable(): PermissionTable {
  return new PermissionTable([
    ...organisationPermissions,
    ...accountsPermissions,
    ...auditPermissions,
    ...pledgesPermissions,
    ...policiesPermissions,
    ...assetsPermissions,
    ...sanitizerPermissions,
    ...networkPermissions,
  ]);
}

export async function registerModules(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    async (api) => {
      await setupRoutes(api, services);
      await authRoutes(api, services);
      await accountRoutes(api, services);
      await organisationRoutes(api, services);
      await accountsRoutes(api, services);
      await auditRoutes(api, services);
      await pledgesRoutes(api, services);
      await policiesRoutes(api, services);
      await assetsRoutes(api, services);
      await sanitizerRoutes(api, services);
      await networkRoutes(api, services);
    },
    { prefix: '/api/v1' },
  );
}
