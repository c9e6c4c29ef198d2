import { Injectable } from '@nestjs/common';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal, Quota, TargetRuntime } from '../providers/snapshot.types';
import { Period, periodOf } from './period';
import { budgetScope, hasRateLimits, limitingQuota, targetScope } from './quota-arithmetic';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

export interface PeriodView {
  start: string;
  end: string;
}

export interface TargetQuotaStats {
  provider: string;
  /** The upstream model. */
  model: string;
  quota: {
    requests_per_period: number | null;
    tokens_per_period: number | null;
    period_cron: string;
  };
  period: PeriodView;
  used: { requests: number; tokens: number };
  /** null: that dimension is not limited. */
  remaining: { requests: number | null; tokens: number | null };
  /** When the reset of the latest recorded period was recorded (null: none yet). */
  last_reset: string | null;
  next_reset: string;
}

export interface ModelQuotaStats {
  /** The logical model. */
  name: string;
  targets: TargetQuotaStats[];
}

export interface KeyLimitStats {
  id: string;
  name: string;
  limits: { rpm: number | null; tpm: number | null } | null;
  budget: { usd: number; period_cron: string } | null;
  budget_period: PeriodView | null;
  spent_usd: number | null;
  /** Requests and tokens in the key's last 60 s (rpm/tpm use); null without rpm/tpm limits. */
  window: { requests: number; tokens: number } | null;
}

export interface QuotaStats {
  /** The time zone the period crons are read in (TZ). */
  time_zone: string;
  models: ModelQuotaStats[];
  keys: KeyLimitStats[];
}

/** A key's current use of its limits (admin key lists). */
export interface KeyUse {
  /** Requests and tokens in its last 60 s; null without rpm/tpm limits (nothing is counted). */
  window: { requests: number; tokens: number } | null;
  /** Its budget period and the USD spent in it; null without a budget. */
  budget: { periodStart: Date; spentUsd: number } | null;
}

/** A target's use of its quota in the current period (admin status). */
export interface TargetQuotaUse {
  periodStart: Date;
  requests: number;
  tokens: number;
  costUsd: number;
}

const view = (p: Period): PeriodView => ({
  start: p.start.toISOString(),
  end: p.end.toISOString(),
});

/** Periods that cannot be computed (a cron the runtime rejects) show as null rather than failing. */
function safePeriod(cron: string, at: Date, tz: string): Period | null {
  try {
    return periodOf(cron, at, tz);
  } catch {
    return null;
  }
}

/** Current use of every target quota and key limit of the configuration (GET /admin/stats). */
@Injectable()
export class QuotaStatsService {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly repository: QuotaRepository,
    private readonly quota: QuotaService,
  ) {}

  async stats(now = new Date()): Promise<QuotaStats> {
    const tz = this.quota.timeZone;
    const { models, keysByHash } = this.snapshot.current;

    const targets: {
      model: string;
      provider: string;
      upstream: string;
      quota: Quota;
      scope: string;
      period: Period;
    }[] = [];
    for (const model of models.values()) {
      for (const target of model.targets) {
        if (!limitingQuota(target.quota)) continue;
        const period = safePeriod(target.quota.period_cron, now, tz);
        if (!period) continue;
        targets.push({
          model: model.name,
          provider: target.provider.id,
          upstream: target.upstreamModel,
          quota: target.quota,
          scope: targetScope(model.name, target),
          period,
        });
      }
    }
    const keys = [...keysByHash.values()]
      .filter((k) => hasRateLimits(k.limits) || k.budget)
      .sort((a, b) => a.name.localeCompare(b.name));
    const budgets = new Map<string, Period>();
    for (const key of keys) {
      const period = key.budget ? safePeriod(key.budget.period_cron, now, tz) : null;
      if (period) budgets.set(key.id, period);
    }

    const wanted = [
      ...targets.map((t) => ({ scope: t.scope, periodStart: t.period.start })),
      ...[...budgets].map(([id, p]) => ({ scope: budgetScope(id), periodStart: p.start })),
    ];
    const [counters, resets, windows] = await Promise.all([
      this.repository.counters(wanted),
      this.repository.lastResets(targets.map((t) => t.scope)),
      this.repository.rateWindows(keys.filter((k) => hasRateLimits(k.limits)).map((k) => k.id)),
    ]);
    const use = new Map(counters.map((c) => [`${c.scope}\u0000${c.periodStart.getTime()}`, c]));
    const useOf = (scope: string, period: Period) =>
      use.get(`${scope}\u0000${period.start.getTime()}`);

    const byModel = new Map<string, TargetQuotaStats[]>();
    for (const t of targets) {
      const counter = useOf(t.scope, t.period);
      const used = { requests: counter?.requests ?? 0, tokens: counter?.tokens ?? 0 };
      const left = (limit: number | undefined, n: number) =>
        limit === undefined ? null : Math.max(0, limit - n);
      const list = byModel.get(t.model) ?? [];
      list.push({
        provider: t.provider,
        model: t.upstream,
        quota: {
          requests_per_period: t.quota.requests_per_period ?? null,
          tokens_per_period: t.quota.tokens_per_period ?? null,
          period_cron: t.quota.period_cron,
        },
        period: view(t.period),
        used,
        remaining: {
          requests: left(t.quota.requests_per_period, used.requests),
          tokens: left(t.quota.tokens_per_period, used.tokens),
        },
        last_reset: resets.get(t.scope)?.resetAt.toISOString() ?? null,
        next_reset: t.period.end.toISOString(),
      });
      byModel.set(t.model, list);
    }

    return {
      time_zone: tz,
      models: [...byModel].map(([name, list]) => ({ name, targets: list })),
      keys: keys.map((k) => this.keyStats(k, budgets.get(k.id), windows, useOf)),
    };
  }

  /**
   * Current window and budget use of these keys, by key id (two queries in all): what Postgres
   * counts less what this instance holds unspent of its leases (other instances' unspent
   * slices are still in it until they give them back, within LEASE_IDLE_MS when idle).
   */
  async keyUse(
    keys: readonly {
      id: string;
      limits?: KeyPrincipal['limits'];
      budget?: KeyPrincipal['budget'];
    }[],
    now = new Date(),
  ): Promise<Map<string, KeyUse>> {
    const tz = this.quota.timeZone;
    const periods = new Map<string, Period>();
    for (const key of keys) {
      const period = key.budget ? safePeriod(key.budget.period_cron, now, tz) : null;
      if (period) periods.set(key.id, period);
    }
    const limited = keys.filter((k) => hasRateLimits(k.limits)).map((k) => k.id);
    const [counters, windows] = await Promise.all([
      this.repository.counters(
        [...periods].map(([id, p]) => ({ scope: budgetScope(id), periodStart: p.start })),
      ),
      this.repository.rateWindows(limited),
    ]);
    const spent = new Map(counters.map((c) => [c.scope, c.costUsd]));
    const limitedSet = new Set(limited);
    return new Map(
      keys.map((key) => {
        const period = periods.get(key.id);
        return [
          key.id,
          {
            window: limitedSet.has(key.id)
              ? this.used(windows.get(key.id), this.quota.held('rate', key.id))
              : null,
            budget: period
              ? {
                  periodStart: period.start,
                  spentUsd: Math.max(
                    0,
                    (spent.get(budgetScope(key.id)) ?? 0) -
                      this.quota.held('budget', budgetScope(key.id)).usd,
                  ),
                }
              : null,
          },
        ];
      }),
    );
  }

  /**
   * Current-period use of these targets' quotas, in the same order, counted like keyUse; null
   * for a target without a quota (or whose period cannot be computed). One query in all.
   */
  async targetQuotaUse(
    targets: readonly { model: string; target: TargetRuntime }[],
    now = new Date(),
  ): Promise<(TargetQuotaUse | null)[]> {
    const tz = this.quota.timeZone;
    const wanted = targets.map(({ model, target }) => {
      if (!limitingQuota(target.quota)) return null;
      const period = safePeriod(target.quota.period_cron, now, tz);
      return period ? { scope: targetScope(model, target), periodStart: period.start } : null;
    });
    const present = wanted.filter((w) => w !== null);
    const counters = present.length > 0 ? await this.repository.counters(present) : [];
    const use = new Map(counters.map((c) => [`${c.scope}\u0000${c.periodStart.getTime()}`, c]));
    return wanted.map((w) => {
      if (!w) return null;
      const c = use.get(`${w.scope}\u0000${w.periodStart.getTime()}`);
      return {
        periodStart: w.periodStart,
        ...this.used(c, this.quota.held('target', w.scope)),
        costUsd: c?.costUsd ?? 0,
      };
    });
  }

  /** Counted use less what this instance holds unspent of its lease (never below 0). */
  private used(
    counted: { requests: number; tokens: number } | undefined,
    held: { requests: number; tokens: number },
  ): { requests: number; tokens: number } {
    return {
      requests: Math.max(0, (counted?.requests ?? 0) - held.requests),
      tokens: Math.max(0, (counted?.tokens ?? 0) - held.tokens),
    };
  }

  private keyStats(
    key: KeyPrincipal,
    period: Period | undefined,
    windows: Map<string, { requests: number; tokens: number }>,
    useOf: (scope: string, period: Period) => { costUsd: number } | undefined,
  ): KeyLimitStats {
    const limited = hasRateLimits(key.limits);
    return {
      id: key.id,
      name: key.name,
      limits: limited ? { rpm: key.limits?.rpm ?? null, tpm: key.limits?.tpm ?? null } : null,
      budget: key.budget ? { usd: key.budget.usd, period_cron: key.budget.period_cron } : null,
      budget_period: period ? view(period) : null,
      spent_usd: period ? (useOf(budgetScope(key.id), period)?.costUsd ?? 0) : null,
      window: limited ? (windows.get(key.id) ?? { requests: 0, tokens: 0 }) : null,
    };
  }
}
