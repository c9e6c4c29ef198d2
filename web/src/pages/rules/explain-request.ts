import type { ExplainRequest } from './types';

/** The client formats the Explain form can compose a request in. */
export const ENDPOINTS = [
  { id: 'chat', label: 'OpenAI chat completions', path: '/v1/chat/completions' },
  { id: 'responses', label: 'OpenAI responses', path: '/v1/responses' },
  { id: 'messages', label: 'Anthropic messages', path: '/v1/messages' },
  { id: 'gemini', label: 'Gemini generateContent', path: '/v1beta/models/{model}:generateContent' },
] as const;

export type EndpointId = (typeof ENDPOINTS)[number]['id'];

export interface ComposeValues {
  endpoint: EndpointId;
  model: string;
  message: string;
  stream: boolean;
  /** Empty: not sent. */
  maxTokens: string;
}

export interface ExplainForm {
  mode: 'compose' | 'raw';
  compose: ComposeValues;
  /** Raw mode: the endpoint path and the body as JSON. */
  path: string;
  rawBody: string;
  /** One `name: value` per line. */
  headers: string;
  /** A gateway key's name to route as; empty: the signed-in admin key. */
  key: string;
}

type Built =
  { request: ExplainRequest; error?: undefined } | { request?: undefined; error: string };

/** The path and body a client of this format would send. */
export function composeRequest(values: ComposeValues): { path: string; body: unknown } {
  const max = Number(values.maxTokens);
  const maxTokens = values.maxTokens.trim() && Number.isInteger(max) && max > 0 ? max : undefined;
  const text = values.message;
  const model = values.model.trim();
  switch (values.endpoint) {
    case 'responses':
      return {
        path: '/v1/responses',
        body: { model, input: text, stream: values.stream, max_output_tokens: maxTokens },
      };
    case 'messages':
      return {
        path: '/v1/messages',
        body: {
          model,
          // Anthropic requires max_tokens.
          max_tokens: maxTokens ?? 1024,
          stream: values.stream,
          messages: [{ role: 'user', content: text }],
        },
      };
    case 'gemini':
      return {
        path: `/v1beta/models/${encodeURIComponent(model)}:${values.stream ? 'streamGenerateContent' : 'generateContent'}`,
        body: {
          contents: [{ role: 'user', parts: [{ text }] }],
          ...(maxTokens ? { generationConfig: { maxOutputTokens: maxTokens } } : {}),
        },
      };
    default:
      return {
        path: '/v1/chat/completions',
        body: {
          model,
          stream: values.stream,
          max_tokens: maxTokens,
          messages: [{ role: 'user', content: text }],
        },
      };
  }
}

/** `x-team: b` lines into a header map, or the line that is not a header. */
export function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      return `Line ${i + 1} is not a header: write "name: value".`;
    }
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The POST /admin/route/explain body for the form, or what is wrong with it. */
export function buildExplainRequest(form: ExplainForm): Built {
  const headers = parseHeaders(form.headers);
  if (typeof headers === 'string') return { error: headers };
  let path: string;
  let body: unknown;
  if (form.mode === 'compose') {
    if (!form.compose.model.trim()) return { error: 'Enter the model the client asks for.' };
    ({ path, body } = composeRequest(form.compose));
  } else {
    path = form.path.trim() || '/v1/chat/completions';
    try {
      body = JSON.parse(form.rawBody);
    } catch (err) {
      return { error: `The body is not valid JSON: ${(err as Error).message}` };
    }
  }
  return {
    request: { path, body, headers, ...(form.key ? { key: form.key } : {}) },
  };
}
