import type { TargetRuntime } from '../../providers/snapshot.types';
import type { TargetStats } from '../routing.types';
import { byScoreThenPriority } from './priority';

/**
 * The `least_connections` strategy: fewest in-flight requests first; ties by priority, then
 * weighted random.
 */
export function byLeastConnections(
  targets: readonly TargetRuntime[],
  stats: (t: TargetRuntime) => TargetStats,
  random: () => number,
): TargetRuntime[] {
  return byScoreThenPriority(targets, (t) => stats(t).inFlight, random);
}
