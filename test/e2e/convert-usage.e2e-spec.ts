import type OpenAI from 'openai';
import { DEFAULT_MODELS, useConversionRig } from '../support/conversion-rig';
import { newRequestId, requestIdHeader } from '../support/sdks';
import { usageRowFor } from '../support/usage';

/**
 * Token counts as each SDK reports them after conversion, cached tokens included: OpenAI and
 * Gemini count cached tokens inside the prompt, Anthropic's input_tokens leaves them out.
 */

describe('token counts the client sees after conversion', () => {
  const rig = useConversionRig({
    keyName: 'usage',
    models: {
      ...DEFAULT_MODELS,
      // Anthropic's prices: cache reads at a tenth of input, cache writes at 1.25×.
      'via-anthropic': [
        {
          provider: 'p-anthropic',
          model: 'claude-up',
          price: { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 },
        },
      ],
    },
    fakes: {
      // 50 prompt tokens of which 20 cached.
      openai: {
        behaviour: { usage: { prompt_tokens: 50, completion_tokens: 9, cached_tokens: 20 } },
      },
      // 10 new + 30 read from cache + 5 written to cache = 45 prompt tokens.
      anthropic: {
        behaviour: {
          usage: {
            input_tokens: 10,
            output_tokens: 6,
            cache_read_input_tokens: 30,
            cache_creation_input_tokens: 5,
          },
        },
      },
      gemini: {
        behaviour: {
          usage: { promptTokenCount: 40, candidatesTokenCount: 8, cachedContentTokenCount: 25 },
        },
      },
    },
  });

  const messages = [{ role: 'user' as const, content: 'hi' }];

  it.each([false, true])(
    'openai client ← anthropic upstream (stream: %s): prompt includes cache reads and writes',
    async (stream) => {
      const requestId = newRequestId('usage-openai-anthropic');
      let usage: OpenAI.CompletionUsage | null | undefined;
      if (stream) {
        const chunks = await rig.sdks.openai.chat.completions.create(
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
        const completion = await rig.sdks.openai.chat.completions.create(
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
      const row = await usageRowFor(rig.gateway.db, requestId);
      expect(row).toMatchObject({ prompt_tokens: 45, completion_tokens: 6, cached_tokens: 30 });
      // 10 × $3 + 30 read × $0.30 + 5 written × $3.75 + 6 × $15, per million.
      expect(Number(row.cost_usd)).toBeCloseTo(147.75e-6, 12);
    },
  );

  it.each([false, true])(
    'anthropic client ← openai upstream (stream: %s): input_tokens leaves out the cached part',
    async (stream) => {
      const params = { model: 'via-openai', max_tokens: 100, messages };
      const message = stream
        ? await rig.sdks.anthropic.messages.stream(params).finalMessage()
        : await rig.sdks.anthropic.messages.create(params);
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
        for await (const chunk of await rig.sdks.gemini.models.generateContentStream(params)) {
          metadata = chunk.usageMetadata ?? metadata;
        }
      } else {
        metadata = (await rig.sdks.gemini.models.generateContent(params)).usageMetadata;
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
    const completion = await rig.sdks.openai.chat.completions.create({
      model: 'via-gemini',
      messages,
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 40,
      completion_tokens: 8,
      prompt_tokens_details: { cached_tokens: 25 },
    });
  });
});
