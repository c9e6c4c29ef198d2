import type { ReasoningEffort } from '../canonical/types';

/**
 * Responses API wire types the gateway writes: the `response` object and its output items.
 * Requests are typed by the zod schema in responses-request.schema.ts, since they arrive
 * unchecked. The spec files check these against the official SDK's types.
 */

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
}

export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponsesMessageItem {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'assistant';
  content: ResponsesOutputText[];
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id: string;
  status: ItemStatus;
  call_id: string;
  name: string;
  /** The namespace of a tool declared in a `namespace`. */
  namespace?: string;
  arguments: string;
}

/** A call of a freeform (custom) tool. */
export interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id: string;
  status: ItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

/** A web search the provider ran. */
export interface ResponsesWebSearchCallItem {
  type: 'web_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed';
  action: { type: 'search'; query?: string; sources?: { type: 'url'; url: string }[] };
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
}

export type ResponsesOutputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesCustomToolCallItem
  | ResponsesWebSearchCallItem
  | ResponsesReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete';

export type IncompleteReason = 'max_output_tokens' | 'content_filter';

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description: string | null;
  parameters: Record<string, unknown>;
  strict: boolean | null;
}

/** A tool as the response echoes it: as the client declared it. */
export type ResponsesEchoedTool =
  | ResponsesFunctionTool
  | ResponsesCustomTool
  | { type: 'namespace'; name: string; description: string; tools: ResponsesMemberTool[] }
  | { type: WebSearchType };

export interface ResponsesCustomTool {
  type: 'custom';
  name: string;
  description?: string;
}

export type ResponsesMemberTool = ResponsesFunctionTool | ResponsesCustomTool;

export type WebSearchType =
  'web_search' | 'web_search_2025_08_26' | 'web_search_preview' | 'web_search_preview_2025_03_11';

export type ResponsesToolChoice =
  'auto' | 'none' | 'required' | { type: 'function' | 'custom'; name: string };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict: boolean | null };

/** The `response` object: what a non-streamed request returns and stream events carry. */
export interface ResponsesResponse {
  id: string;
  object: 'response';
  /** Domain-specific access programs: none (null is OpenAI's implicit Standard). */
  access_programs: null;
  created_at: number;
  status: ResponsesStatus;
  background: false;
  error: null;
  incomplete_details: { reason: IncompleteReason } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: ReasoningEffort | null; summary: null };
  store: false;
  temperature: number | null;
  text: { format: ResponsesTextFormat };
  tool_choice: ResponsesToolChoice;
  tools: ResponsesEchoedTool[];
  top_p: number | null;
  truncation: 'disabled';
  /** null while a stream is in progress (as OpenAI sends it). */
  usage: ResponsesUsage | null;
  user?: string;
  metadata: Record<string, string>;
}
