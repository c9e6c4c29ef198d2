import { InvalidRequestError } from '../common/errors/gateway-error';
import type { ApiFamily, UpstreamOperation } from './endpoints';
import {
  geminiEmbedRequestToOpenAI,
  geminiEmbeddingsToOpenAIResponse,
  openAIEmbeddingsToGeminiRequest,
  openAIEmbeddingsToGeminiResponse,
} from './gemini';

type Json = Record<string, unknown>;

/** An embeddings request from a client, in its own API. */
export interface EmbeddingsRequest {
  family: 'openai' | 'gemini';
  body: Json;
  /** The logical model the client asked for. */
  model: string;
  /** Gemini: batchEmbedContents (true) or embedContent (false). */
  batch: boolean;
}

/** How to call one provider for it, and how to turn the answer back into the client's API. */
export interface EmbeddingsExchange {
  operation: UpstreamOperation;
  body: string;
  /** The upstream's JSON answer → the client's JSON answer. */
  convertResponse(upstream: unknown): unknown;
  /** Prompt tokens of the answer (reported, or estimated at ~4 characters per token). */
  promptTokens(upstream: unknown): number;
}

function textChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + textChars(v), 0);
  if (value && typeof value === 'object') {
    return Object.entries(value).reduce(
      (n, [k, v]) =>
        n +
        (k === 'text' || k === 'parts' || k === 'content' || k === 'requests' ? textChars(v) : 0),
      0,
    );
  }
  return 0;
}

function reportedTokens(upstream: unknown): number | null {
  const usage = (upstream as { usage?: { prompt_tokens?: unknown } } | null)?.usage;
  return typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : null;
}

/** Which provider families can embed (Anthropic has no embeddings API). */
export function canEmbed(family: ApiFamily): boolean {
  return family !== 'anthropic';
}

/**
 * Plan an embeddings call to a provider of `provider` family: passthrough when the client
 * speaks the same API (only the model changes), else OpenAI ⇄ Gemini conversion.
 */
export function embeddingsExchange(
  request: EmbeddingsRequest,
  provider: ApiFamily,
  upstreamModel: string,
): EmbeddingsExchange {
  const estimate = () =>
    Math.ceil(textChars(request.family === 'openai' ? request.body.input : request.body) / 4);
  if (provider === 'anthropic') {
    throw new InvalidRequestError(
      `Model '${request.model}' cannot embed: Anthropic has no embeddings API.`,
      'model',
    );
  }
  if (request.family === 'openai' && provider === 'openai') {
    return {
      operation: 'embeddings',
      body: JSON.stringify({ ...request.body, model: upstreamModel }),
      convertResponse: (upstream) => upstream,
      promptTokens: (upstream) => reportedTokens(upstream) ?? estimate(),
    };
  }
  if (request.family === 'openai') {
    return {
      operation: 'embeddings',
      body: JSON.stringify(openAIEmbeddingsToGeminiRequest(request.body, upstreamModel)),
      convertResponse: (upstream) =>
        geminiEmbeddingsToOpenAIResponse(upstream, request.body, request.model),
      promptTokens: estimate,
    };
  }
  if (provider === 'gemini') {
    const model = `models/${upstreamModel.replace(/^models\//, '')}`;
    const body = request.batch
      ? {
          ...request.body,
          requests: (Array.isArray(request.body.requests) ? request.body.requests : []).map(
            (r: unknown) => (r && typeof r === 'object' ? { ...r, model } : r),
          ),
        }
      : request.body;
    return {
      operation: request.batch ? 'embeddings' : 'embed_content',
      body: JSON.stringify(body),
      convertResponse: (upstream) => upstream,
      promptTokens: estimate,
    };
  }
  const openAIBody = geminiEmbedRequestToOpenAI(request.body, {
    model: upstreamModel,
    batch: request.batch,
  });
  return {
    operation: 'embeddings',
    body: JSON.stringify(openAIBody),
    convertResponse: (upstream) => openAIEmbeddingsToGeminiResponse(upstream, request.batch),
    promptTokens: (upstream) => reportedTokens(upstream) ?? estimate(),
  };
}
