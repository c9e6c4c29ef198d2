import type { CanonicalMessage, TextPart } from './types';

/**
 * System messages that open the conversation, before any user, assistant or tool turn, are
 * the request's system instructions: every format has a place for those (Anthropic `system`,
 * Gemini systemInstruction, a leading OpenAI system message). Later ones stay in place.
 */
export function liftLeadingSystem(
  system: TextPart[],
  messages: CanonicalMessage[],
): { system: TextPart[]; messages: CanonicalMessage[] } {
  const first = messages.findIndex((m) => m.role !== 'system');
  const leading = first === -1 ? messages : messages.slice(0, first);
  if (leading.length === 0) return { system, messages };
  const lifted = leading.flatMap((m) => m.content.filter((p): p is TextPart => p.type === 'text'));
  return { system: [...system, ...lifted], messages: messages.slice(leading.length) };
}
