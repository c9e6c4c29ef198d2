/**
 * The canonical model every format converts to and from: N formats need 2N converters, not N².
 * Plain data, no classes; converters are pure functions over these types.
 */

/** An image, by URL or inline base64 (data URLs are split into media type + data). */
export type ImageSource =
  { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail` (low | high | auto), kept when both sides have it. */
  detail?: string;
}

/** A tool call made by the assistant. `arguments` is JSON text, as OpenAI sends it. */
export interface ToolCallPart {
  type: 'tool_call';
  id: string;
  name: string;
  arguments: string;
}

/** The result of a tool call, sent back by the client. */
export interface ToolResultPart {
  type: 'tool_result';
  toolCallId: string;
  /** The tool's name; Gemini needs it. Parsers fill it from the matching call when they can. */
  name?: string;
  content: (TextPart | ImagePart)[];
  isError?: boolean;
}

/** Reasoning ("thinking") content, where both sides have it. */
export interface ThinkingPart {
  type: 'thinking';
  text: string;
  /** Anthropic's signature, needed to send thinking back in a later turn. */
  signature?: string;
  /** Anthropic's redacted_thinking: `text` holds the opaque data. */
  redacted?: boolean;
}

export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart | ThinkingPart;

/** A web search the provider ran itself (a hosted tool), shown in answers that have the item. */
export interface WebSearchPart {
  type: 'web_search';
  id: string;
  query?: string;
  /** URLs of the results. */
  sources?: string[];
}

/** What an answer holds: the assistant's content, and searches the provider ran. */
export type ResponsePart = ContentPart | WebSearchPart;

/**
 * One turn. `tool` messages carry only tool_result parts (OpenAI's role "tool", Anthropic's
 * user-message tool_result blocks, Gemini's functionResponse parts). `system` messages carry
 * only text: instructions given in the middle of the conversation (an Anthropic `role: "system"`
 * message, an OpenAI system or developer message after the first turn), kept in place. Leading
 * instructions are the request's `system` instead.
 */
export interface CanonicalMessage {
  role: 'user' | 'assistant' | 'tool' | 'system';
  content: ContentPart[];
  /** A `system` message sent with OpenAI's `developer` role. */
  developer?: boolean;
}

export interface ToolDefinition {
  /** The name sent upstream (provider-safe: [a-zA-Z0-9_-], at most 64 characters). */
  name: string;
  description?: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
  /**
   * The tool as the client declared it, when that is not a plain function of this name: a
   * member of a Responses `namespace` (flattened to a name of its own), or a Responses
   * `custom` tool (sent as a function taking one string argument `input`). The client's
   * encoder restores it on the calls that come back.
   */
  origin?: ToolOrigin;
}

export interface ToolOrigin {
  name: string;
  namespace?: string;
  kind: 'function' | 'custom';
}

/**
 * A tool the provider runs itself (a hosted or server tool), for formats that have one:
 * OpenAI's web_search, Anthropic's web_search_20250305, Gemini's googleSearch.
 */
export interface HostedTool {
  type: 'web_search';
  /** The client's name for it (its type when it has none), for headers and errors. */
  name: string;
  maxUses?: number;
  allowedDomains?: string[];
  blockedDomains?: string[];
  userLocation?: { city?: string; region?: string; country?: string; timezone?: string };
}

export type HostedToolType = HostedTool['type'];

export type ToolChoice =
  { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; schema: Record<string, unknown>; strict?: boolean };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface CanonicalRequest {
  /** The model as the client named it (the logical model). */
  model: string;
  /**
   * System instructions before the conversation (Anthropic `system`, Gemini systemInstruction,
   * OpenAI system/developer messages before the first turn). Later ones are `system` messages.
   */
  system: TextPart[];
  messages: CanonicalMessage[];
  tools?: ToolDefinition[];
  /** Tools run by the provider; a provider format without the type drops them. */
  hostedTools?: HostedTool[];
  /** Client tools no provider format can take (e.g. OpenAI's file_search): their names. */
  unsupportedTools?: string[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  reasoning?: {
    effort?: ReasoningEffort;
    budgetTokens?: number;
    /** Think, but show no thought text (Anthropic's thinking `display: "omitted"`). */
    hideThoughts?: boolean;
  };
  stream: boolean;
  /** End-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}

/** Why generation stopped: one vocabulary, mapped from and to each format by one table each. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's cache (included in promptTokens). */
  cachedTokens: number;
  /** Anthropic cache writes (included in promptTokens). */
  cacheCreationTokens?: number;
  /** Reasoning tokens (included in completionTokens). */
  reasoningTokens?: number;
}

export interface CanonicalResponse {
  id: string;
  /** The model that answered (upstream name) — encoders may show the client's model instead. */
  model: string;
  /** Unix seconds. */
  created: number;
  /** Assistant content: text, thinking, tool_call and web_search parts, in order. */
  content: ResponsePart[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
  usage: Usage;
}

/**
 * A streamed response, as a sequence of events. Order: `start` first; then deltas; `finish`
 * once; `usage` may come before or after `finish` (or several times: later values win).
 * Tool call `index` counts tool calls in the response from 0; deltas refer to it.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string; signature?: string; redacted?: boolean }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | ({ type: 'web_search' } & Omit<WebSearchPart, 'type'>)
  | { type: 'finish'; reason: FinishReason; stopSequence?: string }
  | { type: 'usage'; usage: Usage };

/** One SSE event to write to the client (`event:` line only when `event` is set). */
export interface SseOut {
  event?: string;
  data: string;
}

/** One SSE event read from an upstream. */
export interface SseIn {
  event?: string;
  data: string;
}

/** An upstream error, described independently of its format. */
export interface UpstreamErrorInfo {
  message: string;
  /** The provider's own type/status string, when it has one (e.g. `rate_limit_error`). */
  type?: string;
}
