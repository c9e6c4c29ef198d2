/**
 * Gemini `contents` ⇄ canonical messages. Gemini turns are user or model; function results are
 * user-turn parts that name the function, so reading pairs each with its call, and writing
 * names each result after its call and merges a tool message with the next user message.
 */
import { InvalidRequestError } from '../../common/errors/gateway-error';
import type { CanonicalMessage, ContentPart, ImagePart, ToolResultPart } from '../canonical/types';
import { arrayField, field, isObject, objectField, stringField } from './fields';
import { canonicalToModelPart, imageToGeminiPart, modelPartToCanonical, readMedia } from './parts';
import { CallCounter, SKIP_SIGNATURE } from './tool-ids';
import type { GeminiContent, GeminiPart, Json } from './types';

const PART_FIELDS = 'text, inlineData, fileData, functionCall, functionResponse';

/** A call waiting for its functionResponse. */
interface OpenCall {
  geminiId?: string;
  canonicalId: string;
  name: string;
  turn: number;
}

/** The media of a part, which must be an image (other media cannot cross formats yet). */
function imageMedia(part: Json, param: string): ImagePart | null {
  const media = readMedia(part);
  if (!media) return null;
  if (media.mimeType !== undefined && !media.mimeType.startsWith('image/')) {
    throw new InvalidRequestError(
      `${param}: media of type '${media.mimeType}' is not supported by this gateway yet (images only).`,
      param,
    );
  }
  return { type: 'image', source: media.source };
}

/**
 * The call a functionResponse answers: the one with its id, else the oldest open call with its
 * name in the latest turn that has one (so parallel calls to one function pair in order).
 */
function takeCall(open: OpenCall[], name: string, id: string | undefined): OpenCall | undefined {
  let match: OpenCall | undefined;
  if (id !== undefined) match = open.find((call) => call.geminiId === id);
  if (!match) {
    const named = open.filter((call) => call.name === name);
    const turn = named.reduce((latest, call) => Math.max(latest, call.turn), -1);
    match = named.find((call) => call.turn === turn);
  }
  if (match) open.splice(open.indexOf(match), 1);
  return match;
}

/** A part of a user turn other than functionResponse: text or an image. */
function parseUserPart(part: Json, param: string): ContentPart | null {
  if (objectField(part, 'functionCall')) {
    throw new InvalidRequestError(`${param}: functionCall parts belong in model turns.`, param);
  }
  const text = stringField(part, 'text');
  return text !== undefined ? { type: 'text', text } : imageMedia(part, param);
}

function parseFunctionResponse(part: Json, param: string, open: OpenCall[]): ToolResultPart {
  const response = objectField(part, 'functionResponse') ?? {};
  const id = stringField(response, 'id');
  const given = stringField(response, 'name');
  const call = takeCall(open, given ?? '', id);
  const name = given ?? call?.name;
  const toolCallId = call?.canonicalId ?? id;
  if (!name || !toolCallId) {
    throw new InvalidRequestError(
      `${param}.functionResponse does not answer any earlier functionCall (give its name or id).`,
      `${param}.functionResponse`,
    );
  }
  const images = arrayField(response, 'parts')
    .map((p, k) => (isObject(p) ? imageMedia(p, `${param}.functionResponse.parts[${k}]`) : null))
    .filter((p): p is ImagePart => p !== null);
  const text = JSON.stringify(field(response, 'response') ?? {});
  return { type: 'tool_result', toolCallId, name, content: [{ type: 'text', text }, ...images] };
}

export function parseContents(contents: unknown[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  const calls = new CallCounter();
  const open: OpenCall[] = [];
  contents.forEach((content, i) => {
    const param = `contents[${i}]`;
    if (!isObject(content)) throw new InvalidRequestError(`${param} must be an object.`, param);
    const role = field(content, 'role') ?? 'user';
    if (role !== 'user' && role !== 'model') {
      throw new InvalidRequestError(`${param}.role must be 'user' or 'model'.`, `${param}.role`);
    }
    const parts = field(content, 'parts');
    if (!Array.isArray(parts)) {
      throw new InvalidRequestError(`${param}.parts must be an array.`, `${param}.parts`);
    }
    const results: ContentPart[] = [];
    const others: ContentPart[] = [];
    parts.forEach((part: unknown, j) => {
      const partParam = `${param}.parts[${j}]`;
      if (isObject(part) && role === 'user' && objectField(part, 'functionResponse')) {
        results.push(parseFunctionResponse(part, partParam, open));
        return;
      }
      const parsed = !isObject(part)
        ? null
        : role === 'model'
          ? (imageMedia(part, partParam) ?? modelPartToCanonical(part, calls))
          : parseUserPart(part, partParam);
      if (!parsed) {
        throw new InvalidRequestError(
          `${partParam} has none of the supported fields (${PART_FIELDS}).`,
          partParam,
        );
      }
      if (parsed.type === 'tool_call') {
        const geminiId = stringField(objectField(part as Json, 'functionCall') ?? {}, 'id');
        open.push({ geminiId, canonicalId: parsed.id, name: parsed.name, turn: i });
      }
      // Empty text parts (Gemini ends some answers with one) carry nothing.
      if (parsed.type !== 'text' || parsed.text !== '') others.push(parsed);
    });
    if (results.length > 0) messages.push({ role: 'tool', content: results });
    if (others.length > 0)
      messages.push({ role: role === 'model' ? 'assistant' : 'user', content: others });
  });
  return messages;
}

/**
 * A tool result → functionResponse, whose `response` must be an object: JSON-object text is
 * sent as that object, other text as {result: text} ({error: text} for a failed call, the key
 * Google's guide uses). Images go beside it as parts of the same turn: every model reads those,
 * where images inside functionResponse.parts need Gemini 3.
 */
function toolResultParts(part: ToolResultPart, names: Map<string, string>): GeminiPart[] {
  const name = part.name ?? names.get(part.toolCallId);
  if (!name) {
    throw new InvalidRequestError(
      `The tool result for '${part.toolCallId}' does not match any tool call.`,
      'messages',
    );
  }
  const text = part.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  let response: Json | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) response = value;
  } catch {
    // Not JSON: wrapped below.
  }
  response ??= part.isError ? { error: text } : { result: text };
  const images = part.content.filter((p): p is ImagePart => p.type === 'image');
  return [{ functionResponse: { name, response } }, ...images.map(imageToGeminiPart)];
}

/**
 * Gemini 3 refuses a model turn whose function calls carry no thought signature. Calls made by
 * another model have none: they get the signature Google documents for that case.
 */
function signFunctionCalls(parts: GeminiPart[]): void {
  const calls = parts.filter((p) => p.functionCall);
  if (calls.length > 0 && !calls.some((p) => p.thoughtSignature)) {
    calls[0].thoughtSignature = SKIP_SIGNATURE;
  }
}

/**
 * A system message of the conversation, for Gemini, which has no system role in `contents`
 * (only the request's systemInstruction, which has no place in the conversation): a user-turn
 * text part marked as system instructions, so the model still reads them where they were given.
 */
export function systemInstructionPart(message: CanonicalMessage): GeminiPart | null {
  const text = message.content
    .flatMap((p) => (p.type === 'text' && p.text !== '' ? [p.text] : []))
    .join('\n\n');
  return text === '' ? null : { text: `<system_instructions>\n${text}\n</system_instructions>` };
}

/** One canonical message's parts, for a turn of `role`. */
function messageParts(
  message: CanonicalMessage,
  role: 'user' | 'model',
  names: Map<string, string>,
): GeminiPart[] {
  if (message.role === 'system') {
    const part = systemInstructionPart(message);
    return part ? [part] : [];
  }
  const parts: GeminiPart[] = [];
  for (const part of message.content) {
    // An empty text part carries nothing (OpenAI SDK 7 sends an assistant's `content: ''`).
    if (part.type === 'text' && part.text === '') continue;
    if (part.type === 'tool_call') names.set(part.id, part.name);
    if (part.type === 'tool_result') parts.push(...toolResultParts(part, names));
    else if (role === 'model') {
      const built = canonicalToModelPart(part, false);
      if (built) parts.push(built);
    } else if (part.type === 'text') parts.push({ text: part.text });
    else if (part.type === 'image') parts.push(imageToGeminiPart(part));
  }
  if (role === 'model') signFunctionCalls(parts);
  return parts;
}

/**
 * Canonical turns → Gemini contents. System messages in the conversation become user-turn text
 * (see systemInstructionPart), merged with the user turns around them like any user text.
 */
export function buildContents(messages: CanonicalMessage[]): GeminiContent[] {
  const contents: GeminiContent[] = [];
  const names = new Map<string, string>();
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = messageParts(message, role, names);
    if (parts.length === 0) continue;
    // Gemini wants turns to alternate: a tool message and the user's next words are one turn.
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}
