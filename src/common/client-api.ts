/** Which API's conventions (error shape, auth header) a request path belongs to. */
export type ClientApi = 'openai' | 'anthropic' | 'gemini';

const GEMINI_METHOD =
  /^\/v1\/models\/[^/?]+:(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)(\?|$)/;

/**
 * Anthropic's endpoints live under /v1/messages; Gemini's under /v1beta, and its methods
 * (`{model}:generateContent`) under /v1/models too; the rest is OpenAI. (A Gemini-authenticated
 * `GET /v1/models` is rewritten to /v1beta before routing: see client-paths.ts.)
 */
export function clientApiOf(url: string): ClientApi {
  if (url.startsWith('/v1/messages')) return 'anthropic';
  if (/^\/v1beta(\/|\?|$)/.test(url)) return 'gemini';
  if (GEMINI_METHOD.test(url)) return 'gemini';
  return 'openai';
}
