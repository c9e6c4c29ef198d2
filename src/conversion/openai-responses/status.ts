import type { FinishReason } from '../canonical/types';
import type { IncompleteReason, ResponsesStatus } from './types';

interface Outcome {
  status: Extract<ResponsesStatus, 'completed' | 'incomplete'>;
  reason: IncompleteReason | null;
}

/** Canonical finish reason → the response's status (the Responses API has no finish reason). */
const OUTCOMES: Record<FinishReason, Outcome> = {
  stop: { status: 'completed', reason: null },
  tool_calls: { status: 'completed', reason: null },
  length: { status: 'incomplete', reason: 'max_output_tokens' },
  content_filter: { status: 'incomplete', reason: 'content_filter' },
  // The answer so far is whole as far as the client can tell, as with chat's 'stop'.
  error: { status: 'completed', reason: null },
};

export function outcomeOf(reason: FinishReason): Outcome {
  return OUTCOMES[reason];
}
