/**
 * Gemini parts ⇄ canonical content parts, shared by requests (model turns in the history),
 * responses and streams. functionResponse parts are request-only: see request.ts.
 */
import type { ContentPart, ImagePart, ImageSource } from '../canonical/types';
import { field, isObject, objectField, stringField } from './fields';
import { CallCounter, decodeToolCallId, encodeToolCallId } from './tool-ids';
import type { GeminiPart, Json } from './types';

/** What a URL's extension says about its type; Gemini needs a mimeType with every fileData. */
const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** The image type of a URL from its extension; image/jpeg when the URL does not say. */
export function guessImageMimeType(url: string): string {
  const path = url.split(/[?#]/)[0];
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'image/jpeg';
}

/** inlineData / fileData → an image source, or null when the part has neither. */
export function readMedia(part: Json): { source: ImageSource; mimeType?: string } | null {
  const inline = objectField(part, 'inlineData');
  if (inline) {
    const mediaType = stringField(inline, 'mimeType') ?? '';
    return {
      source: { kind: 'base64', mediaType, data: stringField(inline, 'data') ?? '' },
      mimeType: mediaType,
    };
  }
  const file = objectField(part, 'fileData');
  if (file) {
    return {
      source: { kind: 'url', url: stringField(file, 'fileUri') ?? '' },
      mimeType: stringField(file, 'mimeType'),
    };
  }
  return null;
}

/** Function arguments as canonical JSON text. */
export function argumentsText(args: unknown): string {
  return JSON.stringify(isObject(args) ? args : {});
}

/** Canonical JSON arguments → Gemini `args`, which must be an object ({} when unreadable). */
export function parseArguments(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

/**
 * A part of a model turn → canonical, or null when it is none of text, thought, media or
 * functionCall. A signature on a plain text part is dropped (Google sends it there only as an
 * optional hint); on a thought it is the ThinkingPart's signature; on a functionCall it goes
 * into the call id (tool-ids.ts).
 */
export function modelPartToCanonical(part: Json, calls: CallCounter): ContentPart | null {
  const signature = stringField(part, 'thoughtSignature');
  const call = objectField(part, 'functionCall');
  if (call) {
    return {
      type: 'tool_call',
      id: encodeToolCallId(calls.id(field(call, 'id')), signature),
      name: stringField(call, 'name') ?? '',
      arguments: argumentsText(field(call, 'args')),
    };
  }
  const text = stringField(part, 'text');
  if (text !== undefined) {
    if (field(part, 'thought') === true) {
      return { type: 'thinking', text, ...(signature ? { signature } : {}) };
    }
    return { type: 'text', text };
  }
  const media = readMedia(part);
  return media ? { type: 'image', source: media.source } : null;
}

export function imageToGeminiPart(part: ImagePart): GeminiPart {
  const { source } = part;
  if (source.kind === 'base64') {
    return { inlineData: { mimeType: source.mediaType, data: source.data } };
  }
  return { fileData: { mimeType: guessImageMimeType(source.url), fileUri: source.url } };
}

/**
 * A canonical assistant part → a Gemini part (null for what Gemini cannot take: Anthropic's
 * redacted thinking, tool results). `withIds` writes the call's own id (responses to Gemini
 * clients; the Gemini API refuses ids in requests).
 */
export function canonicalToModelPart(part: ContentPart, withIds: boolean): GeminiPart | null {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'thinking':
      if (part.redacted) return null;
      return {
        text: part.text,
        thought: true,
        ...(part.signature ? { thoughtSignature: part.signature } : {}),
      };
    case 'image':
      return imageToGeminiPart(part);
    case 'tool_call': {
      const { id, signature } = decodeToolCallId(part.id);
      return {
        functionCall: {
          ...(withIds ? { id } : {}),
          name: part.name,
          args: parseArguments(part.arguments),
        },
        ...(signature ? { thoughtSignature: signature } : {}),
      };
    }
    case 'tool_result':
      return null;
  }
}
