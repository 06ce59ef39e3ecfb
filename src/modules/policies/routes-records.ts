import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isUuid } from '../../db/ids.ts';
import type { Scope } from '../../db/scope.ts';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import * as acks from './acknowledgements.service.ts';
import * as c from './contract.ts';
import * as exceptions from './exceptions.service.ts';
import * as findings from './findings.service.ts';
import { myNotices } from './reminders.ts';
import { reviewMeetingOptions } from './review-meetings.ts';
import * as reviews from './reviews.service.ts';

/**
 * A preValidation step for routes on one record: a record the caller may not see (or that does not exist) answers
 * 404 before the body is validated, so the answer never depends on what was sent. A malformed id is left to the
 * params schema (400).
 */
export const seen =
  (services: Services, check: (services: Services, scope: Scope, id: string) => Promise<void>) =>
  async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown }).id;
    if (isUuid(id)) await check(services, authOf(req).scope, id);
  };

/** Acknowledgement campaigns, reviews (見直し), exceptions (例外措置), findings and reminders. */
export async function policyRecordRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const scopeOf = (req: Parameters<typeof authOf>[0]) => authOf(req).scope;

  const ackTags = ['ポリシー文書の周知'];
  const report = { access: permission('policy_ack', 'read_report') };
  const manage = { access: permission('policy_ack', 'manage') };
  const own = { access: permission('policy_ack', 'acknowledge') };
  r.get('/policy-acknowledgements/mine', { config: own, schema: { tags: ackTags } }, (req) =>
    acks.myAcknowledgements(services, scopeOf(req)),
  );
  r.get('/policy-notices/mine', { config: own, schema: { tags: ackTags } }, (req) =>
    myNotices(services.database, scopeOf(req)),
  );
  r.get('/policy-acknowledgements/campaigns', { config: report, schema: { tags: ackTags } }, (req) =>
    acks.listCampaigns(services, scopeOf(req)),
  );
  r.post(
    '/policy-acknowledgements/campaigns',
    { config: manage, schema: { tags: ackTags, body: c.campaignCreate } },
    async (req, reply) => {
      reply.status(201);
      return acks.startCampaign(services, scopeOf(req), req.body);
    },
  );
  r.get(
    '/policy-acknowledgements/campaigns/:id',
    { config: report, schema: { tags: ackTags, params: c.idParams } },
    (req) => acks.campaignReport(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/policy-acknowledgements/campaigns/:id/close',
    { config: manage, schema: { tags: ackTags, params: c.idParams } },
    (req) => acks.closeCampaign(services, scopeOf(req), req.params.id),
  );
  r.post(
    '/policy-acknowledgements/campaigns/:id/acknowledge',
    { config: own, schema: { tags: ackTags, params: c.idParams } },
    (req) => acks.acknowledge(services, scopeOf(req), req.params.id),
  );

  const reviewTags = ['ポリシーの見直し'];
  const readReview = { access: permission('policy_review', 'read') };
  const manageReview = { access: permission('policy_review', 'manage') };
  r.get(
    '/policy-reviews',
    { config: readReview, schema: { tags: reviewTags, querystring: c.reviewListQuery } },
    (req) => reviews.listReviews(services, scopeOf(req), req.query),
  );
  r.post(
    '/policy-reviews',
    { config: manageReview, schema: { tags: reviewTags, body: c.reviewCreate } },
    async (req, reply) => {
      reply.status(201);
      return reviews.createReview(services, scopeOf(req), req.body);
    },
  );
  // The meetings to choose from when recording a review (static path: matched before /policy-reviews/:id).
  r.get('/policy-reviews/meetings', { config: manageReview, schema: { tags: reviewTags } }, (req) =>
    reviewMeetingOptions(services, scopeOf(req)),
  );
  r.get('/policy-reviews/:id', { config: readReview, schema: { tags: reviewTags, params: c.idParams } }, (req) =>
    reviews.getReview(services, scopeOf(req), req.params.id),
  );
  const review = seen(services, reviews.assertReview);
  r.patch(
    '/policy-reviews/:id',
    {
      preValidation: review,
      config: manageReview,
      schema: { tags: reviewTags, params: c.idParams, body: c.reviewUpdate },
    },
    (req) => reviews.updateReview(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/policy-reviews/:id/complete',
    {
      preValidation: review,
      config: manageReview,
      schema: { tags: reviewTags, params: c.idParams, body: c.reviewComplete },
    },
    (req) => reviews.completeReview(services, scopeOf(req), req.params.id, req.body),
  );
  r.get(
    '/findings/policies',
    { config: { access: permission('policy_finding', 'read') }, schema: { tags: reviewTags, querystring: c.onQuery } },
    (req) => findings.policyFindings(services, scopeOf(req), req.query.on),
  );

  const excTags = ['例外措置'];
  const readExc = { access: permission('policy_exception', 'read') };
  r.get(
    '/policy-exceptions',
    { config: readExc, schema: { tags: excTags, querystring: c.exceptionListQuery } },
    (req) => exceptions.listExceptions(services, scopeOf(req), req.query),
  );
  r.post(
    '/policy-exceptions',
    {
      config: { access: permission('policy_exception', 'request') },
      schema: { tags: excTags, body: c.exceptionCreate },
    },
    async (req, reply) => {
      reply.status(201);
      return exceptions.requestException(services, scopeOf(req), req.body);
    },
  );
  r.get('/policy-exceptions/:id', { config: readExc, schema: { tags: excTags, params: c.idParams } }, (req) =>
    exceptions.getException(services, scopeOf(req), req.params.id),
  );
  const exception = seen(services, exceptions.assertException);
  r.post(
    '/policy-exceptions/:id/decision',
    {
      preValidation: exception,
      config: { access: permission('policy_exception', 'decide') },
      schema: { tags: excTags, params: c.idParams, body: c.exceptionDecision },
    },
    (req) => exceptions.decideException(services, scopeOf(req), req.params.id, req.body),
  );
  r.post(
    '/policy-exceptions/:id/reviews',
    {
      preValidation: exception,
      config: { access: permission('policy_exception', 'review') },
      schema: { tags: excTags, params: c.idParams, body: c.exceptionReview },
    },
    async (req, reply) => {
      reply.status(201);
      return exceptions.reviewException(services, scopeOf(req), req.params.id, req.body);
    },
  );
  r.post(
    '/policy-exceptions/:id/withdraw',
    { config: { access: permission('policy_exception', 'withdraw') }, schema: { tags: excTags, params: c.idParams } },
    (req) => exceptions.withdrawException(services, scopeOf(req), req.params.id),
  );
}
