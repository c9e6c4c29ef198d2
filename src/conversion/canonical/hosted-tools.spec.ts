import { anthropicProvider } from '../anthropic';
import { geminiProvider } from '../gemini';
import { openAIChatProvider } from '../openai';
import type { CanonicalRequest } from './types';
import { droppedTools } from './hosted-tools';

const request: CanonicalRequest = {
  model: 'm',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Search' }] }],
  tools: [{ name: 'f', parameters: { type: 'object', properties: {} } }],
  hostedTools: [{ type: 'web_search', name: 'web_search', maxUses: 2, allowedDomains: ['a.com'] }],
  unsupportedTools: ['file_search'],
  stream: false,
};
const options = { maxTokensField: 'max_tokens' } as const;

describe('hosted tools per provider format', () => {
  it('OpenAI chat has no hosted tools: web search is dropped with the rest, never sent', () => {
    expect(droppedTools(request, openAIChatProvider.hostedTools)).toEqual([
      'file_search',
      'web_search',
    ]);
    const body = openAIChatProvider.buildRequest(request, 'gpt', options);
    expect(body.tools).toEqual([expect.objectContaining({ type: 'function' })]);
  });

  it('Anthropic gets its web_search_20250305 server tool beside the functions', () => {
    expect(droppedTools(request, anthropicProvider.hostedTools)).toEqual(['file_search']);
    const body = anthropicProvider.buildRequest(request, 'claude', options);
    expect(body.tools).toEqual([
      expect.objectContaining({ name: 'f' }),
      { type: 'web_search_20250305', name: 'web_search', max_uses: 2, allowed_domains: ['a.com'] },
    ]);
  });

  it('Gemini gets its googleSearch tool beside the function declarations', () => {
    expect(droppedTools(request, geminiProvider.hostedTools)).toEqual(['file_search']);
    const body = geminiProvider.buildRequest(request, 'gemini', options);
    expect(body.tools).toEqual([
      { functionDeclarations: [expect.objectContaining({ name: 'f' })] },
      { googleSearch: {} },
    ]);
  });

  it('a request with only a web search still gets the tool', () => {
    const only = { ...request, tools: undefined, unsupportedTools: undefined };
    expect(anthropicProvider.buildRequest(only, 'claude', options).tools).toHaveLength(1);
    expect(geminiProvider.buildRequest(only, 'gemini', options).tools).toEqual([
      { googleSearch: {} },
    ]);
    expect(openAIChatProvider.buildRequest(only, 'gpt', options).tools).toBeUndefined();
  });
});

describe('provider searches back to canonical', () => {
  const blocks = [
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'weather' } },
    {
      type: 'web_search_tool_result',
      tool_use_id: 'srvtoolu_1',
      content: [{ type: 'web_search_result', url: 'https://w.example', title: 'W' }],
    },
    {
      type: 'text',
      text: 'Sunny.',
      citations: [{ type: 'web_search_result_location', url: 'https://w.example' }],
    },
  ];
  const search = { id: 'srvtoolu_1', query: 'weather', sources: ['https://w.example'] };

  it('Anthropic: server_tool_use + web_search_tool_result → one web_search part, then the text', () => {
    const response = anthropicProvider.parseResponse({
      id: 'msg_1',
      model: 'claude',
      content: blocks,
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 },
    });
    expect(response.content).toEqual([
      { type: 'web_search', ...search },
      { type: 'text', text: 'Sunny.' },
    ]);
  });

  it('Anthropic stream: the query streamed as input_json_delta, the search when its result comes', () => {
    const decoder = anthropicProvider.createStreamDecoder();
    const sse = (data: object) => ({ data: JSON.stringify(data) });
    const events = [
      sse({ type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: {} } }),
      sse({ type: 'content_block_start', index: 0, content_block: { ...blocks[0], input: {} } }),
      sse({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":"weather"}' },
      }),
      sse({ type: 'content_block_stop', index: 0 }),
      sse({ type: 'content_block_start', index: 1, content_block: blocks[1] }),
      sse({ type: 'content_block_stop', index: 1 }),
      sse({ type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } }),
      sse({ type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Sunny.' } }),
    ].flatMap((m) => decoder.decode(m));
    expect(events.filter((e) => e.type !== 'usage' && e.type !== 'start')).toEqual([
      { type: 'web_search', ...search },
      { type: 'text', text: 'Sunny.' },
    ]);
  });

  const grounded = {
    responseId: 'g1',
    candidates: [
      {
        content: { role: 'model', parts: [{ text: 'Sunny.' }] },
        finishReason: 'STOP',
        groundingMetadata: {
          webSearchQueries: ['weather'],
          groundingChunks: [{ web: { uri: 'https://w.example', title: 'W' } }],
        },
      },
    ],
  };

  it('Gemini: groundingMetadata → a web_search part before the text', () => {
    const response = geminiProvider.parseResponse(grounded);
    expect(response.content).toEqual([
      { type: 'web_search', id: 'ws_g1', query: 'weather', sources: ['https://w.example'] },
      { type: 'text', text: 'Sunny.' },
    ]);
  });

  it('Gemini stream: the grounding chunk gives one web_search event', () => {
    const decoder = geminiProvider.createStreamDecoder();
    const events = decoder.decode({ data: JSON.stringify(grounded) });
    expect(events.filter((e) => e.type === 'web_search')).toEqual([
      { type: 'web_search', id: 'ws_g1', query: 'weather', sources: ['https://w.example'] },
    ]);
  });
});
