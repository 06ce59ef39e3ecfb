import type { Database } from '../../db/database.ts';
import { asSystem, inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { hasMfa, mfaRequired, type UserRow } from '../../platform/auth/identity.ts';
import { authenticationOptions, verifyAuthentication } from '../../platform/auth/passkeys.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/auth/passwords.ts';
import { openSecret, sha256Hex } from '../../platform/auth/secrets.ts';
import { closeSession, type MfaState, openSession, type SessionRow } from '../../platform/auth/sessions.ts';
import {
  ACCOUNT_FAILURE_LIMIT,
  ACCOUNT_LOCK_MINUTES,
  addressWaitSeconds,
  clearAddressFailures,
  recordAddressFailure,
} from '../../platform/auth/throttle.ts';
import { checkTotp } from '../../platform/auth/totp.ts';
import type { Config } from '../../platform/config.ts';
import { AppError, tooMany } from '../../platform/errors.ts';
import { settingsOf } from '../organisation/tenant.service.ts';

export interface ClientInfo {
  ip: string;
  userAgent?: string;
  requestId: string;
}

const INVALID = new AppError(401, 'INVALID_CREDENTIALS', {
  ja: `ログインIDまたはパスワードが正しくありません。${ACCOUNT_FAILURE_LIMIT}回続けて失敗すると、アカウントが一時的にロックされます。`,
  en: `The login id or password is incorrect. ${ACCOUNT_FAILURE_LIMIT} failures in a row lock the account temporarily.`,
});

function lockedError(until: string) {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 60_000));
  return new AppError(
    423,
    'ACCOUNT_LOCKED',
    {
      ja: `ログインに${ACCOUNT_FAILURE_LIMIT}回続けて失敗したため、このアカウントを一時的にロックしています。約${minutes}分後に再度お試しいただくか、Mamori管理者（情報政策担当）にロックの解除を依頼してください。`,
      en: `This account is locked after ${ACCOUNT_FAILURE_LIMIT} failed sign-ins. Try again in about ${minutes} minutes, or ask the administrator to unlock it.`,
    },
    { lockedUntil: until },
  );
}

const scopeFor = (user: UserRow, client: ClientInfo, label?: string): Scope => ({
  tenantId: user.tenant_id,
  actor: {
    userId: user.id,
    personId: user.person_id,
    label: label ?? user.login_id,
    roles: [],
    requestId: client.requestId,
    clientIp: client.ip,
  },
});

async function throttleAddress(database: Database, ip: string) {
  const wait = await addressWaitSeconds(database, ip);
  if (wait > 0) {
    throw tooMany(
      {
        ja: `ログインの失敗が続いたため、この端末からのログインを一時的に制限しています。約${Math.ceil(wait / 60)}分後に再度お試しください。`,
        en: `Too many failed sign-ins from this address. Try again in about ${Math.ceil(wait / 60)} minutes.`,
      },
      wait,
    );
  }
}

/** Counts a failed password or code against the account, locking it at the limit. Returns the lock time if set. */
async function countFailure(tx: Tx, user: UserRow, client: ClientInfo, what: string): Promise<string | null> {
  const failures = user.failed_logins + 1;
  const lockedUntil =
    failures >= ACCOUNT_FAILURE_LIMIT ? new Date(Date.now() + ACCOUNT_LOCK_MINUTES * 60_000).toISOString() : null;
  await tx
    .updateTable('user_account')
    .set({ failed_logins: lockedUntil ? 0 : failures, locked_until: lockedUntil })
    .where('tenant_id', '=', user.tenant_id)
    .where('id', '=', user.id)
    .execute();
  await appendAudit(tx, scopeFor(user, client), {
    action: lockedUntil ? 'account_locked' : 'login_failed',
    entityType: 'user_account',
    entityId: user.id,
    after: { reason: what, failures },
  });
  return lockedUntil;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  mfa: MfaState;
  methods: string[];
  passwordChangeRequired: boolean;
}

async function methodsOf(tx: Tx, user: UserRow): Promise<string[]> {
  const passkeys = await tx
    .selectFrom('webauthn_credential')
    .select('id')
    .where('tenant_id', '=', user.tenant_id)
    .where('user_id', '=', user.id)
    .execute();
  const codes = await tx
    .selectFrom('recovery_code')
    .select('id')
    .where('tenant_id', '=', user.tenant_id)
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .execute();
  return [
    ...(user.totp_enabled_at ? ['totp'] : []),
    ...(passkeys.length ? ['passkey'] : []),
    ...(codes.length ? ['recovery'] : []),
  ];
}

/** Step one: the password. Opens a session whose state says what is still owed (second factor or enrolment). */
export async function login(
  database: Database,
  config: Config,
  loginId: string,
  password: string,
  client: ClientInfo,
): Promise<LoginResult> {
  await throttleAddress(database, client.ip);
  const user = await asSystem(database, (tx) =>
    tx.selectFrom('user_account').selectAll().where('login_id', '=', loginId).executeTakeFirst(),
  );
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    await recordAddressFailure(database, client.ip);
    throw INVALID;
  }
  if (user.locked_until && Date.parse(user.locked_until) > Date.now()) throw lockedError(user.locked_until);
  const ok = await verifyPassword(user.password_hash, password);
  const scope = scopeFor(user, client);
  if (!ok) {
    await recordAddressFailure(database, client.ip);
    const locked = await inTenant(database, scope, (tx) => countFailure(tx, user, client, 'password'));
    if (locked) throw lockedError(locked);
    // The same answer as for an unknown login id, so that nobody can tell which ids exist.
    throw INVALID;
  }
  if (user.disabled_at) {
    throw new AppError(403, 'ACCOUNT_DISABLED', {
      ja: 'このアカウントは利用できません（退職・異動又は管理者による停止）。必要な場合はMamori管理者に連絡してください。',
      en: 'This account is disabled. Contact the administrator if you need access.',
    });
  }
  const result = await inTenant(database, scope, async (tx) => {
    const methods = await methodsOf(tx, user);
    const settings = await settingsOf(tx, user.tenant_id);
    const enrolled = hasMfa(user, methods.includes('passkey') ? 1 : 0);
    const required = await mfaRequired(tx, user, settings.mfaRoles);
    const state: MfaState = enrolled ? 'pending' : required ? 'enrol' : 'full';
    // The failure count starts again only when sign-in is complete: were the password alone to reset it, whoever
    // knows the password could guess second-factor codes without end, signing in again before each lock.
    if (state !== 'pending') {
      await tx
        .updateTable('user_account')
        .set({ failed_logins: 0, ...(state === 'full' ? { last_login_at: nowIso() } : {}) })
        .where('tenant_id', '=', user.tenant_id)
        .where('id', '=', user.id)
        .execute();
    }
    const session = await openSession(tx, config, {
      tenantId: user.tenant_id,
      userId: user.id,
      mfaState: state,
      clientIp: client.ip,
      userAgent: client.userAgent,
    });
    await appendAudit(tx, scope, {
      action: state === 'full' ? 'login' : 'login_password_ok',
      entityType: 'user_account',
      entityId: user.id,
      after: { mfa: state, ...(user.password_change_required === 1 ? { mustChangeAtSignIn: true } : {}) },
    });
    return { ...session, mfa: state, methods, passwordChangeRequired: user.password_change_required === 1 };
  });
  // Like the account's count, the address's count starts again only when sign-in is complete.
  if (result.mfa !== 'pending') await clearAddressFailures(database, client.ip);
  return result;
}

async function completeSecondFactor(
  database: Database,
  config: Config,
  session: SessionRow,
  user: UserRow,
  client: ClientInfo,
  method: string,
) {
  await clearAddressFailures(database, client.ip);
  return inTenant(database, scopeFor(user, client), async (tx) => {
    await closeSession(tx, session.id);
    const next = await openSession(tx, config, {
      tenantId: user.tenant_id,
      userId: user.id,
      mfaState: 'full',
      clientIp: client.ip,
      userAgent: client.userAgent,
    });
    await tx
      .updateTable('user_account')
      .set({ failed_logins: 0, last_login_at: nowIso() })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', user.id)
      .execute();
    await appendAudit(tx, scopeFor(user, client), {
      action: 'login',
      entityType: 'user_account',
      entityId: user.id,
      after: { mfa: method },
    });
    return next;
  });
}

const WRONG_CODE = (left: number) =>
  new AppError(401, 'INVALID_CODE', {
    ja: `確認コードが正しくありません。認証アプリに表示されている最新の6桁を入力してください（あと${left}回失敗するとロックされます）。`,
    en: `The code is incorrect. Enter the latest 6 digits from your app (${left} tries left before the account locks).`,
  });

async function refuseCode(database: Database, user: UserRow, client: ClientInfo, what: string): Promise<never> {
  const locked = await inTenant(database, scopeFor(user, client), (tx) => countFailure(tx, user, client, what));
  if (locked) throw lockedError(locked);
  throw WRONG_CODE(ACCOUNT_FAILURE_LIMIT - (user.failed_logins + 1));
}

export async function secondFactorTotp(
  database: Database,
  config: Config,
  session: SessionRow,
  user: UserRow,
  code: string,
  client: ClientInfo,
) {
  if (user.locked_until && Date.parse(user.locked_until) > Date.now()) throw lockedError(user.locked_until);
  if (!user.totp_secret) return refuseCode(database, user, client, 'totp-not-enrolled');
  const step = checkTotp(openSecret(config.secretKey, user.totp_secret), code, user.totp_last_step);
  if (step === null) return refuseCode(database, user, client, 'totp');
  await inTenant(database, scopeFor(user, client), (tx) =>
    tx
      .updateTable('user_account')
      .set({ totp_last_step: step })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', user.id)
      .execute(),
  );
  return completeSecondFactor(database, config, session, user, client, 'totp');
}

export async function secondFactorRecovery(
  database: Database,
  config: Config,
  session: SessionRow,
  user: UserRow,
  code: string,
  client: ClientInfo,
) {
  if (user.locked_until && Date.parse(user.locked_until) > Date.now()) throw lockedError(user.locked_until);
  const normalised = code.replace(/[\s-]/g, '').toLowerCase();
  const used = await inTenant(database, scopeFor(user, client), async (tx) => {
    const row = await tx
      .selectFrom('recovery_code')
      .select('id')
      .where('tenant_id', '=', user.tenant_id)
      .where('user_id', '=', user.id)
      .where('code_hash', '=', sha256Hex(normalised))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (!row) return false;
    await tx
      .updateTable('recovery_code')
      .set({ used_at: nowIso() })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', row.id)
      .execute();
    return true;
  });
  if (!used) return refuseCode(database, user, client, 'recovery');
  return completeSecondFactor(database, config, session, user, client, 'recovery');
}

export async function passkeyChallenge(
  database: Database,
  config: Config,
  session: SessionRow,
  user: UserRow,
  client: ClientInfo,
) {
  return inTenant(database, scopeFor(user, client), async (tx) => {
    const passkeys = await tx
      .selectFrom('webauthn_credential')
      .selectAll()
      .where('tenant_id', '=', user.tenant_id)
      .where('user_id', '=', user.id)
      .execute();
    const options = await authenticationOptions(config, passkeys);
    await tx
      .updateTable('auth_session')
      .set({ challenge: options.challenge })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', session.id)
      .execute();
    return options;
  });
}

export async function secondFactorPasskey(
  database: Database,
  config: Config,
  session: SessionRow,
  user: UserRow,
  response: Record<string, unknown>,
  client: ClientInfo,
) {
  if (user.locked_until && Date.parse(user.locked_until) > Date.now()) throw lockedError(user.locked_until);
  const credentialId = typeof response.id === 'string' ? response.id : '';
  const passkey = await inTenant(database, scopeFor(user, client), (tx) =>
    tx
      .selectFrom('webauthn_credential')
      .selectAll()
      .where('tenant_id', '=', user.tenant_id)
      .where('user_id', '=', user.id)
      .where('credential_id', '=', credentialId)
      .executeTakeFirst(),
  );
  const verified =
    passkey && session.challenge ? await verifyAuthentication(config, response, session.challenge, passkey) : null;
  if (!verified || !passkey) return refuseCode(database, user, client, 'passkey');
  await inTenant(database, scopeFor(user, client), (tx) =>
    tx
      .updateTable('webauthn_credential')
      .set({ counter: verified.newCounter, last_used_at: nowIso() })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', passkey.id)
      .execute(),
  );
  return completeSecondFactor(database, config, session, user, client, 'passkey');
}
