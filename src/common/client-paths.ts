import type { IncomingHttpHeaders } from 'node:http';

/**
 * Paths clients use that are another spelling of an endpoint the gateway serves. Fastify's
 * `rewriteUrl` maps them before routing, so the endpoint's own handler, guard, usage row and
 * error format apply, and rules read one `Path` whichever spelling the client used.
 *
 * - OpenAI-compatible clients configured for other gateways often use a `base_url` without
 *   `/v1`: `/chat/completions`, `/completions`, `/embeddings`, `/models`, `/responses`.
 * - The Gemini SDK (`@google/genai` 3.x) defaults to API version `v1`:
 *   `POST /v1/models/{model}:{method}` is `/v1beta/models/{model}:{method}`. `GET /v1/models` and
 *   `GET /v1/models/{model}` stay OpenAI's, unless the request authenticates the Gemini way
 *   (`x-goog-api-key` or `?key=`).
 */
const UNVERSIONED = /^\/(chat\/completions|completions|embeddings|models|responses)(?=[/?]|$)/;
const GEMINI_METHOD = /^\/v1\/models\/[^/?]+:[^/?]+(?=\?|$)/;
const MODELS = /^\/v1\/models(?=[/?]|$)/;

/** Whether the request carries its key the way Gemini clients do. */
function geminiAuthenticated(url: string, headers: IncomingHttpHeaders): boolean {
  if (typeof headers['x-goog-api-key'] === 'string') return true;
  const query = url.indexOf('?');
  return query !== -1 && new URLSearchParams(url.slice(query + 1)).has('key');
}

/** The URL a request is served as (unchanged when it is not an alias). */
export function canonicalUrl(url: string, method: string, headers: IncomingHttpHeaders): string {
  const unversioned = UNVERSIONED.exec(url);
  const versioned = unversioned ? `/v1${url}` : url;
  if (method === 'POST' && GEMINI_METHOD.test(versioned))
    return versioned.replace(/^\/v1\//, '/v1beta/');
  if (method === 'GET' && MODELS.test(versioned) && geminiAuthenticated(versioned, headers)) {
    return versioned.replace(/^\/v1\//, '/v1beta/');
  }
  return versioned;
}
