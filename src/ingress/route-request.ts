import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalUrl } from '../common/client-paths';
import { InvalidRequestError } from '../common/errors/gateway-error';
import type { KeyPrincipal } from '../providers/snapshot.types';
import type { RouteInfo } from '../dispatch/dispatch.types';
import { chatRouteRequest, embeddingsRouteRequest } from '../dispatch/route-requests';
import type { RouteRequest } from '../routing/request-facts';
import { anthropicMessagesIngress } from './anthropic-messages.ingress';
import type { ChatIngress } from './chat-handler.service';
import { geminiIngress, splitModelMethod } from './gemini.ingress';
import { openAIChatIngress } from './openai-chat.ingress';
import { openAICompletionsIngress } from './openai-completions.ingress';
import { openAIResponsesIngress } from './openai-responses.ingress';

const CHAT_PATHS: Record<string, ChatIngress> = {
  '/v1/chat/completions': openAIChatIngress,
  '/v1/responses': openAIResponsesIngress,
  '/v1/completions': openAICompletionsIngress,
  '/v1/messages': anthropicMessagesIngress,
};

const GEMINI_PATH = /^\/v1beta\/models\/([^/]+)$/;

/**
 * A request as a client endpoint would read it, for `POST /admin/route/explain`: the same
 * validation (a body the endpoint would reject gets the same 400 here) and the same facts.
 */
export function routeRequestFor(
  clientPath: string,
  body: unknown,
  headers: IncomingHttpHeaders,
  principal: KeyPrincipal,
): RouteRequest {
  // Another spelling of an endpoint (no /v1, Gemini's v1) is routed as that endpoint.
  const path = canonicalUrl(clientPath, 'POST', headers);
  const fake = { body, headers } as FastifyRequest;
  const route = { path, headers };
  const chat = CHAT_PATHS[path];
  if (chat) return fromChat(chat, fake, route, principal);
  if (path === '/v1/embeddings') {
    const model = String((body as { model?: unknown } | null)?.model ?? '');
    return embeddingsRouteRequest(model, body, route, principal);
  }
  const gemini = GEMINI_PATH.exec(path);
  if (gemini) {
    const { model, method } = splitModelMethod(gemini[1]);
    if (method === 'embedContent' || method === 'batchEmbedContents') {
      return embeddingsRouteRequest(model.replace(/^models\//, ''), body, route, principal);
    }
    if (method === 'generateContent' || method === 'streamGenerateContent') {
      return fromChat(geminiIngress(model, method, true), fake, route, principal);
    }
  }
  throw new InvalidRequestError(
    `'${clientPath}' is not a client endpoint this gateway routes: use /v1/chat/completions, /v1/responses, /v1/completions, /v1/messages, /v1/embeddings or /v1beta/models/{model}:{method} (also without /v1, and /v1/models/{model}:{method}).`,
    'path',
  );
}

function fromChat(
  ingress: ChatIngress,
  request: FastifyRequest,
  route: RouteInfo,
  principal: KeyPrincipal,
): RouteRequest {
  const { modelName, call } = ingress.build(request);
  return chatRouteRequest(modelName, call, route, principal);
}
