/**
 * Canonical stream events → text_completion chunks (data lines, then `[DONE]`). One instance
 * per response; all state is on the instance.
 */
import type { ClientResponseContext, StreamEncoder } from '../canonical/adapters';
import type { SseOut, StreamEvent, Usage } from '../canonical/types';
import { usageToOpenAI } from '../openai/usage';
import { finishReasonToCompletions } from './finish-reasons';
import { completionIdOf } from './response';
import type { CompletionsFinishReason, TextCompletion } from './types';

/**
 * Text comes as chunks with `finish_reason: null`, then one chunk with the finish reason.
 * Usage is held until `end()` and written as OpenAI does, in a last chunk without choices,
 * when the client asked for it (stream_options.include_usage). Thinking and tool calls have
 * no place in a text completion and are left out.
 */
export class CompletionsStreamEncoder implements StreamEncoder {
  readonly doneData = '[DONE]';
  private id = '';
  private created = 0;
  private started = false;
  private finished = false;
  private usage: Usage | null = null;

  constructor(private readonly context: ClientResponseContext) {}

  encode(event: StreamEvent): SseOut[] {
    if (!this.started) this.begin(event.type === 'start' ? event : undefined);
    switch (event.type) {
      case 'text':
        return event.text ? [this.chunk(event.text, null)] : [];
      case 'finish':
        return this.finished ? [] : [this.finish(finishReasonToCompletions(event.reason))];
      case 'usage':
        this.usage = event.usage;
        return [];
      default:
        return [];
    }
  }

  /** A stream that never said why it finished ends with 'stop'. */
  end(): SseOut[] {
    if (!this.started) this.begin();
    const out: SseOut[] = [];
    if (!this.finished) out.push(this.finish('stop'));
    if (this.context.includeUsage && this.usage) {
      out.push(this.write({ ...this.head(), choices: [], usage: usageToOpenAI(this.usage) }));
    }
    return out;
  }

  /** Canonical streams start with `start`; the fallback only guards misuse. */
  private begin(start = { id: '', created: Math.floor(Date.now() / 1000) }): void {
    this.started = true;
    this.id = completionIdOf(start.id);
    this.created = start.created;
  }

  private finish(reason: CompletionsFinishReason): SseOut {
    this.finished = true;
    return this.chunk('', reason);
  }

  private head() {
    return {
      id: this.id,
      object: 'text_completion' as const,
      created: this.created,
      model: this.context.model,
    };
  }

  private chunk(text: string, finishReason: CompletionsFinishReason | null): SseOut {
    return this.write({
      ...this.head(),
      choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
      // OpenAI: with include_usage, every chunk but the last carries `usage: null`.
      ...(this.context.includeUsage ? { usage: null } : {}),
    });
  }

  private write(chunk: TextCompletion): SseOut {
    return { data: JSON.stringify(chunk) };
  }
}
