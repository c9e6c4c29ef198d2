/**
 * Canonical stream events → Responses API stream events (`event:` = the event type, every data
 * numbered by `sequence_number`). One instance per response; all state is on the instance.
 *
 * Output items open and close as OpenAI's do: a run of text is one message item, a run of
 * thinking one reasoning item (its summary streamed; a new summary part per thinking block),
 * and a run of tool calls one function_call item each, all closed when something else starts.
 * `end()` closes what is open and writes response.completed (or response.incomplete) with the
 * whole response, usage included.
 */
import type { ClientResponseContext, StreamEncoder } from '../canonical/adapters';
import type {
  FinishReason,
  SseOut,
  StreamEvent,
  ToolOrigin,
  Usage,
  WebSearchPart,
} from '../canonical/types';
import { callItem, customInputOf, originOf, webSearchCallItem } from './call-items';
import {
  itemIdOf,
  messageItem,
  outputText,
  reasoningItem,
  responseIdOf,
  responseObject,
  type ResponseState,
} from './response';
import { outcomeOf } from './status';
import type { ItemStatus, ResponsesOutputItem } from './types';

interface OpenMessage {
  kind: 'message';
  index: number;
  id: string;
  text: string;
}

interface OpenReasoning {
  kind: 'reasoning';
  index: number;
  id: string;
  /** Finished summaries, then the one being streamed. */
  summaries: string[];
  /** The current thinking block was signed: more thinking starts a new summary part. */
  sealed: boolean;
}

interface OpenCall {
  index: number;
  id: string;
  callId: string;
  /** The upstream name; `origin` is the client's declaration when it differs. */
  name: string;
  origin: ToolOrigin | undefined;
  arguments: string;
}

interface OpenCalls {
  kind: 'calls';
  /** Canonical tool index → the call (several may stream at once). */
  calls: Map<number, OpenCall>;
}

type OpenItem = OpenMessage | OpenReasoning | OpenCalls;

export class ResponsesStreamEncoder implements StreamEncoder {
  readonly doneData = null;
  private sequence = 0;
  private started = false;
  private id = '';
  private createdAt = 0;
  /** Every item by output_index: in-progress snapshots until closed, then the final item. */
  private readonly output: ResponsesOutputItem[] = [];
  private open: OpenItem | null = null;
  private toolCalls = 0;
  private finish: FinishReason | null = null;
  private usage: Usage | null = null;

  constructor(private readonly context: ClientResponseContext) {}

  encode(event: StreamEvent): SseOut[] {
    const out: SseOut[] = [];
    if (!this.started) this.begin(out, event.type === 'start' ? event : undefined);
    switch (event.type) {
      case 'text':
        if (event.text) this.text(event.text, out);
        break;
      case 'thinking':
        // Redacted thinking is opaque (Anthropic's encrypted data): not a summary to show.
        if (!event.redacted) this.thinking(event.text, event.signature !== undefined, out);
        break;
      case 'tool_call_start':
        this.startCall(event, out);
        break;
      case 'tool_call_delta': {
        // A delta for a call already closed is dropped: canonical streams send a call's
        // arguments before anything other than another tool call starts.
        const call = this.open?.kind === 'calls' ? this.open.calls.get(event.index) : undefined;
        if (!call || !event.arguments) break;
        call.arguments += event.arguments;
        // A custom tool's input is one string argument: it is sent whole when the call ends.
        if (call.origin?.kind === 'custom') break;
        out.push(
          this.event('response.function_call_arguments.delta', {
            item_id: call.id,
            output_index: call.index,
            delta: event.arguments,
          }),
        );
        break;
      }
      case 'web_search':
        this.webSearch(event, out);
        break;
      case 'finish':
        this.finish ??= event.reason;
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
    if (!this.started) this.begin(out);
    const { status, reason } = outcomeOf(
      this.finish ?? (this.toolCalls > 0 ? 'tool_calls' : 'stop'),
    );
    // An answer with nothing in it is one empty message, as encodeResponsesResponse writes.
    if (this.output.length === 0) this.openMessage(out);
    this.close(out, status === 'incomplete' ? 'incomplete' : 'completed');
    const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    out.push(this.event(type, { response: this.response(status, reason) }));
    return out;
  }

  /** response.created and response.in_progress. Canonical streams start with `start`. */
  private begin(out: SseOut[], start = { id: '', created: Math.floor(Date.now() / 1000) }) {
    this.started = true;
    this.id = responseIdOf(start.id);
    this.createdAt = start.created;
    const response = this.response('in_progress', null);
    out.push(this.event('response.created', { response }));
    out.push(this.event('response.in_progress', { response }));
  }

  private text(text: string, out: SseOut[]): void {
    const message = this.open?.kind === 'message' ? this.open : this.openMessage(out);
    message.text += text;
    out.push(
      this.event('response.output_text.delta', {
        item_id: message.id,
        output_index: message.index,
        content_index: 0,
        delta: text,
        logprobs: [],
      }),
    );
  }

  private thinking(text: string, signed: boolean, out: SseOut[]): void {
    let reasoning = this.open?.kind === 'reasoning' ? this.open : null;
    if (text) {
      if (!reasoning) reasoning = this.openReasoning(out);
      else if (reasoning.sealed) {
        this.closeSummary(reasoning, out);
        reasoning.summaries.push('');
        reasoning.sealed = false;
        this.addSummary(reasoning, out);
      }
      const summaryIndex = reasoning.summaries.length - 1;
      reasoning.summaries[summaryIndex] += text;
      out.push(
        this.event('response.reasoning_summary_text.delta', {
          item_id: reasoning.id,
          output_index: reasoning.index,
          summary_index: summaryIndex,
          delta: text,
        }),
      );
    }
    if (signed && reasoning) reasoning.sealed = true;
  }

  private startCall(event: { index: number; id: string; name: string }, out: SseOut[]): void {
    if (this.open?.kind !== 'calls') {
      this.close(out, 'completed');
      this.open = { kind: 'calls', calls: new Map() };
    }
    this.toolCalls++;
    const index = this.output.length;
    const origin = originOf(this.context.request.tools, event.name);
    const call: OpenCall = {
      index,
      id: itemIdOf(origin?.kind === 'custom' ? 'ctc' : 'fc', this.id, index),
      callId: event.id,
      name: event.name,
      origin,
      arguments: '',
    };
    this.open.calls.set(event.index, call);
    this.added(callItem(call.id, 'in_progress', { ...event, arguments: '' }, origin), out);
  }

  /** A search the provider ran: one web_search_call item, opened and completed at once. */
  private webSearch(search: Omit<WebSearchPart, 'type'>, out: SseOut[]): void {
    this.close(out, 'completed');
    const index = this.output.length;
    const id = itemIdOf('ws', this.id, index);
    this.added(webSearchCallItem(id, 'in_progress', {}), out);
    const where = { item_id: id, output_index: index };
    out.push(this.event('response.web_search_call.in_progress', where));
    out.push(this.event('response.web_search_call.searching', where));
    out.push(this.event('response.web_search_call.completed', where));
    this.done(index, webSearchCallItem(id, 'completed', search), out);
  }

  private openMessage(out: SseOut[]): OpenMessage {
    this.close(out, 'completed');
    const index = this.output.length;
    const message: OpenMessage = {
      kind: 'message',
      index,
      id: itemIdOf('msg', this.id, index),
      text: '',
    };
    this.open = message;
    this.added(messageItem(message.id, 'in_progress', []), out);
    out.push(
      this.event('response.content_part.added', {
        item_id: message.id,
        output_index: index,
        content_index: 0,
        part: outputText(''),
      }),
    );
    return message;
  }

  private openReasoning(out: SseOut[]): OpenReasoning {
    this.close(out, 'completed');
    const index = this.output.length;
    const id = itemIdOf('rs', this.id, index);
    const reasoning: OpenReasoning = {
      kind: 'reasoning',
      index,
      id,
      summaries: [''],
      sealed: false,
    };
    this.open = reasoning;
    this.added(reasoningItem(id, []), out);
    this.addSummary(reasoning, out);
    return reasoning;
  }

  private addSummary(reasoning: OpenReasoning, out: SseOut[]): void {
    out.push(
      this.event('response.reasoning_summary_part.added', {
        item_id: reasoning.id,
        output_index: reasoning.index,
        summary_index: reasoning.summaries.length - 1,
        part: { type: 'summary_text', text: '' },
      }),
    );
  }

  private closeSummary(reasoning: OpenReasoning, out: SseOut[]): void {
    const summaryIndex = reasoning.summaries.length - 1;
    const text = reasoning.summaries[summaryIndex];
    const where = {
      item_id: reasoning.id,
      output_index: reasoning.index,
      summary_index: summaryIndex,
    };
    out.push(this.event('response.reasoning_summary_text.done', { ...where, text }));
    out.push(
      this.event('response.reasoning_summary_part.done', {
        ...where,
        part: { type: 'summary_text', text },
      }),
    );
  }

  /** Close the open item(s); the last one closed gets `lastStatus`. */
  private close(out: SseOut[], lastStatus: ItemStatus): void {
    const open = this.open;
    this.open = null;
    if (!open) return;
    if (open.kind === 'message') {
      const where = { item_id: open.id, output_index: open.index, content_index: 0 };
      const part = outputText(open.text);
      out.push(
        this.event('response.output_text.done', { ...where, text: open.text, logprobs: [] }),
      );
      out.push(this.event('response.content_part.done', { ...where, part }));
      this.done(open.index, messageItem(open.id, lastStatus, [part]), out);
    } else if (open.kind === 'reasoning') {
      this.closeSummary(open, out);
      this.done(open.index, reasoningItem(open.id, open.summaries), out);
    } else {
      const calls = [...open.calls.values()];
      calls.forEach((call, i) => {
        const where = { item_id: call.id, output_index: call.index };
        if (call.origin?.kind === 'custom') {
          const input = customInputOf(call.arguments);
          if (input)
            out.push(
              this.event('response.custom_tool_call_input.delta', { ...where, delta: input }),
            );
          out.push(this.event('response.custom_tool_call_input.done', { ...where, input }));
        } else {
          out.push(
            this.event('response.function_call_arguments.done', {
              ...where,
              name: call.origin?.name ?? call.name,
              arguments: call.arguments,
            }),
          );
        }
        const status = i === calls.length - 1 ? lastStatus : 'completed';
        const fields = { id: call.callId, name: call.name, arguments: call.arguments };
        this.done(call.index, callItem(call.id, status, fields, call.origin), out);
      });
    }
  }

  private added(item: ResponsesOutputItem, out: SseOut[]): void {
    const index = this.output.length;
    this.output.push(item);
    out.push(this.event('response.output_item.added', { output_index: index, item }));
  }

  private done(index: number, item: ResponsesOutputItem, out: SseOut[]): void {
    this.output[index] = item;
    out.push(this.event('response.output_item.done', { output_index: index, item }));
  }

  private response(status: ResponseState['status'], reason: ResponseState['incompleteReason']) {
    const inProgress = status === 'in_progress';
    const state: ResponseState = {
      id: this.id,
      createdAt: this.createdAt,
      status,
      incompleteReason: reason,
      output: inProgress ? [] : this.output,
      usage: inProgress ? null : this.usage,
    };
    return responseObject(state, this.context);
  }

  private event(type: string, fields: object): SseOut {
    const data = { type, ...fields, sequence_number: this.sequence++ };
    return { event: type, data: JSON.stringify(data) };
  }
}
