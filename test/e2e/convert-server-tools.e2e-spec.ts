import { useConversionRig } from '../support/conversion-rig';

/**
 * Server (built-in) tools of Anthropic and Gemini clients sent to another provider: web search
 * becomes that provider's own search where it has one, other server tools are dropped and
 * named in x-switchboard-dropped-tools; to a provider of the client's own API they pass
 * through untouched.
 */

describe('server tools of Anthropic and Gemini clients across formats', () => {
  const rig = useConversionRig({ keyName: 'server-tools' });

  describe('Anthropic clients with server tools', () => {
    const SERVER_TOOLS = [
      { type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 },
      { type: 'code_execution_20250522' as const, name: 'code_execution' as const },
    ];
    const params = (model: string) => ({
      model,
      max_tokens: 200,
      tools: SERVER_TOOLS,
      messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
    });

    it('→ gemini: web search is Google Search, code execution dropped and named', async () => {
      rig.fakes.gemini.behave({
        content: 'Sunny in Paris.',
        webSearch: { query: 'weather', url: 'https://w.example' },
      });
      const { data, response } = await rig.sdks.anthropic.messages
        .create(params('via-gemini'))
        .withResponse();
      expect(data.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'Sunny in Paris.' }),
      ]);
      expect(response.headers.get('x-switchboard-dropped-tools')).toBe('code_execution');
      expect(rig.fakes.gemini.chatRequests[0].body?.tools).toEqual([{ googleSearch: {} }]);
    });

    it('→ openai: both dropped and named, none sent', async () => {
      const { response } = await rig.sdks.anthropic.messages
        .create(params('via-openai'))
        .withResponse();
      expect(response.headers.get('x-switchboard-dropped-tools')).toBe('code_execution,web_search');
      expect(rig.fakes.openai.chatRequests[0].body?.tools).toBeUndefined();
    });

    it('→ anthropic: passed through untouched, no header', async () => {
      const { response } = await rig.sdks.anthropic.messages
        .create(params('via-anthropic'))
        .withResponse();
      expect(response.headers.get('x-switchboard-dropped-tools')).toBeNull();
      expect(rig.fakes.anthropic.chatRequests[0].body?.tools).toEqual(SERVER_TOOLS);
    });
  });

  it("Gemini clients: googleSearch is Anthropic's web search, codeExecution dropped and named", async () => {
    rig.fakes.anthropic.behave({
      content: 'Sunny.',
      webSearch: { query: 'q', url: 'https://w.example' },
    });
    const raw = await rig.gateway.postJson(
      '/v1beta/models/via-anthropic:generateContent',
      { 'x-goog-api-key': rig.key },
      {
        contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }],
        tools: [{ googleSearch: {} }, { codeExecution: {} }],
      },
    );
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-switchboard-dropped-tools')).toBe('codeExecution');
    expect(rig.fakes.anthropic.chatRequests[0].body?.tools).toEqual([
      { type: 'web_search_20250305', name: 'web_search' },
    ]);
  });
});
