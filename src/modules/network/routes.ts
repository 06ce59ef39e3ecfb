import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { todayInJapan } from '../../domain/calendar.ts';
import { attachmentHeader } from '../../platform/csv.ts';
import { badRequest } from '../../platform/errors.ts';
import { MIME } from '../../platform/files.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as changes from './changes.service.ts';
import * as c from './contract.ts';
import { findingsWorkbook } from './findings-xlsx.ts';
import * as imports from './import.service.ts';
import * as reg from './register.service.ts';
import * as systems from './systems.service.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_FILES = 10;

export async function networkRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['三層の対策'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;
  const read = { access: permission('network', 'read') };
  const manage = { access: permission('network', 'manage') };
  const edit = { access: permission('network_system', 'edit') };

  r.get('/network/settings', { config: read, schema: { tags } }, (req) => reg.listSettings(services, scopeOf(req)));
  r.post('/network/settings', { config: manage, schema: { tags, body: c.settingCreate } }, async (req, reply) => {
    reply.status(201);
    return reg.createSetting(services, scopeOf(req), req.body);
  });

  r.delete('/network/settings/:id', { config: manage, schema: { tags, params: c.idParams } }, async (req, reply) => {
    await changes.deleteSetting(services, scopeOf(req), req.params.id);
    reply.status(204);
  });
  r.get('/network/summary', { config: { access: permission('network', 'read_summary') }, schema: { tags } }, (req) =>
    changes.networkSummary(services, scopeOf(req)),
  );

  r.get('/network/exceptions', { config: read, schema: { tags } }, (req) => reg.listExceptions(services, scopeOf(req)));
  r.post('/network/exceptions', { config: manage, schema: { tags, body: c.exceptionCreate } }, async (req, reply) => {
    reply.status(201);
    return reg.createException(services, scopeOf(req), req.body);
  });
  r.patch(
    '/network/exceptions/:id',
    { config: manage, schema: { tags, params: c.idParams, body: c.exceptionUpdate } },
    (req) => changes.updateException(services, scopeOf(req), req.params.id, req.body),
  );
  r.delete('/network/exceptions/:id', { config: manage, schema: { tags, params: c.idParams } }, async (req, reply) => {
    await reg.deleteException(services, scopeOf(req), req.params.id);
    reply.status(204);
  });

  r.get('/network/systems', { config: read, schema: { tags, querystring: c.systemListQuery } }, (req) =>
    systems.listSystems(services, scopeOf(req), req.query),
  );
  r.post('/network/systems', { config: manage, schema: { tags, body: c.systemCreate } }, async (req, reply) => {
    reply.status(201);
    return systems.createSystem(services, scopeOf(req), req.body);
  });
  r.get('/network/systems/:id', { config: read, schema: { tags, params: c.idParams } }, (req) =>
    reg.getSystem(services, scopeOf(req), req.params.id),
  );
  r.patch('/network/systems/:id', { config: edit, schema: { tags, params: c.idParams, body: c.systemUpdate } }, (req) =>
    systems.updateSystem(services, scopeOf(req), req.params.id, req.body),
  );
  r.delete('/network/systems/:id', { config: manage, schema: { tags, params: c.idParams } }, async (req, reply) => {
    await systems.deleteSystem(services, scopeOf(req), req.params.id);
    reply.status(204);
  });

  r.get('/network/flows', { config: read, schema: { tags } }, (req) => reg.listFlows(services, scopeOf(req)));
  r.post('/network/flows', { config: edit, schema: { tags, body: c.flowCreate } }, async (req, reply) => {
    reply.status(201);
    return reg.createFlow(services, scopeOf(req), req.body);
  });
  r.patch('/network/flows/:id', { config: edit, schema: { tags, params: c.idParams, body: c.flowUpdate } }, (req) =>
    reg.updateFlow(services, scopeOf(req), req.params.id, req.body),
  );
  r.delete('/network/flows/:id', { config: edit, schema: { tags, params: c.idParams } }, async (req, reply) => {
    await reg.deleteFlow(services, scopeOf(req), req.params.id);
    reply.status(204);
  });

  r.get('/network/imports', { config: read, schema: { tags } }, (req) => imports.listImports(services, scopeOf(req)));
  r.get('/network/imports/:id', { config: read, schema: { tags, params: c.idParams } }, (req) =>
    imports.getImport(services, scopeOf(req), req.params.id),
  );
  r.get('/network/findings', { config: read, schema: { tags, querystring: c.findingsQuery } }, (req) =>
    imports.listFindings(services, scopeOf(req), req.query),
  );
  r.get(
    '/network/findings/export',
    { config: read, schema: { tags, querystring: c.findingsQuery } },
    async (req, reply) => {
      const { imp, items } = await imports.findingsForExport(services, scopeOf(req), req.query);
      const today = todayInJapan();
      reply
        .header('content-type', MIME.xlsx)
        .header(
          'content-disposition',
          attachmentHeader(`三層の対策_指摘事項_${today}.xlsx`, `network-findings-${today}.xlsx`),
        );
      return findingsWorkbook(imp, items);
    },
  );
  r.get('/network/diagram', { config: read, schema: { tags } }, (req) => imports.diagram(services, scopeOf(req)));

  // Uploads: multipart only in this scope, several files at once.
  await app.register(async (scoped) => {
    await scoped.register(multipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 5, parts: MAX_FILES + 5 },
    });
    scoped.post('/network/imports', { config: manage, schema: { tags } }, async (req, reply) => {
      const scope = authOf(req).scope;
      const files: { name: string; bytes: Buffer }[] = [];
      try {
        for await (const part of req.files()) {
          files.push({ name: part.filename || `file${files.length + 1}`, bytes: await part.toBuffer() });
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') {
          throw badRequest('FILE_TOO_LARGE', {
            ja: `ファイルは${MAX_FILES}件まで、1件20MB以下にしてください。`,
            en: `Up to ${MAX_FILES} files of 20MB each.`,
          });
        }
        throw badRequest('FILE_NOT_MULTIPART', {
          ja: 'ファイルを添付して送信してください（multipart/form-data）。',
          en: 'Send the files as multipart/form-data.',
        });
      }
      const result = await imports.importFirewall(services, scope, files);
      reply.status(201);
      return result;
    });
  });
}
