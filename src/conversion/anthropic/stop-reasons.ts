import type { FinishReason } from '../canonical/types';
import type { AnthropicStopReason } from './types';

/** Anthropic's stop_reason → the canonical finish reason. */
const FROM_ANTHROPIC: Record<AnthropicStopReason, FinishReason> = {
  end_turn: 'stop',
  max_tokens: 'length',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  // A long server-tool turn was paused; to a client that did not run server tools it is a stop.
  pause_turn: 'stop',
  model_context_window_exceeded: 'length',
};

/** The canonical finish reason → Anthropic's stop_reason. */
const TO_ANTHROPIC: Record<FinishReason, AnthropicStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  // Anthropic has no error stop reason; the error itself travels as an error event or status.
  error: 'end_turn',
};

/** Unknown or missing reasons (a newer API, a cut stream) read as a plain stop. */
export function finishFromAnthropic(
  stopReason: unknown,
  stopSequence: unknown,
): { reason: FinishReason; stopSequence?: string } {
  const reason = Object.hasOwn(FROM_ANTHROPIC, String(stopReason))
    ? FROM_ANTHROPIC[stopReason as AnthropicStopReason]
    : 'stop';
  return typeof stopSequence === 'string' && stopSequence.length > 0
    ? { reason, stopSequence }
    : { reason };
}

/** `stop` with a known stop sequence is Anthropic's `stop_sequence`. */
export function finishToAnthropic(
  reason: FinishReason,
  stopSequence?: string,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  if (reason === 'stop' && stopSequence) {
    return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  }
  return { stop_reason: TO_ANTHROPIC[reason], stop_sequence: null };
}
