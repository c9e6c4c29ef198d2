/** Which API's conventions (error shape, auth header) a request path belongs to. */
export type ClientApi = 'openai' | 'anthropic' | 'gemini';

/** Anthropic's endpoints live under /v1/messages; Gemini's under /v1beta; the rest is OpenAI. */
export function clientApiOf(url: string): ClientApi {
  if (url.startsWith('/v1/messages')) return 'anthropic';
  if (/^\/v1beta(\/|\?|$)/.test(url)) return 'gemini';
  return 'openai';
}
