import type { Price } from '../providers/snapshot.types';

/** Tokens of one request, as the usage row counts them. */
export interface BilledTokens {
  /** All prompt tokens, cached ones included. */
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's cache (part of promptTokens). */
  cachedTokens: number;
}

/**
 * What a request cost in USD from a target's price (USD per 1M tokens): uncached prompt tokens
 * at `input`, cached ones at `cached_input` (or `input` when the price has none), completion
 * tokens at `output`. Rounded to 10 decimals, the precision of the usage table. No price: 0.
 */
export function costUsd(price: Price | undefined, tokens: BilledTokens): number {
  if (!price) return 0;
  const cached = Math.min(Math.max(tokens.cachedTokens, 0), tokens.promptTokens);
  const uncached = tokens.promptTokens - cached;
  const micro =
    uncached * price.input +
    cached * (price.cached_input ?? price.input) +
    tokens.completionTokens * price.output;
  return Math.round(micro * 1e4) / 1e10;
}
