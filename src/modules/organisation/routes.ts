import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, permission } from '../../platform/http/access.ts';
import { isoDate } from '../../platform/http/fields.ts';
import type { Services } from '../../platform/http/services.ts';
import * as appointments from './appointments.service.ts';
import * as committee from './committee.service.ts';
import { contactsRoutes } from './contacts.routes.ts';
import * as c from './contract.ts';
import { organisationExportRoutes } from './export.routes.ts';
import { importRoutes } from './import.routes.ts';
import { meetingsRoutes } from './meetings.routes.ts';
import * as people from './people.service.ts';
import * as tenant from './tenant.service.ts';
import * as units from './units.service.ts';

export async function organisationRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['組織体制'];
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;

  r.get('/tenant', { config: { access: permission('tenant', 'read') }, schema: { tags } }, (req) =>
    tenant.getTenant(services, scopeOf(req)),
  );
  r.patch(
    '/tenant',
    { config: { access: permission('tenant', 'update') }, schema: { tags, body: c.tenantUpdate } },
    (req) => tenant.updateTenant(services, scopeOf(req), req.body),
  );

  r.get('/bodies', { config: { access: permission('org_unit', 'read') }, schema: { tags } }, (req) =>
    units.listBodies(services, scopeOf(req)),
  );
  r.post(
    '/bodies',
    { config: { access: permission('org_unit', 'manage') }, schema: { tags, body: c.bodyCreate } },
    async (req, reply) => {
      reply.status(201);
      return units.createBody(services, scopeOf(req), req.body);
    },
  );
  r.patch(
    '/bodies/:id',
    { config: { access: permission('org_unit', 'manage') }, schema: { tags, params: c.idParams, body: c.bodyUpdate } },
    (req) => units.updateBody(services, scopeOf(req), req.params.id, req.body),
  );

  r.get(
    '/units',
    { config: { access: permission('org_unit', 'read') }, schema: { tags, querystring: c.unitListQuery } },
    (req) => units.listUnits(services, scopeOf(req), req.query),
  );
  r.post(
    '/units',
    { config: { access: permission('org_unit', 'manage') }, schema: { tags, body: c.unitCreate } },
    async (req, reply) => {
      reply.status(201);
      return units.createUnit(services, scopeOf(req), req.body);
    },
  );
  r.patch(
    '/units/:id',
    { config: { access: permission('org_unit', 'manage') }, schema: { tags, params: c.idParams, body: c.unitUpdate } },
    (req) => units.updateUnit(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/units/:id/close',
    { config: { access: permission('org_unit', 'manage') }, schema: { tags, params: c.idParams, body: c.unitClose } },
    (req) => units.closeUnit(services, scopeOf(req), req.params.id, req.body.date),
  );
  r.get(
    '/units/:id/history',
    { config: { access: permission('org_unit', 'read') }, schema: { tags, params: c.idParams } },
    (req) => units.unitHistory(services, scopeOf(req), req.params.id),
  );

  r.get(
    '/people',
    { config: { access: permission('person', 'read') }, schema: { tags, querystring: c.personListQuery } },
    (req) => people.listPeople(services, scopeOf(req), req.query),
  );
  r.get(
    '/people/:id',
    { config: { access: permission('person', 'read') }, schema: { tags, params: c.idParams } },
    (req) => people.getPerson(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/people',
    { config: { access: permission('person', 'create') }, schema: { tags, body: c.personCreate } },
    async (req, reply) => {
      reply.status(201);
      return people.createPerson(services, scopeOf(req), req.body);
    },
  );
  r.patch(
    '/people/:id',
    { config: { access: permission('person', 'update') }, schema: { tags, params: c.idParams, body: c.personUpdate } },
    (req) => people.updatePerson(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/people/:id/transfer',
    { config: { access: permission('person', 'leave') }, schema: { tags, params: c.idParams, body: c.personTransfer } },
    (req) => people.transferPerson(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/people/:id/leave',
    { config: { access: permission('person', 'leave') }, schema: { tags, params: c.idParams, body: c.personLeave } },
    (req) => people.personLeaves(services, scopeOf(req), req.params.id, req.body),
  );

  r.get(
    '/appointments',
    { config: { access: permission('appointment', 'read') }, schema: { tags, querystring: c.appointmentListQuery } },
    (req) => appointments.listAppointments(services, scopeOf(req), req.query),
  );
  r.post(
    '/appointments',
    { config: { access: permission('appointment', 'manage') }, schema: { tags, body: c.appointmentCreate } },
    async (req, reply) => {
      reply.status(201);
      return appointments.appoint(services, scopeOf(req), req.body);
    },
  );
  r.post(
    '/appointments/:id/end',
    {
      config: { access: permission('appointment', 'manage') },
      schema: { tags, params: c.idParams, body: c.appointmentEnd },
    },
    (req) => appointments.endAppointment(services, scopeOf(req), req.params.id, req.body),
  );
  r.get(
    '/findings/organisation',
    {
      config: { access: permission('org_finding', 'read') },
      schema: { tags, querystring: z.strictObject({ on: isoDate.optional() }) },
    },
    (req) => appointments.organisationFindings(services, scopeOf(req), req.query.on),
  );

  r.get('/committee', { config: { access: permission('committee', 'read') }, schema: { tags } }, (req) =>
    committee.getCommittee(services, scopeOf(req)),
  );
  r.patch(
    '/committee',
    { config: { access: permission('committee', 'update') }, schema: { tags, body: c.committeeUpdate } },
    (req) => committee.updateCommittee(services, scopeOf(req), req.body),
  );

  await importRoutes(app, services);
  await meetingsRoutes(app, services);
  await contactsRoutes(app, services);
  await organisationExportRoutes(app, services);
}
