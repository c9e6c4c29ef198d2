import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import {
  AIMessage,
  AIMessageChunk,
  BaseMessage,
  HumanMessage,
  UsageMetadata,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import {
  ANSWERS,
  chatModel,
  FINAL_TEXT,
  TARGET_FORMATS,
  useClientMatrix,
  WEATHER_TOOL,
} from '../support/client-matrix';

/**
 * LangChain JS chat models against the gateway, through a target of every provider format. The
 * models are configured as their users configure them for a gateway: base URL and API key, and
 * maxRetries: 0 so that a failure shows at once; everything else on its defaults (ChatOpenAI
 * asks for stream usage by default, ChatAnthropic reads it from message_start/message_delta).
 */

type Client = 'ChatOpenAI' | 'ChatOpenAI (Responses API)' | 'ChatAnthropic';
const CLIENTS: Client[] = ['ChatOpenAI', 'ChatOpenAI (Responses API)', 'ChatAnthropic'];

describe('LangChain JS chat models through every provider format', () => {
  const matrix = useClientMatrix('langchain');
  const { rig } = matrix;

  function chat(client: Client, model: string): BaseChatModel {
    const apiKey = rig.key;
    if (client === 'ChatAnthropic') {
      return new ChatAnthropic({
        model,
        apiKey,
        anthropicApiUrl: rig.gateway.baseUrl,
        maxRetries: 0,
      });
    }
    return new ChatOpenAI({
      model,
      apiKey,
      configuration: { baseURL: `${rig.gateway.baseUrl}/v1` },
      maxRetries: 0,
      ...(client === 'ChatOpenAI (Responses API)' ? { useResponsesApi: true } : {}),
    });
  }

  /** The whole streamed answer: its chunks concatenated, as LangChain users do. */
  async function streamed(
    model: Pick<BaseChatModel, 'stream'>,
    messages: BaseMessage[],
  ): Promise<{ message: AIMessageChunk; chunks: number }> {
    let message: AIMessageChunk | undefined;
    let chunks = 0;
    for await (const chunk of await model.stream(messages)) {
      message = message ? message.concat(chunk) : chunk;
      chunks += 1;
    }
    if (!message) throw new Error('the stream ended without a chunk');
    return { message, chunks };
  }

  const weather = tool(async () => JSON.stringify(WEATHER_TOOL.result), {
    name: WEATHER_TOOL.name,
    description: WEATHER_TOOL.description,
    schema: z.object({ city: z.string() }),
  });

  const cells = CLIENTS.flatMap((client) =>
    TARGET_FORMATS.map((format) => [client, format] as const),
  );

  describe.each(cells)('%s → %s target', (client, format) => {
    const answer = ANSWERS[format];

    /**
     * usage_metadata as the client must show it: the upstream's counts. Two things differ for
     * ChatAnthropic streams, which read input tokens from message_start only, and add
     * message_start's output_tokens to message_delta's (cumulative) ones:
     * - an OpenAI stream sends its usage last, so message_start carries the gateway's own count
     *   of the prompt (> 0, not the upstream's number); Anthropic and Gemini send theirs first;
     * - Anthropic's message_start says output_tokens: 1 (the fake too), so LangChain shows one
     *   more output token than Anthropic counted: its behaviour against the real API as well.
     */
    function expectUsage(usage: UsageMetadata | undefined, streamedAnswer: boolean) {
      const anthropicStream = client === 'ChatAnthropic' && streamedAnswer;
      const estimated = anthropicStream && (format === 'openai' || format === 'azure');
      const output = answer.outputTokens + (anthropicStream && format === 'anthropic' ? 1 : 0);
      const input = estimated ? usage?.input_tokens : answer.inputTokens;
      expect(usage).toEqual(
        expect.objectContaining({
          input_tokens: input,
          output_tokens: output,
          total_tokens: (input ?? 0) + output,
        }),
      );
      expect(usage?.input_tokens).toBeGreaterThan(0);
    }

    it('invoke: the text and usage_metadata with the upstream token counts', async () => {
      const message = await chat(client, chatModel(format)).invoke([new HumanMessage('Say hello')]);
      expect(message.text).toBe(answer.text);
      expectUsage(message.usage_metadata, false);
    });

    it('stream: the text and usage_metadata with the upstream token counts', async () => {
      const { message, chunks } = await streamed(chat(client, chatModel(format)), [
        new HumanMessage('Say hello'),
      ]);
      expect(chunks).toBeGreaterThan(1);
      expect(message.text).toBe(answer.text);
      expectUsage(message.usage_metadata, true);
    });

    it.each(['invoke', 'stream'])(
      'bindTools, %s: a tool call, its ToolMessage sent back, then the answer',
      async (mode) => {
        matrix.answerWithToolCall(format);
        const model = chat(client, chatModel(format)).bindTools!([weather]);
        const ask = async (messages: BaseMessage[]): Promise<AIMessage> =>
          mode === 'invoke' ? model.invoke(messages) : (await streamed(model, messages)).message;

        const human = new HumanMessage('What is the weather in Paris?');
        const first = await ask([human]);
        expect(first.tool_calls).toEqual([
          expect.objectContaining({ name: WEATHER_TOOL.name, args: WEATHER_TOOL.call }),
        ]);
        const call = first.tool_calls![0];
        expect(call.id).toEqual(expect.any(String));
        const result = await weather.invoke({ ...call, type: 'tool_call' });
        const second = await ask([human, first, result]);

        expect(second.text).toBe(FINAL_TEXT);
        expect(second.tool_calls ?? []).toEqual([]);
        expectUsage(second.usage_metadata, mode === 'stream');
        expect(matrix.chatRequests(format)).toHaveLength(2);
      },
    );
  });
});
