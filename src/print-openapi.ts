import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './common/openapi-document';
import { parseEnv } from './config/env';

/**
 * Print the OpenAPI document (the one served at /docs-json) without a database: the app is
 * created, never initialised, so nothing connects. `npm run api:types` feeds it to
 * openapi-typescript for the web console.
 */
async function main(): Promise<void> {
  const env = parseEnv({
    DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
    GATEWAY_SECRET: 'openapi-document-only-not-a-secret',
    LOG_LEVEL: 'fatal',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      ...env,
      DATABASE_URL: env.DATABASE_URL!,
      GATEWAY_SECRET: env.GATEWAY_SECRET!,
    }),
    new FastifyAdapter(),
    { logger: false, abortOnError: false },
  );
  process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  // Not initialised: closing would run shutdown hooks of providers that never started.
  process.exit(0);
}

void main();
