/**
 * The Gemini generateContent format (Gemini API v1beta) as a client format (ingress) and as a
 * provider format (egress), plus embeddings converters to and from the OpenAI format.
 */
import type { ClientAdapter, ProviderAdapter } from '../canonical/adapters';
import { parseGeminiError } from './errors';
import { buildGenerateContentRequest, parseGenerateContentRequest } from './request';
import { encodeGenerateContentResponse, parseGenerateContentResponse } from './response';
import { GeminiStreamDecoder, GeminiStreamEncoder } from './stream';

export const geminiClient: ClientAdapter = {
  parseRequest: parseGenerateContentRequest,
  encodeResponse: encodeGenerateContentResponse,
  createStreamEncoder: (context) => new GeminiStreamEncoder(context),
};

export const geminiProvider: ProviderAdapter = {
  hostedTools: ['web_search'],
  // The upstream model goes in the URL (conversion/endpoints.ts), not in the body.
  buildRequest: (request) => ({ ...buildGenerateContentRequest(request) }),
  parseResponse: parseGenerateContentResponse,
  createStreamDecoder: () => new GeminiStreamDecoder(),
  parseError: parseGeminiError,
};

export {
  GEMINI_MAX_BATCH,
  base64ToFloats,
  floatsToBase64,
  geminiEmbedRequestToOpenAI,
  geminiEmbeddingsToOpenAIResponse,
  openAIEmbeddingsToGeminiRequest,
  openAIEmbeddingsToGeminiResponse,
} from './embeddings';
export type {
  GeminiBatchEmbedRequest,
  GeminiEmbedResponse,
  OpenAIEmbeddingsRequestBody,
  OpenAIEmbeddingsResponse,
} from './embeddings';
export { geminiErrorBody, parseGeminiError } from './errors';
