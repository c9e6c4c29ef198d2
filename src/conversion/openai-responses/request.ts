/**
 * Responses API requests (POST /v1/responses) from a client → canonical. Pure.
 *
 * The gateway stores no responses, so every request must carry the whole conversation:
 * parameters that point at state kept on OpenAI's side are refused rather than ignored, and
 * `store` is ignored (nothing is kept either way).
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseBody } from '../../ingress/parse-body';
import type { CanonicalRequest, ResponseFormat, ToolDefinition } from '../canonical/types';
import { compact } from '../openai/json';
import { parseInput } from './input';
import { OPENAI_REASONING_EFFORTS } from '../openai/request';
import { type ResponsesRequest, responsesRequestSchema } from './responses-request.schema';

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

function toolChoiceOf(choice: ResponsesRequest['tool_choice']): CanonicalRequest['toolChoice'] {
  if (choice == null) return undefined;
  return typeof choice === 'string' ? { type: choice } : { type: 'tool', name: choice.name };
}

/** A client's Responses API body → canonical. Throws InvalidRequestError naming the param. */
export function parseResponsesRequest(body: unknown): CanonicalRequest {
  const request = parseBody(responsesRequestSchema, body);
  refuseStatefulParameters(request);
  const effort = request.reasoning?.effort
    ? OPENAI_REASONING_EFFORTS[request.reasoning.effort]
    : undefined;
  return compact<CanonicalRequest>({
    model: request.model,
    ...parseInput(request.instructions, request.input),
    tools: request.tools?.map((tool) =>
      compact<ToolDefinition>({
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters ?? { type: 'object', properties: {} },
      }),
    ),
    toolChoice: toolChoiceOf(request.tool_choice),
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
