import type { PlaygroundDraft, ServedBy } from './types';

/** The body of POST /v1/chat/completions for a draft (validated with draftProblems first). */
export function chatRequestBody(draft: PlaygroundDraft): Record<string, unknown> {
  const messages = [
    ...(draft.system.trim() ? [{ role: 'system', content: draft.system }] : []),
    ...draft.turns.map((t) => ({ role: t.role, content: t.content })),
  ];
  const body: Record<string, unknown> = { model: draft.model, messages };
  if (draft.stream) {
    body.stream = true;
    // The final chunk then carries the token counts.
    body.stream_options = { include_usage: true };
  }
  if (draft.maxTokens.trim()) body.max_tokens = Number(draft.maxTokens);
  if (draft.temperature.trim()) body.temperature = Number(draft.temperature);
  return body;
}

export type DraftField = 'model' | 'turns' | 'maxTokens' | 'temperature';

/** What keeps a draft from being sent, by field (empty when it can be sent). */
export function draftProblems(draft: PlaygroundDraft): Partial<Record<DraftField, string>> {
  const problems: Partial<Record<DraftField, string>> = {};
  if (!draft.model) problems.model = 'Pick a model.';
  if (!draft.turns.some((t) => t.role === 'user' && t.content.trim())) {
    problems.turns = 'Write at least one user message.';
  }
  const maxTokens = draft.maxTokens.trim();
  if (maxTokens && !(Number.isInteger(Number(maxTokens)) && Number(maxTokens) > 0)) {
    problems.maxTokens = 'Max tokens must be a whole number above 0.';
  }
  const temperature = draft.temperature.trim();
  if (temperature && !(Number(temperature) >= 0 && Number(temperature) <= 2)) {
    problems.temperature = 'Temperature must be between 0 and 2.';
  }
  return problems;
}

/** The routing headers of a gateway answer. */
export function servedByFrom(headers: Headers): ServedBy {
  const attempts = headers.get('x-switchboard-attempts');
  return {
    requestId: headers.get('x-request-id'),
    provider: headers.get('x-switchboard-provider'),
    upstreamModel: headers.get('x-switchboard-model'),
    attempts: attempts !== null && attempts !== '' ? Number(attempts) : null,
  };
}
