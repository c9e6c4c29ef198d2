import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';

/** OpenAI client → gateway → OpenAI-format provider: what a user of the SDK sees. */
describe('chat completions through the gateway (OpenAI SDK)', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let client: OpenAI;
  let gptOnlyKey: string;
  const messages = [{ role: 'user' as const, content: 'Say hello' }];

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'main', upstream, {
      api_key: 'sk-upstream-main-0001',
      headers: { 'x-extra-header': 'extra-value', 'OpenAI-Organization': 'org-e2e' },
    });
    await addModel(gateway, 'gpt-x', [{ provider: 'main', model: 'gpt-4o-mini-2024-07-18' }]);
    await addModel(gateway, 'claude-y', [{ provider: 'main', model: 'claude-upstream' }]);
    client = gateway.openai(await addKey(gateway, 'everything'));
    gptOnlyKey = await addKey(gateway, 'gpt-only', { models: ['gpt-*'] });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  describe('GET /v1/models', () => {
    it('lists only the models the key may use', async () => {
      const ids: string[] = [];
      for await (const model of gateway.openai(gptOnlyKey).models.list()) ids.push(model.id);
      expect(ids).toEqual(['gpt-x']);
    });

    it('lists every model for a key allowed all of them', async () => {
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      expect(ids.sort()).toEqual(['claude-y', 'gpt-x']);
    });
  });

  describe('non-stream', () => {
    it("returns the upstream's answer and says where the request went", async () => {
      const { data, response } = await client.chat.completions
        .create({ model: 'gpt-x', messages, temperature: 0.5 })
        .withResponse();

      expect(data.choices[0].message.content).toBe(DEFAULT_CONTENT);
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7 });
      // The body names the model asked for; the header, the upstream's name for it.
      expect(data.model).toBe('gpt-x');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchboard-provider')).toBe('main');
      expect(response.headers.get('x-switchboard-model')).toBe('gpt-4o-mini-2024-07-18');
      expect(response.headers.get('x-switchboard-attempts')).toBe('1');
      expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]+$/);
    });

    it('rewrites the model, sends the provider key and headers, passes the rest through', async () => {
      const params = {
        model: 'gpt-x',
        messages,
        temperature: 0.5,
        seed: 42,
        vendor_extension: { keep: 'me' },
      } as OpenAI.ChatCompletionCreateParamsNonStreaming;
      await client.chat.completions.create(params);

      expect(upstream.chatRequests).toHaveLength(1);
      const [sent] = upstream.chatRequests;
      expect(sent.body).toEqual({
        model: 'gpt-4o-mini-2024-07-18',
        messages,
        temperature: 0.5,
        seed: 42,
        vendor_extension: { keep: 'me' },
      });
      expect(sent.headers.authorization).toBe('Bearer sk-upstream-main-0001');
      expect(sent.headers['x-extra-header']).toBe('extra-value');
      expect(sent.headers['openai-organization']).toBe('org-e2e');
    });

    it("keeps the caller's x-request-id", async () => {
      const { response } = await client.chat.completions
        .create({ model: 'gpt-x', messages }, { headers: { 'x-request-id': 'e2e-trace-42' } })
        .withResponse();
      expect(response.headers.get('x-request-id')).toBe('e2e-trace-42');
    });

    it('replaces a caller x-request-id that is not a safe token', async () => {
      const { response } = await client.chat.completions
        .create(
          { model: 'gpt-x', messages },
          { headers: { 'x-request-id': 'has spaces/and;more' } },
        )
        .withResponse();
      const id = response.headers.get('x-request-id');
      expect(id).not.toBe('has spaces/and;more');
      expect(id).toMatch(/^[A-Za-z0-9._:-]+$/);
    });

    it('returns tool calls', async () => {
      upstream.behave({ toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
      const completion = await client.chat.completions.create({
        model: 'gpt-x',
        messages,
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }],
      });
      expect(completion.choices[0].finish_reason).toBe('tool_calls');
      expect(completion.choices[0].message.tool_calls).toEqual([
        {
          id: 'call_fake_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
      ]);
    });
  });

  describe('stream', () => {
    it('assembles the streamed answer (chat.completions.stream → finalChatCompletion)', async () => {
      upstream.behave({ chunks: ['Hel', 'lo', ', ', 'wor', 'ld', '!'] });
      const stream = client.chat.completions.stream({ model: 'gpt-x', messages });
      const deltas: string[] = [];
      stream.on('content', (delta) => deltas.push(delta));
      const final = await stream.finalChatCompletion();

      expect(final.choices[0].message.content).toBe('Hello, world!');
      expect(final.choices[0].finish_reason).toBe('stop');
      expect(deltas).toEqual(['Hel', 'lo', ', ', 'wor', 'ld', '!']);
      expect(upstream.chatRequests[0].body).toMatchObject({
        model: 'gpt-4o-mini-2024-07-18',
        stream: true,
      });
    });

    it('asks the upstream for usage but hides the usage-only chunk from a client that did not', async () => {
      const { data: stream, response } = await client.chat.completions
        .create({ model: 'gpt-x', messages, stream: true })
        .withResponse();
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('x-switchboard-provider')).toBe('main');
      expect(response.headers.get('x-switchboard-attempts')).toBe('1');
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks.filter((c) => c.choices.length === 0)).toEqual([]);
      expect(chunks.filter((c) => c.usage)).toEqual([]);
      expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(DEFAULT_CONTENT);
      expect(upstream.chatRequests[0].body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
    });

    it('forwards the usage chunk to a client that asked for it', async () => {
      upstream.behave({ usage: { prompt_tokens: 21, completion_tokens: 13, cached_tokens: 5 } });
      const stream = await client.chat.completions.create({
        model: 'gpt-x',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      const last = chunks[chunks.length - 1];
      expect(last.choices).toEqual([]);
      expect(last.usage).toMatchObject({
        prompt_tokens: 21,
        completion_tokens: 13,
        total_tokens: 34,
        prompt_tokens_details: { cached_tokens: 5 },
      });
      expect(chunks.filter((c) => c.choices.length === 0)).toHaveLength(1);
    });

    it('keeps concurrent streams apart', async () => {
      upstream.behave((req) => {
        const sent = (req.body?.messages as { content: string }[])[0].content;
        return { chunks: ['echo', ': ', ...sent.split('')] };
      });
      const prompts = Array.from({ length: 12 }, (_, i) => `request number ${i}`);
      const answers = await Promise.all(
        prompts.map(async (content) => {
          const stream = client.chat.completions.stream({
            model: 'gpt-x',
            messages: [{ role: 'user', content }],
          });
          return (await stream.finalChatCompletion()).choices[0].message.content;
        }),
      );
      expect(answers).toEqual(prompts.map((p) => `echo: ${p}`));
    });

    it('streams tool calls the SDK can assemble', async () => {
      upstream.behave({ toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
      const final = await client.chat.completions
        .stream({
          model: 'gpt-x',
          messages,
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }],
        })
        .finalChatCompletion();
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      expect(final.choices[0].message.tool_calls?.[0]).toMatchObject({
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      });
    });
  });
});
