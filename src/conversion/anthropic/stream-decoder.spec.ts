import { StreamAggregator } from '../canonical/stream-bridge';
import type { CanonicalResponse, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, parseSseTranscript } from '../testing/fixtures';
import { AnthropicStreamError } from './errors';
import { parseMessagesResponse } from './response';
import { createAnthropicStreamDecoder } from './stream-decoder';

const NOW = 1_750_000_000_000;

function decodeAll(transcript: string): { events: StreamEvent[]; complete: boolean } {
  const decoder = createAnthropicStreamDecoder(() => NOW);
  const events = parseSseTranscript(transcript).flatMap((m) => decoder.decode(m));
  events.push(...decoder.end());
  return { events, complete: decoder.complete };
}

const sse = (data: unknown) => `event: x\ndata: ${JSON.stringify(data)}\n\n`;
const start = sse({
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 10, output_tokens: 1 } },
});

/** Tool arguments are JSON text: compare what they mean, not their spacing. */
function withParsedArguments(response: CanonicalResponse) {
  return {
    ...response,
    content: response.content.map((p) =>
      p.type === 'tool_call' ? { ...p, arguments: JSON.parse(p.arguments) as unknown } : p,
    ),
  };
}

describe('Anthropic stream decoder (upstream SSE → canonical events)', () => {
  it('decodes thinking with signature, text and parallel tool calls split mid-token (golden)', () => {
    const { events, complete } = decodeAll(fixtureText(__dirname, 'upstream-stream.sse.txt'));
    expect(events).toEqual(fixtureJson(__dirname, 'upstream-stream.events.json'));
    expect(complete).toBe(true);
  });

  it('aggregates into the same response as the equivalent non-streamed message', () => {
    const aggregator = new StreamAggregator();
    decodeAll(fixtureText(__dirname, 'upstream-stream.sse.txt')).events.forEach((e) =>
      aggregator.add(e),
    );
    const streamed = aggregator.response();
    const whole = parseMessagesResponse(fixtureJson(__dirname, 'upstream-response.json'), NOW);
    expect(withParsedArguments(streamed)).toEqual(withParsedArguments(whole));
  });

  it('merges message_delta usage with message_start: present fields win, null ones keep', () => {
    const { events } = decodeAll(
      sse({
        type: 'message_start',
        message: {
          id: 'msg_1',
          model: 'claude',
          usage: { input_tokens: 10, cache_read_input_tokens: 100, output_tokens: 1 },
        },
      }) +
        sse({
          type: 'message_delta',
          delta: { stop_reason: 'max_tokens', stop_sequence: null },
          usage: {
            input_tokens: 12,
            cache_read_input_tokens: null,
            cache_creation_input_tokens: 5,
            output_tokens: 30,
            output_tokens_details: { thinking_tokens: 20 },
          },
        }),
    );
    expect(events.slice(2)).toEqual([
      { type: 'finish', reason: 'length' },
      {
        type: 'usage',
        usage: {
          promptTokens: 117,
          completionTokens: 30,
          cachedTokens: 100,
          cacheCreationTokens: 5,
          reasoningTokens: 20,
        },
      },
    ]);
  });

  it('reports the stop sequence', () => {
    const { events } = decodeAll(
      start +
        sse({
          type: 'message_delta',
          delta: { stop_reason: 'stop_sequence', stop_sequence: '###' },
          usage: { output_tokens: 3 },
        }),
    );
    expect(events).toContainEqual({ type: 'finish', reason: 'stop', stopSequence: '###' });
  });

  it('ignores ping, unknown events and server-tool or redacted blocks', () => {
    const { events } = decodeAll(
      start +
        'event: ping\ndata: {"type": "ping"}\n\n' +
        sse({ type: 'brand_new_event', index: 0 }) +
        sse({
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'redacted_thinking', data: 'x' },
        }) +
        sse({ type: 'content_block_stop', index: 0 }) +
        sse({
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
        }) +
        sse({
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '{"q":1}' },
        }) +
        sse({ type: 'content_block_stop', index: 1 }),
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'usage']);
  });

  it('keeps tool input that arrives in content_block_start', () => {
    const { events } = decodeAll(
      start +
        sse({
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'tool_use', id: 't', name: 'f', input: { a: 1 } },
        }),
    );
    expect(events.slice(2)).toEqual([
      { type: 'tool_call_start', index: 0, id: 't', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{"a":1}' },
    ]);
  });

  it('is not complete when the stream ends without message_stop', () => {
    expect(decodeAll(start).complete).toBe(false);
  });

  it('throws the upstream error event (the stream broke)', () => {
    const decoder = createAnthropicStreamDecoder(() => NOW);
    const messages = parseSseTranscript(fixtureText(__dirname, 'upstream-error-stream.sse.txt'));
    const error = messages.at(-1)!;
    messages.slice(0, -1).forEach((m) => decoder.decode(m));
    expect(() => decoder.decode(error)).toThrow(AnthropicStreamError);
    expect(() => decoder.decode(error)).toThrow('Overloaded');
    try {
      decoder.decode(error);
    } catch (e) {
      expect((e as AnthropicStreamError).errorType).toBe('overloaded_error');
    }
  });

  it('throws on data that is not JSON', () => {
    const decoder = createAnthropicStreamDecoder();
    expect(() => decoder.decode({ event: 'message_start', data: '{"type":' })).toThrow(
      AnthropicStreamError,
    );
  });
});
