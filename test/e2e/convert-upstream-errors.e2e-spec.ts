import { BadRequestError } from '@anthropic-ai/sdk';
import { ApiError } from '@google/genai';
import { useConversionRig } from '../support/conversion-rig';
import { apiErrorOf, expectOpenAIError, rejectionOf } from '../support/expect';
import { askText, expectAnthropicError, expectGeminiError, newRequestId } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Upstream errors seen through another format: a 4xx comes back with the upstream's status and
 * message in the client's own error format; a 5xx moves on to the next target, even one of
 * another format.
 */

const UPSTREAM_MESSAGE = 'messages.0.content: the upstream did not like this';

describe('upstream errors through conversion', () => {
  const rig = useConversionRig({
    keyName: 'errors',
    models: {
      'via-openai': [{ provider: 'p-openai', model: 'gpt-up' }],
      'via-anthropic': [{ provider: 'p-anthropic', model: 'claude-up' }],
      'anthropic-then-openai': [
        { provider: 'p-anthropic', model: 'claude-up', priority: 1 },
        { provider: 'p-openai', model: 'gpt-up', priority: 2 },
      ],
      'gemini-then-openai': [
        { provider: 'p-gemini', model: 'gemini-up', priority: 1 },
        { provider: 'p-openai', model: 'gpt-up', priority: 2 },
      ],
    },
  });

  describe('a 4xx is returned in the client format, with the upstream status and message', () => {
    it('openai client ← anthropic upstream 400: an OpenAI error', async () => {
      rig.fakes.anthropic.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });
      const messages = [{ role: 'user' as const, content: 'hi' }];

      const err = await apiErrorOf(
        rig.sdks.openai.chat.completions.create({ model: 'via-anthropic', messages }),
      );
      expect(err.status).toBe(400);
      expect(err.message).toContain(UPSTREAM_MESSAGE);

      const raw = await rig.gateway.postJson(
        '/v1/chat/completions',
        { authorization: `Bearer ${rig.key}` },
        { model: 'via-anthropic', messages },
      );
      const error = expectOpenAIError(raw, 400, { type: 'invalid_request_error' });
      expect(error.message).toContain(UPSTREAM_MESSAGE);
    });

    it.each([false, true])(
      'anthropic client ← openai upstream 400 (stream: %s): an Anthropic error',
      async (stream) => {
        rig.fakes.openai.behave({
          fail: { status: 400, message: UPSTREAM_MESSAGE, type: 'invalid_request_error' },
        });
        const params = {
          model: 'via-openai',
          max_tokens: 100,
          messages: [{ role: 'user' as const, content: 'hi' }],
        };
        const call = stream
          ? rig.sdks.anthropic.messages.stream(params).finalMessage()
          : rig.sdks.anthropic.messages.create(params);

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
      rig.fakes.anthropic.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });

      const err = await rejectionOf(
        rig.sdks.gemini.models.generateContent({ model: 'via-anthropic', contents: 'hi' }),
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({
        status: 400,
        message: expect.stringContaining(UPSTREAM_MESSAGE),
      });

      const raw = await rig.gateway.postJson(
        '/v1beta/models/via-anthropic:generateContent',
        { 'x-goog-api-key': rig.key },
        { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
      );
      const error = expectGeminiError(raw, 400, 'INVALID_ARGUMENT');
      expect(error.message).toContain(UPSTREAM_MESSAGE);
    });

    it('streaming openai client ← gemini upstream 400: an error answer, not a stream', async () => {
      rig.fakes.gemini.behave({ fail: { status: 400, message: UPSTREAM_MESSAGE } });
      const err = await apiErrorOf(
        rig.sdks.openai.chat.completions
          .stream({ model: 'gemini-then-openai', messages: [{ role: 'user', content: 'hi' }] })
          .finalChatCompletion(),
      );
      expect(err.status).toBe(400);
      expect(err.message).toContain(UPSTREAM_MESSAGE);
      // A 400 is the request's fault: the next target would refuse it too.
      expect(rig.fakes.openai.chatRequests).toHaveLength(0);
    });

    it('anthropic client ← openai upstream 404 keeps the status: not_found_error', async () => {
      rig.fakes.openai.behave({ fail: { status: 404, message: 'The model does not exist' } });
      const raw = await rig.gateway.postJson(
        '/v1/messages',
        { 'x-api-key': rig.key, 'anthropic-version': '2023-06-01' },
        { model: 'via-openai', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      );
      const error = expectAnthropicError(raw, 404, 'not_found_error');
      expect(error.message).toContain('The model does not exist');
    });
  });

  describe('a request another format cannot express is a 400 in the client format', () => {
    it('openai client, n: 2 → anthropic upstream: names n', async () => {
      const raw = await rig.gateway.postJson(
        '/v1/chat/completions',
        { authorization: `Bearer ${rig.key}` },
        { model: 'via-anthropic', n: 2, messages: [{ role: 'user', content: 'hi' }] },
      );
      const error = expectOpenAIError(raw, 400, { type: 'invalid_request_error' });
      expect(`${error.param ?? ''} ${error.message}`).toMatch(/\bn\b/);
      expect(rig.fakes.anthropic.chatRequests).toHaveLength(0);
    });

    it('anthropic client, a document block → openai upstream: names document', async () => {
      const raw = await rig.gateway.postJson(
        '/v1/messages',
        { 'x-api-key': rig.key, 'anthropic-version': '2023-06-01' },
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
      expect(rig.fakes.openai.chatRequests).toHaveLength(0);
    });

    it('gemini client, an unknown tool kind → anthropic upstream: names the tool', async () => {
      const raw = await rig.gateway.postJson(
        '/v1beta/models/via-anthropic:generateContent',
        { 'x-goog-api-key': rig.key },
        {
          contents: [{ role: 'user', parts: [{ text: 'news?' }] }],
          tools: [{ enterpriseWebSearch: {} }],
        },
      );
      const error = expectGeminiError(raw, 400, 'INVALID_ARGUMENT');
      expect(error.message).toMatch(/enterpriseWebSearch/);
      expect(rig.fakes.anthropic.chatRequests).toHaveLength(0);
    });
  });

  describe('a 5xx fails over to a target of another format', () => {
    it('gemini client: anthropic 500 first, then the openai target answers', async () => {
      rig.fakes.anthropic.behave({ fail: { status: 500, message: 'overloaded, sorry' } });
      rig.fakes.openai.behave({ content: 'Answered by the second target.' });
      const requestId = newRequestId('failover-gemini');

      const text = await askText(rig.sdks, 'gemini', {
        model: 'anthropic-then-openai',
        prompt: 'hi',
        stream: false,
        requestId,
      });

      expect(text).toBe('Answered by the second target.');
      expect(rig.fakes.anthropic.chatRequests).toHaveLength(1);
      expect(rig.fakes.openai.chatRequests[0].body?.model).toBe('gpt-up');
      const row = await usageRowFor(rig.gateway.db, requestId);
      expect(row).toMatchObject({ status: 200, provider: 'p-openai', attempts: 2 });
      expect(row.attempt_log?.map((a) => [a.provider, a.status])).toEqual([
        ['p-anthropic', 500],
        ['p-openai', 200],
      ]);
    });

    it('streaming anthropic client: gemini 503 first, then the openai target streams', async () => {
      rig.fakes.gemini.behave({ fail: { status: 503, message: 'The model is overloaded.' } });
      rig.fakes.openai.behave({ chunks: ['Streamed ', 'by the ', 'second target.'] });
      const requestId = newRequestId('failover-anthropic');

      const text = await askText(rig.sdks, 'anthropic', {
        model: 'gemini-then-openai',
        prompt: 'hi',
        stream: true,
        requestId,
      });

      expect(text).toBe('Streamed by the second target.');
      expect(rig.fakes.gemini.chatRequests).toHaveLength(1);
      const row = await usageRowFor(rig.gateway.db, requestId);
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
