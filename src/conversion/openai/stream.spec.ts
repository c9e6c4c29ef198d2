import OpenAI from 'openai';
import type { ClientResponseContext } from '../canonical/adapters';
import { StreamAggregator } from '../canonical/stream-bridge';
import type { CanonicalRequest, SseIn, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, parseSseTranscript, renderSse } from '../testing/fixtures';
import { parseChatCompletion } from './response';
import { ChatStreamDecoder, ChatStreamEncoder } from './stream';

const request: CanonicalRequest = { model: 'smart', system: [], messages: [], stream: true };

/** Run a whole upstream transcript through a fresh decoder. */
function decodeAll(messages: SseIn[]): { events: StreamEvent[]; complete: boolean } {
  const decoder = new ChatStreamDecoder();
  const events = messages.flatMap((m) => decoder.decode(m));
  events.push(...decoder.end());
  return { events, complete: decoder.complete };
}

/** Chunks as an upstream would send them (data lines only). */
const chunks = (...payloads: object[]): SseIn[] =>
  payloads.map((p) => ({ data: JSON.stringify(p) }));

/** A chunk of choice 0 with `delta`. */
const delta = (d: object, finish: string | null = null) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'up',
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

/** Encode events and render them as the edge writes them, [DONE] included. */
function encodeAll(events: StreamEvent[], context: Partial<ClientResponseContext> = {}): string {
  const encoder = new ChatStreamEncoder({ model: 'smart', request, ...context });
  const out = events.flatMap((e) => encoder.encode(e));
  out.push(...encoder.end());
  return renderSse([...out, ...(encoder.doneData ? [{ data: encoder.doneData }] : [])]);
}

/** The final completion the official OpenAI SDK assembles from a gateway stream. */
async function sdkFinalCompletion(sse: string) {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test/v1',
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const stream = client.chat.completions.stream({
    model: 'smart',
    messages: [{ role: 'user', content: 'Hi' }],
    stream_options: { include_usage: true },
  });
  return stream.finalChatCompletion();
}

describe('ChatStreamDecoder', () => {
  it.each(['tools', 'reasoning'])('decodes the recorded %s stream (golden)', (name) => {
    const transcript = parseSseTranscript(fixtureText(__dirname, `stream-${name}.sse.txt`));
    const { events, complete } = decodeAll(transcript);
    expect(events).toStrictEqual(fixtureJson(__dirname, `stream-${name}.events.json`));
    expect(complete).toBe(true);
  });

  it('is complete only after [DONE]', () => {
    const transcript = parseSseTranscript(fixtureText(__dirname, 'stream-tools.sse.txt'));
    expect(decodeAll(transcript.slice(0, -1)).complete).toBe(false);
  });

  it.each(['tools', 'reasoning'])(
    'aggregates the %s stream into the equivalent non-stream response',
    (name) => {
      const transcript = parseSseTranscript(fixtureText(__dirname, `stream-${name}.sse.txt`));
      const aggregator = new StreamAggregator();
      decodeAll(transcript).events.forEach((e) => aggregator.add(e));
      const body = fixtureJson(__dirname, `response-${name}.json`);
      // toEqual: the aggregator writes `signature: undefined` on thinking parts.
      expect(aggregator.response()).toEqual(parseChatCompletion(body));
    },
  );

  it('throws the provider message when an error arrives mid-stream', () => {
    const decoder = new ChatStreamDecoder();
    decoder.decode(chunks(delta({ content: 'Hel' }))[0]);
    const error = { error: { message: 'Upstream overloaded, try again', type: 'server_error' } };
    expect(() => decoder.decode(chunks(error)[0])).toThrow('Upstream overloaded, try again');
  });

  it('throws the message of an SSE event named error', () => {
    const message = { event: 'error', data: '{"message":"Rate limited by backend"}' };
    expect(() => new ChatStreamDecoder().decode(message)).toThrow('Rate limited by backend');
  });

  it('throws on a chunk that is not JSON', () => {
    expect(() => new ChatStreamDecoder().decode({ data: '{"id": "c1", ' })).toThrow(/not JSON/);
  });

  it('starts a new call when a compatible server reuses index 0 with a new id', () => {
    const call = (id: string, name: string, args: string) => ({
      tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: args } }],
    });
    const { events } = decodeAll(
      chunks(delta(call('a', 'f', '{}')), delta(call('b', 'g', '{"x":1}'))),
    );
    expect(events.filter((e) => e.type.startsWith('tool_call'))).toStrictEqual([
      { type: 'tool_call_start', index: 0, id: 'a', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'tool_call_start', index: 1, id: 'b', name: 'g' },
      { type: 'tool_call_delta', index: 1, arguments: '{"x":1}' },
    ]);
  });

  it('counts canonical tool indexes from 0 whatever the upstream numbering', () => {
    const { events } = decodeAll(
      chunks(
        delta({ tool_calls: [{ index: 3, id: 'a', function: { name: 'f', arguments: '' } }] }),
      ),
    );
    expect(events[1]).toStrictEqual({ type: 'tool_call_start', index: 0, id: 'a', name: 'f' });
  });

  it('holds arguments that arrive before the name until the call can start', () => {
    const { events } = decodeAll(
      chunks(
        delta({ tool_calls: [{ index: 0, id: 'a', function: { arguments: '{"q":' } }] }),
        delta({ tool_calls: [{ index: 0, function: { name: 'search', arguments: '1}' } }] }),
      ),
    );
    expect(events.slice(1)).toStrictEqual([
      { type: 'tool_call_start', index: 0, id: 'a', name: 'search' },
      { type: 'tool_call_delta', index: 0, arguments: '{"q":' },
      { type: 'tool_call_delta', index: 0, arguments: '1}' },
    ]);
  });

  it('starts a call that never got a name at the end rather than losing it', () => {
    const decoder = new ChatStreamDecoder();
    decoder.decode(chunks(delta({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }))[0]);
    expect(decoder.end()).toStrictEqual([
      { type: 'tool_call_start', index: 0, id: 'call_0', name: '' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
    ]);
  });

  it('reports finish once and ignores other choices', () => {
    const other = {
      ...delta({ content: 'other' }),
      choices: [{ index: 1, delta: { content: 'x' } }],
    };
    const { events } = decodeAll(chunks(delta({ content: 'a' }, 'stop'), other, delta({}, 'stop')));
    expect(events.map((e) => e.type)).toEqual(['start', 'text', 'finish']);
  });

  it('reads usage whichever chunk carries it, later values winning downstream', () => {
    const withUsage = (n: number) => ({
      ...delta({}),
      choices: [],
      usage: { prompt_tokens: n, completion_tokens: 1 },
    });
    const { events } = decodeAll(
      chunks(withUsage(3), delta({ content: 'a' }, 'length'), withUsage(4)),
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'usage', 'text', 'finish', 'usage']);
    expect(events[4]).toStrictEqual({
      type: 'usage',
      usage: { promptTokens: 4, completionTokens: 1, cachedTokens: 0 },
    });
  });
});

describe('ChatStreamEncoder', () => {
  it('writes the tools stream for a client that asked for usage (golden)', () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream-tools.events.json');
    expect(encodeAll(events, { includeUsage: true })).toBe(
      fixtureText(__dirname, 'client-tools.sse.txt'),
    );
  });

  it('writes the reasoning stream without usage when the client did not ask (golden)', () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream-reasoning.events.json');
    const context = { model: 'thinker', includeUsage: false };
    expect(encodeAll(events, context)).toBe(fixtureText(__dirname, 'client-reasoning.sse.txt'));
  });

  it('pipes an upstream transcript through decoder and encoder to the client transcript', () => {
    const upstream = parseSseTranscript(fixtureText(__dirname, 'stream-tools.sse.txt'));
    expect(encodeAll(decodeAll(upstream).events, { includeUsage: true })).toBe(
      fixtureText(__dirname, 'client-tools.sse.txt'),
    );
  });

  const start: StreamEvent = { type: 'start', id: 'msg_1', model: 'claude-x', created: 1700000000 };
  const usage: StreamEvent = {
    type: 'usage',
    usage: { promptTokens: 9, completionTokens: 2, cachedTokens: 0 },
  };
  /** The chunks written for `events`, parsed back. */
  const written = (events: StreamEvent[], context: Partial<ClientResponseContext> = {}) =>
    parseSseTranscript(encodeAll(events, context))
      .filter((m) => m.data !== '[DONE]')
      .map((m) => JSON.parse(m.data));

  it('writes usage last, after finish, even when it arrived first', () => {
    const out = written(
      [start, usage, { type: 'text', text: 'hi' }, { type: 'finish', reason: 'stop' }],
      {
        includeUsage: true,
      },
    );
    expect(out.map((c) => (c.choices.length ? c.choices[0].finish_reason : 'usage'))).toEqual([
      null,
      null,
      'stop',
      'usage',
    ]);
    expect(out[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 9, total_tokens: 11 } });
  });

  it('writes no usage chunk when none arrived', () => {
    const out = written([start, { type: 'finish', reason: 'stop' }], { includeUsage: true });
    expect(out.every((c) => c.choices.length === 1)).toBe(true);
  });

  it.each<[StreamEvent[], string]>([
    [[start, { type: 'finish', reason: 'error' }], 'stop'],
    [[start, { type: 'text', text: 'cut' }], 'stop'],
    [[start, { type: 'tool_call_start', index: 0, id: 't', name: 'f' }], 'tool_calls'],
  ])('always ends with an OpenAI finish_reason (%#)', (events, reason) => {
    const out = written(events);
    expect(out[out.length - 1].choices[0].finish_reason).toBe(reason);
    expect(out.filter((c) => c.choices[0].finish_reason !== null)).toHaveLength(1);
  });

  it('numbers tool calls from 0 for the client whatever the canonical indexes', () => {
    const out = written([
      start,
      { type: 'tool_call_start', index: 2, id: 'a', name: 'f' },
      { type: 'tool_call_start', index: 5, id: 'b', name: 'g' },
      { type: 'tool_call_delta', index: 5, arguments: '{}' },
    ]);
    expect(out.slice(1, 4).map((c) => c.choices[0].delta.tool_calls[0].index)).toEqual([0, 1, 1]);
  });

  it('writes nothing for a signature-only thinking event', () => {
    const out = written([start, { type: 'thinking', text: '', signature: 'sig' }]);
    expect(out).toHaveLength(2);
  });

  it('shows the client model and keeps the upstream id', () => {
    const [first] = written([start], { model: 'my-model' });
    expect(first).toMatchObject({ id: 'msg_1', model: 'my-model', created: 1700000000 });
    expect(first.choices[0].delta).toEqual({ role: 'assistant', content: '' });
  });
});

describe('the official OpenAI SDK reading the encoder output', () => {
  it('assembles parallel tool calls with their arguments and usage', async () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream-tools.events.json');
    const completion = await sdkFinalCompletion(encodeAll(events, { includeUsage: true }));
    const choice = completion.choices[0];
    expect(completion).toMatchObject({ id: 'chatcmpl-BQx7zKtools01', model: 'smart' });
    expect(choice.finish_reason).toBe('tool_calls');
    const calls = (choice.message.tool_calls ?? []).map((c) =>
      c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : [],
    );
    expect(calls).toEqual([
      ['call_Wd9d2Kk7pQ', 'get_weather', { city: 'Paris' }],
      ['call_T2lqX0mNb4', 'get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 82, completion_tokens: 46 });
  });

  it('assembles streamed text', async () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream-reasoning.events.json');
    const completion = await sdkFinalCompletion(encodeAll(events, { model: 'thinker' }));
    expect(completion.choices[0].message.content).toBe('9.9 is larger than 9.11.');
    expect(completion.choices[0].finish_reason).toBe('stop');
  });
});
