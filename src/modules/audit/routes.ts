import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { todayInJapan } from '../../domain/calendar.ts';
import { attachmentHeader, encodeCsv } from '../../platform/csv.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { auditExportQuery, auditListQuery } from './contract.ts';
import * as audit from './service.ts';

export async function auditRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['監査証跡'];
  r.get(
    '/audit-events',
    { config: { access: permission('audit_event', 'read') }, schema: { tags, querystring: auditListQuery } },
    (req) => audit.listEvents(services, authOf(req).scope, req.query),
  );
  r.get(
    '/audit-events/export',
    { config: { access: permission('audit_event', 'read') }, schema: { tags, querystring: auditExportQuery } },
    async (req, reply) => {
      const csv = await audit.exportEvents(services, authOf(req).scope, req.query);
      const day = todayInJapan();
      reply
        .header('content-type', `text/csv; charset=${req.query.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', attachmentHeader(`監査証跡_${day}.csv`, `audit-trail-${day}.csv`));
      return encodeCsv(csv, req.query.encoding);
    },
  );
  r.post('/audit-events/verify', { config: { access: permission('audit_event', 'verify') }, schema: { tags } }, (req) =>
    audit.verify(services, authOf(req).scope),
  );
}
