import type { CanonicalRequest } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseMessagesRequest } from './request';

const minimal = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Hi' }],
};

describe('parseMessagesRequest (client body → canonical)', () => {
  it('reads a Claude Code style request (golden)', () => {
    expect(parseMessagesRequest(fixtureJson(__dirname, 'client-request.json'))).toEqual(
      fixtureJson(__dirname, 'client-request.canonical.json'),
    );
  });

  it('reads the minimal request with defaults', () => {
    expect(parseMessagesRequest(minimal)).toEqual({
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxTokens: 1024,
      stream: false,
    });
  });

  it('reads sampling settings', () => {
    expect(
      parseMessagesRequest({ ...minimal, temperature: 0.5, top_p: 0.9, top_k: 40 }),
    ).toMatchObject({ temperature: 0.5, topP: 0.9, topK: 40 });
  });

  it('reads a system prompt given as a string', () => {
    expect(parseMessagesRequest({ ...minimal, system: 'Be brief.' }).system).toEqual([
      { type: 'text', text: 'Be brief.' },
    ]);
  });

  it('splits tool results from the rest of a user message: tool first, then the other blocks in order', () => {
    const request = parseMessagesRequest({
      ...minimal,
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'read', input: { path: 'a' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'before' },
            { type: 'tool_result', tool_use_id: 't1', content: 'A' },
            { type: 'text', text: 'after' },
            { type: 'tool_result', tool_use_id: 'unknown' },
          ],
        },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            toolCallId: 't1',
            name: 'read',
            content: [{ type: 'text', text: 'A' }],
          },
          { type: 'tool_result', toolCallId: 'unknown', content: [] },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'before' },
          { type: 'text', text: 'after' },
        ],
      },
    ]);
  });

  it.each<[unknown, CanonicalRequest['toolChoice'], boolean | undefined]>([
    [{ type: 'auto' }, { type: 'auto' }, undefined],
    [{ type: 'any' }, { type: 'required' }, undefined],
    [{ type: 'none' }, { type: 'none' }, undefined],
    [
      { type: 'tool', name: 'f', disable_parallel_tool_use: true },
      { type: 'tool', name: 'f' },
      false,
    ],
  ])('maps tool_choice %j', (choice, toolChoice, parallel) => {
    const request = parseMessagesRequest({ ...minimal, tool_choice: choice });
    expect(request.toolChoice).toEqual(toolChoice);
    expect(request.parallelToolCalls).toBe(parallel);
  });

  it.each<[Record<string, unknown>, CanonicalRequest['reasoning']]>([
    [{ thinking: { type: 'enabled', budget_tokens: 5000 } }, { budgetTokens: 5000 }],
    [{ thinking: { type: 'disabled' } }, undefined],
    [{ thinking: { type: 'disabled' }, output_config: { effort: 'high' } }, undefined],
    [{ thinking: { type: 'adaptive' } }, { effort: 'medium' }],
    [{ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }, { effort: 'high' }],
    [{ output_config: { effort: 'low' } }, { effort: 'low' }],
    [{}, undefined],
  ])('maps reasoning settings %j', (fields, reasoning) => {
    expect(parseMessagesRequest({ ...minimal, ...fields }).reasoning).toEqual(reasoning);
  });

  it('reads output_config.format as a JSON schema response format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const request = parseMessagesRequest({
      ...minimal,
      output_config: { format: { type: 'json_schema', schema } },
    });
    expect(request.responseFormat).toEqual({ type: 'json_schema', schema });
  });

  it('ignores null optional fields and unknown vendor fields', () => {
    const request = parseMessagesRequest({
      ...minimal,
      temperature: null,
      system: null,
      metadata: { user_id: null },
      container: 'c-1',
      context_management: { edits: [] },
    });
    expect(request).toEqual(parseMessagesRequest(minimal));
  });
});

describe('parseMessagesRequest server tools (for providers other than Anthropic)', () => {
  const base = { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };

  it('a web search is a hosted web search; other server tools are listed as unsupported', () => {
    const request = parseMessagesRequest({
      ...base,
      tools: [
        { name: 'f', input_schema: { type: 'object' } },
        {
          type: 'web_search_20250305',
          name: 'web_search',
          max_uses: 3,
          allowed_domains: ['a.com'],
        },
        { type: 'code_execution_20250522', name: 'code_execution' },
      ],
    });
    expect(request.tools).toEqual([{ name: 'f', parameters: { type: 'object' } }]);
    expect(request.hostedTools).toEqual([
      { type: 'web_search', name: 'web_search', maxUses: 3, allowedDomains: ['a.com'] },
    ]);
    expect(request.unsupportedTools).toEqual(['code_execution']);
  });

  it('a tool_choice forcing a server tool lets the model choose (no provider but Anthropic has it by name)', () => {
    const tools = [{ type: 'web_search_20250305', name: 'web_search' }];
    const forced = { type: 'tool', name: 'web_search' };
    expect(parseMessagesRequest({ ...base, tools, tool_choice: forced }).toolChoice).toEqual({
      type: 'auto',
    });
  });
});
