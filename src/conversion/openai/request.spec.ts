import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { buildChatRequest, parseChatRequest } from './request';

const clientBody = fixtureJson<Record<string, unknown>>(__dirname, 'request-full.json');
const canonical = fixtureJson<CanonicalRequest>(__dirname, 'request-full.canonical.json');
const upstream = fixtureJson(__dirname, 'request-full.upstream.json');

const UPSTREAM_MODEL = 'gpt-4o-mini-2024-07-18';

/** A minimal valid body with `messages` replaced. */
const withMessages = (messages: unknown[]) => ({ model: 'smart', messages });
const user = (content: unknown) => ({ role: 'user', content });

/** A canonical request with only what the case needs. */
function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return {
    model: 'smart',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    ...overrides,
  };
}

/** A request whose conversation is a user's 'Hi' and then `turns`. */
function afterHi(...turns: CanonicalRequest['messages']): CanonicalRequest {
  return request({
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }, ...turns],
  });
}

describe('parseChatRequest', () => {
  it('reads every convertible field of a full request (golden)', () => {
    expect(parseChatRequest(clientBody)).toStrictEqual(canonical);
  });

  it('reads string content as one text part and leaves unset fields out', () => {
    expect(parseChatRequest(withMessages([user('Hi')]))).toStrictEqual({
      model: 'smart',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false,
    });
  });

  it('treats null optional fields as unset, as some SDKs send them', () => {
    const body = { ...withMessages([user('Hi')]), temperature: null, stop: null, tools: null };
    expect(parseChatRequest(body)).toStrictEqual(parseChatRequest(withMessages([user('Hi')])));
  });

  it('prefers max_completion_tokens over max_tokens and accepts either alone', () => {
    const base = withMessages([user('Hi')]);
    expect(parseChatRequest({ ...base, max_tokens: 100 }).maxTokens).toBe(100);
    expect(parseChatRequest({ ...base, max_completion_tokens: 200 }).maxTokens).toBe(200);
    expect(
      parseChatRequest({ ...base, max_tokens: 100, max_completion_tokens: 200 }).maxTokens,
    ).toBe(200);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'required' }],
  ])('reads tool_choice %s', (choice, expected) => {
    expect(
      parseChatRequest({ ...withMessages([user('Hi')]), tool_choice: choice }).toolChoice,
    ).toEqual(expected);
  });

  it.each([
    ['text', { type: 'text' }],
    ['json_object', { type: 'json_object' }],
  ])('reads response_format %s', (type, expected) => {
    const body = { ...withMessages([user('Hi')]), response_format: { type } };
    expect(parseChatRequest(body).responseFormat).toEqual(expected);
  });

  it.each([
    ['minimal', { effort: 'minimal' }],
    ['high', { effort: 'high' }],
    ['xhigh', { effort: 'high' }],
    ['max', { effort: 'high' }],
    ['none', undefined],
  ])('maps reasoning_effort %s', (effort, expected) => {
    const body = { ...withMessages([user('Hi')]), reasoning_effort: effort };
    expect(parseChatRequest(body).reasoning).toEqual(expected);
  });

  it('gives a tool without parameters an empty object schema', () => {
    const tools = [{ type: 'function', function: { name: 'now' } }];
    expect(parseChatRequest({ ...withMessages([user('Hi')]), tools }).tools).toEqual([
      { name: 'now', parameters: { type: 'object', properties: {} } },
    ]);
  });

  it('keeps a data URL that is not base64 as a URL', () => {
    const url = 'data:image/svg+xml;utf8,<svg/>';
    const body = withMessages([user([{ type: 'image_url', image_url: { url } }])]);
    expect(parseChatRequest(body).messages[0].content).toEqual([
      { type: 'image', source: { kind: 'url', url } },
    ]);
  });

  it('names tool results after their calls, groups consecutive ones, and starts a new group after a user turn', () => {
    const call = (id: string, name: string) => ({
      id,
      type: 'function',
      function: { name, arguments: '{}' },
    });
    const parsed = parseChatRequest(
      withMessages([
        user('Go'),
        { role: 'assistant', content: null, tool_calls: [call('a', 'alpha'), call('b', 'beta')] },
        { role: 'tool', tool_call_id: 'b', content: 'B' },
        { role: 'tool', tool_call_id: 'a', content: 'A' },
        user('And?'),
        { role: 'tool', tool_call_id: 'unknown', content: 'orphan' },
      ]),
    );
    const result = (id: string, text: string, name?: string) => ({
      type: 'tool_result',
      toolCallId: id,
      ...(name ? { name } : {}),
      content: [{ type: 'text', text }],
    });
    expect(parsed.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'user',
      'tool',
    ]);
    expect(parsed.messages[1].content).toHaveLength(2);
    expect(parsed.messages[2].content).toStrictEqual([
      result('b', 'B', 'beta'),
      result('a', 'A', 'alpha'),
    ]);
    expect(parsed.messages[4].content).toStrictEqual([result('unknown', 'orphan')]);
  });

  it('reads assistant refusal parts as text', () => {
    const parsed = parseChatRequest(
      withMessages([
        user('x'),
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help.' }] },
      ]),
    );
    expect(parsed.messages[1].content).toEqual([{ type: 'text', text: 'I cannot help.' }]);
  });
});

describe('buildChatRequest', () => {
  it('writes every field for an OpenAI upstream (golden)', () => {
    expect(buildChatRequest(canonical, UPSTREAM_MODEL)).toStrictEqual(upstream);
  });

  it('round-trips a client body: client → canonical → upstream', () => {
    expect(buildChatRequest(parseChatRequest(clientBody), UPSTREAM_MODEL)).toStrictEqual(upstream);
  });

  it('is stable: an upstream body read back as a client body builds the same body', () => {
    const once = buildChatRequest(parseChatRequest(clientBody), UPSTREAM_MODEL);
    expect(buildChatRequest(parseChatRequest(once), UPSTREAM_MODEL)).toStrictEqual(once);
  });

  it('carries the token limit in the provider’s max_tokens_field', () => {
    const limited = request({ maxTokens: 300 });
    expect(buildChatRequest(limited, 'up')).toMatchObject({ max_tokens: 300 });
    const body = buildChatRequest(limited, 'up', { maxTokensField: 'max_completion_tokens' });
    expect(body).toMatchObject({ max_completion_tokens: 300 });
    expect(body).not.toHaveProperty('max_tokens');
    // A body that reads back as a client request keeps its limit.
    expect(parseChatRequest(body).maxTokens).toBe(300);
  });

  it('writes a minimal request without optional fields or stream_options', () => {
    expect(buildChatRequest(request({}), 'up')).toStrictEqual({
      model: 'up',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    });
  });

  it('leaves tool_choice and parallel_tool_calls out without tools (OpenAI rejects them)', () => {
    const body = buildChatRequest(
      request({ toolChoice: { type: 'required' }, parallelToolCalls: true, tools: [] }),
      'up',
    );
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('shortens tool call ids longer than OpenAI takes, the same for the call and its result', () => {
    const long = `fn_0__thought__${'A'.repeat(300)}`; // a Gemini call with its signature
    const body = buildChatRequest(
      afterHi(
        {
          role: 'assistant',
          content: [
            { type: 'tool_call', id: long, name: 'f', arguments: '{}' },
            { type: 'tool_call', id: `${long}B`, name: 'f', arguments: '{}' },
            { type: 'tool_call', id: 'call_short', name: 'f', arguments: '{}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolCallId: long, content: [{ type: 'text', text: '1' }] },
            { type: 'tool_result', toolCallId: `${long}B`, content: [] },
            { type: 'tool_result', toolCallId: 'call_short', content: [] },
          ],
        },
      ),
      'up',
    );
    const [, assistant, ...results] = body.messages as {
      tool_calls?: { id: string }[];
      tool_call_id?: string;
    }[];
    const ids = assistant.tool_calls!.map((c) => c.id);
    expect(ids.every((id) => id.length <= 40)).toBe(true);
    expect(ids[2]).toBe('call_short');
    expect(new Set(ids).size).toBe(3);
    expect(results.map((r) => r.tool_call_id)).toEqual(ids);
  });

  it('drops thinking from history and sends null content for tool-call-only turns', () => {
    const body = buildChatRequest(
      afterHi(
        {
          role: 'assistant',
          content: [
            { type: 'thinking', text: 'hmm', signature: 'sig' },
            { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' },
          ],
        },
        { role: 'assistant', content: [{ type: 'thinking', text: 'only thoughts' }] },
      ),
      'up',
    );
    expect(body.messages.slice(1)).toStrictEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'assistant', content: '' },
    ]);
    expect(JSON.stringify(body)).not.toContain('reasoning_content');
  });

  it('sends images a tool returned in a user message after the tool messages', () => {
    const image = {
      type: 'image' as const,
      source: { kind: 'base64' as const, mediaType: 'image/jpeg', data: 'AAA' },
    };
    const body = buildChatRequest(
      request({
        messages: [
          {
            role: 'tool',
            content: [
              {
                type: 'tool_result',
                toolCallId: 'c1',
                content: [{ type: 'text', text: 'shot' }, image],
              },
              { type: 'tool_result', toolCallId: 'c2', content: [] },
            ],
          },
        ],
      }),
      'up',
    );
    expect(body.messages).toStrictEqual([
      { role: 'tool', tool_call_id: 'c1', content: 'shot' },
      { role: 'tool', tool_call_id: 'c2', content: '' },
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAA' } }],
      },
    ]);
  });

  it('names a json_schema without a name, and omits what OpenAI chat cannot take', () => {
    const body = buildChatRequest(
      request({
        responseFormat: { type: 'json_schema', schema: { type: 'object' } },
        topK: 40,
        reasoning: { budgetTokens: 2048 },
      }),
      'up',
    );
    expect(body.response_format).toStrictEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' } },
    });
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it('keeps several text parts of one turn as parts, and one as a string', () => {
    const body = buildChatRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      }),
      'up',
    );
    expect(body.messages[0]).toStrictEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ],
    });
  });
});
