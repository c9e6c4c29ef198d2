import type { Price, TargetRuntime } from '../../providers/snapshot.types';
import { byScoreThenPriority, sortByPriority } from './priority';

/** Output tokens assumed when the request sets no limit. */
export const DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

/**
 * Estimated USD cost of one request at `price` (USD per 1M tokens): prompt at the input
 * price plus `maxTokens` (or `DEFAULT_EXPECTED_OUTPUT_TOKENS`) at the output price. Cached
 * input is not assumed.
 */
export function estimateCost(
  price: Price,
  promptTokens: number,
  maxTokens: number | undefined,
): number {
  const expectedOutput = maxTokens ?? DEFAULT_EXPECTED_OUTPUT_TOKENS;
  return (promptTokens * price.input + expectedOutput * price.output) / 1e6;
}

/**
 * The `cost` strategy: cheapest estimated cost for this request first; targets without a
 * price after every priced one; ties by priority, then weighted random. `promptTokens` is
 * read at most once, and not at all when no target has a price.
 */
export function byCost(
  targets: readonly TargetRuntime[],
  promptTokens: () => number,
  maxTokens: number | undefined,
  random: () => number,
): TargetRuntime[] {
  if (!targets.some((t) => t.price)) return sortByPriority(targets, random);
  const tokens = promptTokens();
  return byScoreThenPriority(
    targets,
    (t) => (t.price ? estimateCost(t.price, tokens, maxTokens) : Number.POSITIVE_INFINITY),
    random,
  );
}
