import type { Observable } from 'rxjs';
import type { KeyPrincipal, ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import type { UsageDraft } from '../usage/usage-draft';

/** One client request on its way upstream. */
export interface ProxyContext {
  principal: KeyPrincipal;
  model: ModelRuntime;
  body: Record<string, unknown>;
  stream: boolean;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  usage: UsageDraft;
}

/** A complete (non-stream) upstream answer to hand to the client, success or upstream error. */
export interface BufferedResult {
  kind: 'buffered';
  target: TargetRuntime;
  status: number;
  contentType: string;
  body: Buffer;
}

/** A committed stream: the first event has arrived from `target`. */
export interface StreamResult {
  kind: 'stream';
  target: TargetRuntime;
  /** Event payloads in the client's format (SSE `data:` values). */
  events$: Observable<string>;
}

/** Response headers that say where a request went. */
export function routingHeaders(target: TargetRuntime, attempts: number): Record<string, string> {
  return {
    'x-switchboard-provider': target.provider.id,
    'x-switchboard-model': target.upstreamModel,
    'x-switchboard-attempts': String(attempts),
  };
}
