/**
 * streamGenerateContent: each SSE `data:` (with ?alt=sse) is one GenerateContentResponse.
 * The decoder reads the Gemini API's stream into canonical events; the encoder writes canonical
 * events as the chunks a Gemini client (e.g. @google/genai) reads.
 */
import { groundingSearch } from './grounding';
import type { ClientResponseContext, StreamDecoder, StreamEncoder } from '../canonical/adapters';
import type { FinishReason, SseIn, SseOut, StreamEvent, Usage } from '../canonical/types';
import { isObject, objectField, stringField } from './fields';
import { fromGeminiFinishReason, toGeminiFinishReason } from './finish-reasons';
import { canonicalToModelPart } from './parts';
import { candidateParts, firstCandidate, promptBlocked } from './response';
import { CallCounter } from './tool-ids';
import type { GeminiGenerateContentResponse, GeminiPart } from './types';
import { fromGeminiUsage, toGeminiUsage } from './usage';

/**
 * Gemini streams carry whole parts: text and thoughts as deltas, each functionCall complete in
 * one chunk (start + one arguments delta). Every chunk may repeat usageMetadata. The first one
 * is emitted at once, before its chunk's parts (the prompt count is known from the first chunk,
 * and Anthropic clients read it from message_start); the latest again after the finish (or at
 * the end).
 */
export class GeminiStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private readonly calls = new CallCounter();
  private toolCount = 0;
  private pendingUsage: Usage | null = null;
  private usageSeen = false;
  private id = '';
  private searched = false;

  get complete(): boolean {
    return this.finished;
  }

  decode(message: SseIn): StreamEvent[] {
    const data = message.data.trim();
    if (data === '') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new Error('The Gemini stream sent a chunk that is not JSON.');
    }
    if (!isObject(chunk)) return [];
    const error = objectField(chunk, 'error');
    if (error)
      throw new Error(stringField(error, 'message') ?? 'The Gemini stream reported an error.');

    const events: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      const created = Math.floor(Date.now() / 1000);
      this.id = stringField(chunk, 'responseId') ?? `gemini-${created}`;
      events.push({
        type: 'start',
        id: this.id,
        model: stringField(chunk, 'modelVersion') ?? '',
        created,
      });
    }
    const usage = objectField(chunk, 'usageMetadata');
    if (usage) this.pendingUsage = fromGeminiUsage(usage);
    if (usage && !this.usageSeen) {
      this.usageSeen = true;
      events.push(...this.flushUsage());
    }
    const candidate = firstCandidate(chunk);
    for (const part of candidateParts(candidate, this.calls)) {
      if (part.type === 'text') events.push({ type: 'text', text: part.text });
      else if (part.type === 'thinking') {
        events.push({
          type: 'thinking',
          text: part.text,
          ...(part.signature ? { signature: part.signature } : {}),
        });
      } else if (part.type === 'tool_call') {
        const index = this.toolCount++;
        events.push({ type: 'tool_call_start', index, id: part.id, name: part.name });
        events.push({ type: 'tool_call_delta', index, arguments: part.arguments });
      }
      // Images a model generates have no stream event: not representable, dropped.
    }
    // Grounding comes with a late chunk, after the text it grounds; reported once.
    const search = this.searched ? null : groundingSearch(candidate, `ws_${this.id}`);
    if (search) {
      this.searched = true;
      const { type: _type, ...fields } = search;
      events.push({ type: 'web_search', ...fields });
    }
    const reason = candidate ? stringField(candidate, 'finishReason') : undefined;
    const blocked = promptBlocked(chunk);
    if (!this.finished && (reason || blocked)) {
      this.finished = true;
      events.push({
        type: 'finish',
        reason: blocked ? 'content_filter' : fromGeminiFinishReason(reason!, this.toolCount > 0),
      });
    }
    if (this.finished) events.push(...this.flushUsage());
    return events;
  }

  end(): StreamEvent[] {
    return this.flushUsage();
  }

  private flushUsage(): StreamEvent[] {
    if (!this.pendingUsage) return [];
    const usage = this.pendingUsage;
    this.pendingUsage = null;
    return [{ type: 'usage', usage }];
  }
}

interface BufferedCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One chunk per text or thinking delta. Tool calls are held until their arguments are whole
 * (Gemini sends each call complete) and go out together when the finish arrives; the last
 * chunk, from end(), carries finishReason and usageMetadata whichever order they came in.
 */
export class GeminiStreamEncoder implements StreamEncoder {
  readonly doneData = null;
  private id = '';
  private readonly calls = new Map<number, BufferedCall>();
  private finishReason: FinishReason | null = null;
  private usage: Usage | null = null;

  constructor(private readonly context: ClientResponseContext) {}

  encode(event: StreamEvent): SseOut[] {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        return [];
      case 'text':
        return event.text ? [this.chunk([{ text: event.text }])] : [];
      case 'thinking':
        if (!event.text && !event.signature) return [];
        return [
          this.chunk([
            {
              text: event.text,
              thought: true,
              ...(event.signature ? { thoughtSignature: event.signature } : {}),
            },
          ]),
        ];
      case 'tool_call_start':
        this.calls.set(event.index, { id: event.id, name: event.name, arguments: '' });
        return [];
      case 'tool_call_delta': {
        const call = this.calls.get(event.index);
        if (call) call.arguments += event.arguments;
        return [];
      }
      case 'finish':
        this.finishReason = event.reason;
        return this.flushCalls();
      case 'usage':
        this.usage = event.usage;
        return [];
      case 'web_search':
        return [];
    }
  }

  end(): SseOut[] {
    const reason = toGeminiFinishReason(this.finishReason ?? 'stop');
    // Gemini's own last chunk holds an empty text part beside finishReason; clients expect it.
    return [...this.flushCalls(), this.chunk([{ text: '' }], reason, this.usage)];
  }

  private flushCalls(): SseOut[] {
    if (this.calls.size === 0) return [];
    const parts = [...this.calls.values()].map(
      (call) => canonicalToModelPart({ type: 'tool_call', ...call }, true) as GeminiPart,
    );
    this.calls.clear();
    return [this.chunk(parts)];
  }

  private chunk(parts: GeminiPart[], finishReason?: string, usage?: Usage | null): SseOut {
    const body: GeminiGenerateContentResponse = {
      candidates: [
        { content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 },
      ],
      ...(usage ? { usageMetadata: toGeminiUsage(usage) } : {}),
      modelVersion: this.context.model,
      responseId: this.id,
    };
    return { data: JSON.stringify(body) };
  }
}
