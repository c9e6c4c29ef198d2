/**
 * OpenAI chat requests: a client body → canonical (`parseChatRequest`), and canonical → the
 * body sent to an OpenAI-format upstream (`buildChatRequest`). Pure.
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseBody } from '../../ingress/parse-body';
import type { UpstreamOptions } from '../canonical/adapters';
import type {
  CanonicalRequest,
  ReasoningEffort,
  ResponseFormat,
  ToolDefinition,
} from '../canonical/types';
import {
  type ConvertibleChatRequest,
  convertibleChatRequestSchema,
} from './convertible-request.schema';
import { compact } from './json';
import { buildMessages, parseMessages } from './messages';
import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAIToolChoice } from './types';

/** Canonical effort for OpenAI's: 'none' means the target's default, the top levels 'high'. */
export const OPENAI_REASONING_EFFORTS: Record<string, ReasoningEffort | undefined> = {
  none: undefined,
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

function responseFormatOf(
  format: ConvertibleChatRequest['response_format'],
): CanonicalRequest['responseFormat'] {
  if (!format) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, schema, strict } = format.json_schema;
  return compact<ResponseFormat>({ type: 'json_schema', name, schema: schema ?? {}, strict });
}

/** A client's OpenAI chat body → canonical. Throws InvalidRequestError naming the param. */
export function parseChatRequest(body: unknown): CanonicalRequest {
  const chat = parseBody(convertibleChatRequestSchema, body);
  if (chat.n != null && chat.n > 1) {
    throw new InvalidRequestError(
      "'n' > 1 is only supported when the target speaks OpenAI; this model is served by " +
        'another format, which returns one choice.',
      'n',
      'unsupported_parameter',
    );
  }
  const choice = chat.tool_choice;
  const effort = chat.reasoning_effort
    ? OPENAI_REASONING_EFFORTS[chat.reasoning_effort]
    : undefined;
  return compact<CanonicalRequest>({
    model: chat.model,
    ...parseMessages(chat.messages),
    tools: chat.tools?.map((tool) =>
      compact<ToolDefinition>({
        name: tool.function.name,
        description: tool.function.description,
        parameters: tool.function.parameters ?? { type: 'object', properties: {} },
      }),
    ),
    toolChoice:
      choice == null
        ? undefined
        : typeof choice === 'string'
          ? { type: choice }
          : { type: 'tool', name: choice.function.name },
    parallelToolCalls: chat.parallel_tool_calls,
    maxTokens: chat.max_completion_tokens ?? chat.max_tokens,
    temperature: chat.temperature,
    topP: chat.top_p,
    stop: chat.stop,
    responseFormat: responseFormatOf(chat.response_format),
    reasoning: effort ? { effort } : undefined,
    stream: chat.stream === true,
    user: chat.user,
    seed: chat.seed,
    presencePenalty: chat.presence_penalty,
    frequencyPenalty: chat.frequency_penalty,
  });
}

function responseFormatFor(format: CanonicalRequest['responseFormat']) {
  if (!format || format.type !== 'json_schema') return format;
  const { name, schema, strict } = format;
  // OpenAI requires a name; formats without one (Gemini's responseSchema) get a neutral one.
  const jsonSchema = compact({ name: name ?? 'response', schema, strict });
  return { type: 'json_schema', json_schema: jsonSchema } satisfies OpenAIResponseFormat;
}

function toolChoiceFor(choice: CanonicalRequest['toolChoice']): OpenAIToolChoice | undefined {
  if (!choice) return undefined;
  return choice.type === 'tool'
    ? { type: 'function', function: { name: choice.name } }
    : choice.type;
}

/** Canonical → the body for an OpenAI-format upstream (OpenAI, Azure, compatible resellers). */
export function buildChatRequest(
  request: CanonicalRequest,
  upstreamModel: string,
  provider: UpstreamOptions = { maxTokensField: 'max_tokens' },
): OpenAIChatRequest {
  const hasTools = (request.tools?.length ?? 0) > 0;
  return compact<OpenAIChatRequest>({
    model: upstreamModel,
    messages: buildMessages(request),
    tools: hasTools
      ? request.tools?.map((t) => ({
          type: 'function',
          function: compact({ name: t.name, description: t.description, parameters: t.parameters }),
        }))
      : undefined,
    // OpenAI rejects tool_choice and parallel_tool_calls without tools.
    tool_choice: hasTools ? toolChoiceFor(request.toolChoice) : undefined,
    parallel_tool_calls: hasTools ? request.parallelToolCalls : undefined,
    // Which field, is the provider's setting: OpenAI's reasoning models take only
    // max_completion_tokens, many OpenAI-compatible servers only max_tokens.
    [provider.maxTokensField]: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop?.length ? request.stop : undefined,
    seed: request.seed,
    presence_penalty: request.presencePenalty,
    frequency_penalty: request.frequencyPenalty,
    user: request.user,
    reasoning_effort: request.reasoning?.effort,
    response_format: responseFormatFor(request.responseFormat),
    stream: request.stream,
    // The gateway accounts every stream: ask for the final usage chunk.
    stream_options: request.stream ? { include_usage: true } : undefined,
  });
}
