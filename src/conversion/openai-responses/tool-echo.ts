/**
 * The `tools` a response echoes: the client's tools as it declared them (namespaces regrouped,
 * custom tools as custom tools), not the functions they were sent upstream as. A hosted web
 * search is echoed by its type; dropped tools are not echoed. Pure.
 */
import type { CanonicalRequest, ToolDefinition } from '../canonical/types';
import type {
  ResponsesEchoedTool,
  ResponsesMemberTool,
  ResponsesToolChoice,
  WebSearchType,
} from './types';

function member(tool: ToolDefinition, name: string): ResponsesMemberTool {
  if (tool.origin?.kind === 'custom') {
    return { type: 'custom', name, ...(tool.description ? { description: tool.description } : {}) };
  }
  const description = tool.description ?? null;
  return { type: 'function', name, description, parameters: tool.parameters, strict: null };
}

export function echoTools(request: CanonicalRequest): ResponsesEchoedTool[] {
  const out: ResponsesEchoedTool[] = [];
  const namespaces = new Map<string, ResponsesMemberTool[]>();
  for (const tool of request.tools ?? []) {
    const origin = tool.origin;
    const echoed = member(tool, origin?.name ?? tool.name);
    if (origin?.namespace === undefined) {
      out.push(echoed);
      continue;
    }
    let members = namespaces.get(origin.namespace);
    if (!members) {
      members = [];
      namespaces.set(origin.namespace, members);
      out.push({ type: 'namespace', name: origin.namespace, description: '', tools: members });
    }
    members.push(echoed);
  }
  for (const hosted of request.hostedTools ?? []) {
    out.push({
      type: (hosted.name.startsWith('web_search') ? hosted.name : 'web_search') as WebSearchType,
    });
  }
  return out;
}

/** The `tool_choice` echoed: a forced tool under the client's own name and kind. */
export function echoToolChoice(request: CanonicalRequest): ResponsesToolChoice {
  const choice = request.toolChoice;
  if (choice?.type !== 'tool') return choice?.type ?? 'auto';
  const origin = request.tools?.find((tool) => tool.name === choice.name)?.origin;
  const type = origin?.kind === 'custom' ? 'custom' : 'function';
  return { type, name: origin?.name ?? choice.name };
}
