import type { RecordedRequest } from '../fakes/fake-server';
import { fakeEmbedding } from '../fakes/gemini-upstream';
import { fakeOpenAIEmbedding } from '../fakes/openai-upstream';
import { ConversionRig, useConversionRig } from './conversion-rig';

/**
 * A gateway with one chat model and one embedding model per provider format (OpenAI, Azure,
 * Anthropic, Gemini fake upstreams), for client libraries (Vercel AI SDK, LangChain) called on
 * their defaults. Each upstream answers with its own text and token counts, so a client that
 * shows another format's numbers, or none, fails.
 */

export type TargetFormat = 'openai' | 'azure' | 'anthropic' | 'gemini';
export const TARGET_FORMATS: TargetFormat[] = ['openai', 'azure', 'anthropic', 'gemini'];
/** The formats that can serve embeddings (Anthropic has no embeddings API). */
export const EMBEDDING_FORMATS: TargetFormat[] = ['openai', 'azure', 'gemini'];

export interface Answer {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** What each upstream answers (the Azure target is the OpenAI fake under its Azure path). */
export const ANSWERS: Record<TargetFormat, Answer> = {
  openai: { text: 'Hello from the OpenAI upstream.', inputTokens: 21, outputTokens: 5 },
  azure: { text: 'Hello from the OpenAI upstream.', inputTokens: 21, outputTokens: 5 },
  anthropic: { text: 'Hello from the Anthropic upstream.', inputTokens: 31, outputTokens: 6 },
  gemini: { text: 'Hello from the Gemini upstream.', inputTokens: 41, outputTokens: 8 },
};

/** The tool of the round trips, its call (the upstream's), and its result (the client's). */
export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'The current weather in a city.',
  call: { city: 'Paris' },
  /** What the client's tool returns: the upstream answers FINAL_TEXT once it sees this. */
  result: { forecast: 'sunny-and-21C' },
} as const;
export const FINAL_TEXT = 'It is sunny and 21°C in Paris.';

/** The chat model that routes to one provider format. */
export const chatModel = (format: TargetFormat) => `chat-${format}`;
/** The embedding model that routes to one provider format. */
export const embedModel = (format: TargetFormat) => `embed-${format}`;

const UPSTREAM_CHAT: Record<TargetFormat, string> = {
  openai: 'gpt-upstream',
  azure: 'my-deployment',
  anthropic: 'claude-upstream',
  gemini: 'gemini-upstream',
};
const UPSTREAM_EMBED: Record<TargetFormat, string> = {
  openai: 'text-embedding-3-small',
  azure: 'my-embedding-deployment',
  anthropic: 'claude-upstream',
  gemini: 'text-embedding-004',
};

/** The vector the target's fake returns for `text` when the client names no dimensions. */
export function expectedEmbedding(format: TargetFormat, text: string): number[] {
  return format === 'gemini' ? fakeEmbedding(text) : fakeOpenAIEmbedding(text, 8);
}

export interface ClientMatrix {
  rig: ConversionRig;
  /** The upstream of a format answers with a tool call, then FINAL_TEXT once given its result. */
  answerWithToolCall(format: TargetFormat): void;
  /** The chat requests the upstream of a format received since the last reset. */
  chatRequests(format: TargetFormat): RecordedRequest[];
}

function fakeOf(rig: ConversionRig, format: TargetFormat) {
  return rig.fakes[format === 'azure' ? 'openai' : format];
}

/** useConversionRig() with the four targets, their answers, and the models above. */
export function useClientMatrix(keyName: string): ClientMatrix {
  const { openai, anthropic, gemini } = ANSWERS;
  const rig = useConversionRig({
    keyName,
    fakes: {
      openai: {
        behaviour: {
          content: openai.text,
          usage: { prompt_tokens: openai.inputTokens, completion_tokens: openai.outputTokens },
        },
      },
      anthropic: {
        behaviour: {
          content: anthropic.text,
          usage: { input_tokens: anthropic.inputTokens, output_tokens: anthropic.outputTokens },
        },
      },
      gemini: {
        behaviour: {
          content: gemini.text,
          usage: {
            promptTokenCount: gemini.inputTokens,
            candidatesTokenCount: gemini.outputTokens,
          },
          // As the real API: the prompt count in every chunk, from the first on.
          usageEveryChunk: true,
        },
      },
    },
    providers: {
      openai: {},
      azure: { api_version: '2024-06-01' },
      anthropic: {},
      gemini: {},
    },
    models: Object.fromEntries(
      TARGET_FORMATS.flatMap((format) => [
        [chatModel(format), [{ provider: `p-${format}`, model: UPSTREAM_CHAT[format] }]],
        [embedModel(format), [{ provider: `p-${format}`, model: UPSTREAM_EMBED[format] }]],
      ]),
    ),
  });

  return {
    rig,
    answerWithToolCall(format) {
      const call = { name: WEATHER_TOOL.name, arguments: JSON.stringify(WEATHER_TOOL.call) };
      const usage = ANSWERS[format];
      const given = (r: RecordedRequest) => r.rawBody.includes(WEATHER_TOOL.result.forecast);
      if (format === 'anthropic') {
        const u = { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens };
        rig.fakes.anthropic.behave((r) =>
          given(r) ? { content: FINAL_TEXT, usage: u } : { toolCall: call, usage: u },
        );
      } else if (format === 'gemini') {
        const u = { promptTokenCount: usage.inputTokens, candidatesTokenCount: usage.outputTokens };
        rig.fakes.gemini.behave((r) =>
          given(r)
            ? { content: FINAL_TEXT, usage: u, usageEveryChunk: true }
            : { toolCall: call, usage: u, usageEveryChunk: true },
        );
      } else {
        const u = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens };
        rig.fakes.openai.behave((r) =>
          given(r) ? { content: FINAL_TEXT, usage: u } : { toolCall: call, usage: u },
        );
      }
    },
    chatRequests: (format) => fakeOf(rig, format).chatRequests as RecordedRequest[],
  };
}
