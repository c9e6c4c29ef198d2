/**
 * Gateway benchmark: how much latency and throughput the gateway costs over calling the upstream
 * directly, and how much memory it uses under load.
 *
 *   npm run bench                      (builds, then runs this)
 *   BENCH_CONNECTIONS=64 BENCH_DURATION=20 npm run bench
 *
 * Starts a fake OpenAI upstream and the compiled gateway as child processes (the gateway on an
 * embedded Postgres in a temporary directory, or on DATABASE_URL when set), then runs autocannon
 * against four scenarios: non-stream and stream, each direct to the upstream and through the
 * gateway. Prints a table and writes the same numbers to bench/results/<timestamp>.json.
 *
 * Settings (environment): BENCH_CONNECTIONS (32), BENCH_DURATION seconds per scenario (10),
 * BENCH_WARMUP seconds before each (2), BENCH_STARTUP_TIMEOUT seconds for the gateway to become
 * ready (180), BENCH_GATEWAY_NODE_ARGS extra Node options for the gateway process (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Child, firstMessage, forkScript, killAllNow, stopAll } from './children';
import {
  BENCH_MODEL,
  BENCH_QUOTA_MODEL,
  BENCH_ROUTED_MODEL,
  checkOnce,
  configureGateway,
  GatewayHandle,
  logTail,
  makeDataDir,
  removeDataDir,
  startGateway,
  unconfigureGateway,
  UPSTREAM_MODEL,
} from './gateway';
import { LoadOptions, runScenario, Scenario, ScenarioResult, stopLoad } from './load';
import { MemorySampler } from './memory';
import { BenchReport, formatReport, overhead, writeReport } from './report';

/** The repository root (this file runs as dist-bench/bench/run.js). */
const ROOT = resolve(__dirname, '..', '..');
const STOP_GRACE_MS = 15_000;

function intSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  }
  return value;
}

function scenarios(
  upstream: string,
  gateway: string,
  userKey: string,
  limitedKey: string,
): Scenario[] {
  const messages = [{ role: 'user', content: 'hello' }];
  const json = { 'content-type': 'application/json' };
  const direct = { ...json, authorization: 'Bearer sk-bench-fake-upstream' };
  const viaGateway = { ...json, authorization: `Bearer ${userKey}` };
  const upstreamUrl = `${upstream}/v1/chat/completions`;
  const gatewayUrl = `${gateway}/v1/chat/completions`;
  return [
    {
      name: 'non-stream direct',
      via: 'direct',
      stream: false,
      url: upstreamUrl,
      headers: direct,
      body: JSON.stringify({ model: UPSTREAM_MODEL, messages, stream: false }),
    },
    {
      name: 'non-stream gateway',
      via: 'gateway',
      stream: false,
      url: gatewayUrl,
      headers: viaGateway,
      body: JSON.stringify({ model: BENCH_MODEL, messages, stream: false }),
    },
    {
      // The gateway asks the upstream for the usage chunk; ask for it here too, so the upstream
      // does the same work in both stream scenarios.
      name: 'stream direct',
      via: 'direct',
      stream: true,
      url: upstreamUrl,
      headers: direct,
      body: JSON.stringify({
        model: UPSTREAM_MODEL,
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    },
    {
      name: 'stream gateway',
      via: 'gateway',
      stream: true,
      url: gatewayUrl,
      headers: viaGateway,
      body: JSON.stringify({ model: BENCH_MODEL, messages, stream: true }),
    },
    {
      // A model with a TokenCount rule, context windows and the latency strategy: every request
      // is parsed, tokenized, filtered and scored (compare with 'non-stream gateway').
      name: 'non-stream gateway, routed',
      via: 'gateway',
      stream: false,
      url: gatewayUrl,
      headers: viaGateway,
      body: JSON.stringify({ model: BENCH_ROUTED_MODEL, messages, stream: false }),
    },
    {
      // A target quota alone: leased, so most requests reserve without a round trip.
      name: 'non-stream gateway, target quota',
      via: 'gateway',
      stream: false,
      url: gatewayUrl,
      headers: viaGateway,
      body: JSON.stringify({ model: BENCH_QUOTA_MODEL, messages, stream: false }),
    },
    {
      // A target quota and a key with rpm, tpm and a budget, every request on that one key: all
      // three leased (the window's slices last at most a second, so at least one trip a second).
      name: 'non-stream gateway, quotas',
      via: 'gateway',
      stream: false,
      url: gatewayUrl,
      headers: { ...json, authorization: `Bearer ${limitedKey}` },
      body: JSON.stringify({ model: BENCH_QUOTA_MODEL, messages, stream: false }),
    },
  ];
}

let cleanupStarted: Promise<void> | undefined;
/** Temporary DATA_DIR of the embedded Postgres, if one was made. */
let dataDir: string | undefined;

/** Stop children and remove the temporary data directory; safe to call more than once. */
function cleanup(): Promise<void> {
  cleanupStarted ??= (async () => {
    stopLoad();
    await stopAll(STOP_GRACE_MS);
    await removeDataDir(dataDir).catch((err: unknown) => {
      process.stderr.write(`bench: could not remove ${dataDir}: ${String(err)}\n`);
    });
  })();
  return cleanupStarted;
}

async function bench(): Promise<void> {
  const connections = intSetting('BENCH_CONNECTIONS', 32, 1);
  const load: LoadOptions = {
    connections,
    durationSec: intSetting('BENCH_DURATION', 10, 1),
    warmupSec: intSetting('BENCH_WARMUP', 2, 0),
  };
  const startupTimeoutMs = intSetting('BENCH_STARTUP_TIMEOUT', 180, 1) * 1000;

  // Hard bound on the whole run, whatever hangs.
  const budgetMs = startupTimeoutMs + 7 * (load.durationSec + load.warmupSec + 60) * 1000 + 30_000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: exceeded the time budget of ${budgetMs / 1000} s; stopping\n`);
    void cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

  log('starting the fake upstream');
  const upstream: Child = forkScript('upstream', join(__dirname, 'fake-upstream.js'), {
    ...process.env,
    NODE_ENV: 'production',
  });
  const { port: upstreamPort } = await firstMessage<{ port: number }>(upstream, 10_000);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;

  const databaseUrl = process.env.DATABASE_URL || undefined;
  log(
    `starting the gateway (${databaseUrl ? 'DATABASE_URL' : 'embedded Postgres in a temporary directory'})`,
  );
  if (!databaseUrl) dataDir = await makeDataDir();
  const gateway: GatewayHandle = await startGateway({
    root: ROOT,
    databaseUrl,
    secret: process.env.GATEWAY_SECRET || undefined,
    dataDir,
    readyTimeoutMs: startupTimeoutMs,
  });
  log(`gateway ready at ${gateway.baseUrl} (pid ${gateway.pid}); configuring`);
  const { userKey, limitedKey, keyName } = await configureGateway(gateway, upstreamUrl);

  const list = scenarios(upstreamUrl, gateway.baseUrl, userKey, limitedKey);

  const sampler = new MemorySampler(gateway.pid, 200);
  sampler.begin();
  const results: ScenarioResult[] = [];
  const peakByScenario: Record<string, number | null> = {};
  for (const s of list) {
    // Checked just before its own load: the routed scenario loads the tokenizer, whose tables
    // would otherwise weigh on the scenarios before it.
    await checkOnce(s.name, s.url, s.headers, s.body, s.stream).catch((err: Error) => {
      throw new Error(err.message + (s.via === 'gateway' ? logTail(gateway.child) : ''));
    });
    log(
      `${s.name}: ${load.warmupSec} s warm-up + ${load.durationSec} s at ${connections} connections`,
    );
    sampler.mark();
    const result = await runScenario(s, load);
    peakByScenario[s.name] = sampler.mark();
    results.push(result);
    log(
      `${s.name}: ${result.requestsPerSec} req/s, p50 ${result.latencyMs.p50} ms, ` +
        `p99 ${result.latencyMs.p99} ms, ${result.errors} errors`,
    );
  }
  const memory = sampler.stop();

  if (gateway.database === 'external') {
    await unconfigureGateway(gateway, keyName).catch((err: unknown) =>
      log(`could not remove the benchmark configuration: ${String(err)}`),
    );
  }

  const find = (via: string, stream: boolean) =>
    results.find((r) => r.via === via && r.stream === stream);
  const cpuList = cpus();
  const report: BenchReport = {
    timestamp: new Date().toISOString(),
    settings: {
      connections,
      durationSec: load.durationSec,
      warmupSec: load.warmupSec,
      database: gateway.database,
    },
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    },
    scenarios: results,
    gateway: {
      overhead: {
        nonStream: overhead(find('direct', false), find('gateway', false)),
        stream: overhead(find('direct', true), find('gateway', true)),
      },
      memory: { ...memory, peakSampledRssMbByScenario: peakByScenario },
    },
  };
  const file = await writeReport(join(ROOT, 'bench', 'results'), report);
  process.stdout.write(`\n${formatReport(report)}\nresults: ${file}\n`);
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(`\nbench: ${signal}; stopping\n`);
  void cleanup().finally(() => process.exit(130));
}

process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
// Whatever happens, no child outlives this process.
process.on('exit', killAllNow);

bench()
  .catch((err: unknown) => {
    process.stderr.write(`bench: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup())
  // Exit now rather than wait for idle keep-alive sockets to time out.
  .finally(() => process.exit());
