/** Canonical → the text_completion a client of POST /v1/completions gets. Pure. */
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalResponse } from '../canonical/types';
import { usageToOpenAI } from '../openai/usage';
import { finishReasonToCompletions } from './finish-reasons';
import type { TextCompletion } from './types';

/** The completion id: `cmpl-` + the upstream id (kept as is when it already is one). */
export function completionIdOf(upstreamId: string): string {
  return upstreamId.startsWith('cmpl-') ? upstreamId : `cmpl-${upstreamId}`;
}

/**
 * Canonical → text_completion: the model the client asked for, the answer's text. Thinking is
 * left out and tool calls cannot be represented (a completions request has no tools).
 */
export function encodeTextCompletion(
  response: CanonicalResponse,
  context: ClientResponseContext,
): TextCompletion {
  const text = response.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return {
    id: completionIdOf(response.id),
    object: 'text_completion',
    created: response.created,
    model: context.model,
    choices: [
      {
        text,
        index: 0,
        logprobs: null,
        finish_reason: finishReasonToCompletions(response.finishReason),
      },
    ],
    usage: usageToOpenAI(response.usage),
  };
}
