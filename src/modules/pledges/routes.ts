import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as c from './contract.ts';
import * as pledges from './pledges.service.ts';
import * as reports from './reports.service.ts';
import * as texts from './texts.service.ts';

export async function pledgesRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['誓約'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;

  r.get('/pledges/mine', { config: { access: permission('pledge', 'read_own') }, schema: { tags } }, (req) =>
    pledges.myPledge(services, scopeOf(req)),
  );
  r.post(
    '/pledges/sign',
    { config: { access: permission('pledge', 'sign') }, schema: { tags, body: c.pledgeSign } },
    async (req, reply) => {
      reply.status(201);
      return pledges.signPledge(services, scopeOf(req), req.body.pledgeTextId);
    },
  );
  r.post(
    '/pledges/record',
    { config: { access: permission('pledge', 'record') }, schema: { tags, body: c.pledgeRecord } },
    async (req, reply) => {
      reply.status(201);
      return pledges.recordPaperPledge(services, scopeOf(req), req.body);
    },
  );
  r.get(
    '/pledges/history',
    { config: { access: permission('pledge', 'read_report') }, schema: { tags, querystring: c.pledgeHistoryQuery } },
    (req) => pledges.personHistory(services, scopeOf(req), req.query.personId),
  );

  r.get(
    '/pledges/texts',
    { config: { access: permission('pledge_text', 'read') }, schema: { tags, querystring: c.pledgeTextListQuery } },
    (req) => texts.listTexts(services, scopeOf(req), req.query.audience),
  );
  r.post(
    '/pledges/texts',
    { config: { access: permission('pledge_text', 'manage') }, schema: { tags, body: c.pledgeTextCreate } },
    async (req, reply) => {
      reply.status(201);
      return texts.createDraft(services, scopeOf(req), req.body);
    },
  );
  r.get(
    '/pledges/texts/:id',
    { config: { access: permission('pledge_text', 'read') }, schema: { tags, params: c.idParams } },
    (req) => texts.getText(services, scopeOf(req), req.params.id),
  );
  r.patch(
    '/pledges/texts/:id',
    {
      config: { access: permission('pledge_text', 'manage') },
      schema: { tags, params: c.idParams, body: c.pledgeTextUpdate },
    },
    (req) => texts.updateDraft(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/pledges/texts/:id/publish',
    { config: { access: permission('pledge_text', 'manage') }, schema: { tags, params: c.idParams } },
    (req) => texts.publishDraft(services, scopeOf(req), req.params.id),
  );
  r.delete(
    '/pledges/texts/:id',
    { config: { access: permission('pledge_text', 'manage') }, schema: { tags, params: c.idParams } },
    async (req, reply) => {
      await texts.deleteDraft(services, scopeOf(req), req.params.id);
      reply.status(204);
    },
  );

  r.get(
    '/pledges/status',
    { config: { access: permission('pledge', 'read_report') }, schema: { tags, querystring: c.pledgeStatusQuery } },
    (req) => reports.pledgeStatus(services, scopeOf(req), req.query.unitId),
  );
  r.get(
    '/pledges/missing',
    { config: { access: permission('pledge', 'read_report') }, schema: { tags, querystring: c.pledgeMissingQuery } },
    (req) => reports.missingPledges(services, scopeOf(req), req.query),
  );
  r.get(
    '/pledges/missing/export',
    { config: { access: permission('pledge', 'read_report') }, schema: { tags, querystring: c.pledgeExportQuery } },
    async (req, reply) => {
      const file = await reports.exportMissing(services, scopeOf(req), req.query);
      reply.header('content-type', file.contentType).header('content-disposition', file.disposition);
      return file.body;
    },
  );
}
