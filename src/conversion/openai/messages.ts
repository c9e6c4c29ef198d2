/**
 * The conversation, both ways: OpenAI messages → canonical system + turns (`parseMessages`),
 * and back (`buildMessages`). Pure.
 */
import { createHash } from 'node:crypto';
import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  ImagePart,
  ImageSource,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../canonical/types';
import { liftLeadingSystem } from '../canonical/system-messages';
import type { ConvertibleMessage } from './convertible-request.schema';
import { compact } from './json';
import type { OpenAIMessage, OpenAITextPart, OpenAIUserPart } from './types';

/** `data:<type>[;params];base64,<data>` → base64 source; any other URL stays a URL. */
function imageSourceOf(url: string): ImageSource {
  const match = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  return match ? { kind: 'base64', mediaType: match[1], data: match[2] } : { kind: 'url', url };
}

function imageUrlOf(source: ImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

type Parts<R extends ConvertibleMessage['role']> = Extract<
  ConvertibleMessage,
  { role: R }
>['content'];

function textParts(content: Parts<'system' | 'tool'>): TextPart[] {
  return content.map((part) => ({ type: 'text', text: part.text }));
}

function userParts(content: Parts<'user'>): (TextPart | ImagePart)[] {
  return content.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const { url, detail } = part.image_url;
    return compact<ImagePart>({ type: 'image', source: imageSourceOf(url), detail });
  });
}

function assistantParts(message: Extract<ConvertibleMessage, { role: 'assistant' }>) {
  const parts: ContentPart[] = [];
  if (message.reasoning_content) parts.push({ type: 'thinking', text: message.reasoning_content });
  for (const part of message.content) {
    parts.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
  }
  for (const call of message.tool_calls ?? []) {
    const { name, arguments: args } = call.function;
    parts.push({ type: 'tool_call', id: call.id, name, arguments: args });
  }
  return parts;
}

/**
 * Messages → canonical system + turns. System and developer messages before the first turn
 * join the system text in order; later ones stay in place as system messages. Consecutive tool
 * messages become one tool turn; each tool result is named after the assistant tool call it
 * answers (Gemini needs the name).
 */
export function parseMessages(messages: ConvertibleMessage[]) {
  const turns: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        turns.push({
          role: 'system',
          content: textParts(message.content),
          ...(message.role === 'developer' ? { developer: true } : {}),
        });
        break;
      case 'user':
        turns.push({ role: 'user', content: userParts(message.content) });
        break;
      case 'assistant': {
        const content = assistantParts(message);
        for (const part of content)
          if (part.type === 'tool_call') toolNames.set(part.id, part.name);
        turns.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const result = compact<ToolResultPart>({
          type: 'tool_result',
          toolCallId: message.tool_call_id,
          name: toolNames.get(message.tool_call_id),
          content: textParts(message.content),
        });
        const last = turns[turns.length - 1];
        if (last?.role === 'tool') last.content.push(result);
        else turns.push({ role: 'tool', content: [result] });
        break;
      }
    }
  }
  return liftLeadingSystem([], turns);
}

/** One text part as a plain string (what every compatible server accepts), several as parts. */
function textContent(parts: TextPart[]): string | OpenAITextPart[] {
  if (parts.length === 1) return parts[0].text;
  return parts.length === 0 ? '' : parts.map((p) => ({ type: 'text', text: p.text }));
}

function userPart(part: TextPart | ImagePart): OpenAIUserPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const url = imageUrlOf(part.source);
  return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
}

function userMessage(parts: (TextPart | ImagePart)[]): OpenAIMessage {
  const content = parts.every((p) => p.type === 'text') ? textContent(parts) : parts.map(userPart);
  return { role: 'user', content };
}

/** OpenAI rejects tool call ids longer than this ("string too long"). */
export const MAX_TOOL_CALL_ID = 40;

/**
 * A tool call id as OpenAI accepts it. Ids from other formats can be longer — a Gemini call's
 * id carries its thought signature — so a long one becomes `call_` and a hash of it: the same
 * for the call and its result, so they still pair, and unique in practice. Short ids go as they
 * are.
 */
export function openAIToolCallId(id: string): string {
  if (id.length <= MAX_TOOL_CALL_ID) return id;
  return `call_${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`;
}

/** Thinking is dropped: OpenAI rejects reasoning in history, and it has no signature to check. */
function assistantMessage(parts: ContentPart[]): OpenAIMessage {
  const text = parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const toolCalls = parts
    .filter((p): p is ToolCallPart => p.type === 'tool_call')
    .map(({ id, name, arguments: args }) => ({
      id: openAIToolCallId(id),
      type: 'function' as const,
      function: { name, arguments: args },
    }));
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  return { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls };
}

/**
 * A user or tool turn: one tool message per result, then the turn's own text and images as a
 * user message. OpenAI tool messages hold text only, so images a tool returned follow in a
 * user message of their own.
 */
function userOrToolMessages(parts: ContentPart[]): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  const toolImages: ImagePart[] = [];
  const own: (TextPart | ImagePart)[] = [];
  for (const part of parts) {
    if (part.type === 'tool_result') {
      const texts = part.content.filter((p): p is TextPart => p.type === 'text');
      toolImages.push(...part.content.filter((p): p is ImagePart => p.type === 'image'));
      out.push({
        role: 'tool',
        tool_call_id: openAIToolCallId(part.toolCallId),
        content: textContent(texts),
      });
    } else if (part.type === 'text' || part.type === 'image') own.push(part);
  }
  if (toolImages.length > 0) out.push(userMessage(toolImages));
  if (own.length > 0) out.push(userMessage(own));
  return out;
}

/** A system message in the conversation, in place (developer when it was one). */
function systemMessage(message: CanonicalMessage): OpenAIMessage[] {
  const texts = message.content.filter((p): p is TextPart => p.type === 'text' && p.text !== '');
  if (texts.length === 0) return [];
  return [{ role: message.developer ? 'developer' : 'system', content: textContent(texts) }];
}

/**
 * Canonical system + turns → OpenAI messages: the system text as one system message (joined by
 * blank lines; every compatible server accepts one, not all accept several), then each turn,
 * system messages of the conversation in their place.
 */
export function buildMessages(request: CanonicalRequest): OpenAIMessage[] {
  const system = request.system.map((p) => p.text).join('\n\n');
  const messages: OpenAIMessage[] = system === '' ? [] : [{ role: 'system', content: system }];
  for (const message of request.messages) {
    if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else if (message.role === 'system') messages.push(...systemMessage(message));
    else messages.push(...userOrToolMessages(message.content));
  }
  return messages;
}
