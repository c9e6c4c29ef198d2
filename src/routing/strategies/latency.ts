import type { TargetRuntime } from '../../providers/snapshot.types';
import type { TargetStats } from '../routing.types';
import { byScoreThenPriority } from './priority';

/**
 * How much an error counts against latency: score = latency × (1 + 10 × errorRate), so a 10%
 * error rate weighs as much as doubling the latency (a failure costs a retry elsewhere).
 */
export const ERROR_PENALTY = 10;

/**
 * Latency score of a target, lower is better: `latencyMs × (1 + ERROR_PENALTY × errorRate) /
 * weight`. Unmeasured targets score -Infinity (tried first, so they get measured); weight 0
 * scores +Infinity (last).
 */
export function latencyScore(target: TargetRuntime, stats: TargetStats): number {
  if (target.weight <= 0) return Number.POSITIVE_INFINITY;
  if (stats.latencyMs === undefined) return Number.NEGATIVE_INFINITY;
  return (stats.latencyMs * (1 + ERROR_PENALTY * stats.errorRate)) / target.weight;
}

/**
 * The `latency` strategy: lowest `latencyScore` first (targets without latency data first,
 * weight 0 last); ties by priority, then weighted random.
 */
export function byLatency(
  targets: readonly TargetRuntime[],
  stats: (t: TargetRuntime) => TargetStats,
  random: () => number,
): TargetRuntime[] {
  return byScoreThenPriority(targets, (t) => latencyScore(t, stats(t)), random);
}
