import type { CanonicalMessage, CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseMessagesRequest } from './request';
import { buildMessagesRequest, DEFAULT_MAX_TOKENS } from './request-build';

const base: CanonicalRequest = {
  model: 'smart',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: true,
};

const tools = [{ name: 'f', parameters: { type: 'object' } }];
const build = (request: Partial<CanonicalRequest>) =>
  buildMessagesRequest({ ...base, ...request }, 'claude-up');

describe('buildMessagesRequest (canonical → upstream body)', () => {
  it('builds the upstream body (golden)', () => {
    const request = fixtureJson<CanonicalRequest>(__dirname, 'canonical-request.json');
    expect(buildMessagesRequest(request, 'claude-sonnet-4-5-20250929')).toEqual(
      fixtureJson(__dirname, 'upstream-request.json'),
    );
  });

  it('sends the default max_tokens, and only what was set', () => {
    expect(build({})).toEqual({
      model: 'claude-up',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: true,
    });
    expect(DEFAULT_MAX_TOKENS).toBe(4096);
  });

  it('keeps sampling settings when thinking is off', () => {
    expect(build({ temperature: 0.3, topP: 0.8, topK: 10, maxTokens: 50 })).toMatchObject({
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.8,
      top_k: 10,
    });
  });

  it.each<[CanonicalRequest['reasoning'], number | undefined, number]>([
    [{ effort: 'minimal' }, 1024, 4096],
    [{ effort: 'low' }, 1024, 4096],
    [{ effort: 'medium' }, 4096, 4096 + DEFAULT_MAX_TOKENS],
    [{ effort: 'high' }, 16384, 16384 + DEFAULT_MAX_TOKENS],
    [{ budgetTokens: 2000, effort: 'high' }, 2000, 4096],
    [{ budgetTokens: 10 }, 1024, 4096],
    [{ budgetTokens: 0 }, undefined, 4096],
  ])(
    'reasoning %j → budget %s, max_tokens %s (max_tokens left at 4096)',
    (reasoning, budget, max) => {
      const body = build({ reasoning, maxTokens: 4096 });
      expect(body.thinking).toEqual(
        budget === undefined ? undefined : { type: 'enabled', budget_tokens: budget },
      );
      expect(body.max_tokens).toBe(max);
    },
  );

  it('with thinking on, drops temperature, top_k and a top_p below 0.95', () => {
    const body = build({ reasoning: { effort: 'low' }, temperature: 0.2, topP: 0.5, topK: 3 });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('top_k');
    expect(build({ reasoning: { effort: 'low' }, topP: 0.97, temperature: 1 })).toMatchObject({
      top_p: 0.97,
      temperature: 1,
    });
  });

  it('turns thinking off with a forced tool, which Anthropic rejects together', () => {
    const body = build({ tools, reasoning: { effort: 'high' }, toolChoice: { type: 'required' } });
    expect(body.thinking).toBeUndefined();
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it('turns thinking off when the last tool-calling turn has no signed thinking to send back', () => {
    const messages: CanonicalMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'unsigned' },
          { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'c1', content: [] }] },
    ];
    expect(build({ tools, messages, reasoning: { effort: 'high' } }).thinking).toBeUndefined();
    const signed = structuredClone(messages);
    (signed[1].content[0] as { signature?: string }).signature = 'sig';
    expect(build({ tools, messages: signed, reasoning: { effort: 'high' } }).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 16384,
    });
  });

  it.each<[Partial<CanonicalRequest>, unknown]>([
    [{ toolChoice: { type: 'auto' } }, { type: 'auto' }],
    [{ toolChoice: { type: 'none' } }, { type: 'none' }],
    [{ toolChoice: { type: 'required' } }, { type: 'any' }],
    [{ toolChoice: { type: 'tool', name: 'f' } }, { type: 'tool', name: 'f' }],
    [{ parallelToolCalls: false }, { type: 'auto', disable_parallel_tool_use: true }],
    [
      { toolChoice: { type: 'required' }, parallelToolCalls: false },
      { type: 'any', disable_parallel_tool_use: true },
    ],
    [
      { toolChoice: { type: 'tool', name: 'f' }, parallelToolCalls: false },
      { type: 'tool', name: 'f', disable_parallel_tool_use: true },
    ],
    [{ toolChoice: { type: 'none' }, parallelToolCalls: false }, { type: 'none' }],
    [{ parallelToolCalls: true }, undefined],
  ])('tool choice %j → %j', (fields, choice) => {
    expect(build({ tools, ...fields }).tool_choice).toEqual(choice);
  });

  it('sends no tool_choice without tools', () => {
    expect(build({ toolChoice: { type: 'required' } })).not.toHaveProperty('tool_choice');
  });

  it('asks for a JSON object in the system prompt for json_object', () => {
    expect(build({ responseFormat: { type: 'json_object' } }).system).toEqual([
      {
        type: 'text',
        text: 'Respond with a single JSON object and nothing else: no prose, no Markdown fences.',
      },
    ]);
    expect(build({ responseFormat: { type: 'text' } })).not.toHaveProperty('system');
  });

  it('merges consecutive turns and puts tool results first in a user turn', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'x', content: [] }] },
        { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'c' }] },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'x' },
          { type: 'text', text: 'a' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'b' },
          { type: 'text', text: 'c' },
        ],
      },
    ]);
  });

  it('keeps a history that opens with an assistant turn as it is', () => {
    const body = build({
      messages: [
        { role: 'assistant', content: [{ type: 'text', text: 'Hello! How can I help?' }] },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
    });
    expect(body.messages.map((m) => m.role)).toEqual(['assistant', 'user']);
  });

  it('sends tool inputs that are not JSON objects as {}', () => {
    const body = build({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'tool_call', id: 'a', name: 'f', arguments: '{"x": 1' },
            { type: 'tool_call', id: 'b', name: 'f', arguments: '[1, 2]' },
            { type: 'tool_call', id: 'c', name: 'f', arguments: '' },
          ],
        },
      ],
    });
    expect(body.messages[0].content).toEqual([
      { type: 'tool_use', id: 'a', name: 'f', input: {} },
      { type: 'tool_use', id: 'b', name: 'f', input: {} },
      { type: 'tool_use', id: 'c', name: 'f', input: {} },
    ]);
  });

  it('round-trips a client body through canonical back to the same body', () => {
    const client = fixtureJson<Record<string, unknown>>(__dirname, 'client-request.json');
    const rebuilt = buildMessagesRequest(parseMessagesRequest(client), 'claude-sonnet-4-5');
    // What the gateway normalizes: cache_control and vendor fields (service_tier) are not
    // carried; string content becomes a text block; one user turn holds the tool results
    // and the text that followed them.
    const expected = JSON.parse(
      JSON.stringify(client, (key, value: unknown) =>
        key === 'cache_control' || key === 'service_tier' ? undefined : value,
      ),
    );
    expected.messages[0].content = [{ type: 'text', text: expected.messages[0].content }];
    expected.tools[1] = { name: 'noop', input_schema: { type: 'object' } };
    expected.messages[2].content[0].content = [{ type: 'text', text: '18°C, sunny' }];
    expect(rebuilt).toEqual(expected);
  });
});
