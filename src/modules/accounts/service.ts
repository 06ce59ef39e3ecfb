import { uuidv7 } from '../../db/ids.ts';
import { paginate } from '../../db/pagination.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { closeAllSessions } from '../../platform/auth/sessions.ts';
import { conflict, fieldErrors, forbidden, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';

export interface NewAccount {
  personId: string | null;
  loginId: string;
  password: string;
  isPlatformAdmin?: boolean;
  mfaRequired?: boolean;
  /**
   * The holder must replace the password at the next sign-in: true for a password an administrator chose.
   * Setup and `mamori create-admin` leave it off (the administrator chose their own password).
   */
  passwordChangeRequired?: boolean;
}

/** Creates a sign-in account. Login ids are unique across the installation, so sign-in needs no tenant choice. */
export async function insertAccount(tx: Tx, scope: Scope, input: NewAccount): Promise<string> {
  const problem = passwordProblem(input.password, input.loginId);
  if (problem) throw fieldErrors([{ field: 'password', message: problem }]);
  if (input.personId) {
    const person = await tx
      .selectFrom('person')
      .select(['id', 'status'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person)
      throw fieldErrors([
        { field: 'personId', message: { ja: '指定された職員等が見つかりません。', en: 'Person not found.' } },
      ]);
    if (person.status !== 'ACTIVE') {
      throw fieldErrors([
        {
          field: 'personId',
          message: { ja: '在職していない人のアカウントは作成できません。', en: 'The person is not active.' },
        },
      ]);
    }
    const has = await tx
      .selectFrom('user_account')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('person_id', '=', input.personId)
      .executeTakeFirst();
    if (has)
      throw conflict('ACCOUNT_EXISTS', {
        ja: 'この職員等には既にアカウントがあります。',
        en: 'This person already has an account.',
      });
  }
  // The uniqueness check spans tenants on purpose; the row itself stays invisible to other tenants.
  const taken = await tx
    .selectFrom('user_account')
    .select('id')
    .where('login_id', '=', input.loginId)
    .executeTakeFirst();
  if (taken)
    throw conflict('LOGIN_ID_TAKEN', {
      ja: 'このログインIDは既に使われています。別のIDを指定してください。',
      en: 'This login id is taken.',
    });
  const now = nowIso();
  const row = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    person_id: input.personId,
    login_id: input.loginId,
    password_hash: await hashPassword(input.password),
    is_platform_admin: input.isPlatformAdmin ? 1 : 0,
    disabled_at: null,
    disabled_reason: null,
    failed_logins: 0,
    locked_until: null,
    totp_secret: null,
    totp_pending_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    mfa_required: input.mfaRequired ? 1 : null,
    password_change_required: input.passwordChangeRequired ? 1 : 0,
    password_changed_at: now,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await tx.insertInto('user_account').values(row).execute();
  } catch (e) {
    if (/unique|duplicate/i.test(String(e))) {
      throw conflict('LOGIN_ID_TAKEN', {
        ja: 'このログインIDは既に使われています。別のIDを指定してください。',
        en: 'This login id is taken.',
      });
    }
    throw e;
  }
  await appendAudit(tx, scope, { action: 'create', entityType: 'user_account', entityId: row.id, after: row });
  return row.id;
}

export interface AccountView {
  id: string;
  loginId: string;
  personId: string | null;
  personName: string | null;
  isPlatformAdmin: boolean;
  disabled: boolean;
  disabledReason: string | null;
  lockedUntil: string | null;
  mfa: { totp: boolean; passkeys: number; required: boolean | null };
  /** The password was issued by an administrator and has not yet been replaced by its holder. */
  passwordChangeRequired: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

async function viewOf(tx: Tx, tenantId: string, ids: string[]): Promise<AccountView[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('user_account as u')
    .leftJoin('person as p', (j) => j.onRef('p.id', '=', 'u.person_id').on('p.tenant_id', '=', tenantId))
    .select([
      'u.id',
      'u.login_id',
      'u.person_id',
      'u.is_platform_admin',
      'u.disabled_at',
      'u.disabled_reason',
      'u.locked_until',
      'u.totp_enabled_at',
      'u.mfa_required',
      'u.password_change_required',
      'u.last_login_at',
      'u.created_at',
      'p.family_name',
      'p.given_name',
    ])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', 'in', ids)
    .execute();
  const keys = await tx
    .selectFrom('webauthn_credential')
    .select(['user_id'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((uid) => {
    const r = byId.get(uid);
    if (!r) return [];
    return [
      {
        id: r.id,
        loginId: r.login_id,
        personId: r.person_id,
        personName: r.family_name ? `${r.family_name} ${r.given_name}` : null,
        isPlatformAdmin: r.is_platform_admin === 1,
        disabled: r.disabled_at !== null,
        disabledReason: r.disabled_reason,
        lockedUntil: r.locked_until && Date.parse(r.locked_until) > Date.now() ? r.locked_until : null,
        mfa: {
          totp: r.totp_enabled_at !== null,
          passkeys: keys.filter((k) => k.user_id === r.id).length,
          required: r.mfa_required === null ? null : r.mfa_required === 1,
        },
        passwordChangeRequired: r.password_change_required === 1,
        lastLoginAt: r.last_login_at,
        createdAt: r.created_at,
      },
    ];
  });
}

export async function listAccounts(
  services: Services,
  scope: Scope,
  query: { q?: string; limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    let q = tx.selectFrom('user_account').select(['id', 'login_id']).where('tenant_id', '=', scope.tenantId);
    if (query.q) q = q.where('login_id', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    const counted = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const page = await paginate(q, {
      sortColumn: 'login_id',
      idColumn: 'id',
      direction: 'asc',
      page: query,
      sortValueOf: (r) => r.login_id,
      idOf: (r) => r.id,
    });
    return {
      items: await viewOf(
        tx,
        scope.tenantId,
        page.items.map((r) => r.id),
      ),
      nextCursor: page.nextCursor,
      total: Number(counted?.n ?? 0),
    };
  });
}

export async function getAccount(services: Services, scope: Scope, accountId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const [view] = await viewOf(tx, scope.tenantId, [accountId]);
    if (!view) throw notFound({ ja: 'アカウント', en: 'The account' });
    return view;
  });
}

async function loadForChange(tx: Tx, scope: Scope, accountId: string) {
  const row = await tx
    .selectFrom('user_account')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound({ ja: 'アカウント', en: 'The account' });
  return row;
}

export async function updateAccount(
  services: Services,
  scope: Scope,
  accountId: string,
  input: { disabled?: boolean; isPlatformAdmin?: boolean; mfaRequired?: boolean },
) {
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadForChange(tx, scope, accountId);
    if (before.id === scope.actor.userId && (input.disabled || input.isPlatformAdmin === false)) {
      throw forbidden({
        ja: '自分自身のアカウントを無効化し、又は管理者権限を外すことはできません。',
        en: 'You cannot disable yourself or remove your own administrator flag.',
      });
    }
    const changes = {
      ...(input.disabled !== undefined
        ? {
            disabled_at: input.disabled ? nowIso() : null,
            disabled_reason: input.disabled ? '管理者による無効化' : null,
          }
        : {}),
      ...(input.isPlatformAdmin !== undefined ? { is_platform_admin: input.isPlatformAdmin ? 1 : 0 } : {}),
      ...(input.mfaRequired !== undefined ? { mfa_required: input.mfaRequired ? 1 : null } : {}),
      updated_at: nowIso(),
    };
    await tx
      .updateTable('user_account')
      .set(changes)
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', accountId)
      .execute();
    if (input.disabled || input.isPlatformAdmin === false) await closeAllSessions(tx, accountId);
    await appendAudit(tx, scope, {
      action: 'update',
      entityType: 'user_account',
      entityId: accountId,
      before,
      after: { ...before, ...changes },
    });
  });
  return getAccount(services, scope, accountId);
}

export async function unlockAccount(services: Services, scope: Scope, accountId: string) {
  await inTenant(services.database, scope, async (tx) => {
    await loadForChange(tx, scope, accountId);
    await tx
      .updateTable('user_account')
      .set({ locked_until: null, failed_logins: 0, updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', accountId)
      .execute();
    await appendAudit(tx, scope, { action: 'unlock', entityType: 'user_account', entityId: accountId });
  });
  return getAccount(services, scope, accountId);
}

/** For a user who lost their authenticator: removes TOTP, passkeys and recovery codes; they enrol again at next sign-in. */
export async function resetMfa(services: Services, scope: Scope, accountId: string) {
  await inTenant(services.database, scope, async (tx) => {
    await loadForChange(tx, scope, accountId);
    if (accountId === scope.actor.userId) {
      throw forbidden({
        ja: '自分自身の二要素認証は、アカウント設定の画面で変更してください。',
        en: 'Change your own MFA on your account page.',
      });
    }
    await tx
      .updateTable('user_account')
      .set({
        totp_secret: null,
        totp_pending_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        updated_at: nowIso(),
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', accountId)
      .execute();
    await tx
      .deleteFrom('webauthn_credential')
      .where('tenant_id', '=', scope.tenantId)
      .where('user_id', '=', accountId)
      .execute();
    await tx
      .deleteFrom('recovery_code')
      .where('tenant_id', '=', scope.tenantId)
      .where('user_id', '=', accountId)
      .execute();
    await closeAllSessions(tx, accountId);
    await appendAudit(tx, scope, { action: 'reset_mfa', entityType: 'user_account', entityId: accountId });
  });
  return getAccount(services, scope, accountId);
}

export async function resetPassword(services: Services, scope: Scope, accountId: string, password: string) {
  await inTenant(services.database, scope, async (tx) => {
    const row = await loadForChange(tx, scope, accountId);
    if (accountId === scope.actor.userId) {
      throw forbidden({
        ja: '自分自身のパスワードは、アカウント設定の画面で変更してください。',
        en: 'Change your own password on your account page.',
      });
    }
    const problem = passwordProblem(password, row.login_id);
    if (problem) throw fieldErrors([{ field: 'password', message: problem }]);
    await tx
      .updateTable('user_account')
      .set({
        password_hash: await hashPassword(password),
        // The administrator now knows it: the holder replaces it at the next sign-in.
        password_change_required: 1,
        password_changed_at: nowIso(),
        updated_at: nowIso(),
      })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', accountId)
      .execute();
    await closeAllSessions(tx, accountId);
    await appendAudit(tx, scope, {
      action: 'reset_password',
      entityType: 'user_account',
      entityId: accountId,
      after: { mustChangeAtSignIn: true },
    });
  });
}

/** An administrator creates an account: the password they chose must be replaced at first sign-in (unless told). */
export async function createAccount(services: Services, scope: Scope, input: NewAccount) {
  const accountId = await inTenant(services.database, scope, (tx) =>
    insertAccount(tx, scope, { passwordChangeRequired: true, ...input }),
  );
  return getAccount(services, scope, accountId);
}
