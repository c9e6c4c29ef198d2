import { responseToEvents, StreamAggregator } from './stream-bridge';
import type { CanonicalResponse, StreamEvent } from './types';

const response: CanonicalResponse = {
  id: 'resp-1',
  model: 'up-model',
  created: 1_700_000_000,
  content: [
    { type: 'thinking', text: 'Let me think.', signature: 'sig' },
    { type: 'text', text: 'Two tools:' },
    { type: 'tool_call', id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
    { type: 'tool_call', id: 'call_b', name: 'time', arguments: '' },
  ],
  finishReason: 'tool_calls',
  usage: { promptTokens: 12, completionTokens: 30, cachedTokens: 4 },
};

describe('responseToEvents', () => {
  it('replays a response as start, usage, deltas per part and finish', () => {
    expect(responseToEvents(response)).toEqual<StreamEvent[]>([
      { type: 'start', id: 'resp-1', model: 'up-model', created: 1_700_000_000 },
      { type: 'usage', usage: response.usage },
      { type: 'thinking', text: 'Let me think.', signature: 'sig' },
      { type: 'text', text: 'Two tools:' },
      { type: 'tool_call_start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":"Oslo"}' },
      { type: 'tool_call_start', index: 1, id: 'call_b', name: 'time' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('round-trips through the aggregator', () => {
    const aggregate = new StreamAggregator();
    for (const event of responseToEvents(response)) aggregate.add(event);
    expect(aggregate.response()).toEqual(response);
  });
});

describe('StreamAggregator', () => {
  it('joins text deltas, concatenates tool arguments by index, and keeps the last usage', () => {
    const aggregate = new StreamAggregator();
    const events: StreamEvent[] = [
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'tool_call_start', index: 0, id: 'c0', name: 'a' },
      { type: 'tool_call_start', index: 1, id: 'c1', name: 'b' },
      { type: 'tool_call_delta', index: 1, arguments: '{"y":' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'tool_call_delta', index: 1, arguments: '2}' },
      { type: 'usage', usage: { promptTokens: 1, completionTokens: 0, cachedTokens: 0 } },
      { type: 'finish', reason: 'tool_calls' },
      { type: 'usage', usage: { promptTokens: 1, completionTokens: 9, cachedTokens: 0 } },
    ];
    for (const e of events) aggregate.add(e);
    const out = aggregate.response();
    expect(out.content).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'tool_call', id: 'c0', name: 'a', arguments: '{}' },
      { type: 'tool_call', id: 'c1', name: 'b', arguments: '{"y":2}' },
    ]);
    expect(out.usage.completionTokens).toBe(9);
    expect(aggregate.generatedChars).toBe('Hello'.length + '{"y":2}'.length + 2);
  });

  it('without a finish event, says tool_calls when there were calls and stop otherwise', () => {
    const withCall = new StreamAggregator();
    withCall.add({ type: 'tool_call_start', index: 0, id: 'c', name: 'f' });
    expect(withCall.finished).toBe(false);
    expect(withCall.response().finishReason).toBe('tool_calls');
    const plain = new StreamAggregator();
    plain.add({ type: 'text', text: 'hi' });
    expect(plain.response().finishReason).toBe('stop');
    expect(plain.response().usage).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
    });
  });
});
