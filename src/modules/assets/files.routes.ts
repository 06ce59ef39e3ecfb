import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentHeader } from '../../platform/csv.ts';
import { cleanFileName, receiveFile, sha256Hex } from '../../platform/files.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { attachCertificate, downloadCertificate, MAX_CERTIFICATE_BYTES } from './certificate.service.ts';
import { MAX_IMPORT_BYTES } from './columns.ts';
import * as c from './contract.ts';
import { existenceChecks } from './exists.ts';
import { assetTemplate, exportAssets } from './export.service.ts';
import { columnMapping, parseAssetUpload } from './import.parse.ts';
import { commitAssetImport, previewAssetImport } from './import.service.ts';

/**
 * Files of the register: template, import (preview / commit), streamed export, disposal certificates.
 * Multipart parsing is registered in this scope only, so no other route accepts uploads.
 */
export async function assetFileRoutes(app: FastifyInstance, services: Services) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 11 },
    });
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['情報資産'];
    const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;

    r.get(
      '/assets/import/template',
      {
        config: { access: permission('asset', 'manage') },
        schema: { tags, querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
      },
      async (req, reply) => {
        const file = await assetTemplate(services, scopeOf(req), req.query.format);
        reply.header('content-type', file.contentType).header('content-disposition', file.disposition);
        return file.body;
      },
    );
    r.post(
      '/assets/import',
      {
        config: { access: permission('asset', 'manage') },
        schema: {
          tags,
          querystring: z.strictObject({
            mode: z.enum(['preview', 'commit']).default('preview'),
            /** Column mapping as JSON: { "header in the file": "template header" or "" to leave the column out }. */
            map: columnMapping.optional(),
          }),
        },
      },
      async (req, reply) => {
        const scope = scopeOf(req);
        const upload = await receiveFile(req, MAX_IMPORT_BYTES);
        const file = await parseAssetUpload(upload.bytes, upload.filename ?? '', upload.mimetype ?? '', req.query.map);
        if (req.query.mode === 'preview') return previewAssetImport(services, scope, file);
        const result = await commitAssetImport(services, scope, file, {
          filename: cleanFileName(upload.filename, 'upload'),
          sha256: sha256Hex(upload.bytes),
        });
        reply.status(201);
        return result;
      },
    );
    r.get(
      '/assets/export',
      { config: { access: permission('asset', 'read') }, schema: { tags, querystring: c.assetExportQuery } },
      async (req, reply) => {
        const file = await exportAssets(services, scopeOf(req), req.query);
        reply.header('content-type', file.contentType).header('content-disposition', file.disposition);
        return reply.send(file.body);
      },
    );
    r.post(
      '/assets/:id/events/:eventId/certificate',
      {
        config: { access: permission('asset', 'record') },
        preValidation: existenceChecks(services).event,
        schema: { tags, params: c.eventParams },
      },
      async (req, reply) => {
        const upload = await receiveFile(req, MAX_CERTIFICATE_BYTES);
        reply.status(201);
        return attachCertificate(services, scopeOf(req), req.params.id, req.params.eventId, upload);
      },
    );
    r.get(
      '/assets/:id/events/:eventId/certificate',
      { config: { access: permission('asset', 'read') }, schema: { tags, params: c.eventParams } },
      async (req, reply) => {
        const file = await downloadCertificate(services, scopeOf(req), req.params.id, req.params.eventId);
        reply
          .header('content-type', file.mime)
          .header('content-disposition', attachmentHeader(file.originalName, `certificate-${file.id}`))
          .header('x-content-sha256', file.sha256);
        return file.bytes;
      },
    );
  });
}
