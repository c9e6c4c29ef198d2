/**
 * Responses API tools → canonical tools. Pure.
 *
 * - `function`: a function (its name made provider-safe when it is not).
 * - `namespace`: each member becomes a function of its own (`<namespace>__<name>`); the
 *   member it came from is kept on the definition, so calls are given back under it.
 * - `custom` (freeform, e.g. Codex's `exec` / `apply_patch`): a function taking one string
 *   argument `input`, its grammar told in that argument's description; calls come back as
 *   custom_tool_call items.
 * - `web_search` (and its dated and preview types): a hosted web search, which each provider
 *   format maps to its own search tool or drops.
 * - anything else (file_search, code_interpreter, computer_use, image_generation, mcp,
 *   local_shell, shell, apply_patch, tool_search…): no provider format has it; listed in
 *   `unsupportedTools`.
 */
import type {
  CanonicalRequest,
  HostedTool,
  ToolChoice,
  ToolDefinition,
  ToolOrigin,
} from '../canonical/types';
import { compact } from '../openai/json';
import { ToolNames } from './tool-names';
import {
  type CustomTool,
  type FunctionTool,
  type NamespaceTool,
  type ResponsesTool,
  type ResponsesToolChoice,
  WEB_SEARCH_TYPES,
  type WebSearchTool,
} from './tools-schema';

export interface ConvertedTools {
  tools: ToolDefinition[];
  hostedTools: HostedTool[];
  unsupportedTools: string[];
  names: ToolNames;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

function customParameters(tool: CustomTool): Record<string, unknown> {
  const format = tool.format;
  const grammar =
    format?.type === 'grammar' && format.definition
      ? `The tool's input, written in this ${format.syntax ?? ''} grammar:\n${format.definition}`
      : "The tool's input, as free text.";
  return {
    type: 'object',
    properties: { input: { type: 'string', description: grammar } },
    required: ['input'],
    additionalProperties: false,
  };
}

function isWebSearch(tool: ResponsesTool): tool is WebSearchTool {
  return (WEB_SEARCH_TYPES as readonly string[]).includes(tool.type);
}

function webSearchOf(tool: WebSearchTool): HostedTool {
  const location = tool.user_location;
  return compact<HostedTool>({
    type: 'web_search',
    name: tool.type,
    maxUses: tool.max_uses ?? undefined,
    allowedDomains: tool.filters?.allowed_domains ?? undefined,
    blockedDomains: tool.filters?.blocked_domains ?? undefined,
    userLocation: location
      ? compact({
          city: location.city ?? undefined,
          region: location.region ?? undefined,
          country: location.country ?? undefined,
          timezone: location.timezone ?? undefined,
        })
      : undefined,
  });
}

class ToolCollector {
  readonly names = new ToolNames();
  readonly tools: ToolDefinition[] = [];
  readonly hostedTools: HostedTool[] = [];
  readonly unsupportedTools: string[] = [];

  /** A namespace's description goes before each member's: upstream there is no namespace. */
  add(tool: FunctionTool | CustomTool, namespace?: NamespaceTool): void {
    const about = [namespace?.description, tool.description].filter((d) => !!d).join('\n\n');
    this.addAs(tool, namespace?.name, about);
  }

  private addAs(tool: FunctionTool | CustomTool, namespace: string | undefined, about: string) {
    const name = this.names.upstreamName(tool.name, namespace);
    const kind = tool.type;
    const origin: ToolOrigin | undefined =
      name !== tool.name || namespace !== undefined || kind === 'custom'
        ? compact<ToolOrigin>({ name: tool.name, namespace, kind })
        : undefined;
    this.tools.push(
      compact<ToolDefinition>({
        name,
        description: about || undefined,
        parameters:
          tool.type === 'custom'
            ? customParameters(tool)
            : ((tool as FunctionTool).parameters ?? EMPTY_OBJECT_SCHEMA),
        origin,
      }),
    );
  }

  hosted(tool: ResponsesTool): void {
    if (isWebSearch(tool)) {
      if (!this.hostedTools.some((t) => t.type === 'web_search'))
        this.hostedTools.push(webSearchOf(tool));
      return;
    }
    const named = tool as { name?: string | null; type: string };
    this.unsupportedTools.push(named.name || named.type);
  }
}

/**
 * All tools of a request: `tools`, then those of `additional_tools` input items (Codex sends
 * its tools there). Plain functions are named first, so their names stay as the client gave.
 */
export function convertTools(lists: ResponsesTool[][]): ConvertedTools {
  const all = lists.flat();
  const collector = new ToolCollector();
  for (const tool of all) if (tool.type === 'function') collector.add(tool as FunctionTool);
  for (const tool of all) {
    if (tool.type === 'function') continue;
    if (tool.type === 'custom') collector.add(tool as CustomTool);
    else if (tool.type === 'namespace') {
      const namespace = tool as NamespaceTool;
      for (const member of namespace.tools) collector.add(member, namespace);
    } else collector.hosted(tool);
  }
  const { tools, hostedTools, unsupportedTools, names } = collector;
  return { tools, hostedTools, unsupportedTools, names };
}

/**
 * `tool_choice` → canonical. A function or custom tool is named by its upstream name (a bare
 * name finds the one namespace member of that name); naming a dropped tool lets the model
 * choose. A hosted tool cannot be forced through
 * a provider that may not have it, and `allowed_tools` keeps only its mode: both become the
 * mode that lets the model choose.
 */
export function toolChoiceOf(
  choice: ResponsesToolChoice | null | undefined,
  { names, unsupportedTools }: Pick<ConvertedTools, 'names' | 'unsupportedTools'>,
): CanonicalRequest['toolChoice'] {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  if ((choice.type === 'function' || choice.type === 'custom') && 'name' in choice) {
    const { name, namespace } = choice as { name: string; namespace?: string | null };
    // A tool no provider can take is dropped: forcing it cannot be done either.
    if (!namespace && unsupportedTools.includes(name)) return { type: 'auto' };
    const upstream = namespace
      ? names.upstreamName(name, namespace)
      : (names.byClientName(name) ?? names.upstreamName(name));
    return { type: 'tool', name: upstream };
  }
  if (choice.type === 'allowed_tools')
    return { type: (choice as { mode: 'auto' | 'required' }).mode };
  return { type: 'auto' } satisfies ToolChoice;
}
