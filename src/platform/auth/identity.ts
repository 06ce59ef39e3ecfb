import { todayInJapan } from '../../domain/calendar.ts';
import { DEFAULT_MFA_ROLES, isAppointedRole, type RoleCode } from '../../domain/roles.ts';
import type { Actor, RoleGrant, Tx } from '../../db/scope.ts';
import type { UserAccountTable } from '../../db/schema.ts';

export type UserRow = UserAccountTable;

/** The grants a user holds today: their appointments in force, STAFF while their person is active, and the admin flag. */
export async function grantsOf(tx: Tx, user: UserRow, today: string = todayInJapan()): Promise<RoleGrant[]> {
  if (!user.person_id) return grantsFrom(user, undefined, []);
  const person = await tx
    .selectFrom('person')
    .select(['status'])
    .where('tenant_id', '=', user.tenant_id)
    .where('id', '=', user.person_id)
    .executeTakeFirst();
  if (!person || person.status === 'RETIRED') return grantsFrom(user, person, []);
  const appointments = await tx
    .selectFrom('appointment')
    .select(['role', 'scope_kind', 'scope_id'])
    .where('tenant_id', '=', user.tenant_id)
    .where('person_id', '=', user.person_id)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .execute();
  return grantsFrom(user, person, appointments);
}

/** The grants, given the user's person row (undefined when there is none) and their appointments in force. */
function grantsFrom(
  user: UserRow,
  person: { status: string } | undefined,
  appointments: Array<{ role: string | null; scope_kind: string | null; scope_id: string | null }>,
): RoleGrant[] {
  const grants: RoleGrant[] = [];
  if (user.is_platform_admin) grants.push({ role: 'PLATFORM_ADMIN', scopeKind: 'TENANT', scopeId: null });
  if (!user.person_id || !person || person.status === 'RETIRED') return grants;
  grants.push({ role: 'STAFF', scopeKind: 'TENANT', scopeId: null });
  for (const a of appointments) {
    if (a.role && isAppointedRole(a.role)) {
      grants.push({ role: a.role, scopeKind: a.scope_kind as RoleGrant['scopeKind'], scopeId: a.scope_id });
    }
  }
  return grants;
}

/**
 * Who the signed-in user is for this request: label and grants. Runs on every API request, so the person (status
 * for STAFF, name for the label) and their appointments in force come from one query: the person row joined to
 * each appointment, or once with nulls when there is none.
 */
export async function actorFor(
  tx: Tx,
  user: UserRow,
  meta: { requestId?: string; clientIp?: string } = {},
): Promise<Actor> {
  const today = todayInJapan();
  const rows = user.person_id
    ? await tx
        .selectFrom('person as p')
        .leftJoin('appointment as a', (j) =>
          j
            .onRef('a.person_id', '=', 'p.id')
            .onRef('a.tenant_id', '=', 'p.tenant_id')
            .on('a.valid_from', '<=', today)
            .on((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)])),
        )
        .select(['p.status', 'p.family_name', 'p.given_name', 'a.role', 'a.scope_kind', 'a.scope_id'])
        .where('p.tenant_id', '=', user.tenant_id)
        .where('p.id', '=', user.person_id)
        .execute()
    : [];
  const p = rows[0];
  const roles = grantsFrom(user, p, rows);
  const label = p ? `${p.family_name} ${p.given_name}（${user.login_id}）` : user.login_id;
  return { userId: user.id, personId: user.person_id, label, roles, ...meta };
}

/**
 * Whether this user must pass a second factor: forced on the account, or a role the tenant lists (by default
 * CISO, 統括情報セキュリティ責任者, Mamori管理者), or any appointment that touches the マイナンバー利用事務系.
 */
export async function mfaRequired(tx: Tx, user: UserRow, mfaRoles: RoleCode[] = DEFAULT_MFA_ROLES): Promise<boolean> {
  if (user.mfa_required === 1) return true;
  const grants = await grantsOf(tx, user);
  if (grants.some((g) => mfaRoles.includes(g.role))) return true;
  if (!user.person_id) return false;
  const today = todayInJapan();
  const mynumber = await tx
    .selectFrom('appointment')
    .select('id')
    .where('tenant_id', '=', user.tenant_id)
    .where('person_id', '=', user.person_id)
    .where('touches_mynumber', '=', 1)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .executeTakeFirst();
  return mynumber !== undefined;
}

export function hasMfa(user: UserRow, passkeyCount: number): boolean {
  return user.totp_enabled_at !== null || passkeyCount > 0;
}
