import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../db/ids.ts';
import { inTenant, nowIso, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { mfaRequired } from '../../platform/auth/identity.ts';
import { registrationOptions, verifyRegistration } from '../../platform/auth/passkeys.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.ts';
import { openSecret, sealSecret, sha256Hex } from '../../platform/auth/secrets.ts';
import { closeAllSessions, closeSession, openSession } from '../../platform/auth/sessions.ts';
import { checkTotp, newTotpSecret, totpEnrolment } from '../../platform/auth/totp.ts';
import { AppError, badRequest, conflict, fieldErrors, notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { settingsOf } from '../organisation/tenant.service.ts';

const userWhere = (a: AuthContext) => ({ tenant: a.scope.tenantId, user: a.user.id });

/**
 * Changes the user's own password. When it replaces one an administrator issued, the limit on the session is
 * lifted, which is a privilege change: the session gets a new token (returned for the cookie).
 */
export async function changePassword(
  services: Services,
  a: AuthContext,
  current: string,
  next: string,
  userAgent?: string,
): Promise<{ token: string; csrfToken: string } | null> {
  if (!(await verifyPassword(a.user.password_hash, current))) {
    throw fieldErrors([
      {
        field: 'current',
        message: { ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' },
      },
    ]);
  }
  const problem =
    next === current
      ? {
          ja: '現在のパスワードとは異なるパスワードにしてください。',
          en: 'Choose a password different from the current one.',
        }
      : passwordProblem(next, a.user.login_id);
  if (problem) throw fieldErrors([{ field: 'next', message: problem }]);
  const hash = await hashPassword(next);
  const wasIssued = a.user.password_change_required === 1;
  return inTenant(services.database, a.scope, async (tx) => {
    const w = userWhere(a);
    await tx
      .updateTable('user_account')
      .set({ password_hash: hash, password_change_required: 0, password_changed_at: nowIso(), updated_at: nowIso() })
      .where('tenant_id', '=', w.tenant)
      .where('id', '=', w.user)
      .execute();
    // Other sessions may belong to whoever knew the old password.
    await closeAllSessions(tx, a.user.id, a.session.id);
    await appendAudit(tx, a.scope, {
      action: 'change_password',
      entityType: 'user_account',
      entityId: a.user.id,
      ...(wasIssued ? { before: { mustChangeAtSignIn: true }, after: { mustChangeAtSignIn: false } } : {}),
    });
    if (!wasIssued) return null;
    await closeSession(tx, a.session.id);
    return openSession(tx, services.config, {
      tenantId: a.scope.tenantId,
      userId: a.user.id,
      mfaState: a.session.mfaState,
      clientIp: a.actor.clientIp,
      userAgent,
    });
  });
}

async function tenantName(tx: Tx, tenantId: string) {
  const t = await tx.selectFrom('tenant').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return t.name;
}

export async function startTotp(services: Services, a: AuthContext) {
  const secret = newTotpSecret();
  return inTenant(services.database, a.scope, async (tx) => {
    await tx
      .updateTable('user_account')
      .set({ totp_pending_secret: sealSecret(services.config.secretKey, secret) })
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', a.user.id)
      .execute();
    const issuer = `${await tenantName(tx, a.scope.tenantId)} Mamori`;
    return { secret, ...(await totpEnrolment(secret, issuer, a.user.login_id)) };
  });
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

async function replaceRecoveryCodes(tx: Tx, a: AuthContext): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx
    .deleteFrom('recovery_code')
    .where('tenant_id', '=', a.scope.tenantId)
    .where('user_id', '=', a.user.id)
    .execute();
  const now = nowIso();
  await tx
    .insertInto('recovery_code')
    .values(
      codes.map((c) => ({
        id: uuidv7(),
        tenant_id: a.scope.tenantId,
        user_id: a.user.id,
        code_hash: sha256Hex(c.replace('-', '')),
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
  return codes;
}

/** After MFA enrolment a session that was held back ('enrol') becomes a full session, with a fresh token. */
async function promoteIfEnrolling(tx: Tx, services: Services, a: AuthContext, userAgent?: string) {
  if (a.session.mfaState !== 'enrol') return null;
  await closeSession(tx, a.session.id);
  const session = await openSession(tx, services.config, {
    tenantId: a.scope.tenantId,
    userId: a.user.id,
    mfaState: 'full',
    clientIp: a.actor.clientIp,
    userAgent,
  });
  // Enrolment completes this sign-in: record it as one, like a sign-in with a code.
  await tx
    .updateTable('user_account')
    .set({ failed_logins: 0, last_login_at: nowIso() })
    .where('tenant_id', '=', a.scope.tenantId)
    .where('id', '=', a.user.id)
    .execute();
  await appendAudit(tx, a.scope, {
    action: 'login',
    entityType: 'user_account',
    entityId: a.user.id,
    after: { mfa: 'enrolled' },
  });
  return session;
}

export async function confirmTotp(services: Services, a: AuthContext, code: string, userAgent?: string) {
  if (!a.user.totp_pending_secret) {
    throw badRequest('TOTP_NOT_STARTED', {
      ja: '先に認証アプリの登録を開始してください。',
      en: 'Start TOTP setup first.',
    });
  }
  const secret = openSecret(services.config.secretKey, a.user.totp_pending_secret);
  const step = checkTotp(secret, code, null);
  if (step === null) {
    throw fieldErrors([
      {
        field: 'code',
        message: {
          ja: '確認コードが正しくありません。認証アプリに表示されている6桁を入力してください。',
          en: 'The code is incorrect.',
        },
      },
    ]);
  }
  return inTenant(services.database, a.scope, async (tx) => {
    await tx
      .updateTable('user_account')
      .set({
        totp_secret: a.user.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: nowIso(),
        totp_last_step: step,
        updated_at: nowIso(),
      })
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', a.user.id)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(tx, a);
    const session = await promoteIfEnrolling(tx, services, a, userAgent);
    await appendAudit(tx, a.scope, { action: 'enable_totp', entityType: 'user_account', entityId: a.user.id });
    return { recoveryCodes, session };
  });
}

async function passkeyCount(tx: Tx, a: AuthContext) {
  const rows = await tx
    .selectFrom('webauthn_credential')
    .select('id')
    .where('tenant_id', '=', a.scope.tenantId)
    .where('user_id', '=', a.user.id)
    .execute();
  return rows.length;
}

const MFA_STILL_NEEDED = conflict('MFA_REQUIRED_BY_ROLE', {
  ja: 'あなたの役割では二要素認証が必須です。別の方法（パスキー等）を登録してから削除してください。',
  en: 'Your role requires MFA; register another method before removing this one.',
});

export async function removeTotp(services: Services, a: AuthContext, password: string) {
  if (!(await verifyPassword(a.user.password_hash, password))) {
    throw fieldErrors([
      { field: 'password', message: { ja: 'パスワードが正しくありません。', en: 'The password is incorrect.' } },
    ]);
  }
  await inTenant(services.database, a.scope, async (tx) => {
    const settings = await settingsOf(tx, a.scope.tenantId);
    if ((await passkeyCount(tx, a)) === 0 && (await mfaRequired(tx, a.user, settings.mfaRoles))) throw MFA_STILL_NEEDED;
    await tx
      .updateTable('user_account')
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: nowIso() })
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', a.user.id)
      .execute();
    await appendAudit(tx, a.scope, { action: 'disable_totp', entityType: 'user_account', entityId: a.user.id });
  });
}

export async function regenerateRecoveryCodes(services: Services, a: AuthContext) {
  return inTenant(services.database, a.scope, async (tx) => {
    const codes = await replaceRecoveryCodes(tx, a);
    await appendAudit(tx, a.scope, {
      action: 'regenerate_recovery_codes',
      entityType: 'user_account',
      entityId: a.user.id,
    });
    return codes;
  });
}

export async function passkeyRegistrationOptions(services: Services, a: AuthContext) {
  return inTenant(services.database, a.scope, async (tx) => {
    const existing = await tx
      .selectFrom('webauthn_credential')
      .selectAll()
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .execute();
    const options = await registrationOptions(
      services.config,
      `${await tenantName(tx, a.scope.tenantId)} Mamori`,
      { id: a.user.id, loginId: a.user.login_id, displayName: a.actor.label },
      existing,
    );
    await tx
      .updateTable('auth_session')
      .set({ challenge: options.challenge })
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', a.session.id)
      .execute();
    return options;
  });
}

export async function registerPasskey(
  services: Services,
  a: AuthContext,
  response: unknown,
  label?: string,
  userAgent?: string,
) {
  if (!a.session.challenge)
    throw badRequest('PASSKEY_NOT_STARTED', {
      ja: '先にパスキーの登録を開始してください。',
      en: 'Start passkey registration first.',
    });
  const result = await verifyRegistration(services.config, response, a.session.challenge);
  if (!result) {
    throw new AppError(400, 'PASSKEY_REJECTED', {
      ja: 'パスキーを確認できませんでした。もう一度登録してください。',
      en: 'The passkey could not be verified; try again.',
    });
  }
  return inTenant(services.database, a.scope, async (tx) => {
    const row = {
      id: uuidv7(),
      tenant_id: a.scope.tenantId,
      user_id: a.user.id,
      credential_id: result.credentialId,
      public_key: result.publicKey,
      counter: result.counter,
      transports: JSON.stringify(result.transports),
      label: label ?? 'パスキー',
      created_at: nowIso(),
      last_used_at: null,
    };
    await tx.insertInto('webauthn_credential').values(row).execute();
    await tx
      .updateTable('auth_session')
      .set({ challenge: null })
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', a.session.id)
      .execute();
    const hadCodes = await tx
      .selectFrom('recovery_code')
      .select('id')
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .executeTakeFirst();
    const recoveryCodes = hadCodes ? null : await replaceRecoveryCodes(tx, a);
    const session = await promoteIfEnrolling(tx, services, a, userAgent);
    await appendAudit(tx, a.scope, {
      action: 'add_passkey',
      entityType: 'webauthn_credential',
      entityId: row.id,
      after: { label: row.label },
    });
    return { id: row.id, recoveryCodes, session };
  });
}

export async function listPasskeys(services: Services, a: AuthContext) {
  return inTenant(services.database, a.scope, async (tx) => {
    const rows = await tx
      .selectFrom('webauthn_credential')
      .select(['id', 'label', 'created_at', 'last_used_at'])
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  });
}

export async function removePasskey(services: Services, a: AuthContext, passkeyId: string) {
  await inTenant(services.database, a.scope, async (tx) => {
    const row = await tx
      .selectFrom('webauthn_credential')
      .select('id')
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .where('id', '=', passkeyId)
      .executeTakeFirst();
    if (!row) throw notFound({ ja: 'パスキー', en: 'The passkey' });
    const settings = await settingsOf(tx, a.scope.tenantId);
    if (
      !a.user.totp_enabled_at &&
      (await passkeyCount(tx, a)) === 1 &&
      (await mfaRequired(tx, a.user, settings.mfaRoles))
    )
      throw MFA_STILL_NEEDED;
    await tx
      .deleteFrom('webauthn_credential')
      .where('tenant_id', '=', a.scope.tenantId)
      .where('id', '=', passkeyId)
      .execute();
    await appendAudit(tx, a.scope, {
      action: 'remove_passkey',
      entityType: 'webauthn_credential',
      entityId: passkeyId,
    });
  });
}

export async function listSessions(services: Services, a: AuthContext) {
  return inTenant(services.database, a.scope, async (tx) => {
    const rows = await tx
      .selectFrom('auth_session')
      .select(['id', 'created_at', 'last_seen_at', 'client_ip', 'user_agent', 'mfa_state'])
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      clientIp: r.client_ip,
      userAgent: r.user_agent,
      current: r.id === a.session.id,
    }));
  });
}

export async function endSession(services: Services, a: AuthContext, sessionId: string) {
  await inTenant(services.database, a.scope, async (tx) => {
    const n = await tx
      .deleteFrom('auth_session')
      .where('tenant_id', '=', a.scope.tenantId)
      .where('user_id', '=', a.user.id)
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (Number(n.numDeletedRows) === 0) throw notFound({ ja: 'セッション', en: 'The session' });
    await appendAudit(tx, a.scope, { action: 'end_session', entityType: 'user_account', entityId: a.user.id });
  });
}
