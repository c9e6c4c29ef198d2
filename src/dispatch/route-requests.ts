import type { KeyPrincipal } from '../providers/snapshot.types';
import type { RouteRequest } from '../routing/request-facts';
import type { ClientCall, RouteInfo } from './dispatch.types';

/** What routing may ask about a chat request, in any client format. */
export function chatRouteRequest(
  modelName: string,
  call: ClientCall,
  route: RouteInfo,
  principal: KeyPrincipal,
): RouteRequest {
  return {
    model: modelName,
    path: route.path,
    headers: route.headers,
    principal,
    stream: call.stream,
    body: call.body,
    canonical: () => call.canonical(),
    operation: 'chat',
  };
}

/** What routing may ask about an embeddings request: its inputs are counted as text. */
export function embeddingsRouteRequest(
  modelName: string,
  body: unknown,
  route: RouteInfo,
  principal: KeyPrincipal,
): RouteRequest {
  return {
    model: modelName,
    path: route.path,
    headers: route.headers,
    principal,
    stream: false,
    body,
    canonical: () => null,
    text: () => JSON.stringify(body ?? null),
    operation: 'embeddings',
  };
}
