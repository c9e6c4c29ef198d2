/**
 * Legacy completions (POST /v1/completions) as a client format, answered by chat models: the
 * prompt is one user message. Ingress only: upstreams are reached through the chat formats.
 */
import type { ClientAdapter } from '../canonical/adapters';
import { parseCompletionsRequest } from './request';
import { encodeTextCompletion } from './response';
import { CompletionsStreamEncoder } from './stream';

export { completionsRequestSchema } from './completions-request.schema';

export const openAICompletionsClient: ClientAdapter = {
  parseRequest: (body) => parseCompletionsRequest(body),
  encodeResponse: encodeTextCompletion,
  createStreamEncoder: (context) => new CompletionsStreamEncoder(context),
};
