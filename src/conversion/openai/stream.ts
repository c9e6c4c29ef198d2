/**
 * OpenAI chat.completion.chunk streams: upstream chunks → canonical events
 * (`ChatStreamDecoder`), and canonical events → the chunks a client gets
 * (`ChatStreamEncoder`). One instance per response; all state is on the instance.
 */
import type { ClientResponseContext, StreamDecoder, StreamEncoder } from '../canonical/adapters';
import type { SseIn, SseOut, StreamEvent, Usage } from '../canonical/types';
import { parseOpenAIError } from './errors';
import { finishReasonFromOpenAI, finishReasonToOpenAI } from './finish-reasons';
import { embeddedErrorMessage, reasoningOf } from './response';
import { type Json, object, text } from './json';
import type { OpenAIChatCompletionChunk, OpenAIChunkDelta, OpenAIFinishReason } from './types';
import { usageFromOpenAI, usageToOpenAI } from './usage';

/** A tool call being streamed; its start waits until the name is known. */
interface ToolSlot {
  index: number;
  id: string;
  name: string | null;
  /** Arguments that arrived before the name. */
  pending: string;
}

/** Reads an OpenAI-format upstream's chunks (first choice only: conversion never asks for n). */
export class ChatStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private done = false;
  /** The upstream's tool index → the canonical tool call it currently names. */
  private readonly tools = new Map<number, ToolSlot>();
  private toolCount = 0;
  private lastToolKey = 0;

  get complete(): boolean {
    return this.done;
  }

  decode(message: SseIn): StreamEvent[] {
    const data = message.data.trim();
    if (data === '[DONE]') {
      this.done = true;
      return [];
    }
    if (data === '') return [];
    if (message.event === 'error') {
      throw new Error(parseOpenAIError(data)?.message ?? `Upstream stream error: ${data}`);
    }
    const chunk = this.parse(data);
    const events: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      const created = typeof chunk.created === 'number' ? chunk.created : Date.now() / 1000;
      const start = { id: text(chunk.id), model: text(chunk.model), created: Math.floor(created) };
      events.push({ type: 'start', ...start });
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices.map(object) : [];
    const choice = choices.find((c) => c !== null && (c.index ?? 0) === 0);
    if (choice) this.readChoice(choice, events);
    if (object(chunk.usage)) events.push({ type: 'usage', usage: usageFromOpenAI(chunk.usage) });
    return events;
  }

  /** Tool calls still waiting for a name are started with an empty one rather than lost. */
  end(): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (const slot of this.tools.values()) {
      if (slot.name === null) this.startTool(slot, '', events);
    }
    return events;
  }

  /** A chunk as JSON; an `error` object some providers send mid-stream becomes a throw. */
  private parse(data: string): Json {
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      throw new Error(`Upstream sent a stream chunk that is not JSON: ${data.slice(0, 200)}`);
    }
    const chunk = object(value);
    if (!chunk) throw new Error(`Upstream sent a stream chunk that is not an object`);
    const error = embeddedErrorMessage(chunk);
    if (error !== null) throw new Error(error);
    return chunk;
  }

  private readChoice(choice: Json, events: StreamEvent[]): void {
    const delta = object(choice.delta) ?? {};
    const reasoning = reasoningOf(delta);
    if (reasoning) events.push({ type: 'thinking', text: reasoning });
    const content = text(delta.content) || text(delta.refusal);
    if (content) events.push({ type: 'text', text: content });
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) this.readToolCall(object(call), events);
    }
    const reason = finishReasonFromOpenAI(choice.finish_reason);
    if (reason && !this.finished) {
      this.finished = true;
      events.push({ type: 'finish', reason });
    }
  }

  /**
   * OpenAI numbers tool calls per choice; canonical indexes count calls in the response. A
   * new id on a known index (some compatible servers send every call as index 0) or an index
   * seen for the first time starts a new call.
   */
  private readToolCall(call: Json | null, events: StreamEvent[]): void {
    if (!call) return;
    const fn = object(call.function) ?? {};
    const id = text(call.id);
    const key = typeof call.index === 'number' ? call.index : this.lastToolKey;
    this.lastToolKey = key;
    let slot = this.tools.get(key);
    if (!slot || (id && id !== slot.id)) {
      const index = this.toolCount++;
      slot = { index, id: id || `call_${index}`, name: null, pending: '' };
      this.tools.set(key, slot);
    }
    const name = text(fn.name);
    if (slot.name === null && name) this.startTool(slot, name, events);
    const args = text(fn.arguments);
    if (!args) return;
    if (slot.name === null) slot.pending += args;
    else events.push({ type: 'tool_call_delta', index: slot.index, arguments: args });
  }

  private startTool(slot: ToolSlot, name: string, events: StreamEvent[]): void {
    slot.name = name;
    events.push({ type: 'tool_call_start', index: slot.index, id: slot.id, name });
    if (slot.pending) {
      events.push({ type: 'tool_call_delta', index: slot.index, arguments: slot.pending });
      slot.pending = '';
    }
  }
}

/**
 * Writes chat.completion.chunk events for a client: the model it asked for, the upstream id.
 * Usage is held until `end()` (it may come before or after finish) and written as OpenAI does,
 * in a last chunk without choices, when the client asked for it (stream_options.include_usage).
 */
export class ChatStreamEncoder implements StreamEncoder {
  readonly doneData = '[DONE]';
  private id = '';
  private created = 0;
  private started = false;
  private finished = false;
  private usage: Usage | null = null;
  /** Canonical tool index → the index the client sees (counted from 0 in order of start). */
  private readonly toolIndexes = new Map<number, number>();

  constructor(private readonly context: ClientResponseContext) {}

  encode(event: StreamEvent): SseOut[] {
    const out: SseOut[] = [];
    if (!this.started) out.push(event.type === 'start' ? this.begin(event) : this.begin());
    switch (event.type) {
      case 'text':
        if (event.text) out.push(this.chunk({ content: event.text }));
        break;
      case 'thinking':
        // Anthropic's signature-only events carry no text; OpenAI has nowhere to put one.
        if (event.text) out.push(this.chunk({ reasoning_content: event.text }));
        break;
      case 'tool_call_start': {
        const index = this.toolIndexes.size;
        this.toolIndexes.set(event.index, index);
        const fn = { name: event.name, arguments: '' };
        out.push(
          this.chunk({ tool_calls: [{ index, id: event.id, type: 'function', function: fn }] }),
        );
        break;
      }
      case 'tool_call_delta': {
        const index = this.toolIndexes.get(event.index);
        if (index === undefined || !event.arguments) break;
        out.push(this.chunk({ tool_calls: [{ index, function: { arguments: event.arguments } }] }));
        break;
      }
      case 'finish':
        if (!this.finished) out.push(this.finish(finishReasonToOpenAI(event.reason)));
        break;
      case 'usage':
        this.usage = event.usage;
        break;
    }
    return out;
  }

  /** A stream that never said why it finished ends as the aggregator reads it. */
  end(): SseOut[] {
    const out: SseOut[] = [];
    if (!this.started) out.push(this.begin());
    if (!this.finished) out.push(this.finish(this.toolIndexes.size > 0 ? 'tool_calls' : 'stop'));
    if (this.context.includeUsage && this.usage) {
      out.push(this.write({ ...this.head(), choices: [], usage: usageToOpenAI(this.usage) }));
    }
    return out;
  }

  /** The first chunk. Canonical streams start with `start`; the fallback only guards misuse. */
  private begin(start = { id: '', created: Math.floor(Date.now() / 1000) }): SseOut {
    this.started = true;
    this.id = start.id;
    this.created = start.created;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private finish(reason: OpenAIFinishReason): SseOut {
    this.finished = true;
    return this.chunk({}, reason);
  }

  private head() {
    return {
      id: this.id,
      object: 'chat.completion.chunk' as const,
      created: this.created,
      model: this.context.model,
    };
  }

  private chunk(delta: OpenAIChunkDelta, finishReason: OpenAIFinishReason | null = null): SseOut {
    return this.write({
      ...this.head(),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // OpenAI: with include_usage, every chunk but the last carries `usage: null`.
      ...(this.context.includeUsage ? { usage: null } : {}),
    });
  }

  private write(chunk: OpenAIChatCompletionChunk): SseOut {
    return { data: JSON.stringify(chunk) };
  }
}
