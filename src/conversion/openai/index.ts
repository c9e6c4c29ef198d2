/** The OpenAI Chat Completions format, both ways: ingress (client) and egress (provider). */
import type { ClientAdapter, ProviderAdapter } from '../canonical/adapters';
import { parseOpenAIError } from './errors';
import { buildChatRequest, parseChatRequest } from './request';
import { encodeChatCompletion, parseChatCompletion } from './response';
import { ChatStreamDecoder, ChatStreamEncoder } from './stream';

export const openAIChatClient: ClientAdapter = {
  parseRequest: (body) => parseChatRequest(body),
  encodeResponse: encodeChatCompletion,
  createStreamEncoder: (context) => new ChatStreamEncoder(context),
};

export const openAIChatProvider: ProviderAdapter = {
  // Chat completions has no hosted tools (web search there is a model, not a tool).
  hostedTools: [],
  buildRequest: (request, upstreamModel, provider) => ({
    ...buildChatRequest(request, upstreamModel, provider),
  }),
  parseResponse: parseChatCompletion,
  createStreamDecoder: () => new ChatStreamDecoder(),
  parseError: parseOpenAIError,
};
