/**
 * Legacy completions requests (POST /v1/completions) from a client → canonical. Pure.
 *
 * The gateway's targets are chat models: the prompt becomes one user message, so the model
 * answers it rather than continuing it as a base model would. Parameters only a text
 * completion model can honour are refused when set to anything but their defaults.
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import { parseBody } from '../../ingress/parse-body';
import type { CanonicalRequest } from '../canonical/types';
import { compact } from '../openai/json';
import { type CompletionsRequest, completionsRequestSchema } from './completions-request.schema';

const CHAT_MODELS = 'completions are answered by chat models here';

/** The first parameter set to a value only a text completion model honours, and why. */
function unsupportedParameter(request: CompletionsRequest): [param: string, why: string] | null {
  if (request.suffix) return ['suffix', `${CHAT_MODELS}, which cannot fill in text`];
  if (request.echo) return ['echo', `${CHAT_MODELS}, which cannot echo the prompt`];
  if (request.logprobs != null) return ['logprobs', 'log probabilities are not carried through'];
  if ((request.best_of ?? 1) > 1) return ['best_of', `${CHAT_MODELS}, which return one answer`];
  if ((request.n ?? 1) > 1) return ['n', `${CHAT_MODELS}, which return one answer`];
  return null;
}

/** A client's completions body → canonical. Throws InvalidRequestError naming the param. */
export function parseCompletionsRequest(body: unknown): CanonicalRequest {
  const request = parseBody(completionsRequestSchema, body);
  const unsupported = unsupportedParameter(request);
  if (unsupported) {
    const [param, why] = unsupported;
    const message = `'${param}' is not supported by this gateway: ${why}.`;
    throw new InvalidRequestError(message, param, 'unsupported_parameter');
  }
  return compact<CanonicalRequest>({
    model: request.model,
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: request.prompt }] }],
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    stop: request.stop,
    stream: request.stream === true,
    user: request.user,
    seed: request.seed,
    presencePenalty: request.presence_penalty,
    frequencyPenalty: request.frequency_penalty,
  });
}
