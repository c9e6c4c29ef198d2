import { ANTHROPIC_HOSTED_TOOLS } from './server-tools';
import type { ClientAdapter, ProviderAdapter } from '../canonical/adapters';
import { parseAnthropicError } from './errors';
import { parseMessagesRequest } from './request';
import { buildMessagesRequest } from './request-build';
import { encodeMessagesResponse, parseMessagesResponse } from './response';
import { createAnthropicStreamDecoder } from './stream-decoder';
import { createAnthropicStreamEncoder } from './stream-encoder';

export { DEFAULT_MAX_TOKENS } from './request-build';
export { AnthropicStreamError, anthropicErrorBody, parseAnthropicError } from './errors';

/** Clients of the Anthropic Messages API (POST /v1/messages): the SDKs, Claude Code. */
export const anthropicClient: ClientAdapter = {
  parseRequest: (body) => parseMessagesRequest(body),
  encodeResponse: (response, context) =>
    encodeMessagesResponse(response, context.model, {
      hideThoughts: context.request.reasoning?.hideThoughts,
    }),
  createStreamEncoder: (context) =>
    createAnthropicStreamEncoder({
      model: context.model,
      promptTokens: context.promptTokens,
      hideThoughts: context.request.reasoning?.hideThoughts,
    }),
};

/** Anthropic as an upstream. */
export const anthropicProvider: ProviderAdapter = {
  hostedTools: ANTHROPIC_HOSTED_TOOLS,
  // Spread: the typed body as the interface's plain record.
  buildRequest: (request, upstreamModel) => ({ ...buildMessagesRequest(request, upstreamModel) }),
  parseResponse: (body) => parseMessagesResponse(body),
  createStreamDecoder: () => createAnthropicStreamDecoder(),
  parseError: parseAnthropicError,
};
