import type { SseOut } from '../canonical/types';

/** What the stream error event says: an error described by `describeError`. */
export interface StreamErrorDescription {
  code: string | null;
  message: string;
  param?: string | null;
}

/**
 * The event that ends a broken Responses stream, as OpenAI writes it: `event: error` with
 * `{type: 'error', code, message, param}`. The official SDK rejects the stream with it.
 * (No sequence_number: the edge writes it, outside the encoder that counts them.)
 */
export function responsesStreamErrorEvent(error: StreamErrorDescription): SseOut {
  const { code, message, param } = error;
  const data = { type: 'error', code, message, param: param ?? null };
  return { event: 'error', data: JSON.stringify(data) };
}
