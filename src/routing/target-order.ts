import type { TargetRuntime } from '../providers/snapshot.types';

/**
 * Weighted random permutation (Efraimidis–Spirakis): each target draws u^(1/weight) and the
 * largest keys go first, so a target leads with probability weight / total. Weight 0 means
 * "only when the others are exhausted" and keeps the declared order.
 */
function weightedShuffle(targets: TargetRuntime[], random: () => number): TargetRuntime[] {
  const positive = targets.filter((t) => t.weight > 0);
  const zero = targets.filter((t) => t.weight <= 0);
  const keyed = positive.map((t) => ({ t, key: Math.pow(random(), 1 / t.weight) }));
  keyed.sort((a, b) => b.key - a.key);
  return [...keyed.map((k) => k.t), ...zero];
}

/**
 * The `priority` strategy: lowest priority number first; among equal priorities, weighted
 * random order. Disabled targets and targets of disabled providers are left out.
 */
export function orderByPriority(
  targets: readonly TargetRuntime[],
  random: () => number = Math.random,
): TargetRuntime[] {
  const byPriority = new Map<number, TargetRuntime[]>();
  for (const t of targets) {
    if (!t.enabled || !t.provider.enabled) continue;
    const group = byPriority.get(t.priority);
    if (group) group.push(t);
    else byPriority.set(t.priority, [t]);
  }
  return [...byPriority.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => {
      const group = byPriority.get(p)!;
      return group.length === 1 ? group : weightedShuffle(group, random);
    });
}
