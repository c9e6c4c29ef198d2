import type { TargetRuntime } from '../../providers/snapshot.types';

/**
 * Per-model round-robin counters, local to this instance. Bounded: past `maxModels` the model
 * used least recently is forgotten (and restarts at 0).
 */
export class RoundRobinCursors {
  private readonly counters = new Map<string, number>();

  constructor(private readonly maxModels = 10_000) {}

  /** The counter for `modelName` (0, 1, 2, …), advanced by one. */
  next(modelName: string): number {
    const current = this.counters.get(modelName) ?? 0;
    this.counters.delete(modelName);
    this.counters.set(modelName, (current + 1) % Number.MAX_SAFE_INTEGER);
    if (this.counters.size > this.maxModels) {
      this.counters.delete(this.counters.keys().next().value!);
    }
    return current;
  }
}

/**
 * The `round_robin` strategy: the declared order rotated by `cursor`, so consecutive requests
 * start at consecutive targets. Weight-0 targets are not rotated in; they stay last, in
 * declared order.
 */
export function rotate(targets: readonly TargetRuntime[], cursor: number): TargetRuntime[] {
  const positive = targets.filter((t) => t.weight > 0);
  const zero = targets.filter((t) => t.weight <= 0);
  if (positive.length === 0) return zero;
  const start = ((cursor % positive.length) + positive.length) % positive.length;
  return [...positive.slice(start), ...positive.slice(0, start), ...zero];
}
