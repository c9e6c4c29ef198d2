import type { TargetRuntime } from '../../providers/snapshot.types';
import { orderByScore, weightedShuffle } from './weighted-shuffle';

/**
 * The `priority` strategy: lowest priority number first; among equal priorities, weighted
 * random order (weight 0 last). Keeps every input; also the tie-break of other strategies.
 */
export function sortByPriority(
  targets: readonly TargetRuntime[],
  random: () => number,
): TargetRuntime[] {
  return orderByScore(
    targets,
    (t) => t.priority,
    (group) => weightedShuffle(group, random),
  );
}
