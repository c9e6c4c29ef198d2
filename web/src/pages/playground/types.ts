import type { paths } from '../../api/schema';

/** A logical model as GET /admin/models lists it. */
export type ModelView =
  paths['/admin/models']['get']['responses'][200]['content']['application/json'][number];

/** One usage row as GET /usage lists it. */
export type UsageRow =
  paths['/usage']['get']['responses'][200]['content']['application/json']['data'][number];

/**
 * One turn of the conversation the Playground sends. The OpenAPI document types the chat
 * request's `messages` only as objects, so the shape of a text message is spelled out here.
 */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What the form holds: the conversation and the request options. */
export interface PlaygroundDraft {
  model: string;
  system: string;
  turns: ChatTurn[];
  stream: boolean;
  /** As typed; empty means "the model's default". */
  maxTokens: string;
  temperature: string;
}

/** Token counts of the answer (its `usage` object). */
export interface AnswerUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

/** Where the gateway sent the request, from its answer headers. */
export interface ServedBy {
  requestId: string | null;
  provider: string | null;
  upstreamModel: string | null;
  attempts: number | null;
}
