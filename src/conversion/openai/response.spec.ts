import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalRequest, CanonicalResponse } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { encodeChatCompletion, parseChatCompletion } from './response';

const request: CanonicalRequest = { model: 'smart', system: [], messages: [], stream: false };
const context = (model: string): ClientResponseContext => ({ model, request });

/** An upstream chat.completion with one choice. */
function completion(message: Record<string, unknown>, finishReason: unknown = 'stop') {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'up',
    choices: [
      { index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason },
    ],
    usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
  };
}

describe('parseChatCompletion', () => {
  it.each(['tools', 'reasoning'])('reads the %s response (golden)', (name) => {
    const body = fixtureJson(__dirname, `response-${name}.json`);
    const expected = fixtureJson(__dirname, `response-${name}.canonical.json`);
    expect(parseChatCompletion(body)).toStrictEqual(expected);
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['insufficient_system_resource', 'error'],
    ['something_new', 'stop'],
    [null, 'stop'],
  ])('maps finish_reason %s to %s', (reason, expected) => {
    expect(parseChatCompletion(completion({ content: 'x' }, reason)).finishReason).toBe(expected);
  });

  it('reads a refusal as text, so the client sees why nothing came', () => {
    const parsed = parseChatCompletion(completion({ content: null, refusal: 'I cannot.' }));
    expect(parsed.content).toEqual([{ type: 'text', text: 'I cannot.' }]);
  });

  it('reads `reasoning` (OpenRouter) and content given as text parts', () => {
    const parsed = parseChatCompletion(
      completion({
        reasoning: 'thought',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    );
    expect(parsed.content).toEqual([
      { type: 'thinking', text: 'thought' },
      { type: 'text', text: 'ab' },
    ]);
  });

  it('reads DeepSeek cache hits when prompt_tokens_details is absent', () => {
    const body = {
      ...completion({ content: 'x' }),
      usage: { prompt_tokens: 100, completion_tokens: 3, prompt_cache_hit_tokens: 64 },
    };
    expect(parseChatCompletion(body).usage).toEqual({
      promptTokens: 100,
      completionTokens: 3,
      cachedTokens: 64,
    });
  });

  it('counts missing usage as zero', () => {
    const { usage: _none, ...body } = completion({ content: 'x' });
    expect(parseChatCompletion(body).usage).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
    });
  });

  it('throws with the provider message for an error body sent with status 200', () => {
    expect(() =>
      parseChatCompletion({ error: { message: 'Model overloaded', type: 'server_error' } }),
    ).toThrow('Model overloaded');
  });

  it.each([
    ['no choices', { id: 'x', choices: [] }, /no choices/],
    ['not an object', 'nope', /not a JSON object/],
    ['null', null, /not a JSON object/],
  ])('throws for %s', (_label, body, message) => {
    expect(() => parseChatCompletion(body)).toThrow(message);
  });
});

describe('encodeChatCompletion', () => {
  it.each([
    ['tools', 'smart'],
    ['reasoning', 'thinker'],
  ])('writes the %s response for the client (golden)', (name, model) => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, `response-${name}.canonical.json`);
    const expected = fixtureJson(__dirname, `response-${name}.client.json`);
    expect(encodeChatCompletion(canonical, context(model))).toStrictEqual(expected);
  });

  const response = (overrides: Partial<CanonicalResponse>): CanonicalResponse => ({
    id: 'msg_1',
    model: 'claude-x',
    created: 1700000000,
    content: [],
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 4, cachedTokens: 2, cacheCreationTokens: 3 },
    ...overrides,
  });

  it('joins text parts, keeps text beside tool calls, and leaves redacted thinking out', () => {
    const body = encodeChatCompletion(
      response({
        content: [
          { type: 'thinking', text: 'opaque', redacted: true },
          { type: 'text', text: 'Let me ' },
          { type: 'text', text: 'check.' },
          { type: 'tool_call', id: 't1', name: 'f', arguments: '{"a":1}' },
        ],
        finishReason: 'tool_calls',
      }),
      context('smart'),
    );
    const message = body.choices[0].message;
    expect(message.content).toBe('Let me check.');
    expect(message.tool_calls).toEqual([
      { id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
    ]);
    expect(message).not.toHaveProperty('reasoning_content');
    expect(body.choices[0].finish_reason).toBe('tool_calls');
  });

  it('writes an empty answer as empty content, not null', () => {
    const message = encodeChatCompletion(response({}), context('smart')).choices[0].message;
    expect(message.content).toBe('');
    expect(message).not.toHaveProperty('tool_calls');
  });

  it('writes the canonical error finish as stop, which every OpenAI client accepts', () => {
    const body = encodeChatCompletion(response({ finishReason: 'error' }), context('smart'));
    expect(body.choices[0].finish_reason).toBe('stop');
  });

  it('totals usage (cache writes stay inside prompt_tokens)', () => {
    expect(encodeChatCompletion(response({}), context('smart')).usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('round-trips an upstream response: upstream → canonical → client keeps the content', () => {
    const upstream = fixtureJson<ReturnType<typeof completion>>(__dirname, 'response-tools.json');
    const client = encodeChatCompletion(parseChatCompletion(upstream), context('smart'));
    const { annotations: _a, ...message } = upstream.choices[0].message as Record<string, unknown>;
    expect(client.choices[0].message).toEqual(message);
    expect(client.id).toBe(upstream.id);
    expect(client.model).toBe('smart');
  });
});
