import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Subscription } from 'rxjs';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ConfigSnapshot } from '../providers/snapshot.types';
import { periodOf, previousPeriod } from './period';
import { budgetScope, limitingQuota, targetScope } from './quota-arithmetic';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

/** Every scope with a period in a configuration, grouped by cron. */
export function scopesByCron(snapshot: ConfigSnapshot): Map<string, Set<string>> {
  const byCron = new Map<string, Set<string>>();
  const add = (cron: string, scope: string) => {
    const set = byCron.get(cron) ?? new Set<string>();
    set.add(scope);
    byCron.set(cron, set);
  };
  for (const model of snapshot.models.values()) {
    for (const target of model.targets) {
      if (limitingQuota(target.quota))
        add(target.quota.period_cron, targetScope(model.name, target));
    }
  }
  for (const key of snapshot.keysByHash.values()) {
    if (key.budget) add(key.budget.period_cron, budgetScope(key.id));
  }
  return byCron;
}

/** setTimeout's longest delay (about 24.8 days); a longer wait is re-armed on the way. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Fire just after the boundary, so that "now" is inside the new period. */
const AFTER_BOUNDARY_MS = 5;
const PRUNE_INTERVAL_MS = 60_000;
/** Rate events leave the 60 s window; kept a little longer for the stats. */
const RATE_EVENT_KEEP_MS = 120_000;
/**
 * Counters of scopes no longer configured are kept this long after their last change (a target
 * deleted and added back within a week keeps its count).
 */
const ORPHAN_KEEP_MS = 7 * 24 * 3600_000;
const PRUNE_NAME = 'quota-prune';
const TIMEOUT_PREFIX = 'quota-reset:';

/**
 * Quota and budget resets. Counters are kept per period (the row's period_start), so a new
 * period starts from zero by itself: a reset only records, once per scope and period across
 * all instances (INSERT … ON CONFLICT DO NOTHING; the instance whose insert wins logs it),
 * and old rows are pruned.
 *
 * Scheduling: one timeout per distinct cron, armed for the end of its current period and
 * re-armed when it fires (waits longer than setTimeout allows are re-armed on the way). At
 * start-up, and for every scope a configuration change adds, the current period's reset is
 * recorded if missing — a reset missed while every instance was down is applied then. Every
 * minute a sweep records any reset still missing (e.g. after a failed write), deletes rate
 * events older than 2 minutes, each scope's counters and resets older than its previous
 * period, and those of scopes the configuration no longer has, a week after their last change.
 * Timers never keep the process alive and stop at shutdown.
 */
@Injectable()
export class QuotaResetService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('QuotaReset');
  private readonly subscription: Subscription;
  /** The configuration's scopes per cron. */
  private scopes = new Map<string, Set<string>>();
  /** Per scope: the start (ms epoch) of the last period whose reset this instance saw recorded. */
  private readonly recorded = new Map<string, number>();
  private readonly timers = new Set<string>();
  /** A configuration was loaded (before that, every scope would look orphaned). */
  private configured = false;
  private closing = false;

  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly repository: QuotaRepository,
    private readonly quota: QuotaService,
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.subscription = snapshot.changes$.subscribe((s) => this.schedule(s));
  }

  onApplicationBootstrap(): void {
    if (this.snapshot.loaded) this.schedule(this.snapshot.current);
    const timer = setInterval(() => void this.sweep(), PRUNE_INTERVAL_MS);
    timer.unref();
    if (this.scheduler.doesExist('interval', PRUNE_NAME)) this.scheduler.deleteInterval(PRUNE_NAME);
    this.scheduler.addInterval(PRUNE_NAME, timer);
  }

  /** Follow a configuration: a timer per cron, the current resets of new scopes recorded. */
  schedule(snapshot: ConfigSnapshot): void {
    if (this.closing) return;
    this.scopes = scopesByCron(snapshot);
    this.configured = true;
    for (const cron of [...this.timers]) {
      if (!this.scopes.has(cron)) this.disarm(cron);
    }
    const known = new Set<string>();
    for (const [cron, scopes] of this.scopes) {
      for (const scope of scopes) known.add(scope);
      if (!this.timers.has(cron)) this.arm(cron);
    }
    for (const scope of [...this.recorded.keys()]) {
      if (!known.has(scope)) this.recorded.delete(scope);
    }
    void this.recordMissing();
  }

  /** Record the current period's reset of every scope not yet seen recorded. */
  async recordMissing(now = new Date()): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const [cron, scopes] of this.scopes) {
      const period = this.periodOf(cron, now);
      if (!period) continue;
      for (const scope of scopes) {
        if (this.recorded.get(scope) !== period.start.getTime()) {
          writes.push(this.record(scope, period.start));
        }
      }
    }
    await Promise.all(writes);
  }

  /** One minute's housekeeping: missing resets, then old rate events and counters. */
  async sweep(now = new Date()): Promise<void> {
    if (this.closing) return;
    await this.recordMissing(now);
    try {
      await this.repository.pruneRateEvents(new Date(now.getTime() - RATE_EVENT_KEEP_MS));
      const cutoffs: { scope: string; before: Date }[] = [];
      for (const [cron, scopes] of this.scopes) {
        const period = this.periodOf(cron, now);
        if (!period) continue;
        const before = previousPeriod(cron, period, this.quota.timeZone).start;
        for (const scope of scopes) cutoffs.push({ scope, before });
      }
      await this.repository.pruneCounters(cutoffs);
      if (this.configured) {
        // Every configured scope is known, also one whose period could not be read now.
        const known = [...this.scopes.values()].flatMap((scopes) => [...scopes]);
        await this.repository.pruneOrphans(known, new Date(now.getTime() - ORPHAN_KEEP_MS));
      }
    } catch (err) {
      this.logger.warn(`quota pruning failed: ${describe(err)}`);
    }
  }

  private async record(scope: string, periodStart: Date): Promise<void> {
    try {
      if (await this.repository.recordReset(scope, periodStart)) {
        this.logger.log(`quota reset: ${scope} (period from ${periodStart.toISOString()})`);
      }
      if (!this.closing) this.recorded.set(scope, periodStart.getTime());
    } catch (err) {
      // The next sweep tries again; counters are per period, so use is right meanwhile.
      this.logger.warn(`recording the reset of ${scope} failed: ${describe(err)}`);
    }
  }

  private arm(cron: string): void {
    const period = this.periodOf(cron, new Date());
    if (!period) return;
    const name = `${TIMEOUT_PREFIX}${cron}`;
    const delay = Math.min(
      Math.max(0, period.end.getTime() - Date.now()) + AFTER_BOUNDARY_MS,
      MAX_DELAY_MS,
    );
    const timer = setTimeout(() => {
      this.timers.delete(cron);
      if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
      if (this.closing || !this.scopes.has(cron)) return;
      this.arm(cron);
      void this.recordMissing();
    }, delay);
    timer.unref();
    if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
    this.scheduler.addTimeout(name, timer);
    this.timers.add(cron);
  }

  private disarm(cron: string): void {
    const name = `${TIMEOUT_PREFIX}${cron}`;
    this.timers.delete(cron);
    if (this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
  }

  private periodOf(cron: string, at: Date) {
    try {
      return periodOf(cron, at, this.quota.timeZone);
    } catch (err) {
      this.logger.warn(describe(err));
      return null;
    }
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    this.subscription.unsubscribe();
    for (const cron of [...this.timers]) this.disarm(cron);
    if (this.scheduler.doesExist('interval', PRUNE_NAME)) this.scheduler.deleteInterval(PRUNE_NAME);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
