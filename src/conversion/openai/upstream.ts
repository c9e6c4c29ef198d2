import type { ProviderRuntime } from '../../providers/snapshot.types';

/** Request headers for an OpenAI-format provider: its key as a Bearer token plus extra headers. */
export function openAIUpstreamHeaders(
  provider: ProviderRuntime,
  stream: boolean,
): Record<string, string> {
  return {
    ...provider.headers,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
  };
}
