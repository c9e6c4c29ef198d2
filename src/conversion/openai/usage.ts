import type { Usage } from '../canonical/types';
import { object as readObject } from './json';
import type { OpenAIUsage } from './types';

const object = (value: unknown) => readObject(value) ?? {};

/** A token count from untrusted input: a number or a numeric string (some servers send those). */
function count(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * OpenAI `usage` → canonical, for converted answers and the passthrough alike. Reads untrusted
 * input: missing or odd fields count as 0. Cached tokens: OpenAI's
 * `prompt_tokens_details.cached_tokens`, or DeepSeek's `prompt_cache_hit_tokens`.
 */
export function usageFromOpenAI(raw: unknown): Usage {
  const usage = object(raw);
  const prompt = object(usage.prompt_tokens_details);
  const completion = object(usage.completion_tokens_details);
  const reasoning = completion.reasoning_tokens;
  return {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: count(prompt.cached_tokens ?? usage.prompt_cache_hit_tokens),
    ...(typeof reasoning === 'number' ? { reasoningTokens: count(reasoning) } : {}),
  };
}

/** Canonical → OpenAI `usage`. Cache writes have no OpenAI field; they stay in prompt_tokens. */
export function usageToOpenAI(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
