import { randomBytes } from 'node:crypto';
import { Client, Pool, QueryResultRow } from 'pg';
import { databaseUrl, e2eServer, ident } from './e2e-env';

/** A database of its own for one test file (or one gateway), cloned from the migrated template. */
export interface TestDatabase {
  name: string;
  url: string;
  /** Run SQL against it (a small pool, opened on first use). */
  query<R extends QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<R[]>;
  /** Close the pool and drop the database, even with connections still open. */
  drop(): Promise<void>;
}

/** Run `fn` with a client on the server's maintenance database. */
export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: e2eServer().adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template, prefix } = e2eServer();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdminClient(async (client) => {
    // Two clones started at the same instant can see each other on the template; retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await sleep(100 * attempt);
      }
    }
  });
  const url = databaseUrl(adminUrl, name);
  let pool: Pool | null = null;
  return {
    name,
    url,
    async query<R extends QueryResultRow>(sql: string, params: unknown[] = []) {
      if (!pool) {
        pool = new Pool({ connectionString: url, max: 2 });
        // A test may cut the database's connections on purpose; an idle client dying is fine.
        pool.on('error', () => undefined);
      }
      return (await pool.query<R>(sql, params)).rows;
    },
    async drop() {
      await pool?.end().catch(() => undefined);
      pool = null;
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
    },
  };
}
