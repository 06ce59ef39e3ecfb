import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inTenant } from '../../db/scope.ts';
import { ROLES } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { closeAllSessions, closeSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { authOf, publicRoute, signedIn } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { loginRequest, passkeyResponse, recoveryRequest, totpRequest } from './contract.ts';
import * as auth from './service.ts';

export function setSessionCookie(reply: FastifyReply, services: Services, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: services.config.secureCookies,
    path: '/',
  });
}

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });

export async function authRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['認証'];
  const { database, config } = services;

  r.post(
    '/auth/login',
    { config: { access: publicRoute }, schema: { tags, body: loginRequest } },
    async (req, reply) => {
      const result = await auth.login(database, config, req.body.loginId, req.body.password, clientOf(req));
      setSessionCookie(reply, services, result.token);
      return {
        mfa: result.mfa,
        methods: result.methods,
        passwordChangeRequired: result.passwordChangeRequired,
        csrfToken: result.csrfToken,
      };
    },
  );

  const pending = { kind: 'signedIn', partial: 'pending' } as const;
  r.post('/auth/mfa/totp', { config: { access: pending }, schema: { tags, body: totpRequest } }, async (req, reply) => {
    const a = authOf(req);
    const next = await auth.secondFactorTotp(database, config, a.session, a.user, req.body.code, clientOf(req));
    setSessionCookie(reply, services, next.token);
    return { mfa: 'full', csrfToken: next.csrfToken };
  });
  r.post(
    '/auth/mfa/recovery',
    { config: { access: pending }, schema: { tags, body: recoveryRequest } },
    async (req, reply) => {
      const a = authOf(req);
      const next = await auth.secondFactorRecovery(database, config, a.session, a.user, req.body.code, clientOf(req));
      setSessionCookie(reply, services, next.token);
      return { mfa: 'full', csrfToken: next.csrfToken };
    },
  );
  r.post('/auth/mfa/passkey/options', { config: { access: pending }, schema: { tags } }, async (req) => {
    const a = authOf(req);
    return auth.passkeyChallenge(database, config, a.session, a.user, clientOf(req));
  });
  r.post(
    '/auth/mfa/passkey/verify',
    { config: { access: pending }, schema: { tags, body: passkeyResponse } },
    async (req, reply) => {
      const a = authOf(req);
      const next = await auth.secondFactorPasskey(
        database,
        config,
        a.session,
        a.user,
        req.body.response,
        clientOf(req),
      );
      setSessionCookie(reply, services, next.token);
      return { mfa: 'full', csrfToken: next.csrfToken };
    },
  );

  r.post(
    '/auth/logout',
    { config: { access: { kind: 'signedIn', partial: 'any' } }, schema: { tags } },
    async (req, reply) => {
      const a = authOf(req);
      await inTenant(database, a.scope, async (tx) => {
        await closeSession(tx, a.session.id);
        await appendAudit(tx, a.scope, { action: 'logout', entityType: 'user_account', entityId: a.user.id });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.status(204);
    },
  );
  r.post('/auth/logout-all', { config: { access: signedIn }, schema: { tags } }, async (req, reply) => {
    const a = authOf(req);
    const closed = await inTenant(database, a.scope, async (tx) => {
      const n = await closeAllSessions(tx, a.user.id);
      await appendAudit(tx, a.scope, {
        action: 'logout_all',
        entityType: 'user_account',
        entityId: a.user.id,
        after: { sessions: n },
      });
      return n;
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { closed };
  });

  r.get('/auth/me', { config: { access: { kind: 'signedIn', partial: 'any' } }, schema: { tags } }, async (req) => {
    const a = authOf(req);
    return inTenant(database, a.scope, async (tx) => {
      const tenant = await tx
        .selectFrom('tenant')
        .select(['id', 'name', 'code', 'prefecture', 'committee_name'])
        .where('id', '=', a.scope.tenantId)
        .executeTakeFirstOrThrow();
      const person = a.user.person_id
        ? await tx
            .selectFrom('person')
            .select(['id', 'family_name', 'given_name', 'org_unit_id', 'title'])
            .where('tenant_id', '=', a.scope.tenantId)
            .where('id', '=', a.user.person_id)
            .executeTakeFirst()
        : undefined;
      const passkeys = await tx
        .selectFrom('webauthn_credential')
        .select('id')
        .where('tenant_id', '=', a.scope.tenantId)
        .where('user_id', '=', a.user.id)
        .execute();
      const codes = await tx
        .selectFrom('recovery_code')
        .select('id')
        .where('tenant_id', '=', a.scope.tenantId)
        .where('user_id', '=', a.user.id)
        .where('used_at', 'is', null)
        .execute();
      return {
        user: { id: a.user.id, loginId: a.user.login_id, isPlatformAdmin: a.user.is_platform_admin === 1 },
        person: person
          ? {
              id: person.id,
              name: `${person.family_name} ${person.given_name}`,
              orgUnitId: person.org_unit_id,
              title: person.title,
            }
          : null,
        tenant: {
          id: tenant.id,
          name: tenant.name,
          code: tenant.code,
          prefecture: tenant.prefecture,
          committeeName: tenant.committee_name,
        },
        roles: a.actor.roles.map((g) => ({ ...g, label: ROLES[g.role] })),
        mfaState: a.session.mfaState,
        // The administrator issued this password: the web app shows only the change-password page until it is replaced.
        passwordChangeRequired: a.user.password_change_required === 1,
        mfa: { totp: a.user.totp_enabled_at !== null, passkeys: passkeys.length, recoveryCodesLeft: codes.length },
        csrfToken: a.session.csrfToken,
        // What the screens may offer; the server checks every request again regardless.
        permissions: services.permissions
          .entries()
          .filter((e) => services.permissions.canAtAll(a.actor, e.action, e.resource))
          .map((e) => `${e.resource}:${e.action}`)
          .sort(),
      };
    });
  });
}
