/**
 * OpenAI chat completions passthrough (OpenAI client → OpenAI-format provider): the body goes
 * upstream as-is except `model` (and, for streams, a request for the usage chunk; and tool call
 * ids too long for OpenAI, which a conversation begun on Gemini has). Pure.
 */
import type { Usage } from '../canonical/types';
import { MAX_TOOL_CALL_ID, openAIToolCallId } from './messages';
import { usageFromOpenAI } from './usage';

type Json = Record<string, unknown>;

/** Did the client ask for the final usage chunk itself? */
export function clientWantsStreamUsage(body: Json): boolean {
  const options = body.stream_options as Json | undefined | null;
  return options?.include_usage === true;
}

/**
 * The body sent upstream. Streams always ask for usage so the gateway can account for them.
 * A streaming client served by a non-streaming target gets `stream: false` upstream.
 */
export function upstreamChatBody(given: Json, upstreamModel: string, stream: boolean): string {
  const body = withShortToolCallIds(given);
  if (!stream) {
    if (!body.stream) return JSON.stringify({ ...body, model: upstreamModel });
    const { stream_options: _ignored, ...rest } = body;
    return JSON.stringify({ ...rest, model: upstreamModel, stream: false });
  }
  const options = (body.stream_options as Json | undefined | null) ?? {};
  return JSON.stringify({
    ...body,
    model: upstreamModel,
    stream: true,
    stream_options: { ...options, include_usage: true },
  });
}

/**
 * The body with every tool call id longer than OpenAI accepts shortened (see openAIToolCallId),
 * in the assistant's calls and in the tool results alike; the same body when none is.
 */
export function withShortToolCallIds(body: Json): Json {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.some(hasLongToolCallId)) return body;
  return {
    ...body,
    messages: messages.map((m: Json) => {
      if (!hasLongToolCallId(m)) return m;
      if (typeof m.tool_call_id === 'string') {
        return { ...m, tool_call_id: openAIToolCallId(m.tool_call_id) };
      }
      const calls = m.tool_calls as Json[];
      return {
        ...m,
        tool_calls: calls.map((c) =>
          typeof c?.id === 'string' ? { ...c, id: openAIToolCallId(c.id) } : c,
        ),
      };
    }),
  };
}

function hasLongToolCallId(message: unknown): boolean {
  if (!message || typeof message !== 'object') return false;
  const m = message as Json;
  if (typeof m.tool_call_id === 'string') return m.tool_call_id.length > MAX_TOOL_CALL_ID;
  if (!Array.isArray(m.tool_calls)) return false;
  return m.tool_calls.some(
    (c: unknown) =>
      typeof (c as Json | null)?.id === 'string' &&
      ((c as Json).id as string).length > MAX_TOOL_CALL_ID,
  );
}

/** Read OpenAI `usage` (chat or completions shape); null when absent. */
export function readUsage(payload: unknown): Usage | null {
  const usage = (payload as { usage?: unknown } | null)?.usage;
  return usage && typeof usage === 'object' ? usageFromOpenAI(usage) : null;
}

/** The extra chunk `include_usage` adds: no choices, only usage. */
export function isUsageOnlyChunk(chunk: Json): boolean {
  return Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage != null;
}

/** Characters of generated text in a chunk, for estimating tokens when no usage arrives. */
export function chunkTextLength(chunk: Json): number {
  let n = 0;
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
  for (const choice of choices) {
    const delta = choice.delta as Json | undefined;
    if (typeof delta?.content === 'string') n += delta.content.length;
    const calls = Array.isArray(delta?.tool_calls) ? (delta.tool_calls as Json[]) : [];
    for (const call of calls) {
      const fn = call.function as Json | undefined;
      if (typeof fn?.arguments === 'string') n += fn.arguments.length;
    }
  }
  return n;
}
