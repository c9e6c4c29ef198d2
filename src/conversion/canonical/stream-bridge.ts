import type { CanonicalResponse, ResponsePart, StreamEvent, Usage } from './types';

const ZERO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };

/**
 * A complete response as a stream of events: how a target without streaming serves a
 * streaming client. Text and thinking come as one delta each; tool calls as start + one delta.
 * Usage comes right after start (it is known), so that encoders showing it first (Anthropic's
 * message_start) show the provider's count.
 */
export function responseToEvents(response: CanonicalResponse): StreamEvent[] {
  const events: StreamEvent[] = [
    { type: 'start', id: response.id, model: response.model, created: response.created },
    { type: 'usage', usage: response.usage },
  ];
  let toolIndex = 0;
  for (const part of response.content) {
    if (part.type === 'text' && part.text.length > 0)
      events.push({ type: 'text', text: part.text });
    else if (part.type === 'thinking') {
      events.push({
        type: 'thinking',
        text: part.text,
        ...(part.signature ? { signature: part.signature } : {}),
        ...(part.redacted ? { redacted: true } : {}),
      });
    } else if (part.type === 'tool_call') {
      const index = toolIndex++;
      events.push({ type: 'tool_call_start', index, id: part.id, name: part.name });
      if (part.arguments.length > 0) {
        events.push({ type: 'tool_call_delta', index, arguments: part.arguments });
      }
    } else if (part.type === 'web_search') {
      events.push({ ...part });
    }
  }
  events.push({
    type: 'finish',
    reason: response.finishReason,
    stopSequence: response.stopSequence,
  });
  return events;
}

/**
 * Collects stream events into one response: how a target without non-streaming serves a
 * non-streaming client, and how usage is read from any stream. Consecutive text deltas join
 * into one text part; each tool call becomes one part with its arguments concatenated.
 */
export class StreamAggregator {
  private id = '';
  private model = '';
  private created = Math.floor(Date.now() / 1000);
  private readonly content: ResponsePart[] = [];
  private readonly toolParts = new Map<number, ResponsePart & { type: 'tool_call' }>();
  private finish: { reason: CanonicalResponse['finishReason']; stopSequence?: string } | null =
    null;
  usage: Usage | null = null;
  /** Characters of generated text and tool arguments (for estimating tokens without usage). */
  generatedChars = 0;

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.model = event.model;
        this.created = event.created;
        break;
      case 'text': {
        this.generatedChars += event.text.length;
        const last = this.content[this.content.length - 1];
        if (last?.type === 'text') last.text += event.text;
        else this.content.push({ type: 'text', text: event.text });
        break;
      }
      case 'thinking': {
        const last = this.content[this.content.length - 1];
        // A signed or redacted block is closed: what follows is a new thinking block.
        if (last?.type === 'thinking' && !last.signature && !last.redacted && !event.redacted) {
          last.text += event.text;
          if (event.signature) last.signature = event.signature;
        } else {
          this.content.push({
            type: 'thinking',
            text: event.text,
            ...(event.signature ? { signature: event.signature } : {}),
            ...(event.redacted ? { redacted: true } : {}),
          });
        }
        break;
      }
      case 'tool_call_start': {
        const part = { type: 'tool_call' as const, id: event.id, name: event.name, arguments: '' };
        this.toolParts.set(event.index, part);
        this.content.push(part);
        break;
      }
      case 'tool_call_delta': {
        this.generatedChars += event.arguments.length;
        const part = this.toolParts.get(event.index);
        if (part) part.arguments += event.arguments;
        break;
      }
      case 'web_search':
        this.content.push({ ...event });
        break;
      case 'finish':
        this.finish = { reason: event.reason, stopSequence: event.stopSequence };
        break;
      case 'usage':
        this.usage = event.usage;
        break;
    }
  }

  /** Did the stream say why it finished? */
  get finished(): boolean {
    return this.finish !== null;
  }

  response(): CanonicalResponse {
    const hasToolCalls = this.toolParts.size > 0;
    return {
      id: this.id,
      model: this.model,
      created: this.created,
      content: this.content,
      finishReason: this.finish?.reason ?? (hasToolCalls ? 'tool_calls' : 'stop'),
      ...(this.finish?.stopSequence ? { stopSequence: this.finish.stopSequence } : {}),
      usage: this.usage ?? ZERO_USAGE,
    };
  }
}
