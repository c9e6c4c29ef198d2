/**
 * Responses API requests (POST /v1/responses) from a client → canonical. Pure.
 *
 * The gateway stores no responses, so every request must carry the whole conversation:
 * parameters that point at state kept on OpenAI's side are refused rather than ignored, and
 * `store` is ignored (nothing is kept either way).
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseBody } from '../../ingress/parse-body';
import type { CanonicalRequest, ResponseFormat } from '../canonical/types';
import { compact } from '../openai/json';
import { parseInput } from './input';
import { OPENAI_REASONING_EFFORTS } from '../openai/request';
import { type ResponsesRequest, responsesRequestSchema } from './responses-request.schema';
import { convertTools, toolChoiceOf } from './tools';
import type { ResponsesTool } from './tools-schema';

const STATELESS = 'this gateway stores no responses, so send the whole conversation in `input`';

/** Parameters that need state kept on OpenAI's side: refused when set (to anything but false). */
const STATEFUL: Record<string, string> = {
  previous_response_id: `'previous_response_id' is not supported: ${STATELESS}.`,
  conversation: `'conversation' is not supported: ${STATELESS}.`,
  prompt: "'prompt' (stored prompt templates) is not supported by this gateway.",
  background: "'background' mode is not supported: this gateway stores no responses.",
};

function refuseStatefulParameters(body: Record<string, unknown>): void {
  for (const [param, message] of Object.entries(STATEFUL)) {
    const value = body[param];
    if (value != null && value !== false) {
      throw new InvalidRequestError(message, param, 'unsupported_parameter');
    }
  }
}

function responseFormatOf(text: ResponsesRequest['text']): CanonicalRequest['responseFormat'] {
  const format = text?.format;
  if (!format) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, schema, strict } = format;
  return compact<ResponseFormat>({ type: 'json_schema', name, schema: schema ?? {}, strict });
}

/** A client's Responses API body → canonical. Throws InvalidRequestError naming the param. */
export function parseResponsesRequest(body: unknown): CanonicalRequest {
  const request = parseBody(responsesRequestSchema, body);
  refuseStatefulParameters(request);
  const effort = request.reasoning?.effort
    ? OPENAI_REASONING_EFFORTS[request.reasoning.effort]
    : undefined;
  const { tools, hostedTools, unsupportedTools, names } = convertTools([
    request.tools ?? [],
    ...request.input.flatMap((item) =>
      item.type === 'additional_tools' ? [item.tools as ResponsesTool[]] : [],
    ),
  ]);
  return compact<CanonicalRequest>({
    model: request.model,
    ...parseInput(request.instructions, request.input, names),
    tools: tools.length > 0 ? tools : undefined,
    hostedTools: hostedTools.length > 0 ? hostedTools : undefined,
    unsupportedTools: unsupportedTools.length > 0 ? unsupportedTools : undefined,
    toolChoice: toolChoiceOf(request.tool_choice, { names, unsupportedTools }),
    parallelToolCalls: request.parallel_tool_calls,
    maxTokens: request.max_output_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    responseFormat: responseFormatOf(request.text),
    reasoning: effort ? { effort } : undefined,
    stream: request.stream === true,
    // `safety_identifier` is the newer name for what `user` did.
    user: request.user ?? request.safety_identifier,
  });
}
