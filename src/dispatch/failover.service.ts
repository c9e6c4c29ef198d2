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

/** A target's quota reservation for one attempt: kept on success, given back on failure. */
export interface QuotaHold {
  /** The request ended: count what it really used (tokens, and its cost). */
  settle(actualTokens: number, costUsd?: number): void;
  release(): void;
}

/** `reserve`'s answer: a hold, the target's quota spent until a time (ms epoch), or no quota. */
export type QuotaCheck = QuotaHold | { exhaustedUntil: number } | null;

export interface RunOptions {
  /** Targets routing left out for their health: named in the final error. */
  skipped?: readonly string[];
  /** Reserve the target's quota before each attempt on it. */
  reserve?: (target: TargetRuntime) => Promise<QuotaCheck>;
}

/** The answer, the target that gave it, and its quota hold to settle when the request ends. */
export interface Served<T> {
  result: T;
  target: TargetRuntime;
  hold: QuotaHold | null;
}

/**
 * The failover loop shared by every proxied request: each candidate in routing order; on a
 * retryable failure (network, timeout, 5xx) the same target again up to its provider's
 * `retries`, after an exponential backoff with jitter that honours Retry-After; on 401/403/429
 * straight to the next candidate. Each attempt is reported to the target's health (circuit
 * breaker, latency, in-flight). A target with a quota is reserved before each attempt (and
 * released when the attempt fails); a spent quota counts like a rate limit. When nothing is
 * left: 429 if every attempt was rate limited or out of quota, else 502, both listing the
 * attempts.
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
    options: RunOptions = {},
  ): Promise<Served<T>> {
    const failures: string[] = [...(options.skipped ?? [])];
    let allRateLimited = true;
    let soonestRetryMs: number | undefined;
    const limited = (ms: number) => {
      soonestRetryMs = Math.min(soonestRetryMs ?? Infinity, ms);
    };
    for (const target of candidates) {
      for (let retry = 0; ; retry++) {
        const hold = options.reserve ? await options.reserve(target) : null;
        if (hold && 'exhaustedUntil' in hold) {
          // The target's quota for this period is spent: like a rate limit, until it resets.
          failures.push(`${targetKey(target)}: quota exhausted`);
          limited(Math.max(0, hold.exhaustedUntil - Date.now()));
          break;
        }
        if (!this.health.begin(target)) {
          hold?.release();
          // Another request opened its circuit or got it rate limited since routing planned.
          const availability = this.health.availability(target);
          failures.push(
            `${targetKey(target)}: ${availability.usable ? 'busy' : availability.reason}`,
          );
          const coolingMs = this.health.rateLimitedFor([target]);
          if (coolingMs === undefined) allRateLimited = false;
          else limited(coolingMs);
          break;
        }
        const started = performance.now();
        let result: AttemptResult<T>;
        try {
          result = await attempt(target);
        } catch (err) {
          hold?.release();
          this.health.released(target);
          throw err;
        }
        const latencyMs = performance.now() - started;
        if (!(result instanceof AttemptFailure)) {
          this.health.succeeded(target, latencyMs);
          return { result, target, hold };
        }
        hold?.release();
        failures.push(`${targetKey(target)}: ${result.reason}`);
        if (result.rateLimited) {
          this.health.rateLimited(target, result.retryAfterMs, latencyMs);
          limited(result.retryAfterMs ?? 1000);
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
