import { Subject } from 'rxjs';
import { parseEnv } from '../../config/env';
import { MetricsService } from '../../metrics/metrics.service';
import type { ConfigSnapshotService } from '../../providers/config-snapshot.service';
import type {
  ConfigSnapshot,
  ModelRuntime,
  ProviderRuntime,
  TargetRuntime,
} from '../../providers/snapshot.types';
import { providerOf, targetOf } from '../__fixtures__/runtime';
import { TargetHealthService } from './target-health.service';

function provider(id: string, extra: Partial<ProviderRuntime> = {}): ProviderRuntime {
  return providerOf(id, {
    baseUrl: `http://${id}.invalid/v1`,
    timeoutMs: 1000,
    retries: 0,
    ...extra,
  });
}

function target(p: ProviderRuntime, upstreamModel: string): TargetRuntime {
  return targetOf(`${p.id}-${upstreamModel}`, { provider: p, upstreamModel, priority: 0 });
}

function snapshotOf(models: Record<string, TargetRuntime[]>): ConfigSnapshot {
  const providers = new Map<string, ProviderRuntime>();
  const modelMap = new Map<string, ModelRuntime>();
  for (const [name, targets] of Object.entries(models)) {
    for (const t of targets) providers.set(t.provider.id, t.provider);
    modelMap.set(name, {
      name,
      strategy: 'priority',
      sticky: false,
      unsupportedTools: 'drop',
      targets,
      rules: [],
    });
  }
  return {
    version: 1,
    loadedAt: new Date(0),
    providers,
    models: modelMap,
    modelGlobs: [],
    keysByHash: new Map(),
    globalRules: [],
  };
}

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const breaker = { failure_threshold: 2, error_rate: 0.5, min_requests: 20, cooldown_ms: 10_000 };

describe('TargetHealthService', () => {
  let changes: Subject<ConfigSnapshot>;
  let metrics: MetricsService;
  let health: TargetHealthService;
  const a = provider('a', { circuitBreaker: breaker });
  const ta = target(a, 'gpt-a');

  beforeEach(() => {
    changes = new Subject();
    metrics = new MetricsService();
    metrics.circuitState.reset();
    metrics.circuitOpenings.reset();
    const snapshot = { changes$: changes.asObservable() } as unknown as ConfigSnapshotService;
    health = new TargetHealthService(parseEnv({}), metrics, snapshot);
  });

  /** One attempt: begin, then the outcome. */
  function fail(t: TargetRuntime, now: number, error = 'HTTP 500') {
    expect(health.begin(t, now)).toBe(true);
    health.failed(t, error, 100, now);
  }

  async function gauge(p: string, model: string): Promise<number | undefined> {
    const { values } = await metrics.circuitState.get();
    return values.find((v) => v.labels.provider === p && v.labels.model === model)?.value;
  }

  it('an unknown target is usable, idle and closed', () => {
    expect(health.availability(ta, T0)).toEqual({ usable: true, state: 'closed' });
    expect(health.stats(ta)).toEqual({ inFlight: 0, latencyMs: undefined, errorRate: 0 });
    expect(health.view(ta, T0)).toMatchObject({
      provider: 'a',
      model: 'gpt-a',
      circuit: 'closed',
      latency_ms: null,
      requests: 0,
      health_check: null,
    });
  });

  it('counts in-flight attempts, each outcome ending one', () => {
    health.begin(ta, T0);
    health.begin(ta, T0);
    health.begin(ta, T0);
    expect(health.stats(ta).inFlight).toBe(3);
    health.succeeded(ta, 10, T0);
    health.released(ta);
    expect(health.stats(ta).inFlight).toBe(1);
    health.rateLimited(ta, undefined, 5, T0);
    expect(health.stats(ta).inFlight).toBe(0);
    health.released(ta); // one too many: never negative
    expect(health.stats(ta).inFlight).toBe(0);
  });

  it('holds a started stream in flight until it ends, releasing once', () => {
    health.begin(ta, T0);
    health.succeeded(ta, 50, T0);
    const release = health.holdStream(ta);
    expect(health.stats(ta).inFlight).toBe(1);
    release();
    release();
    expect(health.stats(ta).inFlight).toBe(0);
  });

  it('keeps latency as an EWMA (alpha 0.2), seeded by the first attempt', () => {
    health.begin(ta, T0);
    health.succeeded(ta, 100, T0);
    expect(health.stats(ta).latencyMs).toBe(100);
    health.begin(ta, T0);
    health.succeeded(ta, 200, T0);
    expect(health.stats(ta).latencyMs).toBeCloseTo(120, 10);
    health.begin(ta, T0);
    health.failed(ta, 'HTTP 500', 20, T0);
    expect(health.stats(ta).latencyMs).toBeCloseTo(100, 10);
    expect(health.stats(ta).errorRate).toBeCloseTo(0.1, 10);
    expect(health.view(ta, T0)).toMatchObject({ latency_ms: 100, requests: 3, failures: 1 });
  });

  describe('circuit', () => {
    it('opens after consecutive failures and says until when', async () => {
      fail(ta, T0);
      fail(ta, T0, 'connection refused');
      const availability = health.availability(ta, T0 + 1);
      expect(availability).toEqual({
        usable: false,
        reason: 'circuit open until 2030-01-01T00:00:10.000Z',
      });
      expect(health.begin(ta, T0 + 1)).toBe(false);
      expect(health.stats(ta).inFlight).toBe(0);
      expect(health.view(ta, T0 + 1)).toMatchObject({
        circuit: 'open',
        retry_at: '2030-01-01T00:00:10.000Z',
        consecutive_failures: 2,
        last_error: { message: 'connection refused', at: '2030-01-01T00:00:00.000Z' },
      });
      expect(await gauge('a', 'gpt-a')).toBe(2);
      const openings = await metrics.circuitOpenings.get();
      expect(openings.values.find((v) => v.labels.provider === 'a')?.value).toBe(1);
    });

    it('after the cooldown lets one probe go; its success closes the circuit', async () => {
      fail(ta, T0);
      fail(ta, T0);
      const later = T0 + 10_000;
      expect(health.availability(ta, later)).toEqual({ usable: true, state: 'half_open' });
      expect(await gauge('a', 'gpt-a')).toBe(1);
      expect(health.begin(ta, later)).toBe(true);
      expect(health.availability(ta, later)).toEqual({
        usable: false,
        reason: 'circuit half-open, probe in flight',
      });
      expect(health.begin(ta, later)).toBe(false);
      expect(health.stats(ta).inFlight).toBe(1);
      health.succeeded(ta, 50, later + 50);
      expect(health.availability(ta, later + 50)).toEqual({ usable: true, state: 'closed' });
      expect(health.view(ta, later + 50)).toMatchObject({ circuit: 'closed', error_rate: 0 });
      expect(await gauge('a', 'gpt-a')).toBe(0);
    });

    it('a failed probe opens it for another cooldown', () => {
      fail(ta, T0);
      fail(ta, T0);
      const later = T0 + 10_000;
      fail(ta, later);
      expect(health.availability(ta, later + 1)).toEqual({
        usable: false,
        reason: 'circuit open until 2030-01-01T00:00:20.000Z',
      });
    });

    it('a released probe (client abort) lets the next one go', () => {
      fail(ta, T0);
      fail(ta, T0);
      const later = T0 + 10_000;
      expect(health.begin(ta, later)).toBe(true);
      health.released(ta);
      expect(health.begin(ta, later)).toBe(true);
    });

    it('uses the CIRCUIT_* defaults for a provider without circuit_breaker', () => {
      const b = provider('b');
      const tb = target(b, 'm');
      for (let i = 0; i < 4; i++) fail(tb, T0);
      expect(health.availability(tb, T0).usable).toBe(true);
      fail(tb, T0); // the 5th (CIRCUIT_FAILURE_THRESHOLD)
      expect(health.availability(tb, T0).usable).toBe(false);
      expect(health.availability(tb, T0 + 29_999).usable).toBe(false);
      expect(health.availability(tb, T0 + 30_000)).toEqual({ usable: true, state: 'half_open' });
    });

    it('is kept per upstream: another upstream model of the same provider is unaffected', () => {
      fail(ta, T0);
      fail(ta, T0);
      expect(health.availability(target(a, 'gpt-b'), T0).usable).toBe(true);
      // A second target row for the same upstream shares the state.
      expect(health.availability({ ...target(a, 'gpt-a'), id: 'other' }, T0).usable).toBe(false);
    });
  });

  describe('rate limits (429)', () => {
    it('cools the target down until Retry-After without touching the circuit', () => {
      // Five concurrent attempts, all answered 429 (more than failure_threshold).
      for (let i = 0; i < 5; i++) expect(health.begin(ta, T0)).toBe(true);
      for (let i = 0; i < 5; i++) health.rateLimited(ta, 2000, 10, T0);
      expect(health.availability(ta, T0 + 1999)).toEqual({
        usable: false,
        reason: 'rate limited until 2030-01-01T00:00:02.000Z',
      });
      expect(health.begin(ta, T0 + 1999)).toBe(false);
      expect(health.availability(ta, T0 + 2000)).toEqual({ usable: true, state: 'closed' });
      expect(health.stats(ta).errorRate).toBe(0);
      expect(health.view(ta, T0)).toMatchObject({
        circuit: 'closed',
        cooldown_until: '2030-01-01T00:00:02.000Z',
        failures: 5,
        last_error: { message: 'rate limited (429)' },
      });
    });

    it('defaults to 1 s without Retry-After and caps it at 60 s', () => {
      health.begin(ta, T0);
      health.rateLimited(ta, undefined, 10, T0);
      expect(health.rateLimitedFor([ta], T0)).toBe(1000);
      health.begin(ta, T0 + 1000);
      health.rateLimited(ta, 3_600_000, 10, T0 + 1000);
      expect(health.rateLimitedFor([ta], T0 + 1000)).toBe(60_000);
    });

    it('rateLimitedFor gives the soonest cool-down among the targets, or undefined', () => {
      const tb = target(a, 'gpt-b');
      expect(health.rateLimitedFor([ta, tb], T0)).toBeUndefined();
      health.begin(ta, T0);
      health.rateLimited(ta, 5000, 10, T0);
      health.begin(tb, T0);
      health.rateLimited(tb, 3000, 10, T0);
      expect(health.rateLimitedFor([ta, tb], T0 + 1000)).toBe(2000);
    });

    it('a 429 to the half-open probe frees the probe slot', () => {
      fail(ta, T0);
      fail(ta, T0);
      const later = T0 + 10_000;
      expect(health.begin(ta, later)).toBe(true);
      health.rateLimited(ta, 0, 10, later);
      expect(health.availability(ta, later)).toEqual({ usable: true, state: 'half_open' });
    });
  });

  describe('active health checks', () => {
    it('a failing check makes every target of the provider unusable until it passes', () => {
      health.providerChecked('a', false, 'HTTP 503', T0);
      const expected = { usable: false, reason: 'health check failing: HTTP 503' };
      expect(health.availability(ta, T0)).toEqual(expected);
      expect(health.availability(target(a, 'gpt-b'), T0)).toEqual(expected);
      expect(health.begin(ta, T0)).toBe(false);
      expect(health.view(ta, T0).health_check).toEqual({
        ok: false,
        checked_at: '2030-01-01T00:00:00.000Z',
        error: 'HTTP 503',
      });
      health.providerChecked('a', true, undefined, T0 + 1);
      expect(health.availability(ta, T0 + 1)).toEqual({ usable: true, state: 'closed' });
      expect(health.providerCheck('a')).toEqual({
        ok: true,
        checked_at: '2030-01-01T00:00:00.001Z',
        error: null,
      });
    });

    it('the health check reason wins over the others', () => {
      fail(ta, T0);
      fail(ta, T0);
      health.providerChecked('a', false, 'timeout after 500 ms', T0);
      expect(health.availability(ta, T0)).toMatchObject({
        reason: 'health check failing: timeout after 500 ms',
      });
    });
  });

  describe('pruning', () => {
    it('forgets upstreams and health checks the configuration no longer has', async () => {
      const checked = provider('c', {
        healthCheck: { path: '/models', interval_ms: 1000, timeout_ms: 100 },
      });
      const tc = target(checked, 'gpt-c');
      const kept = target(a, 'gpt-kept');
      fail(ta, T0);
      fail(ta, T0);
      health.begin(kept, T0);
      health.begin(tc, T0);
      health.providerChecked('c', false, 'HTTP 500', T0);
      expect(health.size).toBe(3);

      changes.next(snapshotOf({ m: [kept, tc] }));
      expect(health.size).toBe(2);
      expect(health.availability(ta, T0).usable).toBe(true); // state forgotten
      expect(await gauge('a', 'gpt-a')).toBeUndefined();
      expect(health.stats(kept).inFlight).toBe(1);
      expect(health.providerCheck('c')).not.toBeNull();

      // The health check is dropped from the configuration: its last result goes too.
      const unchecked = { ...tc, provider: { ...checked, healthCheck: undefined } };
      changes.next(snapshotOf({ m: [kept, unchecked] }));
      expect(health.providerCheck('c')).toBeNull();
      expect(health.availability(unchecked, T0).usable).toBe(true);

      changes.next(snapshotOf({}));
      expect(health.size).toBe(0);
      // An outcome for a forgotten upstream is ignored (it does not bring the state back).
      health.succeeded(kept, 10, T0);
      expect(health.size).toBe(0);
    });
  });
});
