import type { FastifyRequest } from 'fastify';
import { anthropicClient } from '../conversion/anthropic';
import { messagesRequestSchema } from '../conversion/anthropic/messages-request.schema';
import type { CanonicalRequest } from '../conversion/canonical/types';
import type { ClientCall } from '../dispatch/dispatch.types';
import type { ChatIngress } from './chat-handler.service';
import { parseBody } from './parse-body';
import { anthropicStreamError } from './stream-errors';

/**
 * POST /v1/messages (Anthropic SDK, Claude Code). The gateway's own checks run up front; the
 * conversion to the canonical form only when a target is not Anthropic (so an Anthropic target
 * gets features the gateway cannot convert, and a request it cannot convert is a 400 then).
 */
export const anthropicMessagesIngress: ChatIngress = {
  endpoint: '/v1/messages',
  framing: 'sse',
  build(request: FastifyRequest) {
    const body = parseBody(messagesRequestSchema, request.body);
    let canonical: CanonicalRequest | undefined;
    const call: ClientCall = {
      api: 'anthropic',
      family: 'anthropic',
      adapter: anthropicClient,
      body,
      stream: body.stream === true,
      canonical: () => (canonical ??= anthropicClient.parseRequest(body, {})),
      responseContext: () => ({ model: body.model, request: call.canonical() }),
      passthroughBody: (model, stream, given) => JSON.stringify({ ...given, model, stream }),
      // Beta features the client opted into (Claude Code sends several) reach Anthropic itself.
      ...(typeof request.headers['anthropic-beta'] === 'string'
        ? { passthroughHeaders: { 'anthropic-beta': request.headers['anthropic-beta'] } }
        : {}),
      streamError: anthropicStreamError,
    };
    return { modelName: body.model, call };
  },
};
