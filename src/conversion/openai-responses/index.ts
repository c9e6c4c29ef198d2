/**
 * The OpenAI Responses API (POST /v1/responses) as a client format. Ingress only: upstreams are
 * reached through the chat formats, so there is no provider side.
 */
import type { ClientAdapter } from '../canonical/adapters';
import { parseResponsesRequest } from './request';
import { encodeResponsesResponse } from './response';
import { ResponsesStreamEncoder } from './stream';

export { responsesStreamErrorEvent } from './errors';
export { responsesRequestSchema } from './responses-request.schema';

export const openAIResponsesClient: ClientAdapter = {
  parseRequest: (body) => parseResponsesRequest(body),
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: (context) => new ResponsesStreamEncoder(context),
};
