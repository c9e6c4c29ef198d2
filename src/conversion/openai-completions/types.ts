/**
 * Legacy completions wire types the gateway writes (text_completion objects and chunks).
 * Requests are typed by the zod schema in completions-request.schema.ts.
 */
import type { OpenAIUsage } from '../openai/types';

export type CompletionsFinishReason = 'stop' | 'length' | 'content_filter';

export interface CompletionsChoice {
  text: string;
  index: 0;
  logprobs: null;
  finish_reason: CompletionsFinishReason | null;
}

/** A whole completion (`finish_reason` set) or one stream chunk (null until the last). */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionsChoice[];
  /** Set on a whole completion and the stream's usage chunk; null on other chunks when asked. */
  usage?: OpenAIUsage | null;
}
