import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { assessmentRoutes } from '../assessment/routes.ts';
import { accountRoutes } from '../org/account-routes.ts';
import { dutiesRoutes } from '../duties/routes.ts';
import { supervisionRoutes } from '../duties/supervision-routes.ts';
import { webhookRoutes } from '../media/webhook-routes.ts';
import { notificationRoutes } from '../notify/routes.ts';
import { orgRoutes } from '../org/routes.ts';
import { installCeilingGuard } from '../security/ceiling.ts';
import { knowableMemberRoutes } from '../security/knowable-routes.ts';
import { securityRoutes } from '../security/routes.ts';
import { secrecyRecordsRoutes } from '../secrecy/records-routes.ts';
import { secrecyReviewRoutes } from '../secrecy/routes.ts';
import { releaseRoutes } from '../study/release-routes.ts';
import { mediaRoutes } from '../media/routes.ts';
import { publicRoutes } from '../media/public.ts';
import { studyRoutes } from '../study/routes.ts';
import { redactFeedSecret } from '../study/calendar.ts';
import { installAuthentication } from './auth.ts';
import { errorBody, frameworkError, installErrorHandling, MAX_PARAM_LENGTH } from './errors.ts';
import { installResponseHeaders } from './headers.ts';
import { installInputChecks } from './input.ts';
import { RequestLogController } from './request-log.ts';

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'dist', 'web');

export interface ServerOptions {
  /** Serve the built browser app from this folder when it exists. */
  webDir?: string;
  /** Where log lines go (tests capture them); standard output otherwise. */
  logStream?: { write(line: string): void };
}

export async function buildServer(ctx: Context, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: ctx.settings.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Fastify's own request fields, with the secret of a calendar feed address taken out.
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, url: redactFeedSecret(req.url), version: req.headers['accept-version'], host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) as Record<string, unknown>,
      },
      ...(options.logStream && { stream: options.logStream }),
    },
    logController: new RequestLogController(),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: ctx.settings.trustProxy ?? false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A malformed or over-long address answers in the one error shape too.
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputChecks(app);
  installResponseHeaders(app, ctx.settings);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Remit API', version: '0.1.0', description: 'Study sessions, accountable tasks and secrecy work. Errors: { error: { code, message, params, details } }: message in the language of Accept-Language (Chinese unless English is preferred), params for clients that word the code themselves.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'remit_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installAuthentication(app, ctx);
  installCeilingGuard(app, ctx.settings.ceiling);

  app.get('/api/health', { schema: { tags: ['meta'], summary: 'Liveness and database check' } }, async () => {
    await ctx.database.db.selectFrom('users').select('id').limit(1).execute();
    return { ok: true, dialect: ctx.database.dialect };
  });
  securityRoutes(app, ctx);
  knowableMemberRoutes(app, ctx);
  accountRoutes(app, ctx);
  orgRoutes(app, ctx);
  studyRoutes(app, ctx);
  releaseRoutes(app, ctx);
  secrecyReviewRoutes(app, ctx);
  secrecyRecordsRoutes(app, ctx);
  notificationRoutes(app, ctx);
  webhookRoutes(app, ctx);
  assessmentRoutes(app, ctx);
  supervisionRoutes(app, ctx);
  dutiesRoutes(app, ctx);
  mediaRoutes(app, ctx);
  publicRoutes(app, ctx);

  const webDir = options.webDir ?? WEB_DIST;
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply.status(404).send(errorBody(request, 'not_found', 'no_such_address', { method: request.method, path: request.url.split('?')[0] }));
    }
    // The browser app routes on the client: every other page address gets its shell.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
