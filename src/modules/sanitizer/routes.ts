import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, permission, publicRoute } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as c from './contract.ts';
import { getMessage } from './message-detail.service.ts';
import * as messages from './messages.service.ts';
import { SANITIZER } from './permissions.ts';
import * as ppap from './ppap.service.ts';
import * as release from './release.service.ts';
import * as settings from './settings.service.ts';

/**
 * 無害化 (the sanitizing mail gateway): dashboard, messages and the quarantine queue, release requests and their
 * decisions, the policy in force and its settings; and the Internet-side PPAP page (public, throttled).
 */
export async function sanitizerRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['無害化'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;
  const read = { access: permission(SANITIZER, 'read') };

  r.get('/sanitizer/summary', { config: read, schema: { tags, querystring: c.summaryQuery } }, (req) =>
    messages.summary(services, scopeOf(req), req.query),
  );
  r.get('/sanitizer/messages', { config: read, schema: { tags, querystring: c.messageListQuery } }, (req) =>
    messages.listMessages(services, scopeOf(req), req.query),
  );
  r.get('/sanitizer/messages/:id', { config: read, schema: { tags, params: c.idParams } }, (req) =>
    getMessage(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/sanitizer/messages/:id/release-requests',
    {
      config: { access: permission(SANITIZER, 'request') },
      schema: { tags, params: c.idParams, body: c.releaseCreate },
    },
    async (req, reply) => {
      reply.status(201);
      return release.requestRelease(services, scopeOf(req), req.params.id, req.body);
    },
  );
  r.get('/sanitizer/release-requests', { config: read, schema: { tags, querystring: c.releaseListQuery } }, (req) =>
    release.listReleases(services, scopeOf(req), req.query),
  );
  r.post(
    '/sanitizer/release-requests/:id/decide',
    {
      config: { access: permission(SANITIZER, 'decide') },
      schema: { tags, params: c.idParams, body: c.releaseDecision },
    },
    (req) => release.decideRelease(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/sanitizer/release-requests/:id/retry',
    { config: { access: permission(SANITIZER, 'decide') }, schema: { tags, params: c.idParams } },
    (req) => release.retryRelease(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/sanitizer/release-requests/:id/withdraw',
    { config: { access: permission(SANITIZER, 'request') }, schema: { tags, params: c.idParams } },
    (req) => release.withdrawRelease(services, scopeOf(req), req.params.id),
  );
  r.get('/sanitizer/policy', { config: read, schema: { tags } }, (req) => settings.policyView(services, scopeOf(req)));
  r.patch(
    '/sanitizer/settings',
    { config: { access: permission(SANITIZER, 'manage') }, schema: { tags, body: c.settingsUpdate } },
    (req) => settings.updateSettings(services, scopeOf(req), req.body),
  );

  // The Internet-side page for PPAP passwords: no session; the one-time token is the credential.
  const ppapTags = ['無害化（PPAP 受付）'];
  r.get(
    '/sanitizer/ppap/:token',
    { config: { access: publicRoute }, schema: { tags: ppapTags, params: c.tokenParams } },
    (req) => ppap.ppapInfo(services, req.params.token, req.ip),
  );
  r.post(
    '/sanitizer/ppap/:token',
    { config: { access: publicRoute }, schema: { tags: ppapTags, params: c.tokenParams, body: c.ppapRelease } },
    (req) => ppap.ppapRelease(services, req.params.token, req.body.password, req.ip),
  );
}
