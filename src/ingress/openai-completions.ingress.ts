import type { FastifyRequest } from 'fastify';
import { openAICompletionsClient } from '../conversion/openai-completions';
import { clientWantsStreamUsage } from '../conversion/openai/chat-passthrough';
import type { ClientCall } from '../dispatch/dispatch.types';
import type { ChatIngress } from './chat-handler.service';
import { openAIStreamError } from './stream-errors';

/** POST /v1/completions (legacy): the prompt becomes one user message for a chat model. */
export const openAICompletionsIngress: ChatIngress = {
  endpoint: '/v1/completions',
  framing: 'sse',
  build(request: FastifyRequest) {
    const canonical = openAICompletionsClient.parseRequest(request.body, {});
    const body = request.body as Record<string, unknown>;
    const call: ClientCall = {
      api: 'openai',
      family: null,
      adapter: openAICompletionsClient,
      body,
      stream: canonical.stream,
      canonical: () => canonical,
      responseContext: () => ({
        model: canonical.model,
        request: canonical,
        includeUsage: clientWantsStreamUsage(body),
      }),
      passthroughBody: () => {
        throw new Error('legacy completions are always converted');
      },
      streamError: openAIStreamError,
    };
    return { modelName: canonical.model, call };
  },
};
