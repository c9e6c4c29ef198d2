import {
  formatCompact,
  formatInt,
  formatMs,
  formatPercent,
  formatTime,
  formatUsd,
} from '../../components/format';
import { circuitBadge } from '../providers/provider-health';
import type { ModelTarget, TargetStatus } from './types';

/** The live status of a model's target: by provider and upstream model. */
export function findStatus(
  statuses: TargetStatus[] | undefined,
  target: { provider: string; model: string },
): TargetStatus | undefined {
  return statuses?.find((s) => s.provider === target.provider && s.upstream_model === target.model);
}

/** Circuit, latency and error rate of one target. */
export function TargetHealth({ status }: { status: TargetStatus | undefined }) {
  if (!status) return <span className="muted">–</span>;
  const badge = circuitBadge(status.circuit);
  return (
    <span className="target-health">
      <span className={`badge ${badge.tone}`}>{badge.label}</span> {formatMs(status.latency_ms)} ·{' '}
      {formatPercent(status.error_rate)} errors
      {status.last_error && (
        <span className="error" title={formatTime(status.last_error.at)}>
          {' '}
          · {status.last_error.message}
        </span>
      )}
    </span>
  );
}

/**
 * A target's use of its quota in the current period, against its limits: requests, tokens and
 * cost since the period started.
 */
export function QuotaUseView({
  status,
  quota,
}: {
  status: TargetStatus | undefined;
  quota: ModelTarget['quota'];
}) {
  if (!quota) return <span className="muted">no quota</span>;
  const use = status?.quota_use;
  if (!use) return <span className="muted">–</span>;
  const of = (n: number | undefined) => (n === undefined ? '' : ` / ${formatCompact(n)}`);
  return (
    <span className="quota-use">
      {formatInt(use.requests)}
      {of(quota.requests_per_period)} requests · {formatCompact(use.tokens)}
      {of(quota.tokens_per_period)} tokens · {formatUsd(use.cost_usd)}{' '}
      <span className="muted">since {formatTime(use.period_start)}</span>
    </span>
  );
}
