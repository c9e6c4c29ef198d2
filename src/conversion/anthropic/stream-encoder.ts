/**
 * Canonical events → the Messages stream a client reads (@anthropic-ai/sdk, Claude Code):
 * message_start; content_block_start/delta/stop per block, block indexes counting from 0
 * with one block open at a time; message_delta; message_stop. Every event is named.
 */
import type { StreamEncoder } from '../canonical/adapters';
import type { FinishReason, SseOut, StreamEvent, Usage } from '../canonical/types';
import { anthropicMessageId } from './response';
import { finishToAnthropic } from './stop-reasons';
import { usageToAnthropic } from './usage';

const ZERO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };

/** What the encoder remembers between events of one response. */
export interface AnthropicEncodeState {
  id: string | null;
  /** message_start has been sent. */
  started: boolean;
  /** The index the next content block gets. */
  nextBlock: number;
  /** The block open now; a thinking block that got its signature takes no more deltas. */
  openBlock: { kind: 'text' | 'thinking' | 'tool_use'; index: number; signed?: boolean } | null;
  /** Block index of each tool call, by canonical tool index. */
  toolBlocks: Map<number, number>;
  /** Latest usage and finish: they may come in either order, and are sent together at the end. */
  usage: Usage | null;
  /** The gateway's own prompt count, when message_start had to go out before any usage. */
  estimate: Usage | null;
  finish: { reason: FinishReason; stopSequence?: string } | null;
}

function sse(data: { type: string } & Record<string, unknown>): SseOut {
  return { event: data.type, data: JSON.stringify(data) };
}

/** What the encoder is told besides the events. */
export interface AnthropicEncodeOptions {
  /** The model the client asked for. */
  model: string;
  /** The gateway's own count of the prompt, for message_start before any upstream usage. */
  promptTokens?: () => number;
  /** Thinking display "omitted": thinking blocks carry their signature, never their text. */
  hideThoughts?: boolean;
}

/**
 * message_start waits for the first content (or the end), so that the usage event a decoder
 * sends right after `start` can fill in input_tokens, which clients read from it (LangChain's
 * ChatAnthropic reads input tokens there only). Without upstream usage by then (OpenAI sends it
 * last), input_tokens is the gateway's own count; message_delta carries the upstream's.
 */
function ensureStarted(state: AnthropicEncodeState, options: AnthropicEncodeOptions): SseOut[] {
  if (state.started) return [];
  state.started = true;
  if (!state.usage && options.promptTokens) {
    state.estimate = { ...ZERO_USAGE, promptTokens: options.promptTokens() };
  }
  const usage = usageToAnthropic(state.usage ?? state.estimate ?? ZERO_USAGE);
  const model = options.model;
  return [
    sse({
      type: 'message_start',
      message: {
        id: anthropicMessageId(state.id ?? 'gateway'),
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 0 },
      },
    }),
  ];
}

function closeBlock(state: AnthropicEncodeState): SseOut[] {
  if (!state.openBlock) return [];
  const index = state.openBlock.index;
  state.openBlock = null;
  return [sse({ type: 'content_block_stop', index })];
}

function openBlock(
  state: AnthropicEncodeState,
  kind: 'text' | 'thinking' | 'tool_use',
  contentBlock: Record<string, unknown>,
): SseOut[] {
  const out = closeBlock(state);
  const index = state.nextBlock++;
  state.openBlock = { kind, index };
  out.push(
    sse({ type: 'content_block_start', index, content_block: { type: kind, ...contentBlock } }),
  );
  return out;
}

function delta(index: number, d: Record<string, unknown>): SseOut {
  return sse({ type: 'content_block_delta', index, delta: d });
}

export function encodeAnthropicEvent(
  state: AnthropicEncodeState,
  event: StreamEvent,
  options: AnthropicEncodeOptions,
): SseOut[] {
  switch (event.type) {
    case 'start':
      state.id = event.id;
      return [];
    case 'usage':
      state.usage = event.usage;
      return [];
    case 'web_search':
      return [];
    case 'finish':
      state.finish = { reason: event.reason, stopSequence: event.stopSequence };
      return [];
    case 'text': {
      if (event.text.length === 0) return [];
      const out = ensureStarted(state, options);
      if (state.openBlock?.kind !== 'text') out.push(...openBlock(state, 'text', { text: '' }));
      out.push(delta(state.openBlock!.index, { type: 'text_delta', text: event.text }));
      return out;
    }
    case 'thinking': {
      // Hidden thoughts: only a signature (what Anthropic itself sends for display "omitted").
      const text = options.hideThoughts ? '' : event.text;
      if (text.length === 0 && !event.signature) return [];
      const out = ensureStarted(state, options);
      if (state.openBlock?.kind !== 'thinking' || state.openBlock.signed) {
        out.push(...openBlock(state, 'thinking', { thinking: '', signature: '' }));
      }
      const block = state.openBlock!;
      if (text) out.push(delta(block.index, { type: 'thinking_delta', thinking: text }));
      if (event.signature) {
        out.push(delta(block.index, { type: 'signature_delta', signature: event.signature }));
        block.signed = true;
      }
      return out;
    }
    case 'tool_call_start': {
      const out = ensureStarted(state, options);
      out.push(...openBlock(state, 'tool_use', { id: event.id, name: event.name, input: {} }));
      state.toolBlocks.set(event.index, state.openBlock!.index);
      return out;
    }
    case 'tool_call_delta': {
      // A delta for a tool whose block is already closed (calls interleaved upstream) still
      // goes to that block's index: clients accumulate by index.
      const index = state.toolBlocks.get(event.index);
      if (index === undefined || event.arguments.length === 0) return [];
      return [delta(index, { type: 'input_json_delta', partial_json: event.arguments })];
    }
  }
}

/** Close the open block, then message_delta (stop reason + final usage) and message_stop. */
export function endAnthropicStream(
  state: AnthropicEncodeState,
  options: AnthropicEncodeOptions,
): SseOut[] {
  const out = [...ensureStarted(state, options), ...closeBlock(state)];
  const reason = state.finish?.reason ?? (state.toolBlocks.size > 0 ? 'tool_calls' : 'stop');
  out.push(
    sse({
      type: 'message_delta',
      delta: finishToAnthropic(reason, state.finish?.stopSequence),
      usage: usageToAnthropic(state.usage ?? state.estimate ?? ZERO_USAGE),
    }),
    sse({ type: 'message_stop' }),
  );
  return out;
}

/** One encoder per response. */
export function createAnthropicStreamEncoder(options: AnthropicEncodeOptions): StreamEncoder {
  const state: AnthropicEncodeState = {
    id: null,
    started: false,
    nextBlock: 0,
    openBlock: null,
    toolBlocks: new Map(),
    usage: null,
    estimate: null,
    finish: null,
  };
  return {
    encode: (event) => encodeAnthropicEvent(state, event, options),
    end: () => endAnthropicStream(state, options),
    doneData: null,
  };
}
