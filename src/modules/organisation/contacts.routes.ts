import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as contacts from './contacts.service.ts';

/**
 * The 緊急連絡網 and the CSIRT roster. Every member of staff may read them (person read); mobile numbers appear
 * only for those who may read_contact the person.
 */
export async function contactsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['組織体制'];

  r.get(
    '/organisation/emergency-contacts',
    { config: { access: permission('person', 'read') }, schema: { tags } },
    (req) => contacts.emergencyContacts(services, authOf(req).scope),
  );
  r.get('/organisation/csirt', { config: { access: permission('person', 'read') }, schema: { tags } }, (req) =>
    contacts.csirtRoster(services, authOf(req).scope),
  );
}
