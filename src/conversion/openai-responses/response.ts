/**
 * Canonical → the Responses API `response` object a client gets, and the output items and
 * envelope the stream encoder shares. Pure: ids derive from the upstream id, so the same
 * answer always encodes the same way.
 */
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalRequest, CanonicalResponse, Usage } from '../canonical/types';
import { callItem, originOf, webSearchCallItem } from './call-items';
import { outcomeOf } from './status';
import { echoToolChoice, echoTools } from './tool-echo';
import type {
  IncompleteReason,
  ItemStatus,
  ResponsesMessageItem,
  ResponsesOutputItem,
  ResponsesOutputText,
  ResponsesReasoningItem,
  ResponsesResponse,
  ResponsesStatus,
  ResponsesTextFormat,
} from './types';
import { usageToResponses } from './usage';

/** The response id: `resp_` + the upstream id (kept as is when it already is one). */
export function responseIdOf(upstreamId: string): string {
  return upstreamId.startsWith('resp_') ? upstreamId : `resp_${upstreamId}`;
}

/** An output item's id: its kind's prefix, the response, its place in `output`. */
export type ItemPrefix = 'msg' | 'fc' | 'ctc' | 'rs' | 'ws';

export function itemIdOf(prefix: ItemPrefix, responseId: string, index: number): string {
  return `${prefix}_${responseId.slice('resp_'.length)}_${index}`;
}

export function outputText(text: string): ResponsesOutputText {
  return { type: 'output_text', text, annotations: [] };
}

export function messageItem(
  id: string,
  status: ItemStatus,
  content: ResponsesOutputText[],
): ResponsesMessageItem {
  return { type: 'message', id, status, role: 'assistant', content };
}

export function reasoningItem(id: string, summaries: string[]): ResponsesReasoningItem {
  return {
    type: 'reasoning',
    id,
    summary: summaries.map((text) => ({ type: 'summary_text', text })),
  };
}

/**
 * Canonical content → output items: a run of text is one message, a run of thinking one
 * reasoning item (one summary per thinking block; redacted thinking is opaque and left out),
 * each tool call one function_call. An answer with nothing in it is one empty message, so
 * clients reading `output[0]` find one.
 */
function outputOf(
  response: CanonicalResponse,
  responseId: string,
  request: CanonicalRequest,
): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  const nextId = (prefix: ItemPrefix) => itemIdOf(prefix, responseId, items.length);
  for (const part of response.content) {
    const last = items[items.length - 1];
    if (part.type === 'text' && part.text !== '') {
      if (last?.type === 'message') last.content[0].text += part.text;
      else items.push(messageItem(nextId('msg'), 'completed', [outputText(part.text)]));
    } else if (part.type === 'thinking' && !part.redacted && part.text !== '') {
      if (last?.type === 'reasoning') last.summary.push({ type: 'summary_text', text: part.text });
      else items.push(reasoningItem(nextId('rs'), [part.text]));
    } else if (part.type === 'tool_call') {
      const origin = originOf(request.tools, part.name);
      items.push(
        callItem(nextId(origin?.kind === 'custom' ? 'ctc' : 'fc'), 'completed', part, origin),
      );
    } else if (part.type === 'web_search') {
      items.push(webSearchCallItem(nextId('ws'), 'completed', part));
    }
  }
  if (items.length === 0) items.push(messageItem(nextId('msg'), 'completed', [outputText('')]));
  return items;
}

/** A cut-off answer: its last message or function call is incomplete, as OpenAI marks it. */
function markLastIncomplete(items: ResponsesOutputItem[]): void {
  const last = items[items.length - 1];
  if (last && last.type !== 'reasoning' && last.type !== 'web_search_call')
    last.status = 'incomplete';
}

function textFormatOf(format: CanonicalRequest['responseFormat']): ResponsesTextFormat {
  if (!format) return { type: 'text' };
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, schema, strict } = format;
  return { type: 'json_schema', name: name ?? 'response', schema, strict: strict ?? null };
}

/** What the response says about itself, beside its output. */
export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponsesStatus;
  incompleteReason: IncompleteReason | null;
  output: ResponsesOutputItem[];
  usage: Usage | null;
}

/**
 * The `response` object: its state, and the request settings OpenAI echoes back (from the
 * canonical request; `instructions` is the whole system text, system messages included).
 */
export function responseObject(
  state: ResponseState,
  context: ClientResponseContext,
): ResponsesResponse {
  const { request } = context;
  const instructions = request.system.map((p) => p.text).join('\n\n');
  return {
    id: state.id,
    object: 'response',
    access_programs: null,
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: instructions === '' ? null : instructions,
    max_output_tokens: request.maxTokens ?? null,
    model: context.model,
    output: state.output,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: false,
    temperature: request.temperature ?? null,
    text: { format: textFormatOf(request.responseFormat) },
    tool_choice: echoToolChoice(request),
    tools: echoTools(request),
    top_p: request.topP ?? null,
    truncation: 'disabled',
    usage: state.usage ? usageToResponses(state.usage) : null,
    ...(request.user ? { user: request.user } : {}),
    metadata: {},
  };
}

/** Canonical → the `response` a client gets: the model it asked for, `resp_` + upstream id. */
export function encodeResponsesResponse(
  response: CanonicalResponse,
  context: ClientResponseContext,
): ResponsesResponse {
  const id = responseIdOf(response.id);
  const { status, reason } = outcomeOf(response.finishReason);
  const output = outputOf(response, id, context.request);
  if (status === 'incomplete') markLastIncomplete(output);
  return responseObject(
    {
      id,
      createdAt: response.created,
      status,
      incompleteReason: reason,
      output,
      usage: response.usage,
    },
    context,
  );
}
