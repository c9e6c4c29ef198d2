/**
 * generateContent requests: a Gemini client's body → canonical (`parseGenerateContentRequest`)
 * and canonical → the body sent to the Gemini API (`buildGenerateContentRequest`). The model
 * and streaming are in the URL, not the body.
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { ClientRequestContext } from '../canonical/adapters';
import type { CanonicalRequest, TextPart } from '../canonical/types';
import {
  buildGenerationConfig,
  buildToolConfig,
  buildTools,
  parseGenerationConfig,
  parseToolChoice,
  parseTools,
} from './config';
import { buildContents, parseContents } from './contents';
import { arrayField, field, isObject, stringField } from './fields';
import type { GeminiGenerateContentRequest } from './types';

function parseSystem(value: unknown): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!isObject(value))
    throw new InvalidRequestError('Invalid systemInstruction.', 'systemInstruction');
  return arrayField(value, 'parts').map((part, j) => {
    const text = isObject(part) ? stringField(part, 'text') : undefined;
    if (text === undefined) {
      const param = `systemInstruction.parts[${j}]`;
      throw new InvalidRequestError(`Only text parts are supported in ${param}.`, param);
    }
    return { type: 'text', text };
  });
}

export function parseGenerateContentRequest(
  body: unknown,
  context: ClientRequestContext,
): CanonicalRequest {
  if (!isObject(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  const model = (context.pathModel ?? '').replace(/^models\//, '');
  if (!model) throw new InvalidRequestError('The model is missing from the path.', 'model');
  const contents = field(body, 'contents');
  if (!Array.isArray(contents) || contents.length === 0) {
    throw new InvalidRequestError(
      'contents must be a non-empty array of Content objects.',
      'contents',
    );
  }
  if (field(body, 'cachedContent') !== undefined) {
    throw new InvalidRequestError(
      "'cachedContent' is not supported by this gateway yet.",
      'cachedContent',
    );
  }
  const tools = parseTools(body);
  const toolChoice = parseToolChoice(body);
  return {
    model,
    system: parseSystem(field(body, 'systemInstruction')),
    messages: parseContents(contents),
    ...tools,
    ...(toolChoice ? { toolChoice } : {}),
    ...parseGenerationConfig(body),
    stream: context.pathStream ?? false,
  };
}

/**
 * The generateContent body for the Gemini API. Function call ids are never sent: the API
 * refuses `id` in functionCall and functionResponse ("Unknown name \"id\"") and pairs a
 * response with its call by name and order.
 */
export function buildGenerateContentRequest(
  request: CanonicalRequest,
): GeminiGenerateContentRequest {
  const body: GeminiGenerateContentRequest = { contents: buildContents(request.messages) };
  if (request.system.length > 0) {
    body.systemInstruction = { parts: request.system.map((part) => ({ text: part.text })) };
  }
  if (request.tools?.length) {
    body.tools = buildTools(request.tools);
    if (request.toolChoice) body.toolConfig = buildToolConfig(request.toolChoice);
  }
  // A hosted web search is Gemini's Google Search grounding.
  if (request.hostedTools?.some((tool) => tool.type === 'web_search')) {
    body.tools = [...(body.tools ?? []), { googleSearch: {} }];
  }
  const generationConfig = buildGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  return body;
}
