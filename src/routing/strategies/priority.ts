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

/**
 * Lowest `score` first; equal scores by priority, then weighted random: the ordering of the
 * scored strategies (least connections, latency, cost).
 */
export function byScoreThenPriority(
  targets: readonly TargetRuntime[],
  score: (t: TargetRuntime) => number,
  random: () => number,
): TargetRuntime[] {
  return orderByScore(targets, score, (group) => sortByPriority(group, random));
}
