import type { FinishReason } from '../canonical/types';

/**
 * Gemini's finishReason → canonical. Every reason other than STOP (and the per-request limits)
 * is an abnormal end; values Google adds later read as `error` until they are listed here.
 */
const FROM_GEMINI: Record<string, FinishReason> = {
  STOP: 'stop',
  FINISH_REASON_UNSPECIFIED: 'stop',
  MAX_TOKENS: 'length',
  CONTINUATION: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  LANGUAGE: 'error',
  OTHER: 'error',
};

/** Canonical → Gemini's finishReason. */
const TO_GEMINI: Record<FinishReason, string> = {
  stop: 'STOP',
  tool_calls: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  error: 'OTHER',
};

/** Gemini says STOP when it calls functions: the canonical reason is then `tool_calls`. */
export function fromGeminiFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  const mapped = FROM_GEMINI[reason] ?? 'error';
  return mapped === 'stop' && hasToolCalls ? 'tool_calls' : mapped;
}

export function toGeminiFinishReason(reason: FinishReason): string {
  return TO_GEMINI[reason];
}
