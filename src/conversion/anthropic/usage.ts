import type { Usage } from '../canonical/types';

/**
 * Anthropic's counters as sent. `input_tokens` excludes cache reads and cache writes, while the
 * canonical `promptTokens` includes them: prompt = input + cache_read + cache_creation.
 */
export interface AnthropicUsageCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  /** output_tokens_details.thinking_tokens, when the API reports it. */
  thinking?: number;
}

/** The usage object the gateway writes: every counter, never null. */
export interface AnthropicUsageOut {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export const ZERO_COUNTS: AnthropicUsageCounts = {
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheCreation: 0,
};

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Read a usage object onto `base`: fields present win, absent or null ones keep the base value.
 * Streams need this: message_delta repeats only some counters (cumulative totals, never
 * increments), and message_start said the rest.
 */
export function readAnthropicUsage(
  raw: unknown,
  base: AnthropicUsageCounts = ZERO_COUNTS,
): AnthropicUsageCounts {
  if (typeof raw !== 'object' || raw === null) return { ...base };
  const u = raw as Record<string, unknown>;
  const details = u.output_tokens_details as Record<string, unknown> | null | undefined;
  const thinking = count(details?.thinking_tokens) ?? base.thinking;
  return {
    input: count(u.input_tokens) ?? base.input,
    output: count(u.output_tokens) ?? base.output,
    cacheRead: count(u.cache_read_input_tokens) ?? base.cacheRead,
    cacheCreation: count(u.cache_creation_input_tokens) ?? base.cacheCreation,
    ...(thinking !== undefined ? { thinking } : {}),
  };
}

export function usageFromCounts(c: AnthropicUsageCounts): Usage {
  return {
    promptTokens: c.input + c.cacheRead + c.cacheCreation,
    completionTokens: c.output,
    cachedTokens: c.cacheRead,
    ...(c.cacheCreation > 0 ? { cacheCreationTokens: c.cacheCreation } : {}),
    ...(c.thinking !== undefined ? { reasoningTokens: c.thinking } : {}),
  };
}

/** Canonical usage → Anthropic's four counters (input without the cached and written parts). */
export function usageToAnthropic(usage: Usage): AnthropicUsageOut {
  const creation = usage.cacheCreationTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cachedTokens - creation),
    output_tokens: usage.completionTokens,
    cache_read_input_tokens: usage.cachedTokens,
    cache_creation_input_tokens: creation,
  };
}
