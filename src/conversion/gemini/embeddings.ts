/**
 * Embeddings between the OpenAI format and Gemini's, both ways:
 * - an OpenAI client served by Gemini: `openAIEmbeddingsToGeminiRequest` (→ batchEmbedContents
 *   body) and `geminiEmbeddingsToOpenAIResponse`;
 * - a Gemini client (embedContent / batchEmbedContents) served by an OpenAI-format provider:
 *   `geminiEmbedRequestToOpenAI` and `openAIEmbeddingsToGeminiResponse`.
 * Requests are validated (InvalidRequestError names the field); upstream bodies that cannot be
 * read throw a plain Error.
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import { arrayField, field, isObject, objectField, stringField } from './fields';
import type { Json } from './types';

/** batchEmbedContents takes at most this many requests. */
export const GEMINI_MAX_BATCH = 100;

export type EncodingFormat = 'float' | 'base64';

export interface GeminiBatchEmbedRequest {
  requests: {
    model: string;
    content: { parts: { text: string }[] };
    outputDimensionality?: number;
  }[];
}

export interface OpenAIEmbeddingsRequestBody {
  model: string;
  input: string | string[];
  encoding_format: 'float';
  dimensions?: number;
}

export interface OpenAIEmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export type GeminiEmbedResponse =
  { embedding: { values: number[] } } | { embeddings: { values: number[] }[] };

/** Float32 little-endian bytes in base64: OpenAI's `encoding_format: "base64"`. */
export function floatsToBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

export function base64ToFloats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const values: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) values.push(bytes.readFloatLE(at));
  return values;
}

function positiveInteger(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidRequestError(`'${param}' must be a positive integer.`, param);
  }
  return value;
}

interface EmbeddingsInput {
  inputs: string[];
  dimensions?: number;
  encodingFormat: EncodingFormat;
}

/** Validate an OpenAI embeddings request body. `user` has no Gemini counterpart. */
function readOpenAIRequest(body: unknown): EmbeddingsInput {
  if (!isObject(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  const input = body.input;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InvalidRequestError(
      "'input' must be a string or a non-empty array of strings.",
      'input',
    );
  }
  if (!inputs.every((item) => typeof item === 'string')) {
    throw new InvalidRequestError(
      "Token arrays in 'input' are not supported for this model: send text.",
      'input',
    );
  }
  if (inputs.length > GEMINI_MAX_BATCH) {
    throw new InvalidRequestError(
      `At most ${GEMINI_MAX_BATCH} inputs per request are supported for this model.`,
      'input',
    );
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new InvalidRequestError(
      "'encoding_format' must be 'float' or 'base64'.",
      'encoding_format',
    );
  }
  return {
    inputs,
    dimensions: positiveInteger(body.dimensions, 'dimensions'),
    encodingFormat: format,
  };
}

/** OpenAI embeddings request → Gemini batchEmbedContents body (one request per input). */
export function openAIEmbeddingsToGeminiRequest(
  body: unknown,
  upstreamModel: string,
): GeminiBatchEmbedRequest {
  const { inputs, dimensions } = readOpenAIRequest(body);
  const model = `models/${upstreamModel.replace(/^models\//, '')}`;
  return {
    requests: inputs.map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(dimensions ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

/**
 * Gemini's {embeddings: [{values}]} → the OpenAI response, in the client's encoding. Gemini
 * reports no token count: prompt tokens are estimated as ceil(characters / 4) of the inputs.
 */
export function geminiEmbeddingsToOpenAIResponse(
  geminiBody: unknown,
  openAIRequest: unknown,
  model: string,
): OpenAIEmbeddingsResponse {
  const { inputs, encodingFormat } = readOpenAIRequest(openAIRequest);
  const embeddings = isObject(geminiBody) ? arrayField(geminiBody, 'embeddings') : [];
  if (embeddings.length !== inputs.length) {
    throw new Error(`Gemini returned ${embeddings.length} embeddings for ${inputs.length} inputs.`);
  }
  const data = embeddings.map((embedding, index) => {
    const values = isObject(embedding) ? arrayField(embedding, 'values') : [];
    if (!values.every((v) => typeof v === 'number'))
      throw new Error('Gemini returned a malformed embedding.');
    const floats = values as number[];
    return {
      object: 'embedding' as const,
      index,
      embedding: encodingFormat === 'base64' ? floatsToBase64(floats) : floats,
    };
  });
  const chars = inputs.reduce((sum, text) => sum + text.length, 0);
  const tokens = Math.ceil(chars / 4);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** The text of one Gemini embedding request's content (text parts only, joined by newlines). */
function contentText(request: Json, param: string): string {
  const content = objectField(request, 'content');
  if (!content)
    throw new InvalidRequestError(`'${param}.content' is required.`, `${param}.content`);
  return arrayField(content, 'parts')
    .map((part, j) => {
      const text = isObject(part) ? stringField(part, 'text') : undefined;
      if (text === undefined) {
        const partParam = `${param}.content.parts[${j}]`;
        throw new InvalidRequestError(`Only text can be embedded (${partParam}).`, partParam);
      }
      return text;
    })
    .join('\n');
}

/**
 * A Gemini client's embedContent (`batch` false) or batchEmbedContents body → an OpenAI
 * embeddings request naming `model`. taskType and title have no OpenAI counterpart (dropped);
 * one outputDimensionality must hold for the whole batch.
 */
export function geminiEmbedRequestToOpenAI(
  body: unknown,
  context: { model: string; batch: boolean },
): OpenAIEmbeddingsRequestBody {
  if (!isObject(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  const requests = context.batch ? field(body, 'requests') : [body];
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new InvalidRequestError("'requests' must be a non-empty array.", 'requests');
  }
  const texts: string[] = [];
  const dimensions = new Set<number | undefined>();
  requests.forEach((request: unknown, i) => {
    const param = context.batch ? `requests[${i}]` : 'request';
    if (!isObject(request)) throw new InvalidRequestError(`'${param}' must be an object.`, param);
    texts.push(contentText(request, param));
    dimensions.add(
      positiveInteger(field(request, 'outputDimensionality'), `${param}.outputDimensionality`),
    );
  });
  if (dimensions.size > 1) {
    throw new InvalidRequestError(
      'All requests of a batch must ask for the same outputDimensionality.',
      'outputDimensionality',
    );
  }
  const [size] = dimensions;
  return {
    model: context.model,
    input: context.batch ? texts : texts[0],
    encoding_format: 'float',
    ...(size ? { dimensions: size } : {}),
  };
}

/** An OpenAI embeddings response → Gemini's {embedding} (single) or {embeddings} (batch). */
export function openAIEmbeddingsToGeminiResponse(
  body: unknown,
  batch: boolean,
): GeminiEmbedResponse {
  const data = isObject(body) && Array.isArray(body.data) ? (body.data as unknown[]) : null;
  if (!data) throw new Error('The embeddings response has no data.');
  const embeddings = data
    .filter(isObject)
    .sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0))
    .map((item) => {
      const value = item.embedding;
      if (typeof value === 'string') return { values: base64ToFloats(value) };
      if (Array.isArray(value) && value.every((v) => typeof v === 'number'))
        return { values: value as number[] };
      throw new Error('The embeddings response has a malformed embedding.');
    });
  if (batch) return { embeddings };
  if (embeddings.length === 0) throw new Error('The embeddings response has no embedding.');
  return { embedding: embeddings[0] };
}
