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

/**
 * Prompt tokens of a request with the o200k tokenizer (exact for current OpenAI models, an
 * estimate for other providers): system, messages, tool definitions; images at a flat rate.
 */
export function countPromptTokens(request: CanonicalRequest): number {
  let text = request.system.map((p) => p.text).join('\n');
  let images = 0;
  for (const message of request.messages) {
    text += '\n' + message.content.map(partText).join('');
    images += imageCount(message.content);
  }
  for (const tool of request.tools ?? []) {
    text += `\n${tool.name}\n${tool.description ?? ''}\n${JSON.stringify(tool.parameters)}`;
  }
  return (
    countTokens(text) +
    images * IMAGE_TOKENS +
    (request.messages.length + (request.system.length > 0 ? 1 : 0)) * MESSAGE_OVERHEAD
  );
}
