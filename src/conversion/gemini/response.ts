/**
 * generateContent responses: the Gemini API's answer → canonical (`parseGenerateContentResponse`)
 * and canonical → the answer a Gemini client gets (`encodeGenerateContentResponse`).
 */
import { groundingSearch } from './grounding';
import type { ClientResponseContext } from '../canonical/adapters';
import type {
  CanonicalResponse,
  ContentPart,
  FinishReason,
  ResponsePart,
} from '../canonical/types';
import { arrayField, isObject, objectField, stringField } from './fields';
import { fromGeminiFinishReason, toGeminiFinishReason } from './finish-reasons';
import { canonicalToModelPart, modelPartToCanonical } from './parts';
import { CallCounter } from './tool-ids';
import { fromGeminiUsage, toGeminiUsage } from './usage';
import type { GeminiGenerateContentResponse, GeminiPart, Json } from './types';

/** The first candidate (the gateway asks for one), or undefined when there is none. */
export function firstCandidate(chunk: Json): Json | undefined {
  const candidate = arrayField(chunk, 'candidates')[0];
  return isObject(candidate) ? candidate : undefined;
}

/** A prompt Gemini refused to answer: no candidates, a blockReason. */
export function promptBlocked(chunk: Json): boolean {
  return (
    !firstCandidate(chunk) &&
    !!stringField(objectField(chunk, 'promptFeedback') ?? {}, 'blockReason')
  );
}

/** The parts of a candidate's content, as canonical parts (unknown kinds skipped). */
export function candidateParts(candidate: Json | undefined, calls: CallCounter): ContentPart[] {
  const content = candidate ? objectField(candidate, 'content') : undefined;
  const parts: ContentPart[] = [];
  for (const part of content ? arrayField(content, 'parts') : []) {
    const parsed = isObject(part) ? modelPartToCanonical(part, calls) : null;
    if (parsed && !(parsed.type === 'text' && parsed.text === '')) parts.push(parsed);
  }
  return parts;
}

/** Gemini gives no creation time: the answer's is now. */
function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function parseGenerateContentResponse(body: unknown): CanonicalResponse {
  const response = isObject(body) ? body : {};
  const candidate = firstCandidate(response);
  const content = candidateParts(candidate, new CallCounter());
  const hasToolCalls = content.some((part) => part.type === 'tool_call');
  const reason = candidate ? stringField(candidate, 'finishReason') : undefined;
  let finishReason: FinishReason;
  if (promptBlocked(response)) finishReason = 'content_filter';
  else finishReason = fromGeminiFinishReason(reason ?? 'STOP', hasToolCalls);
  const created = now();
  const id = stringField(response, 'responseId') ?? `gemini-${created}`;
  // The search ran before the answer it grounds.
  const search = groundingSearch(candidate, `ws_${id}`);
  return {
    id,
    model: stringField(response, 'modelVersion') ?? '',
    created,
    content: search ? [search, ...content] : content,
    finishReason,
    usage: fromGeminiUsage(objectField(response, 'usageMetadata') ?? {}),
  };
}

/** Canonical assistant content → the parts of a Gemini candidate (call ids included). */
export function encodeParts(content: ResponsePart[]): GeminiPart[] {
  return content
    .filter((part) => part.type !== 'web_search')
    .map((part) => canonicalToModelPart(part, true))
    .filter((part): part is GeminiPart => part !== null);
}

export function encodeGenerateContentResponse(
  response: CanonicalResponse,
  context: ClientResponseContext,
): GeminiGenerateContentResponse {
  return {
    candidates: [
      {
        content: { role: 'model', parts: encodeParts(response.content) },
        finishReason: toGeminiFinishReason(response.finishReason),
        index: 0,
      },
    ],
    usageMetadata: toGeminiUsage(response.usage),
    modelVersion: context.model,
    responseId: response.id,
  };
}
