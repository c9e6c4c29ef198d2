import type { MetricsService } from '../metrics/metrics.service';
import type { TargetRuntime } from '../providers/snapshot.types';
import type { UsageDraft } from '../usage/usage-draft';
import { outcomeLabel } from './attempt-outcome';

/**
 * Record one upstream attempt: in the request's usage row (with the model name sent) and in the
 * attempts metric.
 */
export function logAttempt(
  metrics: MetricsService,
  usage: UsageDraft,
  target: TargetRuntime,
  sentModel: string,
  started: number,
  status: number,
  error?: string,
): void {
  usage.attempts.push({
    provider: target.provider.id,
    model: sentModel,
    status,
    ...(error ? { error } : {}),
    latency_ms: Math.round(performance.now() - started),
  });
  metrics.upstreamAttempts.labels(target.provider.id, outcomeLabel(status, error)).inc();
}
