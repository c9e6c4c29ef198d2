/**
 * OpenAI chat.completion responses: an upstream body → canonical (`parseChatCompletion`), and
 * canonical → the body a client gets (`encodeChatCompletion`). Pure.
 */
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalResponse, ContentPart } from '../canonical/types';
import { finishReasonFromOpenAI, finishReasonToOpenAI } from './finish-reasons';
import { type Json, object, text } from './json';
import type { OpenAIChatCompletion, OpenAIResponseMessage, OpenAIToolCall } from './types';
import { usageFromOpenAI, usageToOpenAI } from './usage';

/** `content` as a string, or as text parts (some compatible servers answer with parts). */
function contentText(value: unknown): string {
  if (!Array.isArray(value)) return text(value);
  return value
    .map((part) => (object(part)?.type === 'text' ? text(object(part)?.text) : ''))
    .join('');
}

/** The message of an error body (`{error: {message}}` or `{error: "…"}`), null when none. */
export function embeddedErrorMessage(body: Json): string | null {
  if (body.error == null) return null;
  if (typeof body.error === 'string') return body.error;
  const message = object(body.error)?.message;
  return typeof message === 'string' && message !== '' ? message : 'Upstream returned an error';
}

/**
 * Reasoning text: `reasoning_content` (DeepSeek, most compatible servers), or `reasoning`
 * (OpenRouter, newer vLLM), on a message or a delta.
 */
export function reasoningOf(message: Json): string {
  return text(message.reasoning_content) || text(message.reasoning);
}

/** The canonical tool call of one `message.tool_calls` entry; null when it has no name. */
function toolCallOf(raw: unknown, index: number): ContentPart | null {
  const call = object(raw);
  const fn = object(call?.function);
  if (!call || !fn || typeof fn.name !== 'string') return null;
  const id = text(call.id) || `call_${index}`;
  return { type: 'tool_call', id, name: fn.name, arguments: text(fn.arguments) };
}

/**
 * An upstream chat.completion → canonical (first choice). Throws when the body is an error or
 * has no choice, so dispatch treats it as a failed attempt. A refusal reads as text: the
 * canonical model has no refusal, and the client must still see why nothing came.
 */
export function parseChatCompletion(body: unknown): CanonicalResponse {
  const completion = object(body);
  if (!completion) throw new Error('Upstream response is not a JSON object');
  const error = embeddedErrorMessage(completion);
  if (error !== null) throw new Error(error);
  const choice = object(Array.isArray(completion.choices) ? completion.choices[0] : null);
  const message = object(choice?.message);
  if (!choice || !message) throw new Error('Upstream response has no choices');

  const content: ContentPart[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning) content.push({ type: 'thinking', text: reasoning });
  const answer = contentText(message.content) || text(message.refusal);
  if (answer) content.push({ type: 'text', text: answer });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((raw, i) => {
    const call = toolCallOf(raw, i);
    if (call) content.push(call);
  });

  return {
    id: text(completion.id),
    model: text(completion.model),
    created:
      typeof completion.created === 'number' ? completion.created : Math.floor(Date.now() / 1000),
    content,
    finishReason: finishReasonFromOpenAI(choice.finish_reason) ?? 'stop',
    usage: usageFromOpenAI(completion.usage),
  };
}

/**
 * Canonical → the chat.completion a client gets: the model it asked for, the upstream id.
 * Text parts join into `content` (null when the answer is only tool calls); thinking becomes
 * `reasoning_content` (Anthropic's redacted thinking is opaque and left out).
 */
export function encodeChatCompletion(
  response: CanonicalResponse,
  context: ClientResponseContext,
): OpenAIChatCompletion {
  let answer = '';
  let reasoning = '';
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'text') answer += part.text;
    else if (part.type === 'thinking' && !part.redacted) reasoning += part.text;
    else if (part.type === 'tool_call') {
      const fn = { name: part.name, arguments: part.arguments };
      toolCalls.push({ id: part.id, type: 'function', function: fn });
    }
  }
  const message: OpenAIResponseMessage = {
    role: 'assistant',
    content: answer === '' && toolCalls.length > 0 ? null : answer,
    refusal: null,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(reasoning !== '' ? { reasoning_content: reasoning } : {}),
  };
  return {
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model: context.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: finishReasonToOpenAI(response.finishReason),
      },
    ],
    usage: usageToOpenAI(response.usage),
  };
}
