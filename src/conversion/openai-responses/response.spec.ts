import OpenAI from 'openai';
import type { ClientResponseContext } from '../canonical/adapters';
import type { CanonicalRequest, CanonicalResponse, ContentPart } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { encodeResponsesResponse } from './response';

const fullRequest = fixtureJson<CanonicalRequest>(__dirname, 'request-full.canonical.json');
const minimalRequest: CanonicalRequest = {
  model: 'smart',
  system: [],
  messages: [],
  stream: false,
};
const context = (request = minimalRequest): ClientResponseContext => ({ model: 'smart', request });

/** A canonical response with only what the case needs. */
function response(content: ContentPart[], overrides: Partial<CanonicalResponse> = {}) {
  return {
    id: 'chatcmpl-1',
    model: 'up',
    created: 1700000000,
    content,
    finishReason: 'stop',
    usage: { promptTokens: 5, completionTokens: 7, cachedTokens: 0 },
    ...overrides,
  } satisfies CanonicalResponse;
}

/** What the official SDK's `responses.create` returns for `body` served by the gateway. */
async function sdkCreate(body: unknown) {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test/v1',
    fetch: async () => Response.json(body),
  });
  return client.responses.create({ model: 'smart', input: 'Hi', stream: false });
}

describe('encodeResponsesResponse', () => {
  it('writes reasoning, text and tool calls with the echoed request (golden)', () => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response-mixed.canonical.json');
    expect(encodeResponsesResponse(canonical, context(fullRequest))).toStrictEqual(
      fixtureJson(__dirname, 'response-mixed.client.json'),
    );
  });

  it('echoes OpenAI defaults for a request that set nothing', () => {
    const body = encodeResponsesResponse(response([{ type: 'text', text: 'Hi' }]), context());
    expect(body).toMatchObject({
      instructions: null,
      max_output_tokens: null,
      parallel_tool_calls: true,
      temperature: null,
      top_p: null,
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
      reasoning: { effort: null, summary: null },
    });
    expect(body).not.toHaveProperty('user');
  });

  it('keeps an upstream id that already is a response id', () => {
    const body = encodeResponsesResponse(response([], { id: 'resp_abc' }), context());
    expect(body.id).toBe('resp_abc');
    expect(body.output[0].id).toBe('msg_abc_0');
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ] as const)('marks a %s finish incomplete, and its last item', (finishReason, reason) => {
    const content: ContentPart[] = [
      { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' },
      { type: 'text', text: 'cut' },
    ];
    const body = encodeResponsesResponse(response(content, { finishReason }), context());
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason });
    expect(body.output.map((item) => item.type !== 'reasoning' && item.status)).toEqual([
      'completed',
      'incomplete',
    ]);
  });

  it.each(['stop', 'tool_calls', 'error'] as const)('reads a %s finish as completed', (reason) => {
    const body = encodeResponsesResponse(response([], { finishReason: reason }), context());
    expect(body).toMatchObject({ status: 'completed', incomplete_details: null });
  });

  it('writes an empty answer as one empty message', () => {
    const body = encodeResponsesResponse(response([{ type: 'text', text: '' }]), context());
    expect(body.output).toEqual([
      {
        type: 'message',
        id: 'msg_chatcmpl-1_0',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: '', annotations: [] }],
      },
    ]);
  });

  it('writes one summary per thinking block and leaves redacted thinking out', () => {
    const body = encodeResponsesResponse(
      response([
        { type: 'thinking', text: 'first', signature: 's1' },
        { type: 'thinking', text: 'opaque', redacted: true },
        { type: 'thinking', text: 'second', signature: 's2' },
        { type: 'text', text: 'answer' },
      ]),
      context(),
    );
    expect(body.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(body.output[0]).toMatchObject({
      summary: [
        { type: 'summary_text', text: 'first' },
        { type: 'summary_text', text: 'second' },
      ],
    });
  });

  it('has the shape of the official SDK type', () => {
    const body = encodeResponsesResponse(response([{ type: 'text', text: 'Hi' }]), context());
    // Compile-time: `output_text` is added by the SDK; `usage` is never null in a final response.
    const typed: Omit<OpenAI.Responses.Response, 'output_text'> = {
      ...body,
      usage: body.usage ?? undefined,
    };
    expect(typed.object).toBe('response');
  });
});

describe('the official OpenAI SDK reading encodeResponsesResponse output', () => {
  it('gives output_text and the function calls', async () => {
    const canonical = fixtureJson<CanonicalResponse>(__dirname, 'response-mixed.canonical.json');
    const result = await sdkCreate(encodeResponsesResponse(canonical, context(fullRequest)));
    expect(result.output_text).toBe('Let me check both.');
    const calls = result.output.flatMap((item) =>
      item.type === 'function_call' ? [[item.call_id, item.name, JSON.parse(item.arguments)]] : [],
    );
    expect(calls).toEqual([
      ['toolu_01A09q90qw90lq917835lq9', 'get_weather', { city: 'Paris' }],
      ['toolu_01B7tX2kLmN3pQ4rS5uV6wY', 'get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(result.usage).toMatchObject({ input_tokens: 412, output_tokens: 96 });
  });
});
