import { type Kysely, sql, type Transaction } from 'kysely';
import type { RoleCode } from '../domain/roles.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** Who is acting, as the audit trail and the permission table need to know. */
export interface Actor {
  userId: string | null;
  personId: string | null;
  label: string;
  roles: RoleGrant[];
  requestId?: string;
  clientIp?: string;
}

/** A role held by the actor, with the scope it was granted for (null = the whole tenant). */
export interface RoleGrant {
  role: RoleCode;
  scopeKind: 'TENANT' | 'ORG_UNIT' | 'SYSTEM';
  scopeId: string | null;
}

export interface Scope {
  tenantId: string;
  actor: Actor;
}

export type Tx = Transaction<DB>;

export const SYSTEM_ACTOR: Actor = { userId: null, personId: null, label: 'system', roles: [] };

/**
 * Runs fn in one transaction bound to the tenant. On PostgreSQL the tenant id is set for this transaction only
 * (set_config(..., true)), so row-level security sees exactly this tenant; on SQLite the repositories' own
 * tenant filters are the wall. This is the only way the modules reach the tables.
 */
export async function inTenant<T>(database: Database, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction().execute(async (tx) => {
    if (database.dialect === 'postgres') {
      await sql`SELECT set_config('mamori.tenant_id', ${scope.tenantId}, true)`.execute(tx);
    }
    return fn(tx);
  });
}

/**
 * Runs fn with access across tenants: only for sign-in lookups (before a tenant is known), first-run setup,
 * the job runner and the CLI. Every use is a place to review.
 */
export async function asSystem<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction().execute(async (tx) => {
    if (database.dialect === 'postgres') {
      await sql`SELECT set_config('mamori.system', 'on', true)`.execute(tx);
    }
    return fn(tx);
  });
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** count(*) comes back as a string on PostgreSQL and a number on SQLite. */
export function toCount(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

export type Queryable = Kysely<DB> | Tx;
