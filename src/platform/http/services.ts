import type { Database } from '../../db/database.ts';
import type { PermissionTable, Target } from '../access/permissions.ts';
import type { Config } from '../config.ts';
import { forbidden } from '../errors.ts';
import type { Actor } from '../../db/scope.ts';

/** What route handlers and services are given: no globals, so tests can run many servers side by side. */
export interface Services {
  database: Database;
  config: Config;
  permissions: PermissionTable;
}

/** Throws 403 unless the permission table allows the action on this particular record. */
export function requirePermission(
  services: Services,
  actor: Actor,
  action: string,
  resource: string,
  target?: Target,
): void {
  if (!services.permissions.can(actor, action, resource, target)) throw forbidden();
}
