import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, permission, publicRoute } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as approval from './approval.service.ts';
import * as compare from './compare.service.ts';
import * as c from './contract.ts';
import * as documents from './documents.service.ts';
import * as links from './links.service.ts';
import * as portal from './portal.service.ts';
import { policyRecordRoutes, seen } from './routes-records.ts';
import * as versions from './versions.service.ts';

/** Documents, versions, approval, 新旧対照表, search, clause links and the public portal. */
export async function policiesRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ポリシー文書'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;
  const read = { access: permission('policy', 'read') };
  const edit = { access: permission('policy', 'edit') };

  r.get('/policies', { config: read, schema: { tags, querystring: c.documentListQuery } }, (req) =>
    documents.listDocuments(services, scopeOf(req), req.query),
  );
  r.post('/policies', { config: edit, schema: { tags, body: c.documentCreate } }, async (req, reply) => {
    reply.status(201);
    return documents.createDocument(services, scopeOf(req), req.body);
  });
  r.get('/policies/search', { config: read, schema: { tags, querystring: c.searchQuery } }, (req) =>
    documents.searchClauses(services, scopeOf(req), req.query.q, req.query.on),
  );
  r.get('/policies/:id', { config: read, schema: { tags, params: c.idParams, querystring: c.onQuery } }, (req) =>
    documents.getDocument(services, scopeOf(req), req.params.id, req.query.on),
  );
  r.patch('/policies/:id', { config: edit, schema: { tags, params: c.idParams, body: c.documentUpdate } }, (req) =>
    documents.updateDocument(services, scopeOf(req), req.params.id, req.body),
  );
  r.get(
    '/policies/:id/in-force',
    { config: read, schema: { tags, params: c.idParams, querystring: c.onQuery } },
    (req) => documents.inForce(services, scopeOf(req), req.params.id, req.query.on),
  );
  r.post(
    '/policies/:id/versions',
    { config: edit, schema: { tags, params: c.idParams, body: c.versionCreate } },
    async (req, reply) => {
      reply.status(201);
      return versions.createVersion(services, scopeOf(req), req.params.id, req.body);
    },
  );
  r.get(
    '/policies/:id/compare',
    { config: read, schema: { tags, params: c.idParams, querystring: c.compareQuery } },
    (req) => compare.compareVersions(services, scopeOf(req), req.params.id, req.query.from, req.query.to),
  );
  r.get(
    '/policies/:id/compare/export',
    {
      config: read,
      schema: {
        tags,
        params: c.idParams,
        querystring: c.compareQuery.extend({ rows: z.enum(['changed', 'all']).default('changed') }),
      },
    },
    async (req, reply) => {
      const file = await compare.exportComparison(services, scopeOf(req), req.params.id, req.query);
      reply.header('content-type', file.contentType).header('content-disposition', file.disposition);
      return file.body;
    },
  );

  const version = seen(services, versions.assertVersion);
  r.get('/policy-versions/:id', { config: read, schema: { tags, params: c.idParams } }, (req) =>
    versions.getVersion(services, scopeOf(req), req.params.id),
  );
  r.patch(
    '/policy-versions/:id',
    { config: edit, schema: { tags, params: c.idParams, body: c.versionUpdate } },
    (req) => versions.updateDraft(services, scopeOf(req), req.params.id, req.body),
  );
  r.delete('/policy-versions/:id', { config: edit, schema: { tags, params: c.idParams } }, async (req, reply) => {
    await versions.deleteDraft(services, scopeOf(req), req.params.id);
    reply.status(204);
  });
  r.post('/policy-versions/:id/submit', { config: edit, schema: { tags, params: c.idParams } }, (req) =>
    versions.submitVersion(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/policy-versions/:id/review',
    {
      preValidation: version,
      config: { access: permission('policy', 'review') },
      schema: { tags, params: c.idParams, body: c.reviewStep },
    },
    (req) => versions.reviewVersion(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/policy-versions/:id/votes',
    {
      preValidation: version,
      config: { access: permission('policy', 'vote') },
      schema: { tags, params: c.idParams, body: c.voteInput },
    },
    (req) => approval.vote(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/policy-versions/:id/decision',
    {
      preValidation: version,
      config: { access: permission('policy', 'decide') },
      schema: { tags, params: c.idParams, body: c.decisionInput },
    },
    (req) => approval.decide(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/policy-versions/:id/publish',
    {
      preValidation: version,
      config: { access: permission('policy', 'publish') },
      schema: { tags, params: c.idParams, body: c.publishInput },
    },
    (req) => approval.publish(services, scopeOf(req), req.params.id, req.body),
  );

  r.get('/policy-links', { config: read, schema: { tags, querystring: c.linkListQuery } }, (req) =>
    links.listLinks(services, scopeOf(req), req.query),
  );
  r.post(
    '/policy-links',
    { config: { access: permission('policy', 'link') }, schema: { tags, body: c.linkCreate } },
    async (req, reply) => {
      reply.status(201);
      return links.createLink(services, scopeOf(req), req.body);
    },
  );
  r.delete(
    '/policy-links/:id',
    { config: { access: permission('policy', 'link') }, schema: { tags, params: c.idParams } },
    async (req, reply) => {
      await links.deleteLink(services, scopeOf(req), req.params.id);
      reply.status(204);
    },
  );

  // The public portal: no session, only what the town published (基本方針; 対策基準 if chosen; never 実施手順).
  const portalTags = ['公開ページ'];
  r.get(
    '/public/:tenantCode/policies',
    { config: { access: publicRoute }, schema: { tags: portalTags, params: c.portalParams, querystring: c.onQuery } },
    (req) => portal.portal(services, req.params.tenantCode, req.query.on),
  );
  r.get(
    '/public/:tenantCode/policies/versions/:versionId',
    { config: { access: publicRoute }, schema: { tags: portalTags, params: c.portalVersionParams } },
    (req) => portal.portalVersion(services, req.params.tenantCode, req.params.versionId),
  );

  await policyRecordRoutes(app, services);
}
