import type OpenAI from 'openai';
import { DEFAULT_CONTENT, FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { Gateway, HttpResult, readResult, startGateway } from '../support/gateway';

const messages = [{ role: 'user', content: 'hi' }];

/** Every refusal is an OpenAI-shaped error with the right status, and nothing crashes. */
describe('client errors', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let client: OpenAI;
  let key: string;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'main', upstream);
    await addModel(gateway, 'gpt-x', [{ provider: 'main', model: 'gpt-upstream' }]);
    await addModel(gateway, 'claude-y', [{ provider: 'main', model: 'claude-upstream' }]);
    key = await addKey(gateway, 'gpt-only', { models: ['gpt-*'] });
    client = gateway.openai(key);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  /** POST /v1/chat/completions with a raw body. */
  async function postChat(
    body: string,
    headers: Record<string, string> = { authorization: `Bearer ${key}` },
  ): Promise<HttpResult> {
    const response = await gateway.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return readResult(response);
  }

  describe('authentication and access', () => {
    it('401 without a key', async () => {
      const result = await postChat(JSON.stringify({ model: 'gpt-x', messages }), {});
      expectOpenAIError(result, 401, { type: 'authentication_error', code: 'invalid_api_key' });
    });

    it('401 with an unknown key', async () => {
      const error = await apiErrorOf(
        gateway.openai('sk-sb-not-a-real-key-000000').chat.completions.create({
          model: 'gpt-x',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(error.status).toBe(401);
      expect(error.type).toBe('authentication_error');
    });

    it('401 on /v1/models with an unknown key', async () => {
      const error = await apiErrorOf(gateway.openai('sk-sb-wrong-0000000000').models.list());
      expect(error.status).toBe(401);
    });

    it('403 when the key may not use the model', async () => {
      const error = await apiErrorOf(
        client.chat.completions.create({
          model: 'claude-y',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(error.status).toBe(403);
      expect(error.type).toBe('permission_error');
      expect(error.message).toContain('claude-y');
    });

    it('404 model_not_found for a model that does not exist', async () => {
      const result = await postChat(JSON.stringify({ model: 'gpt-nope', messages }));
      expectOpenAIError(result, 404, { code: 'model_not_found', param: 'model' });
      expect(upstream.chatRequests.filter((r) => r.body?.model === 'gpt-nope')).toEqual([]);
    });

    it.each([
      ['x-api-key', (k: string) => ({ 'x-api-key': k })],
      ['x-goog-api-key', (k: string) => ({ 'x-goog-api-key': k })],
    ])('accepts the key in %s', async (_name, headers) => {
      const result = await postChat(JSON.stringify({ model: 'gpt-x', messages }), headers(key));
      expect(result.status).toBe(200);
    });
  });

  describe('malformed requests', () => {
    it('400 for malformed JSON', async () => {
      const result = await postChat('{"model": "gpt-x", "messages": [');
      expectOpenAIError(result, 400, { type: 'invalid_request_error' });
    });

    it('400 for an empty JSON body', async () => {
      expectOpenAIError(await postChat(''), 400);
    });

    it.each(['[1]', '"a string"', '42', 'null'])(
      '400 for a body that is not an object: %s',
      async (body) => {
        expectOpenAIError(await postChat(body), 400, { type: 'invalid_request_error' });
      },
    );

    it.each([
      ['model', { messages }],
      ['messages', { model: 'gpt-x' }],
    ])('400 naming the missing %s', async (param, body) => {
      const error = expectOpenAIError(await postChat(JSON.stringify(body)), 400, { param });
      expect(error.message).toContain(param);
    });

    it.each([
      ['messages', { model: 'gpt-x', messages: 'hi' }],
      ['model', { model: 42, messages }],
      ['stream', { model: 'gpt-x', messages, stream: 'yes' }],
      ['messages', { model: 'gpt-x', messages: [] }],
    ])('400 naming %s when it has the wrong type or value', async (param, body) => {
      const error = expectOpenAIError(await postChat(JSON.stringify(body)), 400);
      expect(error.param ?? error.message).toContain(param);
    });

    it.each([
      ['text/plain', 400],
      ['application/xml', 415],
    ])('%s body → %d', async (contentType, status) => {
      const response = await gateway.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
        body: '<model>gpt-x</model>',
      });
      expectOpenAIError(await readResult(response), status);
    });

    it('404 in OpenAI shape for an unknown route', async () => {
      const response = await gateway.fetch('/v1/nothing-here', {
        headers: { authorization: `Bearer ${key}` },
      });
      expectOpenAIError(await readResult(response), 404);
    });

    it('still serves a normal request after all of these', async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-x',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(completion.choices[0].message.content).toBe(DEFAULT_CONTENT);
    });
  });

  describe('body size limit', () => {
    let small: Gateway;
    let smallKey: string;

    beforeAll(async () => {
      small = await startGateway({ env: { BODY_LIMIT_BYTES: '1000' } });
      await addProvider(small, 'main', upstream);
      await addModel(small, 'gpt-x', [{ provider: 'main', model: 'gpt-upstream' }]);
      smallKey = await addKey(small, 'small');
    });

    afterAll(() => small?.close());

    it('413 for a body over BODY_LIMIT_BYTES, then serves a normal request', async () => {
      const big = JSON.stringify({
        model: 'gpt-x',
        messages: [{ role: 'user', content: 'x'.repeat(5000) }],
      });
      const response = await small.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${smallKey}`, 'content-type': 'application/json' },
        body: big,
      });
      const error = expectOpenAIError(await readResult(response), 413);
      expect(error.message).toContain('1000');

      const completion = await small.openai(smallKey).chat.completions.create({
        model: 'gpt-x',
        messages: [{ role: 'user', content: 'short' }],
      });
      expect(completion.choices[0].message.content).toBe(DEFAULT_CONTENT);
    });
  });
});
