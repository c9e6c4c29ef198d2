import { describeError } from '../common/errors/describe-error';
import { anthropicErrorBody } from '../conversion/anthropic/errors';
import type { SseOut } from '../conversion/canonical/types';
import { geminiErrorBody } from '../conversion/gemini/errors';
import { openAIErrorBody } from '../conversion/openai/errors';
import { responsesStreamErrorEvent } from '../conversion/openai-responses';

/** The event that ends a broken stream, per client API (never a clean finish). */
export function openAIStreamError(err: unknown): SseOut {
  const d = describeError(err, 0);
  return { data: JSON.stringify(openAIErrorBody(d.kind, d.message, d.code)) };
}

export function anthropicStreamError(err: unknown): SseOut {
  const d = describeError(err, 0);
  return { event: 'error', data: JSON.stringify(anthropicErrorBody(d.kind, d.message)) };
}

export function geminiStreamError(err: unknown): SseOut {
  const d = describeError(err, 0);
  return { data: JSON.stringify(geminiErrorBody(d.kind, d.status, d.message)) };
}

export function openAIResponsesStreamError(err: unknown): SseOut {
  return responsesStreamErrorEvent(describeError(err, 0));
}
