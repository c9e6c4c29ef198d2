import type { TargetRuntime } from '../../providers/snapshot.types';

/**
 * Weighted random permutation (Efraimidis–Spirakis): each target draws u^(1/weight) and the
 * largest keys go first, so a target leads with probability weight / total. Weight 0 means
 * "only when the others are exhausted" and keeps the declared order.
 */
export function weightedShuffle(
  targets: readonly TargetRuntime[],
  random: () => number,
): TargetRuntime[] {
  const positive = targets.filter((t) => t.weight > 0);
  const zero = targets.filter((t) => t.weight <= 0);
  if (positive.length <= 1) return [...positive, ...zero];
  const keyed = positive.map((t) => ({ t, key: Math.pow(random(), 1 / t.weight) }));
  keyed.sort((a, b) => b.key - a.key);
  return [...keyed.map((k) => k.t), ...zero];
}

/**
 * Groups targets by a numeric score (lowest first, stable) and orders each group with
 * `tieBreak`. Single-target groups are not passed to `tieBreak`, so they draw no randomness.
 */
export function orderByScore(
  targets: readonly TargetRuntime[],
  score: (t: TargetRuntime) => number,
  tieBreak: (group: TargetRuntime[]) => TargetRuntime[],
): TargetRuntime[] {
  const groups = new Map<number, TargetRuntime[]>();
  for (const t of targets) {
    const s = score(t);
    const group = groups.get(s);
    if (group) group.push(t);
    else groups.set(s, [t]);
  }
  return [...groups.keys()]
    .sort((a, b) => a - b)
    .flatMap((s) => {
      const group = groups.get(s)!;
      return group.length === 1 ? group : tieBreak(group);
    });
}
