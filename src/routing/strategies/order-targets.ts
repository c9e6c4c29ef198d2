import type { Strategy, TargetRuntime } from '../../providers/snapshot.types';
import { byCost } from './cost';
import { byLatency } from './latency';
import { byLeastConnections } from './least-connections';
import { sortByPriority } from './priority';
import { rotate } from './round-robin';
import type { StrategyContext } from './strategy.types';
import { weightedShuffle } from './weighted-shuffle';

/**
 * Orders the (already filtered) targets of a request by the model's strategy. The result is a
 * permutation of the input: every target stays as a fallback, the strategy only decides who
 * is tried first.
 */
export function orderTargets(
  strategy: Strategy,
  targets: readonly TargetRuntime[],
  ctx: StrategyContext,
): TargetRuntime[] {
  // Nothing to order (the usual case for a model with one target): no scoring, no randomness.
  if (targets.length <= 1) return [...targets];
  switch (strategy) {
    case 'priority':
      return sortByPriority(targets, ctx.random);
    case 'weighted':
      return weightedShuffle(targets, ctx.random);
    case 'round_robin':
      return rotate(targets, ctx.cursor(ctx.modelName));
    case 'least_connections':
      return byLeastConnections(targets, (t) => ctx.stats(t), ctx.random);
    case 'latency':
      return byLatency(targets, (t) => ctx.stats(t), ctx.random);
    case 'cost':
      return byCost(targets, () => ctx.promptTokens(), ctx.maxTokens, ctx.random);
  }
}
