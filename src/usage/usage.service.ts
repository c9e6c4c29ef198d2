import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { UsageRepository } from './usage.repository';
import type { UsageEntry } from './usage.types';

/**
 * Usage rows are queued in memory and written in batches, off the request path. If Postgres
 * is unreachable the rows stay queued (bounded by USAGE_BUFFER_MAX; beyond it the oldest are
 * dropped, counted and logged) and are written when it is back. Shutdown flushes everything.
 */
@Injectable()
export class UsageService implements OnApplicationShutdown {
  private readonly logger = new Logger('Usage');
  private queue: UsageEntry[] = [];
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private lastFailureLog = 0;

  constructor(
    private readonly repository: UsageRepository,
    private readonly metrics: MetricsService,
    @Inject(ENV) private readonly env: Env,
  ) {
    this.timer = setInterval(() => void this.flush(), env.USAGE_FLUSH_MS);
    this.timer.unref();
  }

  /** Queue a row; never throws, never waits. */
  record(entry: UsageEntry): void {
    this.queue.push(entry);
    if (this.queue.length > this.env.USAGE_BUFFER_MAX) {
      const dropped = this.queue.length - this.env.USAGE_BUFFER_MAX;
      this.queue.splice(0, dropped);
      this.metrics.usageDropped.inc(dropped);
      this.logger.error(
        `usage buffer full (${this.env.USAGE_BUFFER_MAX} rows): dropped the ${dropped} oldest row(s)`,
      );
    }
    this.metrics.usageQueued.set(this.queue.length);
    if (this.queue.length >= this.env.USAGE_BATCH_SIZE && !this.flushing) void this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Write queued rows in batches until the queue is empty or a write fails. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
        this.metrics.usageQueued.set(this.queue.length);
      });
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.env.USAGE_BATCH_SIZE);
      try {
        await this.repository.insertMany(batch);
      } catch (err) {
        this.metrics.usageWriteErrors.inc();
        if (Date.now() - this.lastFailureLog > 10_000) {
          this.lastFailureLog = Date.now();
          this.logger.warn(
            `cannot write usage (${this.queue.length} row(s) kept in memory, will retry): ${String(err)}`,
          );
        }
        return;
      }
      // record() may have dropped rows from the front meanwhile: remove exactly ours.
      if (this.queue[0] === batch[0]) this.queue.splice(0, batch.length);
      else {
        const written = new Set(batch);
        this.queue = this.queue.filter((e) => !written.has(e));
      }
      this.metrics.usageWritten.inc(batch.length);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // The HTTP server is closed by now, so no new rows arrive. Retry a few times.
    for (let i = 0; i < 5 && (this.queue.length > 0 || this.flushing); i++) {
      await this.flush();
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, 500));
    }
    if (this.queue.length > 0) {
      this.logger.error(`shutdown: ${this.queue.length} usage row(s) could not be written`);
    }
  }
}
