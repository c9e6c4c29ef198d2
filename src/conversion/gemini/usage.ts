import type { Usage } from '../canonical/types';
import { numberField } from './fields';
import type { GeminiUsageMetadata, Json } from './types';

/**
 * Gemini's usageMetadata → canonical usage. Gemini counts thinking apart from the answer
 * (candidatesTokenCount excludes thoughtsTokenCount); canonical completion tokens include
 * reasoning. promptTokenCount already includes cached tokens; tokens of server-side tool
 * results (toolUsePromptTokenCount) are input too.
 */
export function fromGeminiUsage(metadata: Json): Usage {
  const count = (name: string) => Math.max(0, numberField(metadata, name) ?? 0);
  const thoughts = count('thoughtsTokenCount');
  return {
    promptTokens: count('promptTokenCount') + count('toolUsePromptTokenCount'),
    completionTokens: count('candidatesTokenCount') + thoughts,
    cachedTokens: count('cachedContentTokenCount'),
    ...(thoughts > 0 ? { reasoningTokens: thoughts } : {}),
  };
}

/** Canonical usage → Gemini's usageMetadata (the inverse split). */
export function toGeminiUsage(usage: Usage): GeminiUsageMetadata {
  const thoughts = usage.reasoningTokens ?? 0;
  return {
    promptTokenCount: usage.promptTokens,
    candidatesTokenCount: Math.max(0, usage.completionTokens - thoughts),
    totalTokenCount: usage.promptTokens + usage.completionTokens,
    ...(usage.cachedTokens > 0 ? { cachedContentTokenCount: usage.cachedTokens } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}
