import type { RoleCode } from '../../domain/roles.ts';
import type { Actor, RoleGrant } from '../../db/scope.ts';

/** What a rule may look at: the grant being tried and, for a single record, where that record sits. */
export interface Target {
  /** The record's unit and all its ancestors, nearest first. */
  unitChain?: string[];
  personId?: string;
  systemId?: string;
}

export type Rule = (grant: RoleGrant, actor: Actor, target: Target | undefined) => boolean;

export interface PermissionLine {
  role: RoleCode;
  action: string;
  resource: string;
  rule?: Rule;
}

/** One line of the permission table: this role may take this action on this resource (where the rule holds). */
export function allow(role: RoleCode, action: string, resource: string, rule?: Rule): PermissionLine {
  return { role, action, resource, rule };
}

/** Shorthand for several roles sharing one line. */
export function allowAll(roles: RoleCode[], action: string, resource: string, rule?: Rule): PermissionLine[] {
  return roles.map((role) => allow(role, action, resource, rule));
}

/** Rule: the grant's unit is the record's unit or one of its ancestors (a 部局 covers its 課室). */
export const withinGrantedUnit: Rule = (grant, _actor, target) =>
  grant.scopeId !== null && (target?.unitChain?.includes(grant.scopeId) ?? false);

/** Rule: the record is the actor's own person record. */
export const ownPerson: Rule = (_grant, actor, target) =>
  actor.personId !== null && target?.personId === actor.personId;

export class PermissionTable {
  private readonly byKey = new Map<string, PermissionLine[]>();

  constructor(lines: PermissionLine[]) {
    for (const line of lines) {
      const key = `${line.resource}:${line.action}`;
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), line]);
    }
  }

  /**
   * Deny by default. A line with a rule and no target (a list or a create) is not enough on its own: the
   * service must pass the target it is about to act on. A list route therefore asks `canAtAll` first and
   * filters rows by the same rule.
   */
  can(actor: Actor, action: string, resource: string, target?: Target): boolean {
    const lines = this.byKey.get(`${resource}:${action}`) ?? [];
    return actor.roles.some((grant) =>
      lines.some(
        (line) => line.role === grant.role && (!line.rule || (target !== undefined && line.rule(grant, actor, target))),
      ),
    );
  }

  /** Whether any of the actor's grants could allow the action on some record (used before scoped checks). */
  canAtAll(actor: Actor, action: string, resource: string): boolean {
    const lines = this.byKey.get(`${resource}:${action}`) ?? [];
    return actor.roles.some((grant) => lines.some((line) => line.role === grant.role));
  }

  /** Every (resource, action) pair the table knows; used by the authorization matrix test. */
  entries(): Array<{ resource: string; action: string; roles: RoleCode[] }> {
    return [...this.byKey.entries()].map(([key, lines]) => {
      const [resource, action] = key.split(':');
      return { resource, action, roles: [...new Set(lines.map((l) => l.role))] };
    });
  }

  linesFor(resource: string, action: string): PermissionLine[] {
    return this.byKey.get(`${resource}:${action}`) ?? [];
  }
}
