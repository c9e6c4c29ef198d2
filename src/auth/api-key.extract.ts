import type { IncomingHttpHeaders } from 'node:http';

/**
 * The gateway key of a request, from whichever header the client's SDK uses:
 * `Authorization: Bearer` (OpenAI), `x-api-key` (Anthropic), `x-goog-api-key` (Gemini), and
 * on Gemini paths the `key` query parameter.
 */
export function extractApiKey(
  headers: IncomingHttpHeaders,
  /** Gemini REST clients may pass the key as `?key=`; only honoured where given. */
  queryKey?: unknown,
): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match) return match[1].trim();
  }
  const xApiKey = headers['x-api-key'];
  if (typeof xApiKey === 'string' && xApiKey.length > 0) return xApiKey.trim();
  const googKey = headers['x-goog-api-key'];
  if (typeof googKey === 'string' && googKey.length > 0) return googKey.trim();
  if (typeof queryKey === 'string' && queryKey.length > 0) return queryKey.trim();
  return undefined;
}
