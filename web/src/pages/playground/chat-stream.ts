import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ApiError } from '../../api/client';
import type { AnswerUsage } from './types';

export interface ChatOutcome {
  text: string;
  usage: AnswerUsage | null;
  finishReason: string | null;
  /** False when a stream ended without its `[DONE]` event (cut short). */
  complete: boolean;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: AnswerUsage | null;
  error?: { message?: string; code?: string | null };
}

/**
 * Read an OpenAI chat completion stream (SSE) and hand each piece of text to `onText` as it
 * arrives. An error event in the stream rejects with the gateway's message; an aborted fetch
 * rejects with the AbortError of its body.
 */
export async function readChatStream(
  body: ReadableStream<Uint8Array>,
  onText: (piece: string) => void,
): Promise<ChatOutcome> {
  const outcome: ChatOutcome = { text: '', usage: null, finishReason: null, complete: false };
  const events = body
    .pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.data === '[DONE]') {
        outcome.complete = true;
        break;
      }
      const chunk = JSON.parse(value.data) as ChatChunk;
      if (chunk.error) {
        throw new ApiError(chunk.error.message ?? 'The stream failed.', 0, chunk.error.code);
      }
      if (chunk.usage) outcome.usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) outcome.finishReason = choice.finish_reason;
      const piece = choice?.delta?.content;
      if (piece) {
        outcome.text += piece;
        onText(piece);
      }
    }
  } finally {
    reader.releaseLock();
  }
  return outcome;
}

interface ChatCompletion {
  choices?: { message?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: AnswerUsage;
}

/** The outcome of a non-streamed chat completion. */
export function completionOutcome(completion: unknown): ChatOutcome {
  const c = completion as ChatCompletion;
  const choice = c.choices?.[0];
  return {
    text: choice?.message?.content ?? '',
    usage: c.usage ?? null,
    finishReason: choice?.finish_reason ?? null,
    complete: true,
  };
}
