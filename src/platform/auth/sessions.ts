import type { Config } from '../config.ts';
import type { Database } from '../../db/database.ts';
import { asSystem, nowIso, type Tx } from '../../db/scope.ts';
import type { UserAccountTable } from '../../db/schema.ts';
import { randomToken, sha256Hex } from './secrets.ts';

/** pending: password accepted, second factor owed. enrol: must set up MFA before anything else. full: signed in. */
export type MfaState = 'pending' | 'enrol' | 'full';

export interface SessionRow {
  id: string;
  tenantId: string;
  userId: string;
  mfaState: MfaState;
  csrfToken: string;
  challenge: string | null;
  createdAt: string;
}

export const SESSION_COOKIE = 'mamori_sid';

/**
 * Opens a session and returns the token for the cookie. Only its SHA-256 is stored, so a copy of the database
 * does not let anyone sign in. Called at every privilege change too (sign-in, MFA passed): a new token each time.
 */
export async function openSession(
  tx: Tx,
  config: Config,
  input: { tenantId: string; userId: string; mfaState: MfaState; clientIp?: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = new Date();
  await tx
    .insertInto('auth_session')
    .values({
      id: sha256Hex(token),
      tenant_id: input.tenantId,
      user_id: input.userId,
      mfa_state: input.mfaState,
      csrf_token: csrfToken,
      challenge: null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + config.sessionAbsoluteHours * 3600_000).toISOString(),
      client_ip: input.clientIp ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

/**
 * Finds the session for a cookie token, enforcing the idle and absolute timeouts. The session row is read in the
 * system scope because the tenant is what the session tells us.
 */
export async function findSession(database: Database, config: Config, token: string): Promise<SessionRow | null> {
  return (await findSessionWithUser(database, config, token))?.session ?? null;
}

/**
 * findSession together with the account the session belongs to, read in one query and one transaction: this runs
 * on every API request, and on PostgreSQL each separate transaction costs four round trips (BEGIN, set_config,
 * SELECT, COMMIT).
 */
export async function findSessionWithUser(
  database: Database,
  config: Config,
  token: string,
): Promise<{ session: SessionRow; user: UserAccountTable } | null> {
  if (!token || token.length > 100) return null;
  const id = sha256Hex(token);
  return asSystem(database, async (tx) => {
    const found = await tx
      .selectFrom('auth_session as s')
      .innerJoin('user_account as u', (j) => j.onRef('u.id', '=', 's.user_id').onRef('u.tenant_id', '=', 's.tenant_id'))
      .selectAll('u')
      .select([
        's.mfa_state as s_mfa_state',
        's.csrf_token as s_csrf_token',
        's.challenge as s_challenge',
        's.created_at as s_created_at',
        's.last_seen_at as s_last_seen_at',
        's.expires_at as s_expires_at',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!found) return null;
    const { s_mfa_state, s_csrf_token, s_challenge, s_created_at, s_last_seen_at, s_expires_at, ...user } = found;
    const now = Date.now();
    const idleLimit = Date.parse(s_last_seen_at) + config.sessionIdleMinutes * 60_000;
    if (now > Date.parse(s_expires_at) || now > idleLimit) {
      await tx.deleteFrom('auth_session').where('id', '=', id).execute();
      return null;
    }
    // Refresh the idle clock at most once a minute to keep reads cheap.
    if (now - Date.parse(s_last_seen_at) > 60_000) {
      await tx.updateTable('auth_session').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
    }
    const session: SessionRow = {
      id,
      tenantId: user.tenant_id,
      userId: user.id,
      mfaState: s_mfa_state as MfaState,
      csrfToken: s_csrf_token,
      challenge: s_challenge,
      createdAt: s_created_at,
    };
    return { session, user };
  });
}

export async function closeSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.deleteFrom('auth_session').where('id', '=', sessionId).execute();
}

export async function closeAllSessions(tx: Tx, userId: string, exceptSessionId?: string): Promise<number> {
  let q = tx.deleteFrom('auth_session').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
