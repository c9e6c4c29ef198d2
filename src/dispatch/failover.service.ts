import { Inject, Injectable } from '@nestjs/common';
import { AllTargetsFailedError } from '../common/errors/gateway-error';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import type { TargetRuntime } from '../providers/snapshot.types';
import { TargetHealthService } from '../routing/health/target-health.service';
import { targetKey } from '../routing/routing.types';
import { BackoffPolicy, retryDelayMs, sleep } from './backoff';
import { ClientAbortedError } from './client-aborted.error';

/** Why an attempt failed, and whether the same target is worth another try. */
export class AttemptFailure {
  constructor(
    /** Short and secret-free: it reaches the client in the final error and the usage row. */
    readonly reason: string,
    /** Upstream status, 0 for network errors and timeouts. */
    readonly status: number,
    /** `retry`: the same target may be tried again; `next_target`: move on at once. */
    readonly action: 'retry' | 'next_target',
    readonly rateLimited = false,
    readonly retryAfterMs?: number,
  ) {}
}

/** What one target answered: a result for the client, or a failure. */
export type AttemptResult<T> = T | AttemptFailure;

/**
 * The failover loop shared by every proxied request: each candidate in routing order; on a
 * retryable failure (network, timeout, 5xx) the same target again up to its provider's
 * `retries`, after an exponential backoff with jitter that honours Retry-After; on 401/403/429
 * straight to the next candidate. Each attempt is reported to the target's health (circuit
 * breaker, latency, in-flight). When nothing is left: 429 if every attempt was rate limited,
 * else 502, both listing the attempts.
 */
@Injectable()
export class FailoverService {
  private readonly backoff: BackoffPolicy;

  constructor(
    private readonly health: TargetHealthService,
    @Inject(ENV) env: Env,
  ) {
    this.backoff = { baseMs: env.RETRY_BASE_MS, maxMs: env.RETRY_MAX_MS };
  }

  async run<T>(
    modelName: string,
    candidates: readonly TargetRuntime[],
    signal: AbortSignal,
    attempt: (target: TargetRuntime) => Promise<AttemptResult<T>>,
    /** Targets routing left out for their health: named in the final error. */
    skipped: readonly string[] = [],
  ): Promise<{ result: T; target: TargetRuntime }> {
    const failures: string[] = [...skipped];
    let allRateLimited = true;
    let soonestRetryMs: number | undefined;
    for (const target of candidates) {
      for (let retry = 0; ; retry++) {
        if (!this.health.begin(target)) {
          const availability = this.health.availability(target);
          failures.push(
            `${targetKey(target)}: ${availability.usable ? 'busy' : availability.reason}`,
          );
          // Another request opened its circuit or got it rate limited since routing planned.
          const coolingMs = this.health.rateLimitedFor([target]);
          if (coolingMs === undefined) allRateLimited = false;
          else soonestRetryMs = Math.min(soonestRetryMs ?? Infinity, coolingMs);
          break;
        }
        const started = performance.now();
        let result: AttemptResult<T>;
        try {
          result = await attempt(target);
        } catch (err) {
          this.health.released(target);
          throw err;
        }
        const latencyMs = performance.now() - started;
        if (!(result instanceof AttemptFailure)) {
          this.health.succeeded(target, latencyMs);
          return { result, target };
        }
        failures.push(`${targetKey(target)}: ${result.reason}`);
        if (result.rateLimited) {
          this.health.rateLimited(target, result.retryAfterMs, latencyMs);
          soonestRetryMs = Math.min(soonestRetryMs ?? Infinity, result.retryAfterMs ?? 1000);
        } else {
          this.health.failed(target, result.reason, latencyMs);
          allRateLimited = false;
        }
        if (result.action !== 'retry' || retry >= target.provider.retries) break;
        const delay = retryDelayMs(retry, this.backoff, Math.random, result.retryAfterMs);
        if (delay === null) break;
        await sleep(delay, signal, () => new ClientAbortedError());
      }
    }
    if (failures.length === 0) failures.push('no target available');
    if (allRateLimited && soonestRetryMs !== undefined) {
      throw new AllTargetsFailedError(modelName, failures, 429, {
        'retry-after': String(Math.max(1, Math.ceil(soonestRetryMs / 1000))),
      });
    }
    throw new AllTargetsFailedError(modelName, failures);
  }
}
