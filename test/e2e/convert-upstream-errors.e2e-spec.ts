import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';
import { ApiError, type GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeGemini, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { apiErrorOf, expectOpenAIError, rejectionOf } from '../support/expect';
import { Gateway, readResult, startGateway } from '../support/gateway';
import {
  anthropicSdk,
  askText,
  expectAnthropicError,
  expectGeminiError,
  geminiSdk,
  newRequestId,
  sdksFor,
} from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Upstream errors seen through another format: a 4xx comes back with the upstream's status and
 * message in the client's own error format; a 5xx moves on to the next target, even one of
 * another format.
 */

const UPSTREAM_MESSAGE = 'messages.0.content: the upstream did not like this';

describe('upstream errors through conversion', () => {
  let gateway: Gateway;
  let openaiUp: FakeOpenAI;
  let anthropicUp: FakeAnthropic;
  let geminiUp: FakeGemini;
  let key: string;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let gemini: GoogleGenAI;

  beforeAll(async () => {
    [openaiUp, anthropicUp, geminiUp] = await Promise.all([
      startFakeOpenAI(),
      startFakeAnthropic(),
      startFakeGemini(),
    ]);
    gateway = await startGateway();
    await addProvider(gateway, 'p-openai', openaiUp, { retries: 0 });
    await addProvider(gateway, 'p-anthropic', anthropicUp.baseUrl, {
      format: 'anthropic',
      retries: 0,
    });
    await addProvider(gateway, 'p-gemini', geminiUp.baseUrl, { format: 'gemini', retries: 0 });
    await addModel(gateway, 'via-openai', [{ provider: 'p-openai', model: 'gpt-up' }]);
    await addModel(gateway, 'via-anthropic', [{ provider: 'p-anthropic', model: 'claude-up' }]);
    await addModel(gateway, 'anthropic-then-openai', [
      { provider: 'p-anthropic', model: 'claude-up', priority: 1 },
      { provider: 'p-openai', model: 'gpt-up', priority: 2 },
    ]);
    await addModel(gateway, 'gemini-then-openai', [
      { provider: 'p-gemini', model: 'gemini-up', priority: 1 },
      { provider: 'p-openai', model: 'gpt-up', priority: 2 },
    ]);
    key = await addKey(gateway, 'errors');
    openai = gateway.openai(key);
    anthropic = anthropicSdk(gateway, key);
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openaiUp, anthropicUp, geminiUp].map((f) => f?.close()));
  });

  beforeEach(() => {
    for (const fake of [openaiUp, anthropicUp, geminiUp]) fake.reset();
  });

  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    gateway
      .fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
      .then((r) => readResult(r));

  describe('a 4xx is returned in the client format, with the upstream status and message', () => {
    it('openai client ← anthropic upstream 400: an OpenAI error', async () => {
      anthropicUp.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });
      const messages = [{ role: 'user' as const, content: 'hi' }];

      const err = await apiErrorOf(
        openai.chat.completions.create({ model: 'via-anthropic', messages }),
      );
      expect(err.status).toBe(400);
      expect(err.message).toContain(UPSTREAM_MESSAGE);

      const raw = await post(
        '/v1/chat/completions',
        { authorization: `Bearer ${key}` },
        { model: 'via-anthropic', messages },
      );
      const error = expectOpenAIError(raw, 400, { type: 'invalid_request_error' });
      expect(error.message).toContain(UPSTREAM_MESSAGE);
    });

    it.each([false, true])(
      'anthropic client ← openai upstream 400 (stream: %s): an Anthropic error',
      async (stream) => {
        openaiUp.behave({
          fail: { status: 400, message: UPSTREAM_MESSAGE, type: 'invalid_request_error' },
        });
        const params = {
          model: 'via-openai',
          max_tokens: 100,
          messages: [{ role: 'user' as const, content: 'hi' }],
        };
        const call = stream
          ? anthropic.messages.stream(params).finalMessage()
          : anthropic.messages.create(params);

        const err = await rejectionOf(call);
        expect(err).toBeInstanceOf(BadRequestError);
        expect((err as BadRequestError).error).toEqual({
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: expect.stringContaining(UPSTREAM_MESSAGE),
          },
        });
      },
    );

    it('gemini client ← anthropic upstream 400: a Google error with INVALID_ARGUMENT', async () => {
      anthropicUp.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });

      const err = await rejectionOf(
        gemini.models.generateContent({ model: 'via-anthropic', contents: 'hi' }),
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({
        status: 400,
        message: expect.stringContaining(UPSTREAM_MESSAGE),
      });

      const raw = await post(
        '/v1beta/models/via-anthropic:generateContent',
        { 'x-goog-api-key': key },
        { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
      );
      const error = expectGeminiError(raw, 400, 'INVALID_ARGUMENT');
      expect(error.message).toContain(UPSTREAM_MESSAGE);
    });

    it('streaming openai client ← gemini upstream 400: an error answer, not a stream', async () => {
      geminiUp.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });
      const err = await apiErrorOf(
        openai.chat.completions
          .stream({ model: 'gemini-then-openai', messages: [{ role: 'user', content: 'hi' }] })
          .finalChatCompletion(),
      );
      expect(err.status).toBe(400);
      expect(err.message).toContain(UPSTREAM_MESSAGE);
      // A 400 is the request's fault: the next target would refuse it too.
      expect(openaiUp.chatRequests).toHaveLength(0);
    });

    it('anthropic client ← openai upstream 404 keeps the status: not_found_error', async () => {
      openaiUp.behave({ fail: { status: 404, message: 'The model does not exist' } });
      const raw = await post(
        '/v1/messages',
        { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        { model: 'via-openai', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      );
      const error = expectAnthropicError(raw, 404, 'not_found_error');
      expect(error.message).toContain('The model does not exist');
    });
  });

  describe('a request another format cannot express is a 400 in the client format', () => {
    it('openai client, n: 2 → anthropic upstream: names n', async () => {
      const raw = await post(
        '/v1/chat/completions',
        { authorization: `Bearer ${key}` },
        { model: 'via-anthropic', n: 2, messages: [{ role: 'user', content: 'hi' }] },
      );
      const error = expectOpenAIError(raw, 400, { type: 'invalid_request_error' });
      expect(`${error.param ?? ''} ${error.message}`).toMatch(/\bn\b/);
      expect(anthropicUp.chatRequests).toHaveLength(0);
    });

    it('anthropic client, a document block → openai upstream: names document', async () => {
      const raw = await post(
        '/v1/messages',
        { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        {
          model: 'via-openai',
          max_tokens: 10,
          messages: [
            {
              role: 'user',
              content: [
                {
                  type: 'document',
                  source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
                },
                { type: 'text', text: 'Summarise' },
              ],
            },
          ],
        },
      );
      const error = expectAnthropicError(raw, 400, 'invalid_request_error');
      expect(error.message).toContain('document');
      expect(openaiUp.chatRequests).toHaveLength(0);
    });

    it('gemini client, a googleSearch tool → anthropic upstream: names the tool', async () => {
      const raw = await post(
        '/v1beta/models/via-anthropic:generateContent',
        { 'x-goog-api-key': key },
        { contents: [{ role: 'user', parts: [{ text: 'news?' }] }], tools: [{ googleSearch: {} }] },
      );
      const error = expectGeminiError(raw, 400, 'INVALID_ARGUMENT');
      expect(error.message).toMatch(/googleSearch|google_search/);
      expect(anthropicUp.chatRequests).toHaveLength(0);
    });
  });

  describe('a 5xx fails over to a target of another format', () => {
    it('gemini client: anthropic 500 first, then the openai target answers', async () => {
      anthropicUp.behave({ fail: { status: 500, message: 'overloaded, sorry' } });
      openaiUp.behave({ content: 'Answered by the second target.' });
      const requestId = newRequestId('failover-gemini');

      const text = await askText(sdksFor(gateway, key), 'gemini', {
        model: 'anthropic-then-openai',
        prompt: 'hi',
        stream: false,
        requestId,
      });

      expect(text).toBe('Answered by the second target.');
      expect(anthropicUp.chatRequests).toHaveLength(1);
      expect(openaiUp.chatRequests[0].body?.model).toBe('gpt-up');
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({ status: 200, provider: 'p-openai', attempts: 2 });
      expect(row.attempt_log?.map((a) => [a.provider, a.status])).toEqual([
        ['p-anthropic', 500],
        ['p-openai', 200],
      ]);
    });

    it('streaming anthropic client: gemini 503 first, then the openai target streams', async () => {
      geminiUp.behave({ fail: { status: 503, message: 'The model is overloaded.' } });
      openaiUp.behave({ chunks: ['Streamed ', 'by the ', 'second target.'] });
      const requestId = newRequestId('failover-anthropic');

      const text = await askText(sdksFor(gateway, key), 'anthropic', {
        model: 'gemini-then-openai',
        prompt: 'hi',
        stream: true,
        requestId,
      });

      expect(text).toBe('Streamed by the second target.');
      expect(geminiUp.chatRequests).toHaveLength(1);
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({
        status: 200,
        stream: true,
        stream_cut: false,
        provider: 'p-openai',
        attempts: 2,
      });
    });
  });
});
