import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { migrateDeploy } from '../../src/database/migrate';
import { databaseUrl, E2eServer, exportE2eServer, ident } from './e2e-env';

/** Kept for global teardown, which runs in this same process. */
export interface SetupState {
  server: E2eServer;
  stopEmbedded?: () => Promise<void>;
  tempDir?: string;
}

const STATE_KEY = '__switchboardE2eSetup';

export function setupState(): SetupState | undefined {
  return (globalThis as Record<string, unknown>)[STATE_KEY] as SetupState | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Start an embedded Postgres on a free port; another process may take the port first: retry. */
async function startEmbedded(dataDir: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * The Postgres server for the e2e run: the one DATABASE_URL points at, or else an embedded one
 * in a fresh temporary directory on a free port (never the machine's own Postgres). On it, a
 * migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const state: Partial<SetupState> = {};
  let adminUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    adminUrl = databaseUrl(external, 'postgres');
  } else {
    const tempDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
    // As root, Postgres runs as a `postgres` user, which must be able to reach the data dir.
    await chmod(tempDir, 0o755);
    state.tempDir = tempDir;
    const embedded = await startEmbedded(join(tempDir, 'pgdata')).catch(async (err: unknown) => {
      await rm(tempDir, { recursive: true, force: true });
      throw err;
    });
    adminUrl = embedded.adminUrl;
    state.stopEmbedded = embedded.stop;
  }
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;

  const prefix = `sb_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  state.server = { adminUrl, template: `${prefix}_template`, prefix };
  try {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${ident(state.server.template)}`);
    } finally {
      await client.end();
    }
    await migrateDeploy(databaseUrl(adminUrl, state.server.template));
  } catch (err) {
    await cleanUp(state as SetupState).catch(() => undefined);
    throw err;
  }
  exportE2eServer(state.server);
}

/** Drop every database of this run (the template and whatever a crashed test left behind). */
export async function dropRunDatabases(server: E2eServer): Promise<void> {
  const client = new Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [server.prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

export async function cleanUp(state: SetupState | undefined): Promise<void> {
  if (!state) return;
  try {
    if (state.server) await dropRunDatabases(state.server);
  } finally {
    await state.stopEmbedded?.();
    if (state.tempDir) await rm(state.tempDir, { recursive: true, force: true });
  }
}
