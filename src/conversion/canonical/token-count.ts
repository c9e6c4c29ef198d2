/**
 * The tokenizer (o200k_base, the package's default) is loaded on first use: its tables are
 * large, and a process that never counts tokens should not carry them.
 */
let tokenizer: { countTokens(text: string): number } | undefined;
export function countTokens(text: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tokenizer ??= require('gpt-tokenizer') as { countTokens(text: string): number };
  return tokenizer.countTokens(text);
}
import type { CanonicalRequest, ContentPart } from './types';

/** What an image costs in the estimate (OpenAI's low-detail price; providers differ). */
const IMAGE_TOKENS = 85;
/** Per-message framing tokens (role and separators), as in OpenAI's chat format. */
const MESSAGE_OVERHEAD = 3;

function partText(part: ContentPart): string {
  switch (part.type) {
    case 'text':
    case 'thinking':
      return part.text;
    case 'tool_call':
      return `${part.name}${part.arguments}`;
    case 'tool_result':
      return part.content.map(partText).join('');
    case 'image':
      return '';
  }
}

/** Whether any message carries an image (directly or inside a tool result). */
export function hasImages(request: CanonicalRequest): boolean {
  return request.messages.some((m) => imageCount(m.content) > 0);
}

function imageCount(parts: ContentPart[]): number {
  let n = 0;
  for (const part of parts) {
    if (part.type === 'image') n++;
    else if (part.type === 'tool_result') n += imageCount(part.content);
  }
  return n;
}

/** Counts the tokens of one text (the tokenizer, or a cache in front of it). */
export type TextCounter = (text: string) => number;

/**
 * Prompt tokens of a request with the o200k tokenizer (exact for current OpenAI models, an
 * estimate for other providers): system, messages, tool definitions; images at a flat rate.
 * Each message is counted on its own, so `count` can cache per message: a conversation that
 * grows by one turn costs one message's count, not the whole history's.
 */
export function countPromptTokens(
  request: CanonicalRequest,
  count: TextCounter = countTokens,
): number {
  let tokens = request.system.length > 0 ? count(request.system.map((p) => p.text).join('\n')) : 0;
  let images = 0;
  for (const message of request.messages) {
    tokens += count(message.content.map(partText).join(''));
    images += imageCount(message.content);
  }
  if (request.tools && request.tools.length > 0) {
    tokens += count(
      request.tools
        .map((t) => `${t.name}\n${t.description ?? ''}\n${JSON.stringify(t.parameters)}`)
        .join('\n'),
    );
  }
  return (
    tokens +
    images * IMAGE_TOKENS +
    (request.messages.length + (request.system.length > 0 ? 1 : 0)) * MESSAGE_OVERHEAD
  );
}
