import type { FinishReason } from '../canonical/types';
import type { OpenAIFinishReason } from './types';

/** OpenAI `finish_reason` → canonical. Anything else an upstream invents reads as `stop`. */
const FROM_OPENAI: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  // Legacy `functions` API; the gateway never asks for it, but old compatible servers say it.
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  // DeepSeek: generation was cut off because the provider ran out of capacity.
  insufficient_system_resource: 'error',
};

/** Canonical → OpenAI `finish_reason`. */
const TO_OPENAI: Record<FinishReason, OpenAIFinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  // OpenAI has no "error" finish reason (a failed stream ends with an error event instead);
  // 'stop' is the only value every client accepts.
  error: 'stop',
};

/** null when the upstream gave no reason (a chunk before the last). */
export function finishReasonFromOpenAI(reason: unknown): FinishReason | null {
  if (typeof reason !== 'string' || reason === '') return null;
  return Object.hasOwn(FROM_OPENAI, reason) ? FROM_OPENAI[reason] : 'stop';
}

export function finishReasonToOpenAI(reason: FinishReason): OpenAIFinishReason {
  return TO_OPENAI[reason];
}
