import type { FinishReason } from '../canonical/types';
import type { CompletionsFinishReason } from './types';

/** Canonical → completions `finish_reason`: no tool calls here, and no error reason. */
const TO_COMPLETIONS: Record<FinishReason, CompletionsFinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  // A completions request has no tools; a target that still called one stopped there.
  tool_calls: 'stop',
  // As chat's: 'stop' is the only value every client accepts.
  error: 'stop',
};

export function finishReasonToCompletions(reason: FinishReason): CompletionsFinishReason {
  return TO_COMPLETIONS[reason];
}
