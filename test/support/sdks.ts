import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import type { Gateway, HttpResult } from './gateway';

/** The official Anthropic and Gemini SDKs pointed at a gateway, as users configure them. */

/** The client APIs the gateway serves, by the SDK that speaks each. */
export type ClientApi = 'openai' | 'anthropic' | 'gemini';

export interface Sdks {
  openai: OpenAI;
  anthropic: Anthropic;
  gemini: GoogleGenAI;
}

/** Anthropic SDK; it authenticates with `Authorization: Bearer <key>`. */
export function anthropicSdk(gateway: Gateway, apiKey: string): Anthropic {
  return new Anthropic({ apiKey, baseURL: gateway.baseUrl, maxRetries: 0 });
}

/** Gemini SDK (`x-goog-api-key`); it calls {baseUrl}/v1beta/models/{model}:generateContent. */
export function geminiSdk(gateway: Gateway, apiKey: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: gateway.baseUrl } });
}

/** All three SDKs, with one gateway key. */
export function sdksFor(gateway: Gateway, apiKey: string): Sdks {
  return {
    openai: gateway.openai(apiKey),
    anthropic: anthropicSdk(gateway, apiKey),
    gemini: geminiSdk(gateway, apiKey),
  };
}

export interface Question {
  model: string;
  prompt: string;
  stream: boolean;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  requestId?: string;
}

/**
 * Ask one question the way a user of that SDK would, and resolve with the answer's text. A
 * stream is read with the SDK's own helper: `chat.completions.stream().finalChatCompletion()`,
 * `messages.stream().finalMessage()`, or iterating `generateContentStream`.
 */
export async function askText(sdks: Sdks, api: ClientApi, q: Question): Promise<string> {
  const options = q.requestId ? requestIdHeader(q.requestId) : {};
  if (api === 'openai') {
    const params = {
      model: q.model,
      messages: [
        ...(q.system ? [{ role: 'system' as const, content: q.system }] : []),
        { role: 'user' as const, content: q.prompt },
      ],
      ...(q.maxTokens ? { max_tokens: q.maxTokens } : {}),
      ...(q.temperature !== undefined ? { temperature: q.temperature } : {}),
    };
    const completion = q.stream
      ? await sdks.openai.chat.completions.stream(params, options).finalChatCompletion()
      : await sdks.openai.chat.completions.create(params, options);
    return completion.choices[0].message.content ?? '';
  }
  if (api === 'anthropic') {
    const params = {
      model: q.model,
      max_tokens: q.maxTokens ?? 1024,
      messages: [{ role: 'user' as const, content: q.prompt }],
      ...(q.system ? { system: q.system } : {}),
      // Typed no more by SDK 1.12, still sent by older SDKs and accepted by the API.
      ...(q.temperature !== undefined ? { temperature: q.temperature } : {}),
    };
    const message = q.stream
      ? await sdks.anthropic.messages.stream(params, options).finalMessage()
      : await sdks.anthropic.messages.create(params, options);
    return anthropicText(message.content);
  }
  const params = {
    model: q.model,
    contents: [{ role: 'user', parts: [{ text: q.prompt }] }],
    config: {
      ...(q.system ? { systemInstruction: q.system } : {}),
      ...(q.maxTokens ? { maxOutputTokens: q.maxTokens } : {}),
      ...(q.temperature !== undefined ? { temperature: q.temperature } : {}),
      httpOptions: options,
    },
  };
  if (!q.stream) return (await sdks.gemini.models.generateContent(params)).text ?? '';
  let text = '';
  for await (const chunk of await sdks.gemini.models.generateContentStream(params)) {
    text += chunk.text ?? '';
  }
  return text;
}

/** A per-request header that names the request, so its usage row can be found. */
export function requestIdHeader(id: string): { headers: Record<string, string> } {
  return { headers: { 'x-request-id': id } };
}

let sequence = 0;
/** A fresh x-request-id for one test request. */
export function newRequestId(prefix = 'e2e-convert'): string {
  return `${prefix}-${Date.now().toString(36)}-${++sequence}`;
}

type Json = Record<string, unknown>;

/** Text of an Anthropic `system`/`content` (a string or text blocks), joined. */
export function anthropicText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return (value as Json[])
    .filter((b) => b.type === 'text')
    .map((b) => String(b.text))
    .join('');
}

/** Text of an OpenAI message `content` (a string or content parts), joined. */
export function openAIText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return (value as Json[])
    .filter((p) => p.type === 'text')
    .map((p) => String(p.text))
    .join('');
}

/** Text of a Gemini Content (`{ parts: [{ text }] }`), joined. */
export function geminiText(content: unknown): string {
  const parts = (content as { parts?: Json[] } | undefined)?.parts ?? [];
  return parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

/** Assert an HTTP result is an Anthropic error (`{ type: 'error', error: { type, message } }`). */
export function expectAnthropicError(
  result: HttpResult,
  status: number,
  type: string,
): { type: string; message: string } {
  expect({ status: result.status, body: result.body }).toMatchObject({
    status,
    body: { type: 'error', error: { type, message: expect.any(String) } },
  });
  return (result.body as { error: { type: string; message: string } }).error;
}

/** Assert an HTTP result is a Google error (`{ error: { code, message, status } }`). */
export function expectGeminiError(
  result: HttpResult,
  code: number,
  status: string,
): { code: number; message: string; status: string } {
  expect({ status: result.status, body: result.body }).toMatchObject({
    status: code,
    body: { error: { code, status, message: expect.any(String) } },
  });
  return (result.body as { error: { code: number; message: string; status: string } }).error;
}
