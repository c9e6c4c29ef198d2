import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { createApp, createLogger, ResolvedEnv } from './app.factory';
import { EnvError, loadEnv } from './config/env';
import { loadOrCreateSecret } from './config/gateway-secret';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { migrateDeploy } from './database/migrate';

/**
 * Start-up: validate the environment, start the embedded Postgres when no DATABASE_URL is
 * given, apply migrations, build the app, listen. SIGTERM/SIGINT close the HTTP server (in-flight
 * requests finish), flush usage, then stop the embedded database.
 */
async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`switchboard: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(env);
  const logger = new Logger('Main');

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const pgLog = log.child({ context: 'EmbeddedPostgres' });
    embedded = await startEmbeddedPostgres({
      dataDir: join(env.DATA_DIR, 'postgres'),
      port: env.EMBEDDED_PG_PORT,
      database: 'switchboard',
      log: (line) => pgLog.debug(line),
    });
    databaseUrl = embedded.url;
    log.info(
      `embedded Postgres running on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${env.DATA_DIR}/postgres)`,
    );
  }
  const secret = env.GATEWAY_SECRET ?? (await loadOrCreateSecret(env.DATA_DIR));
  const resolved: ResolvedEnv = { ...env, DATABASE_URL: databaseUrl, GATEWAY_SECRET: secret };

  let app;
  try {
    const migrated = await migrateDeploy(databaseUrl);
    log.debug({ output: migrated }, 'migrations applied');
    app = await createApp(resolved, { logger: log });
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (err) {
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  log.info(
    `Switchboard listening on http://${env.HOST}:${env.PORT} (web console at /dashboard, Swagger UI at /docs)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: draining requests and flushing usage`);
    const force = setTimeout(() => {
      log.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await app.close();
      await embedded?.stop();
    } catch (err) {
      logger.error(`shutdown failed: ${String(err)}`);
      process.exitCode = 1;
    }
    log.flush();
    process.exit();
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(async (err: unknown) => {
  process.stderr.write(
    `switchboard: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
