import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentHeader, encodeCsv, toCsv } from '../../platform/csv.ts';
import { buildTemplate } from '../../platform/excel.ts';
import { cleanFileName, MIME, receiveFile, sha256Hex } from '../../platform/files.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { HEADERS, MAX_IMPORT_BYTES, TEMPLATE_SPEC } from './import.columns.ts';
import { parseUpload } from './import.parse.ts';
import { commitImport, previewImport } from './import.service.ts';

/**
 * GET /people/import/template and POST /people/import. Multipart parsing is registered in this scope only, so no
 * other route accepts uploads.
 */
export async function importRoutes(app: FastifyInstance, services: Services) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 11 } });
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['組織体制'];

    r.get(
      '/people/import/template',
      {
        config: { access: permission('person', 'create') },
        schema: { tags, querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
      },
      async (req, reply) => {
        if (req.query.format === 'csv') {
          reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header(
              'content-disposition',
              attachmentHeader('職員等取込テンプレート.csv', 'people-import-template.csv'),
            );
          return encodeCsv(toCsv(HEADERS, []), 'utf8');
        }
        reply
          .header('content-type', MIME.xlsx)
          .header(
            'content-disposition',
            attachmentHeader('職員等取込テンプレート.xlsx', 'people-import-template.xlsx'),
          );
        return buildTemplate(TEMPLATE_SPEC);
      },
    );

    r.post(
      '/people/import',
      {
        config: { access: permission('person', 'create') },
        schema: {
          tags,
          querystring: z.strictObject({ mode: z.enum(['preview', 'commit']).default('preview') }),
        },
      },
      async (req, reply) => {
        const scope = authOf(req).scope;
        const upload = await receiveFile(req, MAX_IMPORT_BYTES);
        const file = await parseUpload(upload.bytes, upload.filename ?? '', upload.mimetype ?? '');
        if (req.query.mode === 'preview') return previewImport(services, scope, file);
        const result = await commitImport(services, scope, file, {
          filename: cleanFileName(upload.filename, 'upload'),
          sha256: sha256Hex(upload.bytes),
        });
        reply.status(201);
        return result;
      },
    );
  });
}
