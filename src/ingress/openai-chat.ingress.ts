import type { FastifyRequest } from 'fastify';
import type { CanonicalRequest } from '../conversion/canonical/types';
import { openAIChatClient } from '../conversion/openai';
import { clientWantsStreamUsage, upstreamChatBody } from '../conversion/openai/chat-passthrough';
import { chatRequestSchema } from '../conversion/openai/chat-request.schema';
import type { ClientCall } from '../dispatch/dispatch.types';
import type { ChatIngress } from './chat-handler.service';
import { parseBody } from './parse-body';
import { openAIStreamError } from './stream-errors';

/** POST /v1/chat/completions. Only the gateway's checks run up front; conversion is lazy. */
export const openAIChatIngress: ChatIngress = {
  endpoint: '/v1/chat/completions',
  framing: 'sse',
  build(request: FastifyRequest) {
    const body = parseBody(chatRequestSchema, request.body);
    let canonical: CanonicalRequest | undefined;
    const call: ClientCall = {
      api: 'openai',
      family: 'openai',
      adapter: openAIChatClient,
      body,
      stream: body.stream === true,
      canonical: () => (canonical ??= openAIChatClient.parseRequest(body, {})),
      responseContext: () => ({
        model: body.model,
        request: call.canonical(),
        includeUsage: clientWantsStreamUsage(body),
      }),
      passthroughBody: (model, stream, given) => upstreamChatBody(given, model, stream),
      streamError: openAIStreamError,
    };
    return { modelName: body.model, call };
  },
};
