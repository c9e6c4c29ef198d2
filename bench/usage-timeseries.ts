/**
 * GET /usage/timeseries on 1,000,000 usage rows: how long the console's charts wait.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:usage
 *
 * Creates a scratch database on the DATABASE_URL server (dropped at the end), starts the
 * compiled gateway on it (which migrates it), writes BENCH_USAGE_ROWS rows (1,000,000) spread
 * over the last 30 days with one INSERT … SELECT FROM generate_series (the rollup triggers run
 * as for any insert), then times each query over HTTP: BENCH_USAGE_RUNS runs (7) after one
 * warm-up, and prints the median, min and max. Exits 1 when a median is over 300 ms.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { stopAll } from './children';
import { GatewayHandle, startGateway } from './gateway';

const ROOT = resolve(__dirname, '..', '..');
const BUDGET_MS = 300;
const DAY_MS = 86_400_000;

/** 20 keys, 8 models on 4 providers, half streamed, ~7 % errors, latencies 50 ms–8 s. */
const GENERATE_SQL = `
INSERT INTO usage_records (created_at, request_id, key_id, key_name, model, provider,
  upstream_model, endpoint, stream, status, error_code, prompt_tokens, completion_tokens,
  cached_tokens, latency_ms, ttft_ms, attempts, attempt_log, stream_cut, cost_usd)
SELECT
  $2::timestamptz - (n::float8 / $1) * interval '30 days',
  'bench-' || n,
  ('00000000-0000-0000-0000-' || lpad((n % 20 + 1)::text, 12, '0'))::uuid,
  'key-' || (n % 20),
  'model-' || (n % 8),
  'provider-' || (n % 4),
  'upstream-' || (n % 8),
  '/v1/chat/completions',
  n % 2 = 0,
  CASE WHEN n % 20 = 0 THEN 429 WHEN n % 53 = 0 THEN 502 ELSE 200 END,
  CASE WHEN n % 20 = 0 THEN 'rate_limited' WHEN n % 53 = 0 THEN 'upstream_error' END,
  100 + (n * 7919) % 4000,
  20 + (n * 104729) % 1000,
  (n * 31) % 200,
  50 + ((n * 2654435761) % 1000003) % 8000,
  CASE WHEN n % 2 = 0 THEN 20 + ((n * 40503) % 65537) % 1500 END,
  1,
  '[{"provider":"provider-0","model":"upstream-0","status":200,"latency_ms":10}]'::jsonb,
  false,
  ((100 + (n * 7919) % 4000) * 2.5 + (20 + (n * 104729) % 1000) * 10) / 1000000
FROM generate_series(1::bigint, $1::bigint) n`;

interface Scenario {
  name: string;
  query: Record<string, string>;
}

function scenarios(now: Date): Scenario[] {
  const range = (days: number) => ({
    from: new Date(now.getTime() - days * DAY_MS).toISOString(),
    to: now.toISOString(),
  });
  return [
    { name: '30 d by day', query: { ...range(30), bucket: 'day' } },
    { name: '30 d by day, by model', query: { ...range(30), bucket: 'day', group_by: 'model' } },
    { name: '24 h by hour', query: { ...range(1), bucket: 'hour' } },
    { name: '24 h by hour, by model', query: { ...range(1), bucket: 'hour', group_by: 'model' } },
    { name: '7 d by hour, by key', query: { ...range(7), bucket: 'hour', group_by: 'key' } },
    { name: '3 h by minute', query: { ...range(0.125), bucket: 'minute' } },
  ];
}

function intSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer >= 1`);
  return value;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeQuery(gateway: GatewayHandle, s: Scenario, runs: number): Promise<number[]> {
  const url = `${gateway.baseUrl}/usage/timeseries?${new URLSearchParams(s.query).toString()}`;
  const once = async (): Promise<number> => {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${gateway.adminKey}` } });
    const body = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) throw new Error(`${s.name}: HTTP ${res.status} ${body.slice(0, 300)}`);
    return ms;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return times;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('set DATABASE_URL to a Postgres server: a scratch database is made there');
  }
  const rows = intSetting('BENCH_USAGE_ROWS', 1_000_000);
  const runs = intSetting('BENCH_USAGE_RUNS', 7);
  const log = (line: string) => process.stderr.write(`bench:usage: ${line}\n`);
  const name = `switchboard_bench_usage_${randomBytes(4).toString('hex')}`;
  const server = new Client({ connectionString: serverUrl });
  await server.connect();
  await server.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let gateway: GatewayHandle | undefined;
  try {
    log(`scratch database ${name}; starting the gateway`);
    gateway = await startGateway({
      root: ROOT,
      databaseUrl: url.toString(),
      secret: undefined,
      dataDir: undefined,
      readyTimeoutMs: 180_000,
    });
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    const now = new Date();
    let started = performance.now();
    await db.query(GENERATE_SQL, [rows, now]);
    log(`${rows} rows written in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await db.query('VACUUM ANALYZE usage_records');
    await db.query('VACUUM ANALYZE usage_rollups');
    log(`vacuum analyze: ${Math.round(performance.now() - started)} ms`);
    await db.end();

    const lines = [`GET /usage/timeseries, ${rows} rows, median of ${runs} runs (ms):`];
    let over = false;
    for (const s of scenarios(now)) {
      const times = await timeQuery(gateway, s, runs);
      const m = median(times);
      over ||= m > BUDGET_MS && /^(30 d|24 h)/.test(s.name);
      lines.push(
        `  ${s.name.padEnd(24)} median ${m.toFixed(1).padStart(7)}   min ${Math.min(...times)
          .toFixed(1)
          .padStart(7)}   max ${Math.max(...times)
          .toFixed(1)
          .padStart(7)}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (over) {
      process.stdout.write(`a 30 d / 24 h median is over the budget of ${BUDGET_MS} ms\n`);
      process.exitCode = 1;
    }
  } finally {
    await stopAll(15_000);
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:usage: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
