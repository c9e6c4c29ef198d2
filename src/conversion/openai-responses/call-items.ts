/**
 * Tool calls and provider searches → Responses output items. A call of a tool the client
 * declared in a namespace, or as a custom tool, goes back under that declaration: the
 * namespace and the client's own name, and a custom tool's `input` text out of the one
 * string argument it was given upstream. Pure.
 */
import type { ToolDefinition, ToolOrigin, WebSearchPart } from '../canonical/types';
import type {
  ItemStatus,
  ResponsesCustomToolCallItem,
  ResponsesFunctionCallItem,
  ResponsesWebSearchCallItem,
} from './types';

export type CallItem = ResponsesFunctionCallItem | ResponsesCustomToolCallItem;

/** The client's declaration of the tool an upstream name stands for, when it differs. */
export function originOf(
  tools: readonly ToolDefinition[] | undefined,
  upstreamName: string,
): ToolOrigin | undefined {
  return tools?.find((tool) => tool.name === upstreamName)?.origin;
}

/** A custom tool's input: the `input` argument, or the arguments as sent when unreadable. */
export function customInputOf(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed !== null && typeof parsed === 'object' && 'input' in parsed) {
      const { input } = parsed as { input: unknown };
      return typeof input === 'string' ? input : JSON.stringify(input);
    }
  } catch {
    // Not JSON: the model wrote the input itself.
  }
  return args;
}

export function callItem(
  id: string,
  status: ItemStatus,
  call: { id: string; name: string; arguments: string },
  origin: ToolOrigin | undefined,
): CallItem {
  const name = origin?.name ?? call.name;
  const namespace = origin?.namespace !== undefined ? { namespace: origin.namespace } : {};
  if (origin?.kind === 'custom') {
    const input = customInputOf(call.arguments);
    return { type: 'custom_tool_call', id, status, call_id: call.id, name, ...namespace, input };
  }
  const args = call.arguments;
  return {
    type: 'function_call',
    id,
    status,
    call_id: call.id,
    name,
    ...namespace,
    arguments: args,
  };
}

export function webSearchCallItem(
  id: string,
  status: ResponsesWebSearchCallItem['status'],
  search: Omit<WebSearchPart, 'type' | 'id'>,
): ResponsesWebSearchCallItem {
  const sources = search.sources?.map((url) => ({ type: 'url' as const, url }));
  return {
    type: 'web_search_call',
    id,
    status,
    action: {
      type: 'search',
      ...(search.query !== undefined ? { query: search.query } : {}),
      ...(sources?.length ? { sources } : {}),
    },
  };
}
