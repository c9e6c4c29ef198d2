import { ApiError, type GoogleGenAI } from '@google/genai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { apiErrorOf, expectOpenAIError, rejectionOf } from '../support/expect';
import { Gateway, HttpResult, readResult, startGateway } from '../support/gateway';
import { anthropicSdk, expectAnthropicError, expectGeminiError, geminiSdk } from '../support/sdks';

/**
 * The gateway's own errors on the Anthropic and Gemini endpoints come in that client's error
 * format; and the small endpoints those SDKs call besides generation: Gemini's `?key=` auth and
 * model list, Anthropic's count_tokens.
 */

describe('client-side errors and helper endpoints, per client format', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let key: string;
  let geminiOnlyKey: string;
  let gemini: GoogleGenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'p-openai', upstream, { retries: 0 });
    await addModel(gateway, 'gem-flash', [{ provider: 'p-openai', model: 'gpt-up' }]);
    await addModel(gateway, 'gem-pro', [{ provider: 'p-openai', model: 'gpt-up' }]);
    await addModel(gateway, 'chat-x', [{ provider: 'p-openai', model: 'gpt-up' }]);
    key = await addKey(gateway, 'everything');
    geminiOnlyKey = await addKey(gateway, 'gem-only', { models: ['gem-*'] });
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  const anthropicHeaders = () => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' });
  const hello = [{ role: 'user', content: 'hi' }];

  describe('Anthropic endpoint', () => {
    it('a request without max_tokens is a 400 naming max_tokens', async () => {
      const result = await gateway.postJson('/v1/messages', anthropicHeaders(), {
        model: 'chat-x',
        messages: hello,
      });
      const error = expectAnthropicError(result, 400, 'invalid_request_error');
      expect(error.message).toContain('max_tokens');
      expect(upstream.chatRequests).toHaveLength(0);
    });

    it('an unknown model is a 404 not_found_error', async () => {
      const result = await gateway.postJson('/v1/messages', anthropicHeaders(), {
        model: 'no-such-model',
        max_tokens: 10,
        messages: hello,
      });
      const error = expectAnthropicError(result, 404, 'not_found_error');
      expect(error.message).toContain('no-such-model');
    });

    it('a missing or wrong key is a 401 authentication_error', async () => {
      const body = { model: 'chat-x', max_tokens: 10, messages: hello };
      expectAnthropicError(
        await gateway.postJson('/v1/messages', { 'anthropic-version': '2023-06-01' }, body),
        401,
        'authentication_error',
      );
      expectAnthropicError(
        await gateway.postJson('/v1/messages', { 'x-api-key': 'sb-not-a-key-000000000000' }, body),
        401,
        'authentication_error',
      );
    });

    it('the SDK sees the error as a typed 400', async () => {
      const anthropic = anthropicSdk(gateway, key);
      const err = await rejectionOf(
        anthropic.messages.create({
          model: 'chat-x',
          max_tokens: 0,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(err).toMatchObject({
        status: 400,
        error: { type: 'error', error: { type: 'invalid_request_error' } },
      });
    });

    it('count_tokens: a positive count that grows with the prompt', async () => {
      const anthropic = anthropicSdk(gateway, key);
      const count = (text: string) =>
        anthropic.messages.countTokens({
          model: 'chat-x',
          system: 'You are a helpful assistant.',
          messages: [{ role: 'user', content: text }],
        });
      const short = await count('Hi');
      const long = await count('Tell me, in great detail, '.repeat(40));

      expect(short.input_tokens).toBeGreaterThan(0);
      expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 100);
      expect(upstream.requests).toHaveLength(0);
    });

    it('count_tokens: an unknown model is a 404 in Anthropic shape', async () => {
      const result = await gateway.postJson(
        '/v1/messages/count_tokens',
        { 'x-api-key': key },
        { model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] },
      );
      expect(result.status).toBe(404);
      expect(result.body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    });
  });

  describe('Gemini endpoint', () => {
    const generate = (model: string) => `/v1beta/models/${model}:generateContent`;
    const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];

    it('empty contents is a 400 INVALID_ARGUMENT', async () => {
      const result = await gateway.postJson(
        generate('gem-flash'),
        { 'x-goog-api-key': key },
        { contents: [] },
      );
      const error = expectGeminiError(result, 400, 'INVALID_ARGUMENT');
      expect(error.message).toContain('contents');
      expect(upstream.chatRequests).toHaveLength(0);
    });

    it('an unknown model is a 404 NOT_FOUND, also for the SDK', async () => {
      const result = await gateway.postJson(
        generate('no-such-model'),
        { 'x-goog-api-key': key },
        { contents },
      );
      expectGeminiError(result, 404, 'NOT_FOUND');

      const err = await rejectionOf(
        gemini.models.generateContent({ model: 'no-such-model', contents: 'hi' }),
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 404 });
    });

    it('?key= authenticates; no key at all is a 401 UNAUTHENTICATED', async () => {
      const withQueryKey = await gateway.postJson(
        `${generate('gem-flash')}?key=${encodeURIComponent(key)}`,
        {},
        { contents },
      );
      expect(withQueryKey.status).toBe(200);
      expect(withQueryKey.body).toMatchObject({
        candidates: [{ content: { role: 'model', parts: [{ text: expect.any(String) }] } }],
      });

      expectGeminiError(
        await gateway.postJson(generate('gem-flash'), {}, { contents }),
        401,
        'UNAUTHENTICATED',
      );
      expectGeminiError(
        await gateway.postJson(
          `${generate('gem-flash')}?key=sb-not-a-key-000000000000`,
          {},
          { contents },
        ),
        401,
        'UNAUTHENTICATED',
      );
    });

    it("GET /v1beta/models lists only the key's models (SDK pager)", async () => {
      const names: string[] = [];
      for await (const model of await geminiSdk(gateway, geminiOnlyKey).models.list()) {
        names.push(model.name ?? '');
      }
      expect(names.sort()).toEqual(['models/gem-flash', 'models/gem-pro']);
    });

    it('GET /v1beta/models/{model}: the model, or an error in Gemini shape', async () => {
      const model = await geminiSdk(gateway, geminiOnlyKey).models.get({ model: 'gem-pro' });
      expect(model.name).toBe('models/gem-pro');

      const get = (name: string, apiKey: string): Promise<HttpResult> =>
        gateway
          .fetch(`/v1beta/models/${name}`, { headers: { 'x-goog-api-key': apiKey } })
          .then((r) => readResult(r));
      expectGeminiError(await get('no-such-model', key), 404, 'NOT_FOUND');
      expectGeminiError(await get('chat-x', geminiOnlyKey), 403, 'PERMISSION_DENIED');
    });
  });

  describe('OpenAI endpoint', () => {
    it('an unknown model is a 404 in OpenAI shape', async () => {
      const openai = gateway.openai(key);
      const err = await apiErrorOf(
        openai.chat.completions.create({
          model: 'no-such-model',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(err.status).toBe(404);
      const raw = await gateway.postJson(
        '/v1/chat/completions',
        { authorization: `Bearer ${key}` },
        { model: 'no-such-model', messages: hello },
      );
      expectOpenAIError(raw, 404);
    });
  });
});
