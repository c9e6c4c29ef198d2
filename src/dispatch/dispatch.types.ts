import { headerValue } from '../common/header-value';
import type { IncomingHttpHeaders } from 'node:http';
import type { Observable } from 'rxjs';
import type { ClientAdapter, ClientResponseContext } from '../conversion/canonical/adapters';
import type { CanonicalRequest, SseOut } from '../conversion/canonical/types';
import type { ClientApi } from '../common/client-api';
import type { ApiFamily } from '../conversion/endpoints';
import type { KeyPrincipal, ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import type { UsageDraft } from '../usage/usage-draft';
import type { FlowGate } from './flow-gate';

/** A client's chat request as dispatch sees it: its format, body, and how to convert it. */
export interface ClientCall {
  /** The error format of the client's API. */
  api: ClientApi;
  /** Providers of this family get the body as is (passthrough); null: always convert. */
  family: ApiFamily | null;
  adapter: ClientAdapter;
  /** The client's body (validated); forwarded nearly as-is when the provider speaks the same API. */
  body: Record<string, unknown>;
  stream: boolean;
  /** The canonical request, parsed on first use (passthrough never needs it). */
  canonical(): CanonicalRequest;
  responseContext(): ClientResponseContext;
  /**
   * The upstream body for a provider of the same family: `body` (the client's, or the copy the
   * target needs: without reasoning parameters for `reasoning: false`) with only the model (and
   * stream) changed.
   */
  passthroughBody(
    upstreamModel: string,
    upstreamStream: boolean,
    body: Record<string, unknown>,
  ): string;
  /** Client headers to forward when the provider speaks the same API (e.g. anthropic-beta). */
  passthroughHeaders?: Record<string, string>;
  /** The SSE event that ends a broken stream, in the client's format. */
  streamError(err: unknown): SseOut;
}

/** Where the client sent its request: what rules see as `Path` and `Headers`. */
export interface RouteInfo {
  path: string;
  headers: IncomingHttpHeaders;
}

/** One client request on its way upstream. */
export interface ProxyContext {
  route: RouteInfo;
  principal: KeyPrincipal;
  /** The model entry that serves the request (its name may be a glob: `claude-*`). */
  model: ModelRuntime;
  /** The model name the client asked for: what rules see as `Model`, `*` targets send upstream. */
  requestedModel: string;
  call: ClientCall;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  usage: UsageDraft;
  /** Closed while the client's socket is full: the upstream body is not read on meanwhile. */
  flow?: FlowGate;
}

/** A complete (non-stream) answer for the client, success or upstream error. */
export interface BufferedResult {
  kind: 'buffered';
  /** Extra response headers (the key's x-ratelimit-*, x-switchboard-dropped-tools). */
  headers?: Record<string, string>;
  target: TargetRuntime;
  status: number;
  contentType: string;
  body: Buffer | string;
}

/** A committed stream: the first event has arrived from `target`. */
export interface StreamResult {
  kind: 'stream';
  /** Extra response headers (the key's x-ratelimit-*, x-switchboard-dropped-tools). */
  headers?: Record<string, string>;
  target: TargetRuntime;
  /** Events in the client's format. */
  events$: Observable<SseOut>;
  /** Written after the last event on a clean finish (OpenAI's `[DONE]`), or null. */
  doneData: string | null;
}

export type ProxyResult = BufferedResult | StreamResult;

/**
 * Response headers that say where a request went: the provider, and the upstream's own name
 * for the model that answered (as its answer reported it, else the name sent to it), while the
 * body names the model the client asked for.
 */
export function routingHeaders(
  target: TargetRuntime,
  upstreamModel: string,
  attempts: number,
): Record<string, string> {
  return {
    'x-switchboard-provider': target.provider.id,
    // For a '*' target this is the name the client asked for, whatever its characters.
    'x-switchboard-model': headerValue(upstreamModel),
    'x-switchboard-attempts': String(attempts),
  };
}
