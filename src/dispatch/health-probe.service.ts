import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Subscription } from 'rxjs';
import { upstreamEndpoint } from '../conversion/endpoints';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ConfigSnapshot, ProviderRuntime } from '../providers/snapshot.types';
import { TargetHealthService } from '../routing/health/target-health.service';
import { UpstreamPoolService } from './upstream-pool.service';

interface Scheduled {
  /** Interval name in the SchedulerRegistry. */
  name: string;
  /** What the check depends on; a change re-schedules it. */
  signature: string;
  /** The check running now, if any (checks of one provider never overlap). */
  running: AbortController | null;
}

const INTERVAL_PREFIX = 'health-check:';

/** Everything about a provider that changes how its check is made. */
function signatureOf(p: ProviderRuntime): string {
  return JSON.stringify([
    p.format,
    p.baseUrl,
    p.apiKey ?? null,
    p.headers,
    p.apiVersion ?? null,
    p.healthCheck,
  ]);
}

/** Auth headers for a GET in the provider's format (the same ones its API calls carry). */
function checkHeaders(provider: ProviderRuntime): Record<string, string> {
  const { headers } = upstreamEndpoint(provider, '', 'chat', false);
  delete headers['content-type'];
  return headers;
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `timeout after ${timeoutMs} ms`;
  return e?.code ?? e?.cause?.code ?? e?.message ?? String(err);
}

/**
 * Active health checks: every enabled provider with a `health_check` gets a
 * `GET <base_url><path>` with its auth headers every `interval_ms`; a 2xx within `timeout_ms`
 * marks it healthy, anything else unhealthy (TargetHealthService then keeps its targets out of
 * routing). Schedules follow configuration changes; timers never keep the process alive and
 * stop at shutdown.
 */
@Injectable()
export class HealthProbeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HealthCheck');
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly subscription: Subscription;
  private closing = false;

  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly pool: UpstreamPoolService,
    private readonly health: TargetHealthService,
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.subscription = snapshot.changes$.subscribe((s) => this.schedule(s));
  }

  onApplicationBootstrap(): void {
    if (this.snapshot.loaded) this.schedule(this.snapshot.current);
  }

  /** Start, re-start or stop checks so that they match the configuration. */
  schedule(snapshot: ConfigSnapshot): void {
    if (this.closing) return;
    for (const [id, entry] of this.scheduled) {
      const provider = snapshot.providers.get(id);
      if (!provider?.enabled || !provider.healthCheck || signatureOf(provider) !== entry.signature)
        this.unschedule(id);
    }
    for (const provider of snapshot.providers.values()) {
      if (!provider.enabled || !provider.healthCheck || this.scheduled.has(provider.id)) continue;
      const entry: Scheduled = {
        name: `${INTERVAL_PREFIX}${provider.id}`,
        signature: signatureOf(provider),
        running: null,
      };
      this.scheduled.set(provider.id, entry);
      const timer = setInterval(
        () => void this.check(provider.id, entry),
        provider.healthCheck.interval_ms,
      );
      timer.unref();
      if (this.scheduler.doesExist('interval', entry.name))
        this.scheduler.deleteInterval(entry.name);
      this.scheduler.addInterval(entry.name, timer);
      void this.check(provider.id, entry);
    }
  }

  private unschedule(id: string): void {
    const entry = this.scheduled.get(id);
    if (!entry) return;
    this.scheduled.delete(id);
    entry.running?.abort();
    if (this.scheduler.doesExist('interval', entry.name)) this.scheduler.deleteInterval(entry.name);
  }

  /** One check of one provider; reports unless its schedule was replaced meanwhile. */
  private async check(id: string, entry: Scheduled): Promise<void> {
    const provider = this.snapshot.current.providers.get(id);
    const spec = provider?.healthCheck;
    if (!provider || !spec || entry.running || this.scheduled.get(id) !== entry) return;
    const controller = new AbortController();
    entry.running = controller;
    const timeout = setTimeout(
      () => controller.abort(new DOMException('health check timed out', 'TimeoutError')),
      spec.timeout_ms,
    );
    timeout.unref();
    let ok = false;
    let error: string | undefined;
    try {
      const response = await this.pool.request(provider, {
        method: 'GET',
        path: spec.path.startsWith('/') ? spec.path : `/${spec.path}`,
        headers: checkHeaders(provider),
        signal: controller.signal,
      });
      await response.body.dump().catch(() => undefined);
      ok = response.statusCode >= 200 && response.statusCode < 300;
      if (!ok) error = `HTTP ${response.statusCode}`;
    } catch (err) {
      error = describe(controller.signal.aborted ? controller.signal.reason : err, spec.timeout_ms);
    } finally {
      clearTimeout(timeout);
      entry.running = null;
    }
    if (this.closing || this.scheduled.get(id) !== entry) return;
    if (!ok) this.logger.debug(`provider '${id}': health check failed: ${error}`);
    this.health.providerChecked(id, ok, error);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    this.subscription.unsubscribe();
    for (const id of [...this.scheduled.keys()]) this.unschedule(id);
  }
}
