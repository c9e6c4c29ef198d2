import OpenAI from 'openai';
import type { ClientResponseContext } from '../canonical/adapters';
import { responseToEvents, StreamAggregator } from '../canonical/stream-bridge';
import type { CanonicalRequest, CanonicalResponse, SseOut, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, renderSse } from '../testing/fixtures';
import { responsesStreamErrorEvent } from './errors';
import { encodeResponsesResponse } from './response';
import { ResponsesStreamEncoder } from './stream';

const fullRequest = fixtureJson<CanonicalRequest>(__dirname, 'request-full.canonical.json');
const mixedEvents = fixtureJson<StreamEvent[]>(__dirname, 'stream-mixed.events.json');
const minimalRequest: CanonicalRequest = { model: 'smart', system: [], messages: [], stream: true };

function contextOf(request = minimalRequest): ClientResponseContext {
  return { model: 'smart', request };
}

/** Encode a whole stream, end() included. */
function encodeAll(events: StreamEvent[], context = contextOf()): SseOut[] {
  const encoder = new ResponsesStreamEncoder(context);
  return [...events.flatMap((e) => encoder.encode(e)), ...encoder.end()];
}

/** The events written for `events`, parsed back. */
const written = (events: StreamEvent[], context = contextOf()) =>
  encodeAll(events, context).map((e) => JSON.parse(e.data));

/** The final response event's `response`. */
const finalOf = (events: StreamEvent[], context = contextOf()) =>
  written(events, context).at(-1)?.response;

/** The response the official SDK assembles from a gateway stream. */
async function sdkFinalResponse(sse: string) {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test/v1',
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.responses.stream({ model: 'smart', input: 'Hi' }).finalResponse();
}

const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'up', created: 1700000000 };
const call = (index: number, id: string): StreamEvent => ({
  type: 'tool_call_start',
  index,
  id,
  name: `f${index}`,
});
const args = (index: number, text: string): StreamEvent => ({
  type: 'tool_call_delta',
  index,
  arguments: text,
});

describe('ResponsesStreamEncoder', () => {
  it('writes reasoning, text and two tool calls (golden)', () => {
    const sse = renderSse(encodeAll(mixedEvents, contextOf(fullRequest)));
    expect(sse).toBe(fixtureText(__dirname, 'client-mixed.sse.txt'));
  });

  it('names each event after its type and numbers them from 0', () => {
    const out = encodeAll(mixedEvents);
    const data = out.map((e) => JSON.parse(e.data));
    expect(out.map((e) => e.event)).toEqual(data.map((d) => d.type));
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
  });

  it('ends with the same response encodeResponsesResponse writes for the whole answer', () => {
    const aggregator = new StreamAggregator();
    mixedEvents.forEach((e) => aggregator.add(e));
    const context = contextOf(fullRequest);
    expect(finalOf(mixedEvents, context)).toEqual(
      encodeResponsesResponse(aggregator.response(), context),
    );
  });

  it('streams a whole response (a non-streaming target) as encodeResponsesResponse writes it', () => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response-mixed.canonical.json');
    const context = contextOf(fullRequest);
    expect(finalOf(responseToEvents(canonical), context)).toEqual(
      encodeResponsesResponse(canonical, context),
    );
  });

  it('starts with created and in_progress, in progress and without usage', () => {
    const [created, inProgress] = written([start]);
    expect(created).toMatchObject({ type: 'response.created', sequence_number: 0 });
    expect(inProgress).toMatchObject({ type: 'response.in_progress', sequence_number: 1 });
    expect(created.response).toMatchObject({
      id: 'resp_chatcmpl-1',
      status: 'in_progress',
      model: 'smart',
      created_at: 1700000000,
      output: [],
      usage: null,
    });
  });

  it('ends a cut-off stream with response.incomplete and marks its last item', () => {
    const out = written([
      start,
      { type: 'text', text: 'cut' },
      { type: 'finish', reason: 'length' },
    ]);
    const last = out[out.length - 1];
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', status: 'incomplete' }],
    });
  });

  it('writes an empty message for a stream with nothing in it', () => {
    const out = written([start, { type: 'finish', reason: 'stop' }]);
    expect(out.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(out[7].response.output[0].content).toEqual([
      { type: 'output_text', text: '', annotations: [] },
    ]);
  });

  it('closes tool calls when text follows, and numbers items in order', () => {
    const out = written([start, call(0, 'a'), args(0, '{}'), { type: 'text', text: 'and' }]);
    const items = out.filter((e) => e.type === 'response.output_item.done');
    expect(items.map((e) => [e.output_index, e.item.type, e.item.status])).toEqual([
      [0, 'function_call', 'completed'],
      [1, 'message', 'completed'],
    ]);
    expect(out.at(-1)?.response.output[0]).toMatchObject({ call_id: 'a', arguments: '{}' });
  });

  it('streams interleaved tool calls by their own output_index', () => {
    const out = written([start, call(3, 'a'), call(7, 'b'), args(7, '{"b":1}'), args(3, '{}')]);
    const deltas = out.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(deltas.map((e) => [e.output_index, e.delta])).toEqual([
      [1, '{"b":1}'],
      [0, '{}'],
    ]);
    const final = out.at(-1)?.response;
    expect(final.output.map((i: { arguments: string }) => i.arguments)).toEqual(['{}', '{"b":1}']);
  });

  it('ignores arguments for a call it never started', () => {
    const out = written([start, args(0, '{}')]);
    expect(out.some((e) => e.type.startsWith('response.function_call'))).toBe(false);
  });

  it('starts a new summary part for thinking after a signed block', () => {
    const out = written([
      start,
      { type: 'thinking', text: 'one' },
      { type: 'thinking', text: '', signature: 's1' },
      { type: 'thinking', text: 'two' },
    ]);
    const parts = out.filter((e) => e.type === 'response.reasoning_summary_part.added');
    expect(parts.map((e) => e.summary_index)).toEqual([0, 1]);
    expect(out.at(-1)?.response.output[0].summary).toEqual([
      { type: 'summary_text', text: 'one' },
      { type: 'summary_text', text: 'two' },
    ]);
  });

  it('writes nothing for redacted thinking', () => {
    const out = written([start, { type: 'thinking', text: 'opaque', redacted: true }]);
    expect(out.some((e) => e.type.includes('reasoning'))).toBe(false);
  });

  it('writes nothing after the final event, and no [DONE]', () => {
    const encoder = new ResponsesStreamEncoder(contextOf());
    expect(encoder.doneData).toBeNull();
  });
});

describe('the official OpenAI SDK reading the encoder output', () => {
  it('assembles output_text, the function calls with full arguments, and usage', async () => {
    const response = await sdkFinalResponse(renderSse(encodeAll(mixedEvents)));
    expect(response).toMatchObject({ id: 'resp_msg_01XFDUDYJgAACzvnptvVoYEL', model: 'smart' });
    expect(response.output_text).toBe('Let me check both.');
    const calls = response.output.flatMap((item) =>
      item.type === 'function_call' ? [[item.call_id, item.name, JSON.parse(item.arguments)]] : [],
    );
    expect(calls).toEqual([
      ['toolu_01A09q90qw90lq917835lq9', 'get_weather', { city: 'Paris' }],
      ['toolu_01B7tX2kLmN3pQ4rS5uV6wY', 'get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(response.usage).toMatchObject({
      input_tokens: 412,
      output_tokens: 96,
      total_tokens: 508,
    });
  });

  it('accumulates the deltas into the same output the final event carries', async () => {
    // Without the final event the SDK's answer is what it built from the deltas alone.
    const out = encodeAll(mixedEvents);
    const accumulated = await sdkFinalResponse(renderSse(out.slice(0, -1)));
    const complete = await sdkFinalResponse(renderSse(out));
    expect(accumulated.output).toEqual(complete.output);
    expect(accumulated.output_text).toBe('Let me check both.');
  });

  it('rejects the stream with the message of a mid-stream error event', async () => {
    const out = encodeAll([start, { type: 'text', text: 'partial' }]).slice(0, 4);
    const error = { code: 'upstream_error', message: 'Upstream went away', param: null };
    const sse = renderSse([...out, responsesStreamErrorEvent(error)]);
    await expect(sdkFinalResponse(sse)).rejects.toMatchObject({
      type: 'error',
      message: 'Upstream went away',
    });
  });
});
