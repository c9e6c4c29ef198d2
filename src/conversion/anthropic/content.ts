import type { ContentPart, ImagePart, ImageSource, TextPart } from '../canonical/types';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicImageSource,
  AnthropicTextBlock,
} from './types';

/**
 * Canonical tool-call arguments are JSON text (as OpenAI sends them); Anthropic's `input` must
 * be an object. Text that does not parse, or parses to something other than an object (a cut
 * stream, a model that wrote bad JSON), is sent as `{}`: Anthropic would reject the request
 * otherwise, and the call itself stays in the history with its id and name.
 */
export function toolInputFromArguments(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function argumentsFromToolInput(input: unknown): string {
  return JSON.stringify(input ?? {});
}

export function imageSourceToAnthropic(source: ImageSource): AnthropicImageSource {
  return source.kind === 'url'
    ? { type: 'url', url: source.url }
    : { type: 'base64', media_type: source.mediaType, data: source.data };
}

export function imageSourceFromAnthropic(source: AnthropicImageSource): ImageSource {
  return source.type === 'url'
    ? { kind: 'url', url: source.url }
    : { kind: 'base64', mediaType: source.media_type, data: source.data };
}

export interface PartToBlockOptions {
  /**
   * Upstream requests drop thinking without a signature (Anthropic rejects it: it only accepts
   * its own signed thinking back); client responses show it with an empty signature.
   */
  unsignedThinking: 'drop' | 'keep';
}

function mediaBlock(part: TextPart | ImagePart): AnthropicTextBlock | AnthropicImageBlock | null {
  if (part.type === 'text') return part.text.length > 0 ? { type: 'text', text: part.text } : null;
  return { type: 'image', source: imageSourceToAnthropic(part.source) };
}

/**
 * One canonical part → one Anthropic block, or null when Anthropic cannot take it. Empty text
 * is dropped everywhere: Anthropic rejects empty text blocks in requests.
 */
export function partToBlock(
  part: ContentPart,
  options: PartToBlockOptions,
): AnthropicContentBlock | null {
  switch (part.type) {
    case 'text':
    case 'image':
      return mediaBlock(part);
    case 'tool_call':
      return {
        type: 'tool_use',
        id: part.id,
        name: part.name,
        input: toolInputFromArguments(part.arguments),
      };
    case 'tool_result': {
      const content = part.content.map(mediaBlock).filter((b) => b !== null);
      return {
        type: 'tool_result',
        tool_use_id: part.toolCallId,
        ...(content.length > 0 ? { content } : {}),
        ...(part.isError ? { is_error: true } : {}),
      };
    }
    case 'thinking':
      if (part.redacted) return { type: 'redacted_thinking', data: part.text };
      if (!part.signature && options.unsignedThinking === 'drop') return null;
      return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
  }
}

/**
 * An Anthropic response block → a canonical part. Blocks of server tools (server_tool_use,
 * web_search_tool_result…) have no canonical form and are skipped: the gateway never asks
 * for server tools upstream.
 */
export function blockToPart(block: unknown): ContentPart | null {
  if (typeof block !== 'object' || block === null) return null;
  const b = block as Record<string, unknown>;
  switch (b.type) {
    case 'text':
      return { type: 'text', text: typeof b.text === 'string' ? b.text : '' };
    case 'thinking':
      return {
        type: 'thinking',
        text: typeof b.thinking === 'string' ? b.thinking : '',
        ...(typeof b.signature === 'string' && b.signature ? { signature: b.signature } : {}),
      };
    case 'redacted_thinking':
      return { type: 'thinking', text: typeof b.data === 'string' ? b.data : '', redacted: true };
    case 'tool_use':
      return {
        type: 'tool_call',
        id: String(b.id ?? ''),
        name: String(b.name ?? ''),
        arguments: argumentsFromToolInput(b.input),
      };
    default:
      return null;
  }
}
