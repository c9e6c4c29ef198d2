import Anthropic from '@anthropic-ai/sdk';
import { responseToEvents } from '../canonical/stream-bridge';
import type { CanonicalResponse, SseOut, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, parseSseTranscript, renderSse } from '../testing/fixtures';
import { encodeMessagesResponse, parseMessagesResponse } from './response';
import { createAnthropicStreamDecoder } from './stream-decoder';
import { type AnthropicEncodeOptions, createAnthropicStreamEncoder } from './stream-encoder';

const NOW = 1_750_000_000_000;
const usage = { promptTokens: 30, completionTokens: 7, cachedTokens: 0 };

function encodeAll(events: StreamEvent[], options: Partial<AnthropicEncodeOptions> = {}): SseOut[] {
  const encoder = createAnthropicStreamEncoder({ model: 'smart', ...options });
  expect(encoder.doneData).toBeNull();
  return [...events.flatMap((e) => encoder.encode(e)), ...encoder.end()];
}

/** What @anthropic-ai/sdk makes of the stream: its MessageStream's final message. */
async function sdkFinalMessage(out: SseOut[]): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test',
    baseURL: 'http://gateway.test',
    maxRetries: 0,
    fetch: async () =>
      new Response(renderSse(out), { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages
    .stream({ model: 'smart', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
    .finalMessage();
}

const types = (out: SseOut[]) => out.map((o) => o.event);

describe('Anthropic stream encoder (canonical events → client SSE)', () => {
  const events = fixtureJson<StreamEvent[]>(__dirname, 'upstream-stream.events.json');

  it('writes the stream Anthropic would (golden)', () => {
    expect(renderSse(encodeAll(events))).toBe(fixtureText(__dirname, 'client-stream.sse.txt'));
  });

  it('names every event after its data type', () => {
    for (const o of encodeAll(events)) {
      expect(o.event).toBe((JSON.parse(o.data) as { type: string }).type);
    }
  });

  it('round-trips through the decoder', () => {
    const decoder = createAnthropicStreamDecoder(() => NOW);
    const decoded = parseSseTranscript(fixtureText(__dirname, 'client-stream.sse.txt')).flatMap(
      (m) => decoder.decode(m),
    );
    const expected = events.map((e, i): StreamEvent => {
      if (e.type === 'start') return { ...e, model: 'smart' };
      // message_start shows no output yet.
      if (i === 1 && e.type === 'usage')
        return { ...e, usage: { ...e.usage, completionTokens: 0 } };
      return e;
    });
    expect(decoded).toEqual(expected);
    expect(decoder.complete).toBe(true);
  });

  it('gives @anthropic-ai/sdk the message the non-streamed encoder writes', async () => {
    const upstream = fixtureJson(__dirname, 'upstream-response.json');
    const response = parseMessagesResponse(upstream, NOW);
    const final = await sdkFinalMessage(encodeAll(responseToEvents(response)));
    expect(final).toEqual(expect.objectContaining(encodeMessagesResponse(response, 'smart')));
  });

  it('gives @anthropic-ai/sdk the streamed upstream message', async () => {
    const final = await sdkFinalMessage(encodeAll(events));
    const upstream = fixtureJson<Record<string, unknown>>(__dirname, 'upstream-response.json');
    expect(final).toMatchObject({
      ...upstream,
      model: 'smart',
      usage: {
        input_tokens: 472,
        output_tokens: 189,
        cache_read_input_tokens: 2048,
        cache_creation_input_tokens: 120,
      },
    });
  });

  it('sends a valid message when nothing was generated', async () => {
    const out = encodeAll([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt', created: 1 },
      { type: 'finish', reason: 'length' },
    ]);
    expect(types(out)).toEqual(['message_start', 'message_delta', 'message_stop']);
    const final = await sdkFinalMessage(out);
    expect(final).toMatchObject({
      id: 'msg_chatcmpl-1',
      content: [],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });

  it('combines usage and finish whichever comes first', () => {
    const head: StreamEvent[] = [
      { type: 'start', id: 'msg_1', model: 'm', created: 1 },
      { type: 'text', text: 'Hi' },
    ];
    const finish: StreamEvent = { type: 'finish', reason: 'stop', stopSequence: 'END' };
    const a = encodeAll([...head, finish, { type: 'usage', usage }]);
    const b = encodeAll([...head, { type: 'usage', usage }, finish]);
    expect(a).toEqual(b);
    expect(JSON.parse(a[a.length - 2].data)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
      usage: {
        input_tokens: 30,
        output_tokens: 7,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      },
    });
  });

  it('shows the prompt side in message_start when usage follows start', () => {
    const out = encodeAll([
      { type: 'start', id: 'msg_1', model: 'm', created: 1 },
      { type: 'usage', usage: { promptTokens: 500, completionTokens: 1, cachedTokens: 400 } },
      { type: 'text', text: 'Hi' },
    ]);
    expect(JSON.parse(out[0].data).message.usage).toEqual({
      input_tokens: 100,
      output_tokens: 0,
      cache_read_input_tokens: 400,
      cache_creation_input_tokens: 0,
    });
  });

  describe('message_start usage before the upstream says (OpenAI sends usage last)', () => {
    const openAIStyle: StreamEvent[] = [
      { type: 'start', id: 'chatcmpl-1', model: 'gpt', created: 1 },
      { type: 'text', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage: { promptTokens: 42, completionTokens: 3, cachedTokens: 2 } },
    ];
    type Payload = { message: { usage: Record<string, number> }; usage: Record<string, number> };
    const payload = (o: SseOut) => JSON.parse(o.data) as Payload;

    it("shows the gateway's own count in message_start, the upstream's in message_delta", async () => {
      let counted = 0;
      const out = encodeAll(openAIStyle, { promptTokens: () => (counted++, 37) });
      expect(payload(out[0]).message.usage).toEqual({
        input_tokens: 37,
        output_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      });
      expect(payload(out[out.length - 2]).usage).toMatchObject({
        input_tokens: 40,
        output_tokens: 3,
        cache_read_input_tokens: 2,
      });
      expect(counted).toBe(1);
      // The SDK's final message holds the exact count: message_delta's replaces message_start's.
      expect((await sdkFinalMessage(out)).usage).toMatchObject({ input_tokens: 40 });
    });

    it("does not count when the upstream's usage came first (Gemini's first chunk)", () => {
      const promptTokens = jest.fn(() => 37);
      const out = encodeAll(
        [
          { type: 'start', id: 'g-1', model: 'gemini', created: 1 },
          { type: 'usage', usage: { promptTokens: 51, completionTokens: 0, cachedTokens: 0 } },
          { type: 'text', text: 'Hi' },
          { type: 'usage', usage: { promptTokens: 51, completionTokens: 9, cachedTokens: 0 } },
        ],
        { promptTokens },
      );
      expect(payload(out[0]).message.usage.input_tokens).toBe(51);
      expect(payload(out[out.length - 2]).usage).toMatchObject({
        input_tokens: 51,
        output_tokens: 9,
      });
      expect(promptTokens).not.toHaveBeenCalled();
    });

    it('keeps the estimate in message_delta when the upstream never sent usage', () => {
      const out = encodeAll(openAIStyle.slice(0, 3), { promptTokens: () => 37 });
      expect(payload(out[out.length - 2]).usage.input_tokens).toBe(37);
    });
  });

  it('hides thought text when thinking display is omitted, keeping signatures', async () => {
    const out = encodeAll(
      [
        { type: 'start', id: 'msg_1', model: 'm', created: 1 },
        { type: 'thinking', text: 'secret reasoning' },
        { type: 'thinking', text: 'signed thought', signature: 'sig1' },
        { type: 'text', text: 'answer' },
      ],
      { hideThoughts: true },
    );
    expect(out.map((o) => o.data).join('')).not.toMatch(/secret|signed thought/);
    const final = await sdkFinalMessage(out);
    expect(final.content).toEqual([
      { type: 'thinking', thinking: '', signature: 'sig1' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('opens a new block whenever the kind changes, with increasing indexes', async () => {
    const out = encodeAll([
      { type: 'start', id: 'msg_1', model: 'm', created: 1 },
      { type: 'text', text: 'a' },
      { type: 'thinking', text: 'think' },
      { type: 'thinking', text: '', signature: 'sig1' },
      { type: 'thinking', text: 'more' },
      { type: 'text', text: 'b' },
      { type: 'tool_call_start', index: 0, id: 't0', name: 'f' },
      { type: 'tool_call_start', index: 1, id: 't1', name: 'g' },
      { type: 'tool_call_delta', index: 0, arguments: '{"late":true}' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
      { type: 'usage', usage },
    ]);
    const starts = out
      .filter((o) => o.event === 'content_block_start')
      .map((o) => JSON.parse(o.data) as { index: number; content_block: { type: string } });
    expect(starts.map((s) => [s.index, s.content_block.type])).toEqual([
      [0, 'text'],
      [1, 'thinking'],
      [2, 'thinking'],
      [3, 'text'],
      [4, 'tool_use'],
      [5, 'tool_use'],
    ]);
    const final = await sdkFinalMessage(out);
    expect(final.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'thinking', thinking: 'think', signature: 'sig1' },
      { type: 'thinking', thinking: 'more', signature: '' },
      { type: 'text', text: 'b' },
      { type: 'tool_use', id: 't0', name: 'f', input: { late: true } },
      { type: 'tool_use', id: 't1', name: 'g', input: {} },
    ]);
    // No finish arrived: tool calls were made, so the stop reason says so.
    expect(final.stop_reason).toBe('tool_use');
  });

  it('uses a placeholder id when no start event came', () => {
    const out = encodeAll([{ type: 'text', text: 'x' }]);
    expect(JSON.parse(out[0].data).message.id).toBe('msg_gateway');
  });

  it('encodes a canonical response from another provider like the non-streamed encoder', async () => {
    const response = fixtureJson<CanonicalResponse>(__dirname, 'canonical-response.json');
    // Arguments that are not JSON stay out of this comparison: the SDK parses partial JSON.
    response.content = response.content.filter(
      (p) => p.type !== 'tool_call' || p.id !== 'call_def',
    );
    const final = await sdkFinalMessage(encodeAll(responseToEvents(response)));
    expect(final).toEqual(expect.objectContaining(encodeMessagesResponse(response, 'smart')));
  });
});
