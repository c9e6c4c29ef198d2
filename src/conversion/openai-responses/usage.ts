import type { Usage } from '../canonical/types';
import type { ResponsesUsage } from './types';

/** Canonical → Responses `usage`: cache reads and writes are both part of input_tokens. */
export function usageToResponses(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: {
      cached_tokens: usage.cachedTokens,
      cache_write_tokens: usage.cacheCreationTokens ?? 0,
    },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}
