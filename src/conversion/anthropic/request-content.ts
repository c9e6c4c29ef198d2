import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  HostedTool,
  ImagePart,
  TextPart,
  ToolDefinition,
  ToolResultPart,
} from '../canonical/types';
import {
  at,
  defined,
  invalid,
  isRecord,
  readArray,
  readBoolean,
  readRecord,
  readString,
  type JsonObject,
} from './validate';

/**
 * Reading the content of a client's Messages request — system, messages and their blocks,
 * tools — with the checks Anthropic makes, each failure a 400 naming the path.
 */

/** Anthropic block types the gateway knows but cannot carry to other formats (yet). */
const UNSUPPORTED_BLOCKS = new Set([
  'document',
  'search_result',
  'tool_reference',
  'container_upload',
  'server_tool_use',
  'mcp_tool_use',
  'mcp_tool_result',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
]);

const MESSAGE_BLOCKS = [
  'text',
  'image',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
] as const;
const MEDIA_BLOCKS = ['text', 'image'] as const;
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

type Role = 'user' | 'assistant';
const ROLES: readonly string[] = ['user', 'assistant', 'system'] satisfies (Role | 'system')[];

function isRole(role: string): role is Role | 'system' {
  return ROLES.includes(role);
}

/** The block's `type`, when it is one of `allowed`; a 400 naming the path otherwise. */
function blockType<T extends string>(block: unknown, path: string, allowed: readonly T[]): T {
  if (!isRecord(block)) invalid(path, 'Input should be a valid dictionary');
  const type = readString(block, 'type', path, true);
  if ((allowed as readonly string[]).includes(type)) return type as T;
  if (UNSUPPORTED_BLOCKS.has(type)) {
    invalid(
      at(path, 'type'),
      `content blocks of type '${type}' are not supported by this gateway yet`,
    );
  }
  const expected = allowed.map((t) => `'${t}'`).join(', ');
  invalid(
    at(path, 'type'),
    `Input tag '${type}' found using 'type' does not match any of the expected tags: ${expected}`,
  );
}

function parseText(block: JsonObject, path: string): TextPart {
  return { type: 'text', text: readString(block, 'text', path, true) };
}

function parseImage(block: JsonObject, path: string): ImagePart {
  const sourcePath = at(path, 'source');
  const source = readRecord(block, 'source', path, true);
  const kind = readString(source, 'type', sourcePath, true);
  if (kind === 'base64') {
    const mediaType = readString(source, 'media_type', sourcePath, true);
    if (!IMAGE_MEDIA_TYPES.includes(mediaType)) {
      const expected = IMAGE_MEDIA_TYPES.map((t) => `'${t}'`).join(', ');
      invalid(at(sourcePath, 'media_type'), `Input should be one of ${expected}`);
    }
    const data = readString(source, 'data', sourcePath, true);
    return { type: 'image', source: { kind: 'base64', mediaType, data } };
  }
  if (kind === 'url') {
    return {
      type: 'image',
      source: { kind: 'url', url: readString(source, 'url', sourcePath, true) },
    };
  }
  if (kind === 'file') {
    invalid(
      at(sourcePath, 'type'),
      `image sources of type 'file' are not supported by this gateway yet`,
    );
  }
  invalid(
    at(sourcePath, 'type'),
    `Input tag '${kind}' does not match the expected tags: 'base64', 'url'`,
  );
}

function parseMedia(block: unknown, path: string): TextPart | ImagePart {
  const type = blockType(block, path, MEDIA_BLOCKS);
  return type === 'text'
    ? parseText(block as JsonObject, path)
    : parseImage(block as JsonObject, path);
}

function parseToolResult(
  block: JsonObject,
  path: string,
  toolNames: Map<string, string>,
): ToolResultPart {
  const toolCallId = readString(block, 'tool_use_id', path, true);
  let content: (TextPart | ImagePart)[] = [];
  if (typeof block.content === 'string') {
    content = block.content.length > 0 ? [{ type: 'text', text: block.content }] : [];
  } else {
    const list = readArray(block, 'content', path) ?? [];
    content = list.map((item, i) => parseMedia(item, at(at(path, 'content'), i)));
  }
  const name = toolNames.get(toolCallId);
  const isError = readBoolean(block, 'is_error', path);
  return {
    type: 'tool_result',
    toolCallId,
    ...(name !== undefined ? { name } : {}),
    content,
    ...(isError ? { isError: true } : {}),
  };
}

function parseBlock(
  raw: unknown,
  path: string,
  role: Role,
  toolNames: Map<string, string>,
): ContentPart {
  const type = blockType(raw, path, MESSAGE_BLOCKS);
  const block = raw as JsonObject;
  switch (type) {
    case 'text':
      return parseText(block, path);
    case 'image':
      return parseImage(block, path);
    case 'tool_use': {
      if (role !== 'assistant')
        invalid(at(path, 'type'), 'tool_use blocks belong in assistant messages');
      const id = readString(block, 'id', path, true);
      const name = readString(block, 'name', path, true);
      const input = readRecord(block, 'input', path, true);
      toolNames.set(id, name);
      return { type: 'tool_call', id, name, arguments: JSON.stringify(input) };
    }
    case 'tool_result':
      if (role !== 'user') invalid(at(path, 'type'), 'tool_result blocks belong in user messages');
      return parseToolResult(block, path, toolNames);
    case 'thinking': {
      const text = readString(block, 'thinking', path, true);
      const signature = readString(block, 'signature', path, true);
      return { type: 'thinking', text, ...(signature ? { signature } : {}) };
    }
    case 'redacted_thinking':
      return { type: 'thinking', text: readString(block, 'data', path, true), redacted: true };
  }
}

/**
 * One client message → canonical messages. A user message's tool_result blocks become a
 * `tool` message, followed by a user message with its other blocks (in their order): tool
 * results must directly follow the assistant's calls in every format, and Anthropic itself
 * requires them first in the message. A system message (the current API takes `role: "system"`
 * entries in `messages`; Claude Code sends them after the first turn) stays a system message.
 */
function parseMessage(
  raw: unknown,
  path: string,
  toolNames: Map<string, string>,
): CanonicalMessage[] {
  if (!isRecord(raw)) invalid(path, 'Input should be a valid dictionary');
  const role = readString(raw, 'role', path, true);
  if (!isRole(role)) invalid(at(path, 'role'), "Input should be 'user', 'assistant' or 'system'");
  if (raw.content === undefined) invalid(at(path, 'content'), 'Field required');
  if (role === 'system') return [{ role, content: parseTextBlocks(raw, 'content', path) }];
  if (typeof raw.content === 'string')
    return [{ role, content: [{ type: 'text', text: raw.content }] }];
  const blocks = readArray(raw, 'content', path, true);
  const parts = blocks.map((b, i) => parseBlock(b, at(at(path, 'content'), i), role, toolNames));
  if (role === 'assistant') return [{ role, content: parts }];
  const results = parts.filter((p) => p.type === 'tool_result');
  const others = parts.filter((p) => p.type !== 'tool_result');
  if (results.length === 0) return [{ role, content: parts }];
  return [
    { role: 'tool', content: results },
    ...(others.length > 0 ? [{ role: 'user' as const, content: others }] : []),
  ];
}

export function parseMessages(body: JsonObject): CanonicalMessage[] {
  const list = readArray(body, 'messages', '', true);
  if (list.length === 0)
    invalid('messages', 'List should have at least 1 item after validation, not 0');
  // Tool names by call id, to name each tool_result (Gemini needs the name).
  const toolNames = new Map<string, string>();
  return list.flatMap((m, i) => parseMessage(m, at('messages', i), toolNames));
}

/** A system prompt: a string or text blocks (cache_control on them is Anthropic's only). */
function parseTextBlocks(obj: JsonObject, key: string, path: string): TextPart[] {
  const raw = obj[key];
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') return raw.length > 0 ? [{ type: 'text', text: raw }] : [];
  const list = readArray(obj, key, path);
  return (list ?? []).map((b, i) => {
    blockType(b, at(at(path, key), i), ['text']);
    return parseText(b as JsonObject, at(at(path, key), i));
  });
}

export function parseSystem(body: JsonObject): TextPart[] {
  return parseTextBlocks(body, 'system', '');
}

/**
 * Custom tools, and server tools (run at Anthropic; passthrough forwards them untouched). For
 * another provider a web search (`web_search_*`) is a hosted web search, mapped to the
 * provider's own where it has one; other server tools (code_execution, web_fetch…) have no
 * equivalent and are listed as unsupported (dropped or refused per the model).
 */
export function parseTools(
  body: JsonObject,
): Pick<CanonicalRequest, 'tools' | 'hostedTools' | 'unsupportedTools'> {
  const list = readArray(body, 'tools', '');
  if (!list) return {};
  const tools: ToolDefinition[] = [];
  const hostedTools: HostedTool[] = [];
  const unsupportedTools: string[] = [];
  list.forEach((raw, i) => {
    const path = at('tools', i);
    if (!isRecord(raw)) invalid(path, 'Input should be a valid dictionary');
    const name = readString(raw, 'name', path, true);
    if (raw.type !== undefined && raw.type !== null && raw.type !== 'custom') {
      const type = String(raw.type);
      if (!type.startsWith('web_search_')) unsupportedTools.push(name);
      else if (hostedTools.length === 0) hostedTools.push(webSearchOf(raw, name));
      return;
    }
    const description = readString(raw, 'description', path);
    const parameters = readRecord(raw, 'input_schema', path, true);
    tools.push({ name, ...(description !== undefined ? { description } : {}), parameters });
  });
  return defined({
    tools,
    hostedTools: hostedTools.length > 0 ? hostedTools : undefined,
    unsupportedTools: unsupportedTools.length > 0 ? unsupportedTools : undefined,
  });
}

function webSearchOf(raw: JsonObject, name: string): HostedTool {
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  const location = isRecord(raw.user_location) ? raw.user_location : undefined;
  return defined<HostedTool>({
    type: 'web_search',
    name,
    maxUses: typeof raw.max_uses === 'number' ? raw.max_uses : undefined,
    allowedDomains: strings(raw.allowed_domains),
    blockedDomains: strings(raw.blocked_domains),
    userLocation: location
      ? defined({
          city: typeof location.city === 'string' ? location.city : undefined,
          region: typeof location.region === 'string' ? location.region : undefined,
          country: typeof location.country === 'string' ? location.country : undefined,
          timezone: typeof location.timezone === 'string' ? location.timezone : undefined,
        })
      : undefined,
  });
}
