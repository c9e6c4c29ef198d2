import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { IncomingMessage } from 'node:http';
import pino, { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { canonicalUrl } from './common/client-paths';
import { buildOpenApiDocument } from './common/openapi-document';
import { ShuttingDownError } from './common/errors/gateway-error';
import { GatewayExceptionFilter, sendError } from './common/filters/gateway-exception.filter';
import { PinoNestLogger } from './common/logging/pino-nest-logger';
import { requestIdFor } from './common/request-id';
import type { Env } from './config/env';
import { mountDashboard } from './dashboard/dashboard';

/** The environment once start-up has settled the database and the secret. */
export type ResolvedEnv = Env & { DATABASE_URL: string; GATEWAY_SECRET: string };

export interface CreateAppOptions {
  /** Log destination; defaults to a pino logger on stdout at LOG_LEVEL. */
  logger?: Pino;
}

export function createLogger(env: Pick<Env, 'LOG_LEVEL'>): Pino {
  return pino({ level: env.LOG_LEVEL, base: { service: 'switchboard' } });
}

/**
 * Build and initialise the gateway (Nest on Fastify): routes, error handling, Swagger at
 * /docs. Configuration is loaded (admin key, GATEWAY_CONFIG import) before this resolves;
 * the caller decides where to listen. Migrations must already be applied.
 */
export async function createApp(
  env: ResolvedEnv,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const log = options.logger ?? createLogger(env);
  const adapter = new FastifyAdapter({
    loggerInstance: log,
    // One access log line per proxied request comes from RequestAccountingService instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Long streams must not be cut by Node's default request timeout.
    requestTimeout: 0,
    keepAliveTimeout: 65_000,
    // Other spellings of the client endpoints (no /v1, Gemini's v1): see client-paths.ts.
    rewriteUrl: (req: IncomingMessage) =>
      canonicalUrl(req.url ?? '/', req.method ?? 'GET', req.headers),
    // Requests during shutdown are answered below, in the client's own error format.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    logger: new PinoNestLogger(log),
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const errorLog = new PinoNestLogger(log);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // A request on a kept-alive connection while the server drains (in-flight requests finish).
    if (closing) {
      sendError(request, reply, new ShuttingDownError(), {
        bodyLimit: env.BODY_LIMIT_BYTES,
        logger: errorLog,
      });
      return;
    }
    done();
  });
  app.useGlobalFilters(new GatewayExceptionFilter(env));

  mountDashboard(fastify, env);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });

  try {
    await app.init();
  } catch (err) {
    // What did start (database pools, the LISTEN connection, timers) must not keep the process
    // alive or hold connections after a failed start.
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}
