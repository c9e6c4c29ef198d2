import type { ProviderFormat, ProviderRuntime } from '../providers/snapshot.types';

/** The API families the gateway speaks; Azure OpenAI is the OpenAI family at another URL. */
export type ApiFamily = 'openai' | 'anthropic' | 'gemini';

export function familyOf(format: ProviderFormat): ApiFamily {
  return format === 'azure' ? 'openai' : format;
}

/** What an upstream call needs besides its body. */
export interface UpstreamEndpoint {
  /** Path (and query) below the provider's base URL. */
  path: string;
  headers: Record<string, string>;
}

/** `embed_content` is Gemini's single-input embedContent (its batch form is `embeddings`). */
export type UpstreamOperation = 'chat' | 'embeddings' | 'embed_content';

/** The Anthropic API version the gateway speaks upstream. */
export const ANTHROPIC_VERSION = '2023-06-01';
/** Azure OpenAI api-version used when a provider sets none. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

function jsonHeaders(provider: ProviderRuntime, stream: boolean): Record<string, string> {
  return {
    ...provider.headers,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
}

/**
 * Where and how to call a provider: the path for the operation in its format, and its
 * authentication header (OpenAI: Bearer; Azure: api-key; Anthropic: x-api-key with
 * anthropic-version; Gemini: x-goog-api-key).
 */
export function upstreamEndpoint(
  provider: ProviderRuntime,
  upstreamModel: string,
  operation: UpstreamOperation,
  stream: boolean,
): UpstreamEndpoint {
  const headers = jsonHeaders(provider, stream);
  const key = provider.apiKey;
  switch (provider.format) {
    case 'openai':
      if (key) headers.authorization = `Bearer ${key}`;
      return { path: operation === 'chat' ? '/chat/completions' : '/embeddings', headers };
    case 'azure': {
      if (key) headers['api-key'] = key;
      const version = encodeURIComponent(provider.apiVersion ?? DEFAULT_AZURE_API_VERSION);
      const deployment = encodeURIComponent(upstreamModel);
      const op = operation === 'chat' ? 'chat/completions' : 'embeddings';
      return { path: `/deployments/${deployment}/${op}?api-version=${version}`, headers };
    }
    case 'anthropic':
      if (key) headers['x-api-key'] = key;
      headers['anthropic-version'] = ANTHROPIC_VERSION;
      return { path: '/messages', headers };
    case 'gemini': {
      if (key) headers['x-goog-api-key'] = key;
      const model = encodeURIComponent(upstreamModel.replace(/^models\//, ''));
      if (operation === 'embeddings')
        return { path: `/models/${model}:batchEmbedContents`, headers };
      return {
        path: stream
          ? `/models/${model}:streamGenerateContent?alt=sse`
          : `/models/${model}:generateContent`,
        headers,
      };
    }
  }
}
