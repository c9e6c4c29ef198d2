import type { FastifyRequest } from 'fastify';
import { openAIResponsesClient } from '../conversion/openai-responses';
import type { ClientCall } from '../dispatch/dispatch.types';
import type { ChatIngress } from './chat-handler.service';
import { openAIResponsesStreamError } from './stream-errors';

const NO_PASSTHROUGH = (): never => {
  throw new Error('a converted-only client format has no passthrough body');
};

/**
 * POST /v1/responses. Chat providers speak chat completions, not the Responses API, so the
 * request always goes through the canonical form (never passthrough).
 */
export const openAIResponsesIngress: ChatIngress = {
  endpoint: '/v1/responses',
  framing: 'sse',
  build(request: FastifyRequest) {
    const canonical = openAIResponsesClient.parseRequest(request.body, {});
    const call: ClientCall = {
      api: 'openai',
      family: null,
      adapter: openAIResponsesClient,
      body: request.body as Record<string, unknown>,
      stream: canonical.stream,
      canonical: () => canonical,
      responseContext: () => ({ model: canonical.model, request: canonical }),
      passthroughBody: NO_PASSTHROUGH,
      streamError: openAIResponsesStreamError,
    };
    return { modelName: canonical.model, call };
  },
};
