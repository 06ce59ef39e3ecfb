import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { attachmentHeader } from '../../platform/csv.ts';
import { receiveFile } from '../../platform/files.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { idParams } from './contract.ts';
import { MINUTES_MAX_BYTES, meetingCreate, meetingListQuery } from './meetings.contract.ts';
import * as meetings from './meetings.service.ts';

/** /committee/meetings: the committee's meeting records; uploads (minutes) are accepted in this scope only. */
export async function meetingsRoutes(app: FastifyInstance, services: Services) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MINUTES_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['組織体制'];
    const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;

    r.get(
      '/committee/meetings',
      { config: { access: permission('committee_meeting', 'read') }, schema: { tags, querystring: meetingListQuery } },
      (req) => meetings.listMeetings(services, scopeOf(req), req.query),
    );
    r.post(
      '/committee/meetings',
      { config: { access: permission('committee_meeting', 'manage') }, schema: { tags, body: meetingCreate } },
      async (req, reply) => {
        reply.status(201);
        return meetings.createMeeting(services, scopeOf(req), req.body);
      },
    );
    r.get(
      '/committee/meetings/:id',
      { config: { access: permission('committee_meeting', 'read') }, schema: { tags, params: idParams } },
      (req) => meetings.getMeeting(services, scopeOf(req), req.params.id),
    );
    r.post(
      '/committee/meetings/:id/minutes',
      { config: { access: permission('committee_meeting', 'manage') }, schema: { tags, params: idParams } },
      async (req) => {
        await meetings.requireMeeting(services, scopeOf(req), req.params.id);
        const upload = await receiveFile(req, MINUTES_MAX_BYTES);
        return meetings.attachMinutes(services, scopeOf(req), req.params.id, upload);
      },
    );
    r.get(
      '/committee/meetings/:id/minutes',
      { config: { access: permission('committee_meeting', 'read') }, schema: { tags, params: idParams } },
      async (req, reply) => {
        const file = await meetings.minutesFile(services, scopeOf(req), req.params.id);
        reply
          .header('content-type', file.mime)
          .header('content-length', String(file.size))
          .header('content-disposition', attachmentHeader(file.originalName, file.asciiName));
        return file.bytes;
      },
    );
  });
}
