import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { uuidv7 } from '../db/ids.ts';
import type { Database } from '../db/database.ts';
import { registerModules, permissionTable } from '../modules/index.ts';
import type { Config } from './config.ts';
import { notFound } from './errors.ts';
import { accessHook } from './http/access.ts';
import { errorHandler } from './http/error-handler.ts';
import { rejectNulCharacters } from './http/input-guard.ts';
import type { Services } from './http/services.ts';

export interface RouteInfo {
  method: string;
  url: string;
  access: import('./http/access.ts').Access | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    mamori: Services;
    apiRoutes: RouteInfo[];
  }
}

const WEB_DIST = resolve(import.meta.dirname, '../../dist/web');

/** Builds the HTTP application. Nothing listens until the caller says so; tests use inject(). */
export async function buildServer(database: Database, config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    genReqId: () => uuidv7(),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // A URL the router cannot decode, or a path parameter over the limit, answers in the API's error shape too.
    frameworkErrors: errorHandler,
  });
  const services: Services = { database, config, permissions: permissionTable() };
  app.decorate('mamori', services);
  app.decorate('apiRoutes', [] as RouteInfo[]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // Deny by default: an API route that does not say who may call it is a programming error, caught at start.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.apiRoutes.push({ method, url: route.url, access });
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https:'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Mamori API',
        version: '1',
        description: '地方公共団体の情報セキュリティポリシー運用基盤 Mamori の API',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', accessHook(services));
  app.addHook('preValidation', rejectNulCharacters);
  await registerModules(app, services);

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const spaIndex = join(WEB_DIST, 'index.html');
    if ((request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && existsSync(spaIndex)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html', WEB_DIST);
    }
    throw notFound({ ja: 'ページ', en: 'The page' });
  });
  return app;
}
