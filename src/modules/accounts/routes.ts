import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authOf, permission } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { idParams } from '../organisation/contract.ts';
import { accountCreate, accountListQuery, accountPasswordReset, accountUpdate } from './contract.ts';
import * as accounts from './service.ts';

export async function accountsRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['アカウント管理'];

  r.get(
    '/accounts',
    { config: { access: permission('account', 'read') }, schema: { tags, querystring: accountListQuery } },
    (req) => accounts.listAccounts(services, authOf(req).scope, req.query),
  );
  r.get(
    '/accounts/:id',
    { config: { access: permission('account', 'read') }, schema: { tags, params: idParams } },
    (req) => accounts.getAccount(services, authOf(req).scope, req.params.id),
  );
  r.post(
    '/accounts',
    { config: { access: permission('account', 'create') }, schema: { tags, body: accountCreate } },
    async (req, reply) => {
      reply.status(201);
      return accounts.createAccount(services, authOf(req).scope, req.body);
    },
  );
  r.patch(
    '/accounts/:id',
    { config: { access: permission('account', 'update') }, schema: { tags, params: idParams, body: accountUpdate } },
    (req) => accounts.updateAccount(services, authOf(req).scope, req.params.id, req.body),
  );
  r.post(
    '/accounts/:id/unlock',
    { config: { access: permission('account', 'update') }, schema: { tags, params: idParams } },
    (req) => accounts.unlockAccount(services, authOf(req).scope, req.params.id),
  );
  r.post(
    '/accounts/:id/reset-mfa',
    { config: { access: permission('account', 'update') }, schema: { tags, params: idParams } },
    (req) => accounts.resetMfa(services, authOf(req).scope, req.params.id),
  );
  r.post(
    '/accounts/:id/password',
    {
      config: { access: permission('account', 'update') },
      schema: { tags, params: idParams, body: accountPasswordReset },
    },
    async (req, reply) => {
      await accounts.resetPassword(services, authOf(req).scope, req.params.id, req.body.password);
      reply.status(204);
    },
  );
}
