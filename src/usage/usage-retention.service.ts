import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { UsageRepository } from './usage.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement: short transactions, no long lock on the table. */
export const PRUNE_BATCH_SIZE = 5000;
/** Pause between batches, so the deletes leave room for the usage writes and queries. */
const BATCH_PAUSE_MS = 50;
const INTERVAL_MS = 60 * 60 * 1000;
/** The first run after start-up (not at once: start-up has enough to do). */
const FIRST_RUN_MS = 30 * 1000;

const INTERVAL_NAME = 'usage-retention';
const FIRST_RUN_NAME = 'usage-retention:first-run';

/**
 * Deletes usage rows older than USAGE_RETENTION_DAYS (0: keep them forever), hourly and once
 * shortly after start, in batches of PRUNE_BATCH_SIZE. Several instances may run it at once:
 * each batch skips the rows another instance is deleting. Timers never keep the process alive;
 * shutdown stops a run between two batches.
 */
@Injectable()
export class UsageRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageRetention');
  private running: Promise<number> | null = null;
  private closing = false;

  constructor(
    private readonly repository: UsageRepository,
    private readonly scheduler: SchedulerRegistry,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.USAGE_RETENTION_DAYS === 0) return;
    const interval = setInterval(() => void this.runScheduled(), INTERVAL_MS);
    interval.unref();
    this.scheduler.addInterval(INTERVAL_NAME, interval);
    const first = setTimeout(() => {
      this.scheduler.deleteTimeout(FIRST_RUN_NAME);
      void this.runScheduled();
    }, FIRST_RUN_MS);
    first.unref();
    this.scheduler.addTimeout(FIRST_RUN_NAME, first);
  }

  /**
   * Delete every row created more than the retention before `now`; resolves with how many.
   * A call while a run is in progress joins that run.
   */
  prune(now = new Date()): Promise<number> {
    if (this.env.USAGE_RETENTION_DAYS === 0) return Promise.resolve(0);
    this.running ??= this.pruneBefore(
      new Date(now.getTime() - this.env.USAGE_RETENTION_DAYS * DAY_MS),
    ).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pruneBefore(cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.repository.deleteOlderThan(cutoff, PRUNE_BATCH_SIZE);
      total += deleted;
      if (deleted < PRUNE_BATCH_SIZE || this.closing) break;
      await new Promise((resolve) => setTimeout(resolve, BATCH_PAUSE_MS).unref());
    }
    if (total > 0) {
      this.logger.log(
        `pruned ${total} usage row(s) created before ${cutoff.toISOString()} ` +
          `(USAGE_RETENTION_DAYS=${this.env.USAGE_RETENTION_DAYS})`,
      );
    }
    return total;
  }

  private async runScheduled(): Promise<void> {
    if (this.closing) return;
    try {
      await this.prune();
    } catch (err) {
      this.logger.warn(`cannot prune usage rows (next try in an hour): ${String(err)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const [type, name] of [
      ['interval', INTERVAL_NAME],
      ['timeout', FIRST_RUN_NAME],
    ] as const) {
      if (!this.scheduler.doesExist(type, name)) continue;
      if (type === 'interval') this.scheduler.deleteInterval(name);
      else this.scheduler.deleteTimeout(name);
    }
    // The pool closes after this hook: let a run in progress end its current batch.
    await this.running?.catch(() => undefined);
  }
}
