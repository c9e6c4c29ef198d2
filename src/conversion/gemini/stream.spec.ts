import { StreamAggregator } from '../canonical/stream-bridge';
import type { CanonicalRequest, SseIn, StreamEvent } from '../canonical/types';
import { fixtureJson, fixtureText, parseSseTranscript, renderSse } from '../testing/fixtures';
import { geminiClient, geminiProvider } from './index';
import { GeminiStreamDecoder, GeminiStreamEncoder } from './stream';

const NOW = 1748736000;
const context = { model: 'weather-bot', request: {} as CanonicalRequest };

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000));
afterEach(() => jest.restoreAllMocks());

function decodeAll(messages: SseIn[]): { events: StreamEvent[]; complete: boolean } {
  const decoder = geminiProvider.createStreamDecoder();
  const events = messages.flatMap((m) => decoder.decode(m));
  events.push(...decoder.end());
  return { events, complete: decoder.complete };
}

function encodeAll(events: StreamEvent[]): string {
  const encoder = geminiClient.createStreamEncoder(context);
  const out = events.flatMap((e) => encoder.encode(e));
  return renderSse([...out, ...encoder.end()]);
}

function aggregate(events: StreamEvent[]) {
  const aggregator = new StreamAggregator();
  events.forEach((e) => aggregator.add(e));
  return aggregator.response();
}

const upstream = () => parseSseTranscript(fixtureText(__dirname, 'stream.upstream.sse.txt'));

describe('GeminiStreamDecoder (Gemini API stream → canonical events)', () => {
  it('matches the golden events and completes on the finishReason', () => {
    const { events, complete } = decodeAll(upstream());
    expect(events).toEqual(fixtureJson(__dirname, 'stream.upstream.events.json'));
    expect(complete).toBe(true);
  });

  it("reports the first chunk's usage before its parts, and the latest after the finish", () => {
    const decoder = new GeminiStreamDecoder();
    const [first, ...rest] = upstream().map((m) => decoder.decode(m));
    expect(first.map((e) => e.type)).toEqual(['start', 'usage', 'thinking']);
    expect(first[1]).toEqual({
      type: 'usage',
      usage: { promptTokens: 120, completionTokens: 0, cachedTokens: 0 },
    });
    const later = rest.flat().filter((e) => e.type === 'usage');
    expect(later).toHaveLength(1);
  });

  it('aggregates to the same response as the non-stream answer', () => {
    const streamed = aggregate(decodeAll(upstream()).events);
    const whole = geminiProvider.parseResponse(fixtureJson(__dirname, 'response.upstream.json'));
    expect(streamed).toEqual(whole);
  });

  it('is not complete when the stream stops before a finishReason, and still reports usage', () => {
    const decoder = new GeminiStreamDecoder();
    const cut = upstream().slice(0, 3);
    cut.forEach((m) => decoder.decode(m));
    expect(decoder.complete).toBe(false);
    expect(decoder.end()).toEqual([
      { type: 'usage', usage: { promptTokens: 120, completionTokens: 0, cachedTokens: 0 } },
    ]);
  });

  it('throws the message of an error chunk', () => {
    const decoder = new GeminiStreamDecoder();
    decoder.decode(upstream()[0]);
    const error = {
      error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
    };
    expect(() => decoder.decode({ data: JSON.stringify(error) })).toThrow(
      'The model is overloaded.',
    );
  });

  it('throws on a chunk that is not JSON', () => {
    expect(() => new GeminiStreamDecoder().decode({ data: '{"candidates": [' })).toThrow(
      /not JSON/,
    );
  });

  it('finishes a blocked prompt with content_filter', () => {
    const decoder = new GeminiStreamDecoder();
    const events = decoder.decode({
      data: JSON.stringify({
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        responseId: 'r',
      }),
    });
    expect(events.map((e) => e.type)).toEqual(['start', 'finish']);
    expect(events[1]).toEqual({ type: 'finish', reason: 'content_filter' });
    expect(decoder.complete).toBe(true);
  });

  it('keeps the signature of a thought', () => {
    const chunk = {
      candidates: [
        {
          content: { parts: [{ text: 'hmm', thought: true, thoughtSignature: 'c2ln' }] },
          index: 0,
        },
      ],
    };
    const events = new GeminiStreamDecoder().decode({ data: JSON.stringify(chunk) });
    expect(events[1]).toEqual({ type: 'thinking', text: 'hmm', signature: 'c2ln' });
  });
});

describe('GeminiStreamEncoder (canonical events → Gemini client stream)', () => {
  it('matches the golden transcript', () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream.client.events.json');
    expect(encodeAll(events)).toBe(fixtureText(__dirname, 'stream.client.sse.txt'));
  });

  it('writes nothing after end() on a clean finish (no [DONE])', () => {
    expect(new GeminiStreamEncoder(context).doneData).toBeNull();
  });

  it('survives a round trip: decoding what it writes gives the same response', () => {
    const events = fixtureJson<StreamEvent[]>(__dirname, 'stream.client.events.json');
    const decoded = decodeAll(parseSseTranscript(encodeAll(events)));
    expect(decoded.complete).toBe(true);
    expect(aggregate(decoded.events)).toEqual({ ...aggregate(events), model: 'weather-bot' });
  });

  it('sends tool calls at end() when no finish came, with {} for arguments that are not JSON', () => {
    const encoder = new GeminiStreamEncoder(context);
    encoder.encode({ type: 'start', id: 'x', model: 'm', created: NOW });
    encoder.encode({ type: 'tool_call_start', index: 0, id: 'c1', name: 'f' });
    expect(encoder.encode({ type: 'tool_call_delta', index: 0, arguments: '{"a":' })).toEqual([]);
    const chunks = encoder.end().map((m) => JSON.parse(m.data));
    expect(chunks).toHaveLength(2);
    expect(chunks[0].candidates[0].content.parts).toEqual([
      { functionCall: { id: 'c1', name: 'f', args: {} } },
    ]);
    expect(chunks[1].candidates[0]).toMatchObject({ finishReason: 'STOP' });
    expect(chunks[1]).not.toHaveProperty('usageMetadata');
  });

  it('merges usage arriving after the finish into the last chunk', () => {
    const encoder = new GeminiStreamEncoder(context);
    encoder.encode({ type: 'start', id: 'x', model: 'm', created: NOW });
    encoder.encode({ type: 'text', text: 'Hi' });
    expect(encoder.encode({ type: 'finish', reason: 'length' })).toEqual([]);
    encoder.encode({
      type: 'usage',
      usage: { promptTokens: 3, completionTokens: 4, cachedTokens: 0 },
    });
    const [last] = encoder.end().map((m) => JSON.parse(m.data));
    expect(last.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(last.usageMetadata).toEqual({
      promptTokenCount: 3,
      candidatesTokenCount: 4,
      totalTokenCount: 7,
    });
  });

  it('puts a thought signature carried in a call id back on the functionCall part', () => {
    const encoder = new GeminiStreamEncoder(context);
    encoder.encode({
      type: 'tool_call_start',
      index: 0,
      id: 'call_0__thought__rRTngSC-_lC6OxW5apFQ3IE5ry_pWw',
      name: 'f',
    });
    encoder.encode({ type: 'tool_call_delta', index: 0, arguments: '{}' });
    const [chunk] = encoder
      .encode({ type: 'finish', reason: 'tool_calls' })
      .map((m) => JSON.parse(m.data));
    expect(chunk.candidates[0].content.parts).toEqual([
      {
        functionCall: { id: 'call_0', name: 'f', args: {} },
        thoughtSignature: 'rRTngSC+/lC6OxW5apFQ3IE5ry/pWw==',
      },
    ]);
  });
});
