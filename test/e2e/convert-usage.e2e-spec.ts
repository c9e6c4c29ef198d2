import type Anthropic from '@anthropic-ai/sdk';
import type { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream';
import { FakeGemini, startFakeGemini } from '../fakes/gemini-upstream';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { anthropicSdk, geminiSdk, newRequestId, requestIdHeader } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Token counts as each SDK reports them after conversion, cached tokens included: OpenAI and
 * Gemini count cached tokens inside the prompt, Anthropic's input_tokens leaves them out.
 */

describe('token counts the client sees after conversion', () => {
  let gateway: Gateway;
  let openaiUp: FakeOpenAI;
  let anthropicUp: FakeAnthropic;
  let geminiUp: FakeGemini;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let gemini: GoogleGenAI;

  beforeAll(async () => {
    [openaiUp, anthropicUp, geminiUp] = await Promise.all([
      // 50 prompt tokens of which 20 cached.
      startFakeOpenAI({
        behaviour: { usage: { prompt_tokens: 50, completion_tokens: 9, cached_tokens: 20 } },
      }),
      // 10 new + 30 read from cache + 5 written to cache = 45 prompt tokens.
      startFakeAnthropic({
        behaviour: {
          usage: {
            input_tokens: 10,
            output_tokens: 6,
            cache_read_input_tokens: 30,
            cache_creation_input_tokens: 5,
          },
        },
      }),
      startFakeGemini({
        behaviour: {
          usage: { promptTokenCount: 40, candidatesTokenCount: 8, cachedContentTokenCount: 25 },
        },
      }),
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
    await addModel(gateway, 'via-gemini', [{ provider: 'p-gemini', model: 'gemini-up' }]);
    const key = await addKey(gateway, 'usage');
    openai = gateway.openai(key);
    anthropic = anthropicSdk(gateway, key);
    gemini = geminiSdk(gateway, key);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([openaiUp, anthropicUp, geminiUp].map((f) => f?.close()));
  });

  const messages = [{ role: 'user' as const, content: 'hi' }];

  it.each([false, true])(
    'openai client ← anthropic upstream (stream: %s): prompt includes cache reads and writes',
    async (stream) => {
      const requestId = newRequestId('usage-openai-anthropic');
      let usage: OpenAI.CompletionUsage | null | undefined;
      if (stream) {
        const chunks = await openai.chat.completions.create(
          {
            model: 'via-anthropic',
            messages,
            stream: true,
            stream_options: { include_usage: true },
          },
          requestIdHeader(requestId),
        );
        for await (const chunk of chunks) usage = chunk.usage ?? usage;
      } else {
        const completion = await openai.chat.completions.create(
          { model: 'via-anthropic', messages },
          requestIdHeader(requestId),
        );
        usage = completion.usage;
      }

      expect(usage).toMatchObject({
        prompt_tokens: 45,
        completion_tokens: 6,
        total_tokens: 51,
        prompt_tokens_details: { cached_tokens: 30 },
      });
      const row = await usageRowFor(gateway.db, requestId);
      expect(row).toMatchObject({ prompt_tokens: 45, completion_tokens: 6, cached_tokens: 30 });
    },
  );

  it.each([false, true])(
    'anthropic client ← openai upstream (stream: %s): input_tokens leaves out the cached part',
    async (stream) => {
      const params = { model: 'via-openai', max_tokens: 100, messages };
      const message = stream
        ? await anthropic.messages.stream(params).finalMessage()
        : await anthropic.messages.create(params);
      expect(message.usage).toMatchObject({
        input_tokens: 30,
        cache_read_input_tokens: 20,
        output_tokens: 9,
      });
    },
  );

  it.each([false, true])(
    'gemini client ← anthropic upstream (stream: %s): usageMetadata with cachedContentTokenCount',
    async (stream) => {
      const params = { model: 'via-anthropic', contents: 'hi' };
      let metadata;
      if (stream) {
        for await (const chunk of await gemini.models.generateContentStream(params)) {
          metadata = chunk.usageMetadata ?? metadata;
        }
      } else {
        metadata = (await gemini.models.generateContent(params)).usageMetadata;
      }
      expect(metadata).toMatchObject({
        promptTokenCount: 45,
        candidatesTokenCount: 6,
        totalTokenCount: 51,
        cachedContentTokenCount: 30,
      });
    },
  );

  it('openai client ← gemini upstream: cachedContentTokenCount becomes cached_tokens', async () => {
    const completion = await openai.chat.completions.create({ model: 'via-gemini', messages });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 40,
      completion_tokens: 8,
      prompt_tokens_details: { cached_tokens: 25 },
    });
  });
});
