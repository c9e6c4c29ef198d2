import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import type { KeyPrincipal, TargetRuntime } from '../providers/snapshot.types';
import { periodOf } from './period';
import {
  budgetDelta,
  budgetScope,
  exceededRateLimit,
  formatUsd,
  hasRateLimits,
  limitingQuota,
  quotaSignature,
  rateHeaders,
  retryAfterSeconds,
  targetScope,
  wholeTokens,
} from './quota-arithmetic';
import { KeyLimitError } from './quota.errors';
import { QuotaRepository, RateResult } from './quota.repository';
import { FLUSH_MS, LEASE_IDLE_MS, TargetLeases } from './target-leases';

/** A target seen out of quota is skipped without asking Postgres for this long. */
const EXHAUSTED_RECHECK_MS = 2 * LEASE_IDLE_MS;

export { KeyLimitError } from './quota.errors';

export interface KeyAdmission {
  /** x-ratelimit-limit-requests / -remaining-requests / -limit-tokens / -remaining-tokens (only those the key has limits for). */
  readonly headers: Record<string, string>;
  /** The request ended: actual tokens (prompt + completion) and cost. Never throws; the write runs in the background (errors logged). */
  settle(actual: { tokens: number; costUsd: number }): void;
}

/** One attempt's hold on a target's quota. Each of settle/release acts at most once. */
export interface TargetReservation {
  /** The attempt succeeded: count its actual tokens instead of the reserved ones. */
  settle(actualTokens: number): void;
  /** The attempt failed: give back the request and the reserved tokens. */
  release(): void;
}

interface BudgetHold {
  scope: string;
  periodStart: Date;
}

/**
 * Key limits (rpm/tpm over a sliding minute, budgets per cron period) and target quotas
 * (requests and tokens per cron period), reserved atomically in Postgres before the request
 * and settled with its actual use after. Periods are read in the TZ time zone.
 */
@Injectable()
export class QuotaService implements OnApplicationShutdown {
  private readonly logger = new Logger('Quota');
  private readonly tz: string;
  /**
   * Per target scope: until when (ms epoch) this instance saw its quota spent, under which
   * quota, and when to ask Postgres again (other instances give back unused leases).
   */
  private readonly exhausted = new Map<
    string,
    { until: number; recheckAt: number; signature: string }
  >();
  private readonly leases: TargetLeases;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly repository: QuotaRepository,
    @Inject(ENV) env: Env,
  ) {
    this.leases = new TargetLeases(repository, (err) =>
      this.logger.error(`quota write failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.ticker = setInterval(() => void this.leases.tick(), FLUSH_MS);
    this.ticker.unref();
    this.tz = env.TZ;
    // Fail at start-up, not on the first request, when TZ is not a time zone.
    periodOf('0 0 * * *', new Date(), this.tz);
  }

  /** The time zone every period is read in. */
  get timeZone(): string {
    return this.tz;
  }

  /**
   * Check and reserve the key's rpm/tpm and budget (both at once). Throws KeyLimitError when
   * one is reached (nothing stays reserved then); null, without a database call, for a key
   * without limits or budget.
   */
  async admitKey(
    principal: KeyPrincipal,
    estimate: { tokens: number; costUsd: number },
  ): Promise<KeyAdmission | null> {
    const limits = hasRateLimits(principal.limits) ? principal.limits : undefined;
    const budget = principal.budget;
    if (!limits && !budget) return null;
    const tokens = wholeTokens(estimate.tokens);
    const costUsd = Math.max(0, Number.isFinite(estimate.costUsd) ? estimate.costUsd : 0);
    const now = new Date();
    const budgetPeriod = budget ? periodOf(budget.period_cron, now, this.tz) : undefined;

    const scope = budgetScope(principal.id);
    const [rateOutcome, budgetOutcome] = await Promise.allSettled([
      limits
        ? this.repository.reserveRate(principal.id, tokens, limits.rpm ?? null, limits.tpm ?? null)
        : null,
      budget && budgetPeriod
        ? this.repository.reserveBudget(scope, budgetPeriod.start, costUsd, budget.usd)
        : null,
    ]);
    if (rateOutcome.status === 'rejected' || budgetOutcome.status === 'rejected') {
      // Give back whichever half went through, then fail like any database error.
      const rate = rateOutcome.status === 'fulfilled' ? rateOutcome.value : null;
      if (rate?.eventId) this.background(this.repository.releaseRate(rate.eventId));
      if (budgetOutcome.status === 'fulfilled' && budgetOutcome.value !== null && budgetPeriod) {
        this.background(this.repository.adjust(scope, budgetPeriod.start, -1, 0, -costUsd));
      }
      throw rateOutcome.status === 'rejected'
        ? rateOutcome.reason
        : (budgetOutcome as PromiseRejectedResult).reason;
    }
    const rate = rateOutcome.value;
    const budgetHold: BudgetHold | null =
      budgetPeriod && budgetOutcome.value !== null
        ? { scope, periodStart: budgetPeriod.start }
        : null;
    const headers = limits && rate ? rateHeaders(limits, this.windowUse(rate)) : {};

    if (limits && rate && !rate.admitted) {
      if (budgetHold)
        this.background(
          this.repository.adjust(budgetHold.scope, budgetHold.periodStart, -1, 0, -costUsd),
        );
      const limit = exceededRateLimit(limits, { requests: rate.usedRequests });
      const retryAfter = retryAfterSeconds(rate.retryAfterMs);
      const message =
        limit === 'rpm'
          ? `Rate limit reached for key '${principal.name}': ${limits.rpm} requests per minute. ` +
            `Retry after ${retryAfter} s.`
          : `Rate limit reached for key '${principal.name}': ${limits.tpm} tokens per minute ` +
            `(${rate.usedTokens} used in the last minute, this request may use ${tokens}). ` +
            `Retry after ${retryAfter} s.`;
      throw new KeyLimitError('rate_limit_exceeded', message, retryAfter, headers);
    }
    if (budget && budgetPeriod && !budgetHold) {
      let refusedHeaders = headers;
      if (limits && rate?.eventId) {
        this.background(this.repository.releaseRate(rate.eventId));
        refusedHeaders = rateHeaders(limits, {
          requests: rate.usedRequests - 1,
          tokens: rate.usedTokens - tokens,
        });
      }
      const retryAfter = retryAfterSeconds(budgetPeriod.end.getTime() - now.getTime());
      const resets = budgetPeriod.end.toISOString();
      const message =
        costUsd > budget.usd
          ? `Budget of key '${principal.name}' is ${formatUsd(budget.usd)} per period; this ` +
            `request may cost ${formatUsd(costUsd)}, more than the whole budget.`
          : `Budget of key '${principal.name}' (${formatUsd(budget.usd)} per period) is spent, ` +
            `or too little is left for this request (estimated ${formatUsd(costUsd)}), ` +
            `until ${resets}.`;
      throw new KeyLimitError('budget_exceeded', message, retryAfter, refusedHeaders);
    }

    let settled = false;
    return {
      headers,
      settle: (actual) => {
        if (settled) return;
        settled = true;
        if (rate?.eventId) {
          const actualTokens = wholeTokens(actual.tokens);
          if (actualTokens !== tokens)
            this.background(this.repository.settleRate(rate.eventId, actualTokens));
        }
        if (budgetHold) {
          const delta = budgetDelta(costUsd, actual.costUsd);
          if (delta !== 0) {
            this.background(
              this.repository.adjust(budgetHold.scope, budgetHold.periodStart, 0, 0, delta),
            );
          }
        }
      },
    };
  }

  /**
   * Reserve one request and `tokens` of the target's quota for an attempt. 'exhausted' when
   * the period's quota would be exceeded (remembered: see exhaustedUntil); null, without a
   * database call, when the target has no quota.
   */
  async reserveTarget(
    modelName: string,
    target: TargetRuntime,
    tokens: number,
  ): Promise<TargetReservation | 'exhausted' | null> {
    const quota = target.quota;
    if (!limitingQuota(quota)) return null;
    const scope = targetScope(modelName, target);
    const now = new Date();
    const period = periodOf(quota.period_cron, now, this.tz);
    const unit = await this.leases.take(scope, period.start, wholeTokens(tokens), {
      requests: quota.requests_per_period,
      tokens: quota.tokens_per_period,
    });
    if (!unit) {
      this.exhausted.set(scope, {
        until: period.end.getTime(),
        recheckAt: Math.min(period.end.getTime(), now.getTime() + EXHAUSTED_RECHECK_MS),
        signature: quotaSignature(quota),
      });
      return 'exhausted';
    }
    this.exhausted.delete(scope);
    return unit;
  }

  /** Give back unused leases and write pending corrections before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ticker);
    await this.leases.close();
  }

  /**
   * When this instance last saw the target's quota spent in the current period: the period's
   * end (ms epoch), so routing can skip it without a database call; undefined otherwise.
   */
  exhaustedUntil(modelName: string, target: TargetRuntime): number | undefined {
    const quota = target.quota;
    if (!limitingQuota(quota)) return undefined;
    const scope = targetScope(modelName, target);
    const seen = this.exhausted.get(scope);
    if (!seen) return undefined;
    if (seen.recheckAt <= Date.now() || seen.signature !== quotaSignature(quota)) {
      this.exhausted.delete(scope);
      return undefined;
    }
    return seen.until;
  }

  private windowUse(rate: RateResult): { requests: number; tokens: number } {
    return { requests: rate.usedRequests, tokens: rate.usedTokens };
  }

  /** Run a write off the request's path; failures are logged, never thrown. */
  private background(write: Promise<unknown>): void {
    write.catch((err: unknown) =>
      this.logger.error(`quota write failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}
