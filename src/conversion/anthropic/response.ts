import type { CanonicalResponse, ContentPart, ResponsePart } from '../canonical/types';
import { searchQueries, webSearchPartOf } from './web-search';
import { blockToPart, partToBlock } from './content';
import { finishFromAnthropic, finishToAnthropic } from './stop-reasons';
import type { AnthropicMessage } from './types';
import {
  readAnthropicUsage,
  usageFromCounts,
  usageToAnthropic,
  type AnthropicUsageOut,
} from './usage';

/** Anthropic message ids start with msg_; keep one that does, prefix any other. */
export function anthropicMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

/**
 * An upstream Anthropic message → the canonical response. Anthropic sends no creation time,
 * so `created` is the time of reading (`now` for tests).
 */
export function parseMessagesResponse(body: unknown, now = Date.now()): CanonicalResponse {
  const message = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const blocks = Array.isArray(message.content) ? message.content : [];
  const finish = finishFromAnthropic(message.stop_reason, message.stop_sequence);
  const queries = searchQueries(blocks);
  return {
    id: typeof message.id === 'string' ? message.id : '',
    model: typeof message.model === 'string' ? message.model : '',
    created: Math.floor(now / 1000),
    content: blocks
      .map((block: unknown): ResponsePart | null => {
        const b = block as Record<string, unknown> | null;
        if (b?.type !== 'web_search_tool_result') return blockToPart(block);
        return webSearchPartOf(b, queries.get(String(b.tool_use_id)));
      })
      .filter((p) => p !== null),
    finishReason: finish.reason,
    ...(finish.stopSequence !== undefined ? { stopSequence: finish.stopSequence } : {}),
    usage: usageFromCounts(readAnthropicUsage(message.usage)),
  };
}

export type AnthropicMessageOut = Omit<AnthropicMessage, 'usage'> & { usage: AnthropicUsageOut };

/**
 * Thinking display "omitted": a thinking part keeps its signature (for the next turn) and loses
 * its text, as Anthropic sends it; one without a signature has nothing left to show.
 */
function hideThought(part: ContentPart): ContentPart | null {
  if (part.type !== 'thinking' || part.redacted) return part;
  return part.signature ? { ...part, text: '' } : null;
}

/**
 * The canonical response → the message a client of the Messages API reads, named with the
 * model the client asked for. Thinking without a signature (another provider's reasoning) is
 * shown with an empty signature; sent back later, it is dropped before reaching Anthropic.
 */
export function encodeMessagesResponse(
  response: CanonicalResponse,
  model: string,
  options: { hideThoughts?: boolean } = {},
): AnthropicMessageOut {
  return {
    id: anthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model,
    content: response.content
      .filter((p) => p.type === 'text' || p.type === 'thinking' || p.type === 'tool_call')
      .map((part) => (options.hideThoughts ? hideThought(part) : part))
      .filter((p) => p !== null)
      .map((part) => partToBlock(part, { unsignedThinking: 'keep' }))
      .filter((b) => b !== null),
    ...finishToAnthropic(response.finishReason, response.stopSequence),
    usage: usageToAnthropic(response.usage),
  };
}
