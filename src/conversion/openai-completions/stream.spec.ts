import OpenAI from 'openai';
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalRequest, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, parseSseTranscript, renderSse } from '../testing/fixtures';
import { CompletionsStreamEncoder } from './stream';

const request: CanonicalRequest = { model: 'smart', system: [], messages: [], stream: true };
const events = fixtureJson<StreamEvent[]>(__dirname, 'stream-text.events.json');

/** Encode events and render them as the edge writes them, [DONE] included. */
function encodeAll(list: StreamEvent[], context: Partial<ClientResponseContext> = {}): string {
  const encoder = new CompletionsStreamEncoder({ model: 'smart', request, ...context });
  const out = list.flatMap((e) => encoder.encode(e));
  out.push(...encoder.end());
  return renderSse([...out, ...(encoder.doneData ? [{ data: encoder.doneData }] : [])]);
}

/** The chunks written for `list`, parsed back. */
const written = (list: StreamEvent[], context: Partial<ClientResponseContext> = {}) =>
  parseSseTranscript(encodeAll(list, context))
    .filter((m) => m.data !== '[DONE]')
    .map((m) => JSON.parse(m.data));

const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'up', created: 1700000000 };

describe('CompletionsStreamEncoder', () => {
  it('writes text chunks, the finish chunk and the usage chunk (golden)', () => {
    expect(encodeAll(events, { includeUsage: true })).toBe(
      fixtureText(__dirname, 'client-text.sse.txt'),
    );
  });

  it('writes no usage chunk, and no usage fields, when the client did not ask', () => {
    const out = written(events);
    expect(out).toHaveLength(3);
    expect(out.every((c) => !('usage' in c) && c.choices.length === 1)).toBe(true);
  });

  it.each<[StreamEvent[], string]>([
    [[start], 'stop'],
    [[start, { type: 'text', text: 'cut' }], 'stop'],
    [[start, { type: 'finish', reason: 'tool_calls' }], 'stop'],
    [[start, { type: 'finish', reason: 'content_filter' }], 'content_filter'],
  ])('always ends with one finish_reason (%#)', (list, reason) => {
    const out = written(list);
    expect(out[out.length - 1].choices[0].finish_reason).toBe(reason);
    expect(out.filter((c) => c.choices[0].finish_reason !== null)).toHaveLength(1);
  });

  it('leaves thinking and tool calls out', () => {
    const out = written([
      start,
      { type: 'thinking', text: 'hmm' },
      { type: 'tool_call_start', index: 0, id: 'c1', name: 'f' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'text', text: 'ok' },
    ]);
    expect(out.map((c) => c.choices[0].text)).toEqual(['ok', '']);
  });

  it('ends with [DONE]', () => {
    expect(encodeAll([start]).endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('the official OpenAI SDK reading the encoder output', () => {
  it('streams the text, the finish reason and the usage chunk', async () => {
    const sse = encodeAll(events, { includeUsage: true });
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: 'http://gateway.test/v1',
      fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const stream = await client.completions.create({
      model: 'smart',
      prompt: 'Write a tagline for an ice cream shop.',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishReasons: string[] = [];
    let usage: OpenAI.Completions.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.text;
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Scoops of joy, every day.');
    expect(finishReasons).toEqual(['length']);
    expect(usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 9, total_tokens: 23 });
  });
});
