import type { Price } from '../providers/snapshot.types';

/** Tokens of one request, as the usage row counts them. */
export interface BilledTokens {
  /** All prompt tokens, cached ones included. */
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's cache (part of promptTokens). */
  cachedTokens: number;
  /** Prompt tokens written to the provider's cache (part of promptTokens; Anthropic). */
  cacheWriteTokens?: number;
}

/**
 * What a request cost in USD from a target's price (USD per 1M tokens): prompt tokens at
 * `input`, those read from the provider's cache at `cached_input` and those written to it at
 * `cache_write` (each `input` when the price has none), completion tokens at `output`. Rounded
 * to 10 decimals, the precision of the usage table. No price: 0.
 */
export function costUsd(price: Price | undefined, tokens: BilledTokens): number {
  if (!price) return 0;
  const cached = Math.min(Math.max(tokens.cachedTokens, 0), tokens.promptTokens);
  const written = Math.min(Math.max(tokens.cacheWriteTokens ?? 0, 0), tokens.promptTokens - cached);
  const plain = tokens.promptTokens - cached - written;
  const micro =
    plain * price.input +
    cached * (price.cached_input ?? price.input) +
    written * (price.cache_write ?? price.input) +
    tokens.completionTokens * price.output;
  return Math.round(micro * 1e4) / 1e10;
}
