/**
 * The conversation: `instructions` + Responses input items → canonical system + turns. The
 * items are the chat conversation in another shape, so they are rewritten as chat messages and
 * read by the chat adapter's `parseMessages` (system joining, tool turns, tool names, data
 * URLs: one implementation for both endpoints). Pure.
 */
import type { CanonicalMessage, TextPart } from '../canonical/types';
import type { ConvertibleMessage } from '../openai/convertible-request.schema';
import { parseMessages } from '../openai/messages';
import type { ResponsesInputItem } from './responses-request.schema';
import type { ToolNames } from './tool-names';

type ChatAssistant = Extract<ConvertibleMessage, { role: 'assistant' }>;
type ChatUserPart = Extract<ConvertibleMessage, { role: 'user' }>['content'][number];
type Item<T extends ResponsesInputItem['type']> = Extract<ResponsesInputItem, { type: T }>;
type MessageItem = Item<'message'>;

const textPart = (text: string) => ({ type: 'text' as const, text });

function userPart(part: Extract<MessageItem, { role: 'user' }>['content'][number]): ChatUserPart {
  if (part.type === 'input_text') return textPart(part.text);
  // The schema guarantees image_url (file ids are rejected).
  return { type: 'image_url', image_url: { url: part.image_url ?? '', detail: part.detail } };
}

/** One assistant turn is a run of reasoning, assistant message and function_call items. */
class Conversation {
  readonly messages: ConvertibleMessage[] = [];

  constructor(private readonly names: ToolNames) {}

  add(item: ResponsesInputItem): void {
    switch (item.type) {
      case 'message':
        this.addMessage(item);
        break;
      case 'reasoning': {
        const summary = (item.summary ?? []).map((s) => s.text).filter((t) => t !== '');
        if (summary.length === 0) break;
        const turn = this.assistantTurn();
        const before = turn.reasoning_content ? [turn.reasoning_content] : [];
        turn.reasoning_content = [...before, ...summary].join('\n\n');
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        // Calls go upstream under the names their tools were given there; a custom tool's
        // input is its one string argument.
        const name = this.names.upstreamName(item.name, item.namespace ?? undefined);
        const args =
          item.type === 'custom_tool_call' ? JSON.stringify({ input: item.input }) : item.arguments;
        (this.assistantTurn().tool_calls ??= []).push({
          id: item.call_id,
          type: 'function',
          function: { name, arguments: args },
        });
        break;
      }
      case 'web_search_call':
      case 'additional_tools':
        // A search the provider ran, and tool declarations (read with the tools): no turn.
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        this.messages.push({
          role: 'tool',
          tool_call_id: item.call_id,
          content: item.output.map((part) => textPart(part.text)),
        });
        break;
    }
  }

  private addMessage(item: MessageItem): void {
    switch (item.role) {
      case 'system':
      case 'developer':
        this.messages.push({ role: item.role, content: item.content.map((p) => textPart(p.text)) });
        break;
      case 'user':
        this.messages.push({ role: 'user', content: item.content.map(userPart) });
        break;
      case 'assistant':
        this.assistantTurn().content.push(
          ...item.content.map((part) =>
            part.type === 'refusal'
              ? { type: 'refusal' as const, refusal: part.refusal }
              : textPart(part.text),
          ),
        );
        break;
    }
  }

  /** The assistant message being built, or a new one when the last message is not one. */
  private assistantTurn(): ChatAssistant {
    const last = this.messages[this.messages.length - 1];
    if (last?.role === 'assistant') return last;
    const turn: ChatAssistant = { role: 'assistant', content: [] };
    this.messages.push(turn);
    return turn;
  }
}

/** `instructions` first, then system and developer messages in order, join the system text. */
export function parseInput(
  instructions: string | null | undefined,
  items: ResponsesInputItem[],
  names: ToolNames,
): { system: TextPart[]; messages: CanonicalMessage[] } {
  const conversation = new Conversation(names);
  for (const item of items) conversation.add(item);
  const { system, messages } = parseMessages(conversation.messages);
  return { system: instructions ? [textPart(instructions), ...system] : system, messages };
}
