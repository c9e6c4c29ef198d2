import { InvalidRequestError } from '../../common/errors/gateway-error';
import type {
  CanonicalRequest,
  ReasoningEffort,
  ResponseFormat,
  ToolChoice,
} from '../canonical/types';
import { liftLeadingSystem } from '../canonical/system-messages';
import { MIN_THINKING_BUDGET } from './request-build';
import { parseMessages, parseSystem, parseTools } from './request-content';
import {
  at,
  defined,
  invalid,
  isRecord,
  readArray,
  readBoolean,
  readNumber,
  readRecord,
  readString,
  type JsonObject,
} from './validate';

/**
 * A client's Messages request → the canonical request, checked the way Anthropic checks it:
 * each failure is a 400 naming the parameter.
 */

/** Anthropic's output_config.effort → the canonical effort (the top two levels read as high). */
const EFFORTS_FROM_ANTHROPIC: Record<string, ReasoningEffort> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

function parseToolChoice(
  body: JsonObject,
): Pick<CanonicalRequest, 'toolChoice' | 'parallelToolCalls'> {
  const raw = readRecord(body, 'tool_choice', '');
  if (!raw) return {};
  const type = readString(raw, 'type', 'tool_choice', true);
  const disableParallel = readBoolean(raw, 'disable_parallel_tool_use', 'tool_choice');
  const choices: Record<string, () => ToolChoice> = {
    auto: () => ({ type: 'auto' }),
    any: () => ({ type: 'required' }),
    none: () => ({ type: 'none' }),
    tool: () => ({ type: 'tool', name: readString(raw, 'name', 'tool_choice', true) }),
  };
  if (!Object.hasOwn(choices, type)) {
    invalid('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'");
  }
  return { toolChoice: choices[type](), ...(disableParallel ? { parallelToolCalls: false } : {}) };
}

/** thinking.display: "omitted" asks for thinking without its text (only the signature). */
function parseDisplay(thinking: JsonObject): { hideThoughts: true } | undefined {
  const display = readString(thinking, 'display', 'thinking');
  if (display !== undefined && display !== 'summarized' && display !== 'omitted') {
    invalid('thinking.display', "Input should be 'summarized' or 'omitted'");
  }
  return display === 'omitted' ? { hideThoughts: true } : undefined;
}

/**
 * thinking {enabled, budget_tokens} → a budget; adaptive thinking → an effort (output_config's,
 * else medium); disabled → no reasoning; display "omitted" → thoughts hidden. Anthropic's rule
 * that max_tokens exceed the budget is not checked: interleaved thinking lifts it, and upstream
 * Anthropic checks it anyway.
 */
function parseReasoning(body: JsonObject): CanonicalRequest['reasoning'] {
  const outputConfig = readRecord(body, 'output_config', '');
  const rawEffort = outputConfig && readString(outputConfig, 'effort', 'output_config');
  if (rawEffort !== undefined && !Object.hasOwn(EFFORTS_FROM_ANTHROPIC, rawEffort)) {
    invalid('output_config.effort', "Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
  }
  const effort = rawEffort === undefined ? undefined : EFFORTS_FROM_ANTHROPIC[rawEffort];
  const thinking = readRecord(body, 'thinking', '');
  if (!thinking) return effort ? { effort } : undefined;
  switch (readString(thinking, 'type', 'thinking', true)) {
    case 'disabled':
      return undefined;
    case 'enabled': {
      const budget = readNumber(thinking, 'budget_tokens', 'thinking', {
        integer: true,
        min: MIN_THINKING_BUDGET,
        required: true,
      });
      return { ...(effort ? { effort } : {}), budgetTokens: budget, ...parseDisplay(thinking) };
    }
    case 'adaptive':
      return { effort: effort ?? 'medium', ...parseDisplay(thinking) };
    case 'between_tools':
      return { effort: effort ?? 'medium' };
    default:
      invalid(
        'thinking.type',
        "Input should be 'enabled', 'disabled', 'adaptive' or 'between_tools'",
      );
  }
}

/** output_config.format {json_schema} → a JSON response format. */
function parseResponseFormat(body: JsonObject): ResponseFormat | undefined {
  const outputConfig = readRecord(body, 'output_config', '');
  const format = outputConfig && readRecord(outputConfig, 'format', 'output_config');
  if (!format) return undefined;
  if (format.type !== 'json_schema')
    invalid('output_config.format.type', "Input should be 'json_schema'");
  return {
    type: 'json_schema',
    schema: readRecord(format, 'schema', 'output_config.format', true),
  };
}

function parseStopSequences(body: JsonObject): string[] | undefined {
  return readArray(body, 'stop_sequences', '')?.map((s, i) =>
    typeof s === 'string' ? s : invalid(at('stop_sequences', i), 'Input should be a valid string'),
  );
}

/**
 * Tools and tool_choice. A choice that forces a server tool cannot be forced through another
 * provider (which may have it under no name, or not at all): the model may choose instead.
 */
function toolsAndChoice(body: JsonObject) {
  const tools = parseTools(body);
  const { toolChoice, ...rest } = parseToolChoice(body);
  const server = [
    ...(tools.hostedTools ?? []).map((t) => t.name),
    ...(tools.unsupportedTools ?? []),
  ];
  const forcesServerTool = toolChoice?.type === 'tool' && server.includes(toolChoice.name);
  return {
    ...tools,
    toolChoice: forcesServerTool ? { type: 'auto' as const } : toolChoice,
    ...rest,
  };
}

/** A client's POST /v1/messages body → the canonical request; a 400 naming the field if invalid. */
export function parseMessagesRequest(body: unknown): CanonicalRequest {
  if (!isRecord(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  const model = readString(body, 'model', '', true);
  if (model.length === 0) invalid('model', 'String should have at least 1 character');
  const maxTokens = readNumber(body, 'max_tokens', '', { integer: true, min: 1, required: true });
  const metadata = readRecord(body, 'metadata', '');
  return defined<CanonicalRequest>({
    model,
    ...liftLeadingSystem(parseSystem(body), parseMessages(body)),
    ...toolsAndChoice(body),
    maxTokens,
    temperature: readNumber(body, 'temperature', '', { min: 0, max: 1 }),
    topP: readNumber(body, 'top_p', '', { min: 0, max: 1 }),
    topK: readNumber(body, 'top_k', '', { integer: true, min: 0 }),
    stop: parseStopSequences(body),
    responseFormat: parseResponseFormat(body),
    reasoning: parseReasoning(body),
    stream: readBoolean(body, 'stream', '') ?? false,
    user: metadata && readString(metadata, 'user_id', 'metadata'),
  });
}
