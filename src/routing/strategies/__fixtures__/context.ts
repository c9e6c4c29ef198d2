import type { TargetRuntime } from '../../../providers/snapshot.types';
import { mulberry32 } from '../../__fixtures__/runtime';
import type { TargetStats } from '../../routing.types';
import type { StrategyContext } from '../strategy.types';

export const ids = (targets: readonly TargetRuntime[]) => targets.map((t) => t.id);

/** Stats by target id; unknown ids are idle and unmeasured. */
export function statsOf(byId: Record<string, Partial<TargetStats>>) {
  return (t: TargetRuntime): TargetStats => ({
    inFlight: 0,
    latencyMs: undefined,
    errorRate: 0,
    ...byId[t.id],
  });
}

/** A seeded context for unit tests; override any field. */
export function contextOf(over: Partial<StrategyContext> = {}, seed = 42): StrategyContext {
  let counter = 0;
  return {
    random: mulberry32(seed),
    stats: statsOf({}),
    cursor: () => counter++,
    modelName: 'model',
    promptTokens: () => 1000,
    maxTokens: undefined,
    ...over,
  };
}

/** How often each target id comes first over `draws` orderings. */
export function firstPlaceShares(order: () => TargetRuntime[], draws: number) {
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const first = order()[0].id;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return (id: string) => (counts.get(id) ?? 0) / draws;
}
