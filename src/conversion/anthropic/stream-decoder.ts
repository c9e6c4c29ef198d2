/**
 * Upstream Anthropic stream → canonical events. Anthropic numbers content blocks (text,
 * thinking, tool_use) in one sequence; canonical tool calls are numbered on their own.
 */
import type { StreamDecoder } from '../canonical/adapters';
import type { SseIn, StreamEvent } from '../canonical/types';
import { argumentsFromToolInput } from './content';
import { searchQueryOf, webSearchPartOf } from './web-search';
import { AnthropicStreamError } from './errors';
import { finishFromAnthropic } from './stop-reasons';
import {
  readAnthropicUsage,
  usageFromCounts,
  ZERO_COUNTS,
  type AnthropicUsageCounts,
} from './usage';

type JsonObject = Record<string, unknown>;

function record(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null ? (value as JsonObject) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** What the decoder remembers between events of one upstream stream. */
export interface AnthropicDecodeState {
  /** The canonical index of the next tool call (counted apart from Anthropic's block index). */
  toolIndex: number;
  /** Open blocks by Anthropic block index; a tool_use block knows its tool index. */
  blocks: Map<number, { kind: string; toolIndex?: number; serverId?: string }>;
  /** Server web searches: their input (JSON text) by id, until their result block comes. */
  searches: Map<string, string>;
  /** Counters so far: message_delta repeats only some of what message_start said. */
  usage: AnthropicUsageCounts;
  complete: boolean;
}

function blockStart(state: AnthropicDecodeState, index: number, block: JsonObject): StreamEvent[] {
  const kind = text(block.type);
  switch (kind) {
    case 'text':
      state.blocks.set(index, { kind });
      return text(block.text) ? [{ type: 'text', text: text(block.text) }] : [];
    case 'thinking': {
      state.blocks.set(index, { kind });
      const signature = text(block.signature);
      return text(block.thinking) || signature
        ? [{ type: 'thinking', text: text(block.thinking), ...(signature ? { signature } : {}) }]
        : [];
    }
    case 'tool_use': {
      const toolIndex = state.toolIndex++;
      state.blocks.set(index, { kind, toolIndex });
      const events: StreamEvent[] = [
        { type: 'tool_call_start', index: toolIndex, id: text(block.id), name: text(block.name) },
      ];
      // The input arrives as input_json_delta; a start that already carries one is kept.
      const input = record(block.input);
      if (Object.keys(input).length > 0) {
        events.push({
          type: 'tool_call_delta',
          index: toolIndex,
          arguments: argumentsFromToolInput(input),
        });
      }
      return events;
    }
    case 'server_tool_use': {
      const id = text(block.id);
      state.blocks.set(index, { kind, serverId: id });
      const input = record(block.input);
      state.searches.set(id, Object.keys(input).length > 0 ? JSON.stringify(input) : '');
      return [];
    }
    case 'web_search_tool_result': {
      state.blocks.set(index, { kind });
      const id = text(block.tool_use_id);
      const query = searchQueryOf(state.searches.get(id));
      state.searches.delete(id);
      const { type: _type, ...search } = webSearchPartOf(block, query);
      return [{ type: 'web_search', ...search }];
    }
    default:
      // redacted_thinking has no streamed canonical form (the thinking event cannot say
      // "redacted"); server-tool blocks have no canonical form at all.
      state.blocks.set(index, { kind });
      return [];
  }
}

function blockDelta(state: AnthropicDecodeState, index: number, delta: JsonObject): StreamEvent[] {
  const block = state.blocks.get(index);
  switch (delta.type) {
    case 'text_delta':
      return text(delta.text) ? [{ type: 'text', text: text(delta.text) }] : [];
    case 'thinking_delta':
      return text(delta.thinking) ? [{ type: 'thinking', text: text(delta.thinking) }] : [];
    case 'signature_delta':
      return [{ type: 'thinking', text: '', signature: text(delta.signature) }];
    case 'input_json_delta':
      if (block?.serverId !== undefined) {
        const sofar = state.searches.get(block.serverId) ?? '';
        state.searches.set(block.serverId, sofar + text(delta.partial_json));
        return [];
      }
      return block?.toolIndex !== undefined && text(delta.partial_json)
        ? [{ type: 'tool_call_delta', index: block.toolIndex, arguments: text(delta.partial_json) }]
        : [];
    default:
      return []; // citations_delta and deltas added later
  }
}

/** One upstream SSE message → canonical events. Relies on the data's `type`, not `event:`. */
export function decodeAnthropicEvent(
  state: AnthropicDecodeState,
  message: SseIn,
  now: number = Date.now(),
): StreamEvent[] {
  let event: JsonObject;
  try {
    event = record(JSON.parse(message.data));
  } catch {
    throw new AnthropicStreamError(
      `Unreadable event from the Anthropic stream: ${message.data.slice(0, 200)}`,
    );
  }
  const index = typeof event.index === 'number' ? event.index : -1;
  switch (event.type) {
    case 'message_start': {
      const m = record(event.message);
      state.usage = readAnthropicUsage(m.usage);
      return [
        { type: 'start', id: text(m.id), model: text(m.model), created: Math.floor(now / 1000) },
        { type: 'usage', usage: usageFromCounts(state.usage) },
      ];
    }
    case 'content_block_start':
      return blockStart(state, index, record(event.content_block));
    case 'content_block_delta':
      return blockDelta(state, index, record(event.delta));
    case 'content_block_stop':
      state.blocks.delete(index);
      return [];
    case 'message_delta': {
      const events: StreamEvent[] = [];
      const delta = record(event.delta);
      if (delta.stop_reason !== undefined && delta.stop_reason !== null) {
        events.push({
          type: 'finish',
          ...finishFromAnthropic(delta.stop_reason, delta.stop_sequence),
        });
      }
      if (typeof event.usage === 'object' && event.usage !== null) {
        state.usage = readAnthropicUsage(event.usage, state.usage);
        events.push({ type: 'usage', usage: usageFromCounts(state.usage) });
      }
      return events;
    }
    case 'message_stop':
      state.complete = true;
      return [];
    case 'error': {
      const error = record(event.error);
      throw new AnthropicStreamError(
        text(error.message) || 'Anthropic stream error',
        text(error.type) || undefined,
      );
    }
    default:
      return []; // ping, and event types added later
  }
}

export function createAnthropicStreamDecoder(now: () => number = Date.now): StreamDecoder {
  const state: AnthropicDecodeState = {
    toolIndex: 0,
    blocks: new Map(),
    searches: new Map(),
    usage: { ...ZERO_COUNTS },
    complete: false,
  };
  return {
    decode: (message) => decodeAnthropicEvent(state, message, now()),
    end: () => [],
    get complete() {
      return state.complete;
    },
  };
}
