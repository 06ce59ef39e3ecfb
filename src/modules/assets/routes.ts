import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as assets from './assets.service.ts';
import { myCarryOuts } from './carry-outs.service.ts';
import * as c from './contract.ts';
import { getAsset } from './detail.service.ts';
import { existenceChecks } from './exists.ts';
import { exportFindings } from './export.service.ts';
import { assetFileRoutes } from './files.routes.ts';
import { listFindings } from './findings.service.ts';
import * as lifecycle from './lifecycle.service.ts';
import { reclassifyAssets } from './reclassify.service.ts';
import * as requests from './requests.service.ts';
import * as schemes from './schemes.service.ts';

/** The information asset register, its schemes, lifecycle, permissions and findings. Files: files.routes.ts. */
export async function assetsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['情報資産'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;
  const { asset, permission: permissionExists } = existenceChecks(services);

  r.get(
    '/asset-schemes',
    { config: { access: permission('asset_scheme', 'read') }, schema: { tags, querystring: c.schemeListQuery } },
    (req) => schemes.listSchemes(services, scopeOf(req), req.query.on),
  );
  r.post(
    '/asset-schemes',
    { config: { access: permission('asset_scheme', 'manage') }, schema: { tags, body: c.schemeCreate } },
    async (req, reply) => {
      reply.status(201);
      return schemes.createScheme(services, scopeOf(req), req.body);
    },
  );
  r.get(
    '/asset-schemes/:id',
    { config: { access: permission('asset_scheme', 'read') }, schema: { tags, params: c.idParams } },
    (req) => schemes.getScheme(services, scopeOf(req), req.params.id),
  );
  r.put(
    '/asset-schemes/:id',
    {
      config: { access: permission('asset_scheme', 'manage') },
      schema: { tags, params: c.idParams, body: c.schemeUpdate },
    },
    (req) => schemes.updateScheme(services, scopeOf(req), req.params.id, req.body),
  );

  r.get(
    '/assets',
    { config: { access: permission('asset', 'read') }, schema: { tags, querystring: c.assetListQuery } },
    (req) => assets.listAssets(services, scopeOf(req), req.query),
  );
  r.get(
    '/assets/count',
    { config: { access: permission('asset', 'read') }, schema: { tags, querystring: c.assetCountQuery } },
    (req) => assets.countAssets(services, scopeOf(req), req.query),
  );
  r.post(
    '/assets',
    { config: { access: permission('asset', 'manage') }, schema: { tags, body: c.assetCreate } },
    async (req, reply) => {
      const { id } = await assets.createAsset(services, scopeOf(req), req.body);
      reply.status(201);
      return getAsset(services, scopeOf(req), id);
    },
  );
  r.post(
    '/assets/reclassify',
    { config: { access: permission('asset', 'manage') }, schema: { tags, body: c.reclassify } },
    (req) => reclassifyAssets(services, scopeOf(req), req.body),
  );
  r.get(
    '/assets/:id',
    { config: { access: permission('asset', 'read') }, schema: { tags, params: c.idParams } },
    (req) => getAsset(services, scopeOf(req), req.params.id),
  );
  r.patch(
    '/assets/:id',
    { config: { access: permission('asset', 'manage') }, schema: { tags, params: c.idParams, body: c.assetUpdate } },
    async (req) => {
      await assets.updateAsset(services, scopeOf(req), req.params.id, req.body);
      return getAsset(services, scopeOf(req), req.params.id);
    },
  );

  r.get(
    '/assets/:id/events',
    {
      config: { access: permission('asset', 'read') },
      schema: { tags, params: c.idParams, querystring: c.eventListQuery },
    },
    (req) => lifecycle.listEvents(services, scopeOf(req), req.params.id, req.query),
  );
  r.post(
    '/assets/:id/events',
    {
      config: { access: permission('asset', 'record') },
      preValidation: asset,
      schema: { tags, params: c.idParams, body: c.eventCreate },
    },
    async (req, reply) => {
      reply.status(201);
      return lifecycle.recordEvent(services, scopeOf(req), req.params.id, req.body);
    },
  );
  r.post(
    '/assets/:id/events/:eventId/return',
    {
      config: { access: permission('asset', 'record') },
      schema: { tags, params: c.eventParams, body: c.eventReturn },
    },
    (req) => lifecycle.returnCarried(services, scopeOf(req), req.params.id, req.params.eventId, req.body.returnedAt),
  );
  r.post(
    '/assets/:id/permission-requests',
    {
      config: { access: permission('asset_permission', 'request') },
      preValidation: asset,
      schema: { tags, params: c.idParams, body: c.permissionRequestCreate },
    },
    async (req, reply) => {
      reply.status(201);
      return requests.requestPermission(services, scopeOf(req), req.params.id, req.body);
    },
  );

  r.get(
    '/asset-carry-outs/mine',
    { config: { access: permission('asset_carry', 'read_own') }, schema: { tags } },
    (req) => myCarryOuts(services, scopeOf(req)),
  );

  r.get(
    '/asset-permissions',
    {
      config: { access: permission('asset_permission', 'read') },
      schema: { tags, querystring: c.permissionListQuery },
    },
    (req) => requests.listPermissions(services, scopeOf(req), req.query),
  );
  r.post(
    '/asset-permissions/:id/decide',
    {
      config: { access: permission('asset_permission', 'decide') },
      preValidation: permissionExists,
      schema: { tags, params: c.idParams, body: c.permissionDecision },
    },
    (req) => requests.decidePermission(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/asset-permissions/:id/withdraw',
    { config: { access: permission('asset_permission', 'request') }, schema: { tags, params: c.idParams } },
    (req) => requests.withdrawPermission(services, scopeOf(req), req.params.id),
  );

  r.get(
    '/findings/assets',
    { config: { access: permission('asset_finding', 'read') }, schema: { tags, querystring: c.findingQuery } },
    (req) => listFindings(services, scopeOf(req), req.query),
  );
  r.get(
    '/findings/assets/export',
    { config: { access: permission('asset_finding', 'read') }, schema: { tags, querystring: c.findingExportQuery } },
    async (req, reply) => {
      const file = await exportFindings(services, scopeOf(req), req.query);
      reply.header('content-type', file.contentType).header('content-disposition', file.disposition);
      return file.body;
    },
  );

  await assetFileRoutes(app, services);
}
