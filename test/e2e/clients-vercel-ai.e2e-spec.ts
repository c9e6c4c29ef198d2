import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  EmbeddingModel,
  embedMany,
  generateText,
  LanguageModel,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { z } from 'zod';
import {
  ANSWERS,
  chatModel,
  EMBEDDING_FORMATS,
  embedModel,
  expectedEmbedding,
  FINAL_TEXT,
  TARGET_FORMATS,
  useClientMatrix,
  WEATHER_TOOL,
} from '../support/client-matrix';

/**
 * The Vercel AI SDK (`ai` and its providers) against the gateway, through a target of every
 * provider format. The providers are configured as their users configure them for a gateway:
 * baseURL and apiKey only; every call passes maxRetries: 0 so a failure shows at once.
 * (@ai-sdk/openai-compatible asks for stream usage only with `includeUsage: true`.)
 */

// The SDK warns (on stderr) that it does not know the gateway's model names; that is expected.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

type Client = 'openai chat' | 'openai responses' | 'anthropic' | 'google' | 'openai-compatible';
const CLIENTS: Client[] = [
  'openai chat',
  'openai responses',
  'anthropic',
  'google',
  'openai-compatible',
];
const EMBEDDING_CLIENTS = ['openai', 'google', 'openai-compatible'] as const;
type EmbeddingClient = (typeof EMBEDDING_CLIENTS)[number];

describe('Vercel AI SDK clients through every provider format', () => {
  const matrix = useClientMatrix('vercel-ai');
  const { rig } = matrix;

  function providers() {
    const apiKey = rig.key;
    const v1 = `${rig.gateway.baseUrl}/v1`;
    return {
      openai: createOpenAI({ baseURL: v1, apiKey }),
      anthropic: createAnthropic({ baseURL: v1, apiKey }),
      google: createGoogleGenerativeAI({ baseURL: `${rig.gateway.baseUrl}/v1beta`, apiKey }),
      compatible: createOpenAICompatible({
        name: 'switchboard',
        baseURL: v1,
        apiKey,
        includeUsage: true,
      }),
    };
  }

  function languageModel(client: Client, model: string): LanguageModel {
    const p = providers();
    switch (client) {
      case 'openai chat':
        return p.openai.chat(model);
      case 'openai responses':
        // What `openai(model)` gives: the Responses API.
        return p.openai(model);
      case 'anthropic':
        return p.anthropic(model);
      case 'google':
        return p.google(model);
      case 'openai-compatible':
        return p.compatible(model);
    }
  }

  function embeddingModel(client: EmbeddingClient, model: string): EmbeddingModel {
    const p = providers();
    if (client === 'openai') return p.openai.embedding(model);
    if (client === 'google') return p.google.embedding(model);
    return p.compatible.embeddingModel(model);
  }

  /** The cities the tool was called for, in this test. */
  let executed: string[] = [];
  beforeEach(() => {
    executed = [];
  });
  const weather = tool({
    description: WEATHER_TOOL.description,
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      executed.push(city);
      return WEATHER_TOOL.result;
    },
  });

  const cells = CLIENTS.flatMap((client) =>
    TARGET_FORMATS.map((format) => [client, format] as const),
  );

  describe.each(cells)('%s client → %s target', (client, format) => {
    const model = () => languageModel(client, chatModel(format));
    const answer = ANSWERS[format];

    it('generateText: the text and the upstream token counts', async () => {
      const result = await generateText({ model: model(), prompt: 'Say hello', maxRetries: 0 });
      expect(result.text).toBe(answer.text);
      expect(result.finishReason).toBe('stop');
      expect(result.usage).toMatchObject({
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
      });
    });

    it('streamText: the text and the upstream token counts', async () => {
      const errors: unknown[] = [];
      const result = streamText({
        model: model(),
        prompt: 'Say hello',
        maxRetries: 0,
        onError: ({ error }) => void errors.push(error),
      });
      const pieces: string[] = [];
      for await (const piece of result.textStream) pieces.push(piece);
      expect(errors).toEqual([]);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(answer.text);
      expect(await result.finishReason).toBe('stop');
      expect(await result.usage).toMatchObject({
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
      });
    });

    it.each(['generateText', 'streamText'])(
      '%s: a tool call, its result sent back, then the answer',
      async (mode) => {
        matrix.answerWithToolCall(format);
        const options = {
          model: model(),
          prompt: 'What is the weather in Paris?',
          tools: { [WEATHER_TOOL.name]: weather },
          stopWhen: stepCountIs(2),
          maxRetries: 0,
        };
        let text: string;
        let steps: Awaited<ReturnType<typeof generateText>>['steps'];
        if (mode === 'generateText') {
          ({ text, steps } = await generateText(options));
        } else {
          const errors: unknown[] = [];
          const result = streamText({
            ...options,
            onError: ({ error }) => void errors.push(error),
          });
          text = await result.text;
          steps = await result.steps;
          expect(errors).toEqual([]);
        }
        expect(executed).toEqual([WEATHER_TOOL.call.city]);
        expect(steps).toHaveLength(2);
        expect(steps[0].finishReason).toBe('tool-calls');
        expect(steps[0].toolCalls).toEqual([
          expect.objectContaining({ toolName: WEATHER_TOOL.name, input: WEATHER_TOOL.call }),
        ]);
        expect(steps[0].toolResults).toEqual([
          expect.objectContaining({ toolName: WEATHER_TOOL.name, output: WEATHER_TOOL.result }),
        ]);
        expect(text).toBe(FINAL_TEXT);
        expect(matrix.chatRequests(format)).toHaveLength(2);
      },
    );
  });

  const embeddingCells = EMBEDDING_CLIENTS.flatMap((client) =>
    TARGET_FORMATS.map((format) => [client, format] as const),
  );

  it.each(embeddingCells)('embedMany: %s client → %s target', async (client, format) => {
    const values = ['alpha', 'beta'];
    const run = embedMany({
      model: embeddingModel(client, embedModel(format)),
      values,
      maxRetries: 0,
    });
    if (!EMBEDDING_FORMATS.includes(format)) {
      // Anthropic has no embeddings: a 400 whose message says why.
      const error = await run.catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 400 });
      expect((error as APICallError).message).toMatch(/cannot serve embeddings/);
      return;
    }
    const { embeddings } = await run;
    expect(embeddings).toEqual(values.map((v) => expectedEmbedding(format, v)));
  });
});
