import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../common/errors/gateway-error';
import type { CanonicalRequest } from '../conversion/canonical/types';
import { geminiClient } from '../conversion/gemini';
import { generateContentRequestSchema } from '../conversion/gemini/generate-request.schema';
import type { ClientCall } from '../dispatch/dispatch.types';
import type { ChatIngress } from './chat-handler.service';
import { parseBody } from './parse-body';
import { geminiStreamError } from './stream-errors';

export type GeminiMethod = 'generateContent' | 'streamGenerateContent';

/** `gemini-2.0-flash:generateContent` → model and method (Gemini puts both in the path). */
export function splitModelMethod(target: string): { model: string; method: string } {
  const at = target.lastIndexOf(':');
  if (at <= 0) {
    throw new NotFoundError(`Unknown method in '${target}': expected {model}:{method}.`);
  }
  return { model: decodeURIComponent(target.slice(0, at)), method: target.slice(at + 1) };
}

/** POST /v1beta/models/{model}:generateContent and :streamGenerateContent (?alt=sse or JSON array). */
export function geminiIngress(model: string, method: GeminiMethod, sse: boolean): ChatIngress {
  return {
    endpoint: `/v1beta/models:${method}`,
    framing: sse ? 'sse' : 'json-array',
    build(request: FastifyRequest) {
      const modelName = model.replace(/^models\//, '');
      const stream = method === 'streamGenerateContent';
      const body = parseBody(generateContentRequestSchema, request.body);
      let canonical: CanonicalRequest | undefined;
      const call: ClientCall = {
        api: 'gemini',
        family: 'gemini',
        adapter: geminiClient,
        body,
        stream,
        // Converted only for a non-Gemini target (see anthropic-messages.ingress.ts).
        canonical: () =>
          (canonical ??= geminiClient.parseRequest(body, { pathModel: model, pathStream: stream })),
        responseContext: () => ({ model: modelName, request: call.canonical() }),
        // Gemini names the model and streaming in the URL: the body passes through unchanged.
        passthroughBody: (_model, _stream, given) => JSON.stringify(given),
        streamError: geminiStreamError,
      };
      return { modelName, call };
    },
  };
}
