import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, signedIn } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { setSessionCookie } from '../auth/routes.ts';
import { passkeyParams, passkeyRegister, passwordChange, sessionParams, totpConfirm, totpRemove } from './contract.ts';
import * as account from './service.ts';

/** The signed-in user's own account: password, TOTP, passkeys, recovery codes, sessions. */
export async function accountRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['アカウント設定'];
  // Enrolment must be reachable by a session that is held back until MFA is set up.
  const enrolling = { kind: 'signedIn', partial: 'enrol' } as const;

  // Also the one thing an account with an administrator-issued password may do (besides signing out).
  r.post(
    '/account/password',
    { config: { access: { kind: 'signedIn', passwordOwed: true } }, schema: { tags, body: passwordChange } },
    async (req, reply) => {
      const a = authOf(req);
      const rotated = await account.changePassword(
        services,
        a,
        req.body.current,
        req.body.next,
        req.headers['user-agent'],
      );
      if (rotated) setSessionCookie(reply, services, rotated.token);
      return { csrfToken: rotated?.csrfToken ?? a.session.csrfToken };
    },
  );
  r.post('/account/totp/setup', { config: { access: enrolling }, schema: { tags } }, (req) =>
    account.startTotp(services, authOf(req)),
  );
  r.post(
    '/account/totp/confirm',
    { config: { access: enrolling }, schema: { tags, body: totpConfirm } },
    async (req, reply) => {
      const result = await account.confirmTotp(services, authOf(req), req.body.code, req.headers['user-agent']);
      if (result.session) setSessionCookie(reply, services, result.session.token);
      return {
        recoveryCodes: result.recoveryCodes,
        csrfToken: result.session?.csrfToken ?? authOf(req).session.csrfToken,
      };
    },
  );
  r.post(
    '/account/totp/remove',
    { config: { access: signedIn }, schema: { tags, body: totpRemove } },
    async (req, reply) => {
      await account.removeTotp(services, authOf(req), req.body.password);
      reply.status(204);
    },
  );
  r.post('/account/recovery-codes', { config: { access: signedIn }, schema: { tags } }, async (req) => ({
    recoveryCodes: await account.regenerateRecoveryCodes(services, authOf(req)),
  }));
  r.get('/account/passkeys', { config: { access: signedIn }, schema: { tags } }, (req) =>
    account.listPasskeys(services, authOf(req)),
  );
  r.post('/account/passkeys/options', { config: { access: enrolling }, schema: { tags } }, (req) =>
    account.passkeyRegistrationOptions(services, authOf(req)),
  );
  r.post(
    '/account/passkeys',
    { config: { access: enrolling }, schema: { tags, body: passkeyRegister } },
    async (req, reply) => {
      const result = await account.registerPasskey(
        services,
        authOf(req),
        req.body.response,
        req.body.label,
        req.headers['user-agent'],
      );
      if (result.session) setSessionCookie(reply, services, result.session.token);
      reply.status(201);
      return {
        id: result.id,
        recoveryCodes: result.recoveryCodes,
        csrfToken: result.session?.csrfToken ?? authOf(req).session.csrfToken,
      };
    },
  );
  r.delete(
    '/account/passkeys/:id',
    { config: { access: signedIn }, schema: { tags, params: passkeyParams } },
    async (req, reply) => {
      await account.removePasskey(services, authOf(req), req.params.id);
      reply.status(204);
    },
  );
  r.get('/account/sessions', { config: { access: signedIn }, schema: { tags } }, (req) =>
    account.listSessions(services, authOf(req)),
  );
  r.delete(
    '/account/sessions/:id',
    { config: { access: signedIn }, schema: { tags, params: sessionParams } },
    async (req, reply) => {
      await account.endSession(services, authOf(req), req.params.id);
      reply.status(204);
    },
  );
}
