import type {
  CanonicalMessage,
  CanonicalRequest,
  ReasoningEffort,
  ResponseFormat,
} from '../canonical/types';
import { buildServerTools } from './server-tools';
import { partToBlock } from './content';
import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicSystemMessageParam,
  AnthropicTextBlock,
  AnthropicToolChoice,
} from './types';
import { defined } from './validate';

/** The canonical request → the body sent to Anthropic's POST /v1/messages. */

/** Anthropic requires max_tokens; sent when the request does not say. */
export const DEFAULT_MAX_TOKENS = 4096;
/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;
/** The thinking budget for a reasoning effort given without a budget. */
const EFFORT_BUDGETS: Record<ReasoningEffort, number> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
};

/**
 * With thinking on, Anthropic requires the last assistant turn, when it called tools, to start
 * with its (signed) thinking block. A history from another provider has none to give.
 */
function lastToolTurnLacksThinking(messages: Turn[]): boolean {
  const last = messages.findLast((m) => m.role === 'assistant');
  if (!last || typeof last.content === 'string') return false;
  const first = last.content[0]?.type;
  const callsTools = last.content.some((b) => b.type === 'tool_use');
  return callsTools && first !== 'thinking' && first !== 'redacted_thinking';
}

/**
 * The thinking budget to ask for, if any: the explicit budget, else the effort's. A budget of
 * 0 or less means no thinking (Gemini's thinkingBudget 0 turns thinking off); budgets below
 * Anthropic's minimum of 1024 are raised to it. Where Anthropic would reject thinking — with
 * a forced tool (tool_choice any/tool), or a tool turn without its thinking — thinking gives
 * way: the rest of the request is what the client relies on.
 */
function thinkingBudget(request: CanonicalRequest, messages: Turn[]): number | undefined {
  const { reasoning, toolChoice } = request;
  if (!reasoning || toolChoice?.type === 'required' || toolChoice?.type === 'tool') {
    return undefined;
  }
  const budget =
    reasoning.budgetTokens ?? (reasoning.effort ? EFFORT_BUDGETS[reasoning.effort] : undefined);
  if (budget === undefined || budget <= 0 || lastToolTurnLacksThinking(messages)) return undefined;
  return Math.max(MIN_THINKING_BUDGET, budget);
}

/**
 * No JSON mode exists at Anthropic for every model, so a JSON response format becomes an
 * instruction at the end of the system prompt (with the schema when there is one). The model
 * usually complies; nothing enforces it.
 */
function jsonInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  const base = 'Respond with a single JSON object and nothing else: no prose, no Markdown fences.';
  if (format.type === 'json_object') return base;
  return `${base} The object must conform to this JSON Schema:\n${JSON.stringify(format.schema)}`;
}

function buildSystem(request: CanonicalRequest): AnthropicTextBlock[] | undefined {
  const texts = request.system.map((p) => p.text);
  const instruction = jsonInstruction(request.responseFormat);
  if (instruction) texts.push(instruction);
  const blocks = texts.filter((t) => t.length > 0).map((text) => ({ type: 'text' as const, text }));
  return blocks.length > 0 ? blocks : undefined;
}

type Turn = AnthropicMessageParam | AnthropicSystemMessageParam;

/**
 * Canonical messages → Anthropic turns. Tool messages become user turns of tool_result
 * blocks; consecutive turns of one role merge (Anthropic wants user and assistant to
 * alternate), with tool_result blocks first in a user turn (Anthropic rejects text before
 * them). Parts Anthropic cannot take (unsigned thinking, empty text) are dropped, and a turn
 * left empty goes with them (Anthropic rejects empty content). System messages stay where they
 * are, as `role: "system"` entries (the current API takes them among the messages).
 *
 * A history that opens with an assistant turn is sent as it is: the current API accepts it
 * (as a continuation), older API versions answered 400 "first message must use the user role".
 * The gateway does not invent a user turn.
 */
function buildMessages(messages: CanonicalMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const last = turns[turns.length - 1];
    if (message.role === 'system') {
      const blocks = message.content
        .flatMap((p) => (p.type === 'text' && p.text.length > 0 ? [p.text] : []))
        .map((text) => ({ type: 'text' as const, text }));
      if (blocks.length === 0) continue;
      if (last?.role === 'system') (last.content as AnthropicTextBlock[]).push(...blocks);
      else turns.push({ role: 'system', content: blocks });
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = message.content
      .map((part) => partToBlock(part, { unsignedThinking: 'drop' }))
      .filter((b) => b !== null);
    if (blocks.length === 0) continue;
    if (last?.role === role) (last.content as AnthropicContentBlock[]).push(...blocks);
    else turns.push({ role, content: blocks });
  }
  for (const turn of turns) {
    if (turn.role === 'user' && Array.isArray(turn.content)) {
      turn.content = [
        ...turn.content.filter((b) => b.type === 'tool_result'),
        ...turn.content.filter((b) => b.type !== 'tool_result'),
      ];
    }
  }
  return turns;
}

function buildToolChoice(request: CanonicalRequest): AnthropicToolChoice | undefined {
  const disable = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  switch (choice?.type) {
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any', ...disable };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disable };
    case 'auto':
      return { type: 'auto', ...disable };
    case undefined:
      return request.parallelToolCalls === false ? { type: 'auto', ...disable } : undefined;
  }
}

/**
 * The canonical request → an Anthropic Messages body for `upstreamModel`. Dropped, having no
 * Anthropic equivalent: seed, presence and frequency penalties, image `detail`.
 */
export function buildMessagesRequest(
  request: CanonicalRequest,
  upstreamModel: string,
): AnthropicMessagesRequest {
  const messages = buildMessages(request.messages);
  const budget = thinkingBudget(request, messages);
  // Anthropic counts thinking inside max_tokens and rejects max_tokens <= budget_tokens. A
  // client's limit is often meant for the answer alone (Gemini's maxOutputTokens, a small
  // OpenAI max_tokens next to reasoning_effort), so when it does not exceed the budget it is
  // raised to the budget plus the default answer room rather than failing the request.
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (budget !== undefined && maxTokens <= budget) maxTokens = budget + DEFAULT_MAX_TOKENS;
  const allTools = [
    ...(request.tools ?? []).map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      // Anthropic requires an object schema; OpenAI allows a function without parameters.
      input_schema: { type: 'object', ...t.parameters },
    })),
    ...buildServerTools(request.hostedTools),
  ];
  const tools = allTools.length > 0 ? allTools : undefined;
  return defined<AnthropicMessagesRequest>({
    model: upstreamModel,
    max_tokens: maxTokens,
    system: buildSystem(request),
    messages,
    tools,
    // tool_choice is only accepted alongside tools.
    tool_choice: tools ? buildToolChoice(request) : undefined,
    stop_sequences: request.stop?.length ? request.stop : undefined,
    // With thinking on, Anthropic accepts only temperature 1, top_p >= 0.95 and no top_k: others
    // are dropped rather than failing the request.
    temperature:
      budget === undefined || request.temperature === 1 ? request.temperature : undefined,
    top_p: budget === undefined || (request.topP ?? 0) >= 0.95 ? request.topP : undefined,
    top_k: budget === undefined ? request.topK : undefined,
    metadata: request.user !== undefined ? { user_id: request.user } : undefined,
    thinking: budget !== undefined ? { type: 'enabled', budget_tokens: budget } : undefined,
    stream: request.stream,
  });
}
