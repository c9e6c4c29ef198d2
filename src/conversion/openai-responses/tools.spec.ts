import type { CanonicalRequest, CanonicalResponse } from '../canonical/types';
import { fixtureJson } from '../testing/fixtures';
import { parseResponsesRequest } from './request';
import { encodeResponsesResponse } from './response';
import { ResponsesStreamEncoder } from './stream';
import { ToolNames } from './tool-names';

const USAGE = { promptTokens: 1, completionTokens: 1, cachedTokens: 0 };

/** A Codex-like tool list: a namespace of a function and a custom tool, hosted tools. */
const CODEX_TOOLS = [
  { type: 'function', name: 'plain', parameters: { type: 'object', properties: {} } },
  {
    type: 'namespace',
    name: 'functions',
    description: '',
    tools: [
      {
        type: 'function',
        name: 'wait',
        parameters: { type: 'object', properties: { cell_id: { type: 'string' } } },
      },
      {
        type: 'custom',
        name: 'exec',
        description: 'Run JavaScript',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
      },
    ],
  },
  { type: 'web_search', filters: { allowed_domains: ['example.com'] } },
  { type: 'file_search', vector_store_ids: ['vs_1'] },
  { type: 'mcp', server_label: 'deepwiki', name: 'deepwiki' },
];

function parse(extra: Record<string, unknown>): CanonicalRequest {
  return parseResponsesRequest({ model: 'm', input: 'Hi', ...extra });
}

function answer(request: CanonicalRequest, name: string, args: string): CanonicalResponse {
  return {
    id: 'up1',
    model: 'm',
    created: 1,
    content: [{ type: 'tool_call', id: 'call_1', name, arguments: args }],
    finishReason: 'tool_calls',
    usage: USAGE,
  };
}

describe('Responses tools → canonical', () => {
  it('flattens namespace members, turns custom tools into one-string functions, maps web search and lists the rest', () => {
    const request = parse({ tools: CODEX_TOOLS });
    expect(request.tools?.map((t) => t.name)).toEqual([
      'plain',
      'functions__wait',
      'functions__exec',
    ]);
    expect(request.tools?.[0].origin).toBeUndefined();
    expect(request.tools?.[1].origin).toEqual({
      name: 'wait',
      namespace: 'functions',
      kind: 'function',
    });
    const exec = request.tools?.[2];
    expect(exec?.origin).toEqual({ name: 'exec', namespace: 'functions', kind: 'custom' });
    expect(exec?.parameters).toMatchObject({
      required: ['input'],
      properties: { input: { type: 'string' } },
    });
    expect(JSON.stringify(exec?.parameters)).toContain('start: /.+/');
    expect(exec?.description).toBe('Run JavaScript');
    expect(request.hostedTools).toEqual([
      { type: 'web_search', name: 'web_search', allowedDomains: ['example.com'] },
    ]);
    expect(request.unsupportedTools).toEqual(['file_search', 'deepwiki']);
  });

  it("puts a namespace's description before each member's", () => {
    const request = parse({
      tools: [
        {
          type: 'namespace',
          name: 'crm',
          description: 'Customer records.',
          tools: [{ type: 'function', name: 'find', description: 'Find a customer.' }],
        },
      ],
    });
    expect(request.tools?.[0].description).toBe('Customer records.\n\nFind a customer.');
  });

  it('gives provider-safe, unique names, read back through the table and not by splitting', () => {
    const names = new ToolNames();
    expect(names.upstreamName('a__b')).toBe('a__b');
    // Same text as the plain tool above once flattened: made unique, not confused with it.
    expect(names.upstreamName('b', 'a')).toBe('a__b_2');
    expect(names.upstreamName('get.weather', 'my ns')).toBe('my_ns__get_weather');
    const long = names.upstreamName('x'.repeat(80), 'n');
    expect(long).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(names.upstreamName('x'.repeat(80), 'n')).toBe(long);
  });

  it('reads calls in history under their upstream names, custom input as the `input` argument', () => {
    const request = parseResponsesRequest({
      model: 'm',
      tools: CODEX_TOOLS,
      input: [
        { role: 'user', content: 'Hi' },
        {
          type: 'function_call',
          call_id: 'c1',
          name: 'wait',
          namespace: 'functions',
          arguments: '{}',
        },
        { type: 'function_call_output', call_id: 'c1', output: 'waited' },
        {
          type: 'custom_tool_call',
          call_id: 'c2',
          name: 'exec',
          namespace: 'functions',
          input: 'ls()',
        },
        { type: 'custom_tool_call_output', call_id: 'c2', output: 'files' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search' } },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [{ type: 'tool_call', id: 'c1', name: 'functions__wait', arguments: '{}' }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            toolCallId: 'c1',
            name: 'functions__wait',
            content: [{ type: 'text', text: 'waited' }],
          },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'tool_call', id: 'c2', name: 'functions__exec', arguments: '{"input":"ls()"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            toolCallId: 'c2',
            name: 'functions__exec',
            content: [{ type: 'text', text: 'files' }],
          },
        ],
      },
    ]);
  });

  it.each([
    [
      { type: 'function', name: 'wait' },
      { type: 'tool', name: 'functions__wait' },
    ],
    [
      { type: 'custom', name: 'exec', namespace: 'functions' },
      { type: 'tool', name: 'functions__exec' },
    ],
    [{ type: 'web_search_preview' }, { type: 'auto' }],
    [{ type: 'file_search' }, { type: 'auto' }],
    [{ type: 'function', name: 'deepwiki' }, { type: 'auto' }],
    [{ type: 'allowed_tools', mode: 'required', tools: [] }, { type: 'required' }],
  ])('tool_choice %j → %j', (choice, expected) => {
    expect(parse({ tools: CODEX_TOOLS, tool_choice: choice }).toolChoice).toEqual(expected);
  });

  it('reads every tool and item of a real Codex request (captured from codex exec)', () => {
    const body = fixtureJson<Record<string, unknown>>(__dirname, 'codex-request.json');
    const request = parseResponsesRequest(body);
    const names = request.tools?.map((t) => t.name) ?? [];
    expect(names).toContain('functions__exec');
    expect(names).toContain('collaboration__spawn_agent');
    expect(names.every((n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n))).toBe(true);
    expect(request.tools?.find((t) => t.name === 'functions__exec')?.origin?.kind).toBe('custom');
    // The custom_tool_call + custom_tool_call_output pair in its history.
    const calls = request.messages.flatMap((m) => m.content).filter((p) => p.type === 'tool_call');
    expect(calls).toEqual([expect.objectContaining({ name: 'functions__exec' })]);
    expect(request.messages[request.messages.length - 1].role).toBe('tool');
  });
});

describe('calls back to the client', () => {
  const request = parse({ tools: CODEX_TOOLS });
  const context = { model: 'm', request };

  it('a namespaced function call gets its namespace and own name back', () => {
    const output = encodeResponsesResponse(
      answer(request, 'functions__wait', '{"cell_id":"1"}'),
      context,
    ).output;
    expect(output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        name: 'wait',
        namespace: 'functions',
        call_id: 'call_1',
        arguments: '{"cell_id":"1"}',
      }),
    ]);
  });

  it('a custom tool call comes back as custom_tool_call with its input text', () => {
    const output = encodeResponsesResponse(
      answer(request, 'functions__exec', '{"input":"ls()"}'),
      context,
    ).output;
    expect(output).toEqual([
      expect.objectContaining({
        type: 'custom_tool_call',
        name: 'exec',
        namespace: 'functions',
        input: 'ls()',
      }),
    ]);
  });

  it('the response echoes the tools as the client declared them, not as sent upstream', () => {
    const tools = encodeResponsesResponse(answer(request, 'plain', '{}'), context).tools;
    expect(tools).toEqual([
      expect.objectContaining({ type: 'function', name: 'plain' }),
      {
        type: 'namespace',
        name: 'functions',
        description: '',
        tools: [
          expect.objectContaining({ type: 'function', name: 'wait' }),
          { type: 'custom', name: 'exec', description: 'Run JavaScript' },
        ],
      },
      { type: 'web_search' },
    ]);
  });

  it('the response echoes a forced tool under its own name and kind', () => {
    const forced = parse({ tools: CODEX_TOOLS, tool_choice: { type: 'custom', name: 'exec' } });
    const echoed = encodeResponsesResponse(answer(forced, 'plain', '{}'), {
      model: 'm',
      request: forced,
    });
    expect(echoed.tool_choice).toEqual({ type: 'custom', name: 'exec' });
  });

  it('a plain function call stays as it is, without a namespace', () => {
    const [item] = encodeResponsesResponse(answer(request, 'plain', '{}'), context).output;
    expect(item).toEqual(expect.objectContaining({ type: 'function_call', name: 'plain' }));
    expect(item).not.toHaveProperty('namespace');
  });

  it('a provider web search is a completed web_search_call item before the answer', () => {
    const response: CanonicalResponse = {
      ...answer(request, 'plain', '{}'),
      content: [
        { type: 'web_search', id: 'srv_1', query: 'weather', sources: ['https://a.example'] },
        { type: 'text', text: 'Sunny.' },
      ],
      finishReason: 'stop',
    };
    const output = encodeResponsesResponse(response, context).output;
    expect(output.map((i) => i.type)).toEqual(['web_search_call', 'message']);
    expect(output[0]).toMatchObject({
      status: 'completed',
      action: {
        type: 'search',
        query: 'weather',
        sources: [{ type: 'url', url: 'https://a.example' }],
      },
    });
  });

  it('streams namespaced and custom calls as the client declared them', () => {
    const encoder = new ResponsesStreamEncoder(context);
    const events = [
      ...encoder.encode({ type: 'start', id: 'up1', model: 'm', created: 1 }),
      ...encoder.encode({ type: 'web_search', id: 'srv_1', query: 'q' }),
      ...encoder.encode({
        type: 'tool_call_start',
        index: 0,
        id: 'call_1',
        name: 'functions__wait',
      }),
      ...encoder.encode({ type: 'tool_call_delta', index: 0, arguments: '{}' }),
      ...encoder.encode({
        type: 'tool_call_start',
        index: 1,
        id: 'call_2',
        name: 'functions__exec',
      }),
      ...encoder.encode({ type: 'tool_call_delta', index: 1, arguments: '{"input":' }),
      ...encoder.encode({ type: 'tool_call_delta', index: 1, arguments: '"ls()"}' }),
      ...encoder.encode({ type: 'finish', reason: 'tool_calls' }),
      ...encoder.end(),
    ].map((e) => JSON.parse(e.data) as Record<string, unknown>);
    const types = events.map((e) => e.type);
    expect(types).toContain('response.web_search_call.completed');
    expect(types).toContain('response.custom_tool_call_input.done');
    const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
    expect(done).toEqual([
      expect.objectContaining({ type: 'web_search_call', status: 'completed' }),
      expect.objectContaining({ type: 'function_call', name: 'wait', namespace: 'functions' }),
      expect.objectContaining({
        type: 'custom_tool_call',
        name: 'exec',
        namespace: 'functions',
        input: 'ls()',
      }),
    ]);
    // A custom tool's JSON wrapper never reaches the client as argument deltas.
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(deltas.map((e) => e.delta)).toEqual(['{}']);
  });
});
