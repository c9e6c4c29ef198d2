import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { ENV } from '../../config/config.tokens';
import type { Env } from '../../config/env';
import { MetricsService } from '../../metrics/metrics.service';
import { ConfigSnapshotService } from '../../providers/config-snapshot.service';
import type {
  CircuitBreakerConfig,
  ConfigSnapshot,
  TargetRuntime,
} from '../../providers/snapshot.types';
import {
  Availability,
  CircuitState,
  TargetHealthView,
  TargetStats,
  targetKey,
} from '../routing.types';
import { CircuitBreaker, CircuitTransition } from './circuit-breaker';

/** Weight of the newest attempt in the latency EWMA. */
export const LATENCY_ALPHA = 0.2;
/** A 429 without Retry-After cools the target down this long. */
export const DEFAULT_RATE_LIMIT_MS = 1000;
/** Longest cool-down a Retry-After can impose (a bigger one is capped). */
export const MAX_RATE_LIMIT_MS = 60_000;

const CIRCUIT_GAUGE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

type TargetRef = Pick<TargetRuntime, 'provider' | 'upstreamModel'>;

interface TargetState {
  readonly provider: string;
  readonly model: string;
  readonly circuit: CircuitBreaker;
  inFlight: number;
  latencyMs: number | undefined;
  requests: number;
  failures: number;
  lastError: { message: string; at: number } | null;
  /** Rate-limited (429) until this time (ms epoch); 0 when never. */
  cooldownUntil: number;
  /** The circuit state last written to the gauge. */
  reported: CircuitState;
}

interface ProviderCheck {
  ok: boolean;
  at: number;
  error: string | null;
}

const IDLE: TargetStats = Object.freeze({ inFlight: 0, latencyMs: undefined, errorRate: 0 });
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What this instance has seen of each upstream (provider + upstream model, see `targetKey`):
 * latency and error-rate EWMAs, in-flight requests, the circuit breaker, a rate-limit cool-down,
 * and per provider the last active health check. Instance-local by design: it reflects what this
 * instance can reach.
 *
 * The dispatcher calls `begin` before each upstream attempt and exactly one of `succeeded`,
 * `failed`, `rateLimited` or `released` after it. A 429 is not a failure for the circuit or the
 * error rate: the provider is up but busy, so the target cools down until its Retry-After
 * instead (it still counts in `failures` and `last_error`).
 *
 * Memory is bounded by the configuration: on every snapshot change, states of upstreams and
 * health checks of providers that are no longer configured are forgotten.
 */
@Injectable()
export class TargetHealthService implements OnApplicationShutdown {
  private readonly targets = new Map<string, TargetState>();
  private readonly checks = new Map<string, ProviderCheck>();
  private readonly defaults: CircuitBreakerConfig;
  private readonly subscription: Subscription;

  constructor(
    @Inject(ENV) env: Env,
    private readonly metrics: MetricsService,
    snapshot: ConfigSnapshotService,
  ) {
    this.defaults = {
      failure_threshold: env.CIRCUIT_FAILURE_THRESHOLD,
      error_rate: env.CIRCUIT_ERROR_RATE,
      min_requests: env.CIRCUIT_MIN_REQUESTS,
      cooldown_ms: env.CIRCUIT_COOLDOWN_MS,
    };
    this.subscription = snapshot.changes$.subscribe((s) => this.prune(s));
  }

  availability(target: TargetRuntime, now = Date.now()): Availability {
    const check = this.checks.get(target.provider.id);
    if (check && !check.ok) {
      return { usable: false, reason: `health check failing: ${check.error ?? 'unknown error'}` };
    }
    const state = this.targets.get(targetKey(target));
    if (!state) return { usable: true, state: 'closed' };
    if (state.cooldownUntil > now) {
      return { usable: false, reason: `rate limited until ${iso(state.cooldownUntil)}` };
    }
    const circuit = this.observe(state, target, now);
    if (circuit === 'open') {
      return { usable: false, reason: `circuit open until ${iso(state.circuit.retryAt(now)!)}` };
    }
    if (circuit === 'half_open' && state.circuit.probeTaken(now)) {
      return { usable: false, reason: 'circuit half-open, probe in flight' };
    }
    return { usable: true, state: circuit };
  }

  /** Right before an upstream attempt: false (nothing changed) when the target may not go now. */
  begin(target: TargetRuntime, now = Date.now()): boolean {
    if (!this.availability(target, now).usable) return false;
    const state = this.stateFor(target);
    if (!state.circuit.tryPass(now)) return false;
    state.inFlight++;
    this.report(state, now);
    return true;
  }

  succeeded(target: TargetRef, latencyMs: number, now = Date.now()): void {
    const state = this.finish(target, latencyMs);
    if (!state) return;
    this.transitioned(state, state.circuit.onSuccess(now), now);
  }

  failed(target: TargetRef, error: string, latencyMs: number, now = Date.now()): void {
    const state = this.finish(target, latencyMs);
    if (!state) return;
    state.failures++;
    state.lastError = { message: error, at: now };
    this.transitioned(state, state.circuit.onFailure(now), now);
  }

  /** A 429: cools the target down until Retry-After (default 1 s, at most 60 s). */
  rateLimited(
    target: TargetRef,
    retryAfterMs: number | undefined,
    _latencyMs: number,
    now = Date.now(),
  ): void {
    const state = this.finish(target, undefined);
    if (!state) return;
    state.failures++;
    state.lastError = { message: 'rate limited (429)', at: now };
    const wait = Math.min(Math.max(retryAfterMs ?? DEFAULT_RATE_LIMIT_MS, 0), MAX_RATE_LIMIT_MS);
    state.cooldownUntil = Math.max(state.cooldownUntil, now + wait);
    // Not a verdict on the circuit: a half-open probe that met a 429 frees its slot.
    state.circuit.release();
  }

  /** The attempt ended without a health signal (e.g. the client went away). */
  released(target: TargetRef): void {
    const state = this.targets.get(targetKey(target));
    if (!state) return;
    state.inFlight = Math.max(0, state.inFlight - 1);
    state.circuit.release();
  }

  /**
   * A stream that started keeps its target busy until it ends: counted in flight (what
   * `least_connections` reads) until the returned function is called (once; later calls do
   * nothing).
   */
  holdStream(target: TargetRef): () => void {
    const state = this.targets.get(targetKey(target));
    if (!state) return () => undefined;
    state.inFlight++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      state.inFlight = Math.max(0, state.inFlight - 1);
    };
  }

  /**
   * How long until the first of these targets that is rate-limited now cools down (ms), or
   * undefined when none of them is rate-limited (for a Retry-After when nothing is left).
   */
  rateLimitedFor(targets: readonly TargetRef[], now = Date.now()): number | undefined {
    let soonest: number | undefined;
    for (const target of targets) {
      const until = this.targets.get(targetKey(target))?.cooldownUntil ?? 0;
      if (until > now && (soonest === undefined || until - now < soonest)) soonest = until - now;
    }
    return soonest;
  }

  stats(target: TargetRef): TargetStats {
    const state = this.targets.get(targetKey(target));
    if (!state) return IDLE;
    return {
      inFlight: state.inFlight,
      latencyMs: state.latencyMs,
      errorRate: state.circuit.errorRate,
    };
  }

  providerChecked(providerId: string, ok: boolean, error?: string, now = Date.now()): void {
    this.checks.set(providerId, { ok, at: now, error: ok ? null : (error ?? 'unknown error') });
  }

  /** The provider's last active health check, or null when it has none (yet). */
  providerCheck(providerId: string): TargetHealthView['health_check'] {
    const check = this.checks.get(providerId);
    return check ? { ok: check.ok, checked_at: iso(check.at), error: check.error } : null;
  }

  view(target: TargetRef, now = Date.now()): TargetHealthView {
    const health_check = this.providerCheck(target.provider.id);
    const state = this.targets.get(targetKey(target));
    if (!state) {
      return {
        provider: target.provider.id,
        model: target.upstreamModel,
        circuit: 'closed',
        retry_at: null,
        cooldown_until: null,
        latency_ms: null,
        error_rate: 0,
        in_flight: 0,
        consecutive_failures: 0,
        requests: 0,
        failures: 0,
        last_error: null,
        health_check,
      };
    }
    const retryAt = state.circuit.retryAt(now);
    return {
      provider: state.provider,
      model: state.model,
      circuit: state.circuit.state(now),
      retry_at: retryAt === null ? null : iso(retryAt),
      cooldown_until: state.cooldownUntil > now ? iso(state.cooldownUntil) : null,
      latency_ms: state.latencyMs === undefined ? null : Math.round(state.latencyMs),
      error_rate: Math.round(state.circuit.errorRate * 1000) / 1000,
      in_flight: state.inFlight,
      consecutive_failures: state.circuit.consecutiveFailures,
      requests: state.requests,
      failures: state.failures,
      last_error: state.lastError && {
        message: state.lastError.message,
        at: iso(state.lastError.at),
      },
      health_check,
    };
  }

  /** Forget upstreams and health checks the configuration no longer has. */
  prune(snapshot: ConfigSnapshot): void {
    const live = new Set<string>();
    for (const model of snapshot.models.values()) {
      for (const target of model.targets) live.add(targetKey(target));
      for (const rule of model.rules) {
        for (const t of rule.targets) if (t.model) live.add(`${t.provider}/${t.model}`);
      }
    }
    for (const rule of snapshot.globalRules) {
      for (const t of rule.targets) if (t.model) live.add(`${t.provider}/${t.model}`);
    }
    for (const [key, state] of this.targets) {
      if (live.has(key) && snapshot.providers.has(state.provider)) continue;
      this.targets.delete(key);
      this.metrics.circuitState.remove({ provider: state.provider, model: state.model });
    }
    for (const id of this.checks.keys()) {
      const provider = snapshot.providers.get(id);
      if (!provider?.enabled || !provider.healthCheck) this.checks.delete(id);
    }
  }

  /** How many upstream states are held (for tests and diagnostics). */
  get size(): number {
    return this.targets.size;
  }

  onApplicationShutdown(): void {
    this.subscription.unsubscribe();
  }

  private stateFor(target: TargetRuntime): TargetState {
    const key = targetKey(target);
    let state = this.targets.get(key);
    if (!state) {
      state = {
        provider: target.provider.id,
        model: target.upstreamModel,
        circuit: new CircuitBreaker(this.configOf(target)),
        inFlight: 0,
        latencyMs: undefined,
        requests: 0,
        failures: 0,
        lastError: null,
        cooldownUntil: 0,
        reported: 'closed',
      };
      this.targets.set(key, state);
      this.metrics.circuitState.set({ provider: state.provider, model: state.model }, 0);
    }
    return state;
  }

  private configOf(target: TargetRuntime): CircuitBreakerConfig {
    return target.provider.circuitBreaker ?? this.defaults;
  }

  /** The circuit's state now, following configuration edits and keeping the gauge current. */
  private observe(state: TargetState, target: TargetRuntime, now: number): CircuitState {
    state.circuit.config = this.configOf(target);
    return this.report(state, now);
  }

  /** Common bookkeeping of an outcome; undefined when the upstream is not tracked (anymore). */
  private finish(target: TargetRef, latencyMs: number | undefined): TargetState | undefined {
    const state = this.targets.get(targetKey(target));
    if (!state) return undefined;
    state.inFlight = Math.max(0, state.inFlight - 1);
    state.requests++;
    if (latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs >= 0) {
      state.latencyMs =
        state.latencyMs === undefined
          ? latencyMs
          : state.latencyMs + LATENCY_ALPHA * (latencyMs - state.latencyMs);
    }
    return state;
  }

  private transitioned(state: TargetState, change: CircuitTransition, now: number): void {
    if (change === 'opened') {
      this.metrics.circuitOpenings.inc({ provider: state.provider, model: state.model });
    }
    this.report(state, now);
  }

  private report(state: TargetState, now: number): CircuitState {
    const circuit = state.circuit.state(now);
    if (circuit !== state.reported) {
      state.reported = circuit;
      this.metrics.circuitState.set(
        { provider: state.provider, model: state.model },
        CIRCUIT_GAUGE[circuit],
      );
    }
    return circuit;
  }
}
