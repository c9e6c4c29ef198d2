/**
 * One load-test scenario with autocannon: a warm-up run, then the measured run. Latency
 * percentiles are computed here from every successful response's exact duration (autocannon's
 * own histogram has 1 ms resolution, too coarse for a local upstream).
 */
import autocannon from 'autocannon';

export interface Scenario {
  name: string;
  /** `direct` (client → fake upstream) or `gateway` (client → gateway → fake upstream). */
  via: 'direct' | 'gateway';
  stream: boolean;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  connections: number;
  durationSec: number;
  warmupSec: number;
}

export interface ScenarioResult {
  name: string;
  via: 'direct' | 'gateway';
  stream: boolean;
  connections: number;
  durationSec: number;
  /** Responses per second, all statuses (autocannon's per-second average). */
  requestsPerSec: number;
  /** Successful (2xx) responses per second. */
  okPerSec: number;
  totalResponses: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** Non-2xx responses plus connection errors and timeouts. */
  errors: number;
  non2xx: number;
  connectionErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Growable list of durations without per-sample allocation. */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

let current: autocannon.Instance | undefined;

/** Stop the run in progress, if any (used on Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

async function fire(
  scenario: Scenario,
  connections: number,
  durationSec: number,
  onResponse?: (status: number, ms: number) => void,
): Promise<autocannon.Result> {
  const instance = autocannon({
    url: scenario.url,
    method: 'POST',
    headers: scenario.headers,
    body: scenario.body,
    connections,
    duration: durationSec,
    timeout: 30,
    title: scenario.name,
  });
  current = instance;
  if (onResponse) {
    instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  }
  try {
    return await instance;
  } finally {
    current = undefined;
  }
}

export async function runScenario(
  scenario: Scenario,
  options: LoadOptions,
): Promise<ScenarioResult> {
  if (options.warmupSec > 0) await fire(scenario, options.connections, options.warmupSec);
  const samples = new Samples();
  const result = await fire(scenario, options.connections, options.durationSec, (status, ms) => {
    if (status >= 200 && status < 300) samples.push(ms);
  });
  const sorted = samples.sorted();
  let sum = 0;
  for (const value of sorted) sum += value;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
  );
  const totalResponses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const duration = result.duration || options.durationSec;
  return {
    name: scenario.name,
    via: scenario.via,
    stream: scenario.stream,
    connections: options.connections,
    durationSec: round2(duration),
    requestsPerSec: round2(result.requests.average),
    okPerSec: round2(sorted.length / duration),
    totalResponses,
    latencyMs: {
      p50: round2(percentile(sorted, 50)),
      p90: round2(percentile(sorted, 90)),
      p99: round2(percentile(sorted, 99)),
      mean: round2(sorted.length ? sum / sorted.length : 0),
      max: round2(sorted.length ? sorted[sorted.length - 1] : 0),
    },
    // autocannon counts timeouts among its errors.
    errors: result.non2xx + result.errors,
    non2xx: result.non2xx,
    connectionErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes,
  };
}
