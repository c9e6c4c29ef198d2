import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import type { KeyPrincipal, TargetRuntime } from '../providers/snapshot.types';
import { periodOf } from './period';
import {
  budgetScope,
  hasRateLimits,
  KeyLimits,
  limitingQuota,
  quotaSignature,
  rateHeaders,
  targetScope,
  validUsd,
  wholeTokens,
} from './quota-arithmetic';
import { budgetError, rateLimitError } from './quota.errors';
import { QuotaRepository } from './quota.repository';
import { MetricsService } from '../metrics/metrics.service';
import { Amount, FLUSH_MS, LEASE_IDLE_MS, Leases, MAX_SLICE, Taken } from './leases';

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
  /**
   * The attempt succeeded: count its actual tokens instead of the reserved ones, and its cost
   * (recorded with the counter, not limited: admin status shows it).
   */
  settle(actualTokens: number, costUsd?: number): void;
  /** The attempt failed: give back the request and the reserved tokens. */
  release(): void;
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
  private readonly targets: Leases<undefined>;
  /** Per key: slices of its rpm/tpm window, spendable within the second they were counted in. */
  private readonly rates: Leases<WindowUse>;
  private readonly budgets: Leases<undefined>;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly repository: QuotaRepository,
    @Inject(ENV) env: Env,
    private readonly metrics: MetricsService,
  ) {
    const onError = (err: unknown) =>
      this.logger.error(`quota write failed: ${err instanceof Error ? err.message : String(err)}`);
    const periodOfTerm = (term: string) => new Date(Number(term));
    this.targets = new Leases(
      (scope, term, d) => repository.adjust(scope, periodOfTerm(term), d.requests, d.tokens, d.usd),
      onError,
    );
    this.budgets = new Leases(
      (scope, term, d) => repository.adjust(scope, periodOfTerm(term), d.requests, 0, d.usd),
      onError,
    );
    this.rates = new Leases(
      (keyId, second, d) => repository.adjustRate(keyId, second, d.requests, d.tokens),
      onError,
    );
    this.ticker = setInterval(() => {
      for (const leases of [this.targets, this.rates, this.budgets]) void leases.tick();
    }, FLUSH_MS);
    this.ticker.unref();
    this.tz = env.TZ;
    // Fail at start-up, not on the first request, when TZ is not a time zone.
    periodOf('0 0 * * *', new Date(), this.tz);
  }

  /**
   * What this instance holds unspent of its leases, by kind and scope (a key id for `rate`,
   * budgetScope / targetScope otherwise): counted in Postgres but not used by any request yet.
   * Stats subtract it to show use rather than reservations.
   */
  held(kind: 'rate' | 'budget' | 'target', scope: string): Amount {
    const leases = kind === 'rate' ? this.rates : kind === 'budget' ? this.budgets : this.targets;
    return leases.leased(scope) ?? { requests: 0, tokens: 0, usd: 0 };
  }

  /** The time zone every period is read in. */
  get timeZone(): string {
    return this.tz;
  }

  /**
   * Check and reserve the key's rpm/tpm and budget (both at once), from this instance's leases
   * when they cover the request. Throws KeyLimitError when one is reached (nothing stays
   * reserved then); null, without a database call, for a key without limits or budget.
   */
  async admitKey(
    principal: KeyPrincipal,
    estimate: { tokens: number; costUsd: number },
  ): Promise<KeyAdmission | null> {
    const limits = hasRateLimits(principal.limits) ? principal.limits : undefined;
    const budget = principal.budget;
    if (!limits && !budget) return null;
    const tokens = wholeTokens(estimate.tokens);
    const costUsd = validUsd(estimate.costUsd);
    const now = new Date();
    const budgetPeriod = budget ? periodOf(budget.period_cron, now, this.tz) : undefined;

    const [rateOutcome, budgetOutcome] = await Promise.allSettled([
      limits ? this.takeRate(principal.id, limits, tokens) : null,
      budget && budgetPeriod
        ? this.takeBudget(principal.id, budget.usd, budgetPeriod, costUsd)
        : null,
    ]);
    const rate = rateOutcome.status === 'fulfilled' ? rateOutcome.value : null;
    const spend = budgetOutcome.status === 'fulfilled' ? budgetOutcome.value : null;
    const rateUnit = rate && 'unit' in rate ? rate.unit : undefined;
    const budgetUnit = spend && 'unit' in spend ? spend.unit : undefined;
    if (rateOutcome.status === 'rejected' || budgetOutcome.status === 'rejected') {
      // Give back whichever half went through, then fail like any database error.
      rateUnit?.release();
      budgetUnit?.release();
      throw rateOutcome.status === 'rejected'
        ? rateOutcome.reason
        : (budgetOutcome as PromiseRejectedResult).reason;
    }

    if (limits && rate && 'refused' in rate) {
      budgetUnit?.release();
      const { usedRequests: requests, usedTokens: used, retryAfterMs } = rate.refused;
      const headers = rateHeaders(limits, { requests, tokens: used });
      const window = { requests, tokens: used, retryAfterMs };
      throw rateLimitError(principal.name, limits, window, tokens, headers);
    }
    if (budget && budgetPeriod && spend && 'refused' in spend) {
      rateUnit?.release();
      const headers =
        limits && rate && 'unit' in rate
          ? windowHeaders(limits, rate, { requests: 1, tokens })
          : {};
      throw budgetError(principal.name, budget.usd, costUsd, budgetPeriod.end, now, headers);
    }

    let settled = false;
    return {
      headers: limits && rate && 'unit' in rate ? windowHeaders(limits, rate) : {},
      settle: (actual) => {
        if (settled) return;
        settled = true;
        rateUnit?.settle({ tokens: wholeTokens(actual.tokens) });
        budgetUnit?.settle({ usd: validUsd(actual.costUsd) });
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
    const need = wholeTokens(tokens);
    const term = String(period.start.getTime());
    const limits = { requests: quota.requests_per_period, tokens: quota.tokens_per_period };
    const taken = await this.targets.take(
      scope,
      term,
      quotaSignature(quota),
      { requests: 1, tokens: need, usd: 0 },
      { requests: limits.requests !== undefined, tokens: limits.tokens !== undefined, usd: false },
      async () => {
        const got = await this.repository.takeSlice(
          scope,
          period.start,
          { requests: 1, tokens: need },
          MAX_SLICE,
          limits,
        );
        this.counted('target_quota', got.requests >= 1);
        return got.requests < 1
          ? { granted: null, info: undefined }
          : {
              granted: { requests: got.requests, tokens: got.tokens, usd: 0 },
              term,
              until: period.end.getTime(),
              info: undefined,
            };
      },
    );
    if ('refused' in taken) {
      this.exhausted.set(scope, {
        until: period.end.getTime(),
        recheckAt: Math.min(period.end.getTime(), now.getTime() + EXHAUSTED_RECHECK_MS),
        signature: quotaSignature(quota),
      });
      return 'exhausted';
    }
    this.exhausted.delete(scope);
    const unit = taken.unit;
    return {
      settle: (actualTokens, costUsd) =>
        unit.settle({
          tokens: wholeTokens(actualTokens),
          ...(costUsd !== undefined ? { usd: validUsd(costUsd) } : {}),
        }),
      release: () => unit.release(),
    };
  }

  /** Give back unused leases and write pending corrections before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ticker);
    await Promise.all([this.targets.close(), this.rates.close(), this.budgets.close()]);
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

  private counted(limit: 'target_quota' | 'key_rate' | 'key_budget', granted: boolean): void {
    this.metrics.quotaSlices.inc({ limit, outcome: granted ? 'granted' : 'refused' });
  }

  /** A slice of the key's rate window, refused or counted in the current second's bucket. */
  private takeRate(
    keyId: string,
    limits: KeyLimits,
    tokens: number,
  ): Promise<Taken<WindowUse> | { refused: WindowUse }> {
    return this.rates.take(
      keyId,
      undefined,
      `${limits.rpm ?? ''}/${limits.tpm ?? ''}`,
      { requests: 1, tokens, usd: 0 },
      { requests: limits.rpm !== undefined, tokens: limits.tpm !== undefined, usd: false },
      async () => {
        const sent = Date.now();
        const got = await this.repository.takeRateSlice(
          keyId,
          tokens,
          MAX_SLICE,
          limits.rpm ?? null,
          limits.tpm ?? null,
        );
        this.counted('key_rate', got.granted !== null);
        const info = {
          usedRequests: got.usedRequests,
          usedTokens: got.usedTokens,
          retryAfterMs: got.retryAfterMs,
        };
        if (!got.granted) return { granted: null, info };
        // Spendable until the database's second ends, counted from before the query was sent
        // (so never later than that second, whatever the clocks say).
        return {
          granted: { ...got.granted, usd: 0 },
          term: got.second,
          until: sent + got.leftMs,
          info,
        };
      },
    );
  }

  /** A slice of the key's budget for the current period. */
  private takeBudget(
    keyId: string,
    limitUsd: number,
    period: { start: Date; end: Date },
    costUsd: number,
  ): Promise<Taken<undefined> | { refused: undefined }> {
    const scope = budgetScope(keyId);
    const term = String(period.start.getTime());
    return this.budgets.take(
      scope,
      term,
      String(limitUsd),
      { requests: 1, tokens: 0, usd: costUsd },
      { requests: false, tokens: false, usd: true },
      async () => {
        const got = await this.repository.takeBudgetSlice(
          scope,
          period.start,
          costUsd,
          MAX_SLICE.usd,
          limitUsd,
        );
        this.counted('key_budget', got.grantedUsd !== null);
        return got.grantedUsd === null
          ? { granted: null, info: undefined }
          : {
              granted: { requests: 1, tokens: 0, usd: got.grantedUsd },
              term,
              until: period.end.getTime(),
              info: undefined,
            };
      },
    );
  }
}

/** The use of a key's window as its slice last saw it (for x-ratelimit-* headers and messages). */
interface WindowUse {
  usedRequests: number;
  usedTokens: number;
  retryAfterMs: number;
}

/**
 * x-ratelimit-* headers for a request spent from a rate lease: the window's use when the slice
 * was taken, less what this instance still holds of it (and what the request gave back when
 * it did not go after all).
 */
function windowHeaders(
  limits: KeyLimits,
  taken: Taken<WindowUse>,
  givenBack = { requests: 0, tokens: 0 },
): Record<string, string> {
  return rateHeaders(limits, {
    requests: taken.info.usedRequests - taken.left.requests - givenBack.requests,
    tokens: taken.info.usedTokens - taken.left.tokens - givenBack.tokens,
  });
}
