import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicRoute } from '../../platform/http/access.ts';
import type { Services } from '../../platform/http/services.ts';
import { setupRequest } from './contract.ts';
import { runSetup, setupNeeded } from './service.ts';

export async function setupRoutes(app: FastifyInstance, services: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['初期設定'];
  r.get('/health', { config: { access: publicRoute }, schema: { tags } }, async () => ({
    status: 'ok',
    database: services.database.dialect,
  }));
  r.get('/setup', { config: { access: publicRoute }, schema: { tags } }, async () => ({
    needed: await setupNeeded(services.database),
  }));
  r.post('/setup', { config: { access: publicRoute }, schema: { tags, body: setupRequest } }, async (req, reply) => {
    const result = await runSetup(services.database, req.body);
    reply.status(201);
    return {
      ...result,
      next: {
        ja: '作成した管理者でログインし、二要素認証を設定してください。',
        en: 'Sign in as the new administrator and set up MFA.',
      },
      ...(result.seedPolicy === 'missing'
        ? {
            seedPolicyNote: {
              ja: '基本方針の初期データ（六戸町情報セキュリティポリシー）が見つからなかったため、取り込みませんでした。基本方針はポリシー文書の画面から登録してください。',
              en: 'The seed basic policy was not found and was not imported; add the basic policy from the policy pages.',
            },
          }
        : {}),
    };
  });
}
