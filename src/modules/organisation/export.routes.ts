import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { appointmentListQuery, personListQuery, unitListQuery } from './contract.ts';
import * as exports from './export.service.ts';

/** ?format=xlsx|csv&encoding=utf8|sjis, added to a list's own filters. */
const output = {
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  encoding: z.enum(['utf8', 'sjis']).default('utf8'),
};
const { limit: _limit, cursor: _cursor, ...personFilters } = personListQuery.shape;
export const personExportQuery = z.strictObject({ ...personFilters, ...output });
export const unitExportQuery = z.strictObject({ ...unitListQuery.shape, ...output });
export const appointmentExportQuery = z.strictObject({ ...appointmentListQuery.shape, ...output });
export const bodyExportQuery = z.strictObject(output);

function send(reply: FastifyReply, file: exports.OrganisationDownload) {
  reply.header('content-type', file.contentType);
  reply.header('content-disposition', file.disposition);
  // The number of rows, for the screen's "N件を出力しました".
  reply.header('x-row-count', String(file.rows));
  return reply.send(file.body);
}

/** Exports of the organisation area's lists, each one audited (export.service.ts). */
export async function organisationExportRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['組織体制'];
  r.get(
    '/people/export',
    { config: { access: permission('person', 'read') }, schema: { tags, querystring: personExportQuery } },
    async (req, reply) => send(reply, await exports.exportPeople(services, authOf(req).scope, req.query)),
  );
  r.get(
    '/units/export',
    { config: { access: permission('org_unit', 'read') }, schema: { tags, querystring: unitExportQuery } },
    async (req, reply) => send(reply, await exports.exportUnits(services, authOf(req).scope, req.query)),
  );
  r.get(
    '/appointments/export',
    { config: { access: permission('appointment', 'read') }, schema: { tags, querystring: appointmentExportQuery } },
    async (req, reply) => send(reply, await exports.exportAppointments(services, authOf(req).scope, req.query)),
  );
  r.get(
    '/bodies/export',
    { config: { access: permission('org_unit', 'read') }, schema: { tags, querystring: bodyExportQuery } },
    async (req, reply) => send(reply, await exports.exportBodies(services, authOf(req).scope, req.query)),
  );
}
