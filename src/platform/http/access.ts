import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, inTenant, type Scope } from '../../db/scope.ts';
import { actorFor, type UserRow } from '../auth/identity.ts';
import { safeEqual } from '../auth/secrets.ts';
import { findSessionWithUser, SESSION_COOKIE, type SessionRow } from '../auth/sessions.ts';
import { AppError, forbidden, unauthenticated } from '../errors.ts';
import type { Services } from './services.ts';

/**
 * What a route requires. Every /api/v1 route declares one; a route without it does not start (deny by default).
 * - public: anyone (setup, sign-in, the public health check)
 * - signedIn: any signed-in user acting on their own account; `partial` also admits a session that still owes
 *   its second factor or MFA enrolment; `passwordOwed` also admits an account that must first replace the
 *   password an administrator issued (otherwise such an account reaches only the `partial: 'any'` routes)
 * - permission: a line of the permission table must allow (resource, action) for one of the actor's roles
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn'; partial?: 'pending' | 'enrol' | 'any'; passwordOwed?: true }
  | { kind: 'permission'; resource: string; action: string };

export const publicRoute: Access = { kind: 'public' };
export const signedIn: Access = { kind: 'signedIn' };
export const permission = (resource: string, action: string): Access => ({ kind: 'permission', resource, action });

export interface AuthContext {
  session: SessionRow;
  user: UserRow;
  actor: Actor;
  scope: Scope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function loadAuth(services: Services, request: FastifyRequest): Promise<AuthContext | null> {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  // Session and account in one system-scope read; the actor (roles from the person and appointments) is then
  // built in the tenant scope. Two transactions per request instead of three.
  const found = await findSessionWithUser(services.database, services.config, token);
  if (!found) return null;
  const { session, user } = found;
  if (user.disabled_at) return null;
  const actor = await inTenant(
    services.database,
    { tenantId: user.tenant_id, actor: { userId: user.id, personId: null, label: '', roles: [] } },
    (tx) => actorFor(tx, user, { requestId: request.id, clientIp: request.ip }),
  );
  return { session, user, actor, scope: { tenantId: user.tenant_id, actor } };
}

/** onRequest hook: identifies the caller, checks CSRF, and applies the route's access rule before any body parsing. */
export function accessHook(services: Services) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.auth = null;
    const access = request.routeOptions.config?.access;
    // Judge by the route that matched, not the raw URL: '/%61pi/v1/…' reaches the same handler as '/api/v1/…'.
    // No matching route: let the not-found handler answer 404.
    if (!request.routeOptions.url?.startsWith('/api/v1/')) return;
    if (!access) throw forbidden();
    const auth = await loadAuth(services, request);
    request.auth = auth;
    if (access.kind === 'public') return;
    if (!auth) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, auth.session.csrfToken)) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', {
          ja: '画面の有効期限が切れました。ページを再読み込みしてから、もう一度操作してください。',
          en: 'The page has expired. Reload it and try again.',
        });
      }
    }
    const state = auth.session.mfaState;
    // An administrator chose this password (new account or reset): it is replaced before anything else, MFA
    // enrolment included, so that no authenticator is bound while someone else still knows the password.
    const passwordOwed = auth.user.password_change_required === 1;
    const owedOk = access.kind === 'signedIn' && (access.partial === 'any' || access.passwordOwed === true);
    if (state !== 'full') {
      const partialOk =
        access.kind === 'signedIn' &&
        (access.partial === state ||
          access.partial === 'any' ||
          (state === 'enrol' && passwordOwed && access.passwordOwed === true));
      if (!partialOk) {
        throw state === 'pending'
          ? new AppError(401, 'MFA_REQUIRED', {
              ja: '二要素認証の確認コードを入力してください。',
              en: 'Enter your second-factor code.',
            })
          : new AppError(403, 'MFA_ENROLMENT_REQUIRED', {
              ja: 'この役割では二要素認証が必要です。先に認証アプリ又はパスキーを登録してください。',
              en: 'Your role requires multi-factor authentication; set it up first.',
            });
      }
    }
    // The second factor comes first: it proves who is signing in.
    if (passwordOwed && state !== 'pending' && !owedOk) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', {
        ja: '管理者が設定した仮のパスワードでログインしています。先に、ご自身で新しいパスワードを設定してください。',
        en: 'You signed in with a password an administrator set. Choose your own password first.',
      });
    }
    if (access.kind === 'permission' && !services.permissions.canAtAll(auth.actor, access.action, access.resource)) {
      throw forbidden();
    }
  };
}

/** The caller's authentication, for handlers behind a non-public route. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}
