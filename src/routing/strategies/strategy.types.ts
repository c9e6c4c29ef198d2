import type { TargetRuntime } from '../../providers/snapshot.types';
import type { TargetStats } from '../routing.types';

/** What a strategy may read while ordering the targets of one request. */
export interface StrategyContext {
  /** Uniform in [0, 1); seeded in tests. */
  random: () => number;
  /** Recent in-flight count, latency and error rate of a target (instance-local). */
  stats(target: TargetRuntime): TargetStats;
  /** Next round-robin counter for a model (see `RoundRobinCursors`). */
  cursor(modelName: string): number;
  /** The logical model being routed. */
  modelName: string;
  /** Prompt size in tokens; lazy and possibly costly, read only by the `cost` strategy. */
  promptTokens(): number;
  /** The request's output token limit, when the client set one. */
  maxTokens: number | undefined;
}
