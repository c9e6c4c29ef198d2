import { InvalidRequestError } from '../common/errors/gateway-error';
import { countPromptTokens } from '../conversion/canonical/token-count';
import { geminiClient } from '../conversion/gemini';
import { generateContentRequestSchema } from '../conversion/gemini/generate-request.schema';
import { parseBody } from './parse-body';

/**
 * `POST /v1beta/models/{model}:countTokens`: the gateway's own count of the prompt (o200k
 * tokenizer, as for routing and Anthropic's count_tokens: exact for OpenAI models, an estimate
 * for others). The body is `{ contents }` or `{ generateContentRequest: {...} }` (which may
 * add a system instruction and tools), as in the Gemini API.
 */
export function countGeminiTokens(model: string, body: unknown): { totalTokens: number } {
  const wrapped = (body as { generateContentRequest?: unknown } | null)?.generateContentRequest;
  if (wrapped !== undefined && (wrapped === null || typeof wrapped !== 'object')) {
    throw new InvalidRequestError(
      "'generateContentRequest' must be an object.",
      'generateContentRequest',
    );
  }
  const request = parseBody(generateContentRequestSchema, wrapped ?? body);
  const canonical = geminiClient.parseRequest(request, { pathModel: model, pathStream: false });
  return { totalTokens: countPromptTokens(canonical) };
}
