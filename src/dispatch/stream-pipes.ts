import { Observable, Subscription } from 'rxjs';
import type { StreamDecoder, StreamEncoder } from '../conversion/canonical/adapters';
import { StreamAggregator } from '../conversion/canonical/stream-bridge';
import type { SseIn, SseOut, StreamEvent } from '../conversion/canonical/types';
import {
  chunkTextLength,
  isUsageOnlyChunk,
  readUsage,
} from '../conversion/openai/chat-passthrough';
import type { ApiFamily } from '../conversion/endpoints';
import { renameModel, streamModelField, withoutNullField } from '../conversion/model-field';
import { GatewayError } from '../common/errors/gateway-error';
import type { UsageDraft } from '../usage/usage-draft';
import { describeUpstreamError } from './attempt-outcome';

/** The upstream stream ended without its terminator, or broke: it was cut. */
export class StreamCutError extends GatewayError {
  constructor(reason: string) {
    super(502, 'upstream', 'upstream_stream_cut', `The upstream stream broke off: ${reason}`);
  }
}

const CHARS_PER_TOKEN = 4;

/** Without upstream usage, completion tokens are estimated from the generated text. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/**
 * Map a source stream through `step`, turning a source error or an unterminated end into a
 * StreamCutError (marking the usage row as cut): a broken stream never ends cleanly. When the
 * client goes away first, `abandon` accounts what was produced so far (the provider bills it).
 */
function guarded<I, O>(
  source$: Observable<I>,
  usage: UsageDraft,
  step: (value: I, emit: (out: O) => void) => void,
  finish: (emit: (out: O) => void) => string | null,
  abandon: () => void,
): Observable<O> {
  return new Observable<O>((subscriber) => {
    let stopped = false;
    // A container: unsubscribing it before the inner subscription is added closes that too.
    const subscription = new Subscription();
    const emit = (out: O) => subscriber.next(out);
    const fail = (reason: string) => {
      stopped = true;
      usage.streamCut = true;
      subscriber.error(new StreamCutError(reason));
      subscription.unsubscribe();
    };
    const inner = source$.subscribe({
      next: (value) => {
        if (stopped) return;
        try {
          step(value, emit);
        } catch (err) {
          fail(err instanceof Error ? err.message : String(err));
        }
      },
      error: (err: unknown) => {
        if (!stopped) fail(describeUpstreamError(err));
      },
      complete: () => {
        if (stopped) return;
        stopped = true;
        let problem: string | null;
        try {
          problem = finish(emit);
        } catch (err) {
          problem = err instanceof Error ? err.message : String(err);
        }
        if (problem) fail(problem);
        else subscriber.complete();
      },
    });
    subscription.add(inner);
    return () => {
      if (!stopped) {
        stopped = true;
        abandon();
      }
      subscription.unsubscribe();
    };
  });
}

/**
 * OpenAI SSE → OpenAI SSE (the hot passthrough): forward each chunk's data nearly untouched —
 * its `model` renamed to `clientModel`, the name the client asked for (the upstream's own goes
 * to the usage row) — read usage on the way, hide what the gateway's own `include_usage` added
 * from a client that did not ask for it, and fail the stream if it ends without `[DONE]`.
 */
export function openAIPassthroughStream(
  messages$: Observable<SseIn>,
  usage: UsageDraft,
  clientWantsUsage: boolean,
  clientModel: string,
): Observable<SseOut> {
  let sawDone = false;
  let sawUsage = false;
  let textChars = 0;
  return guarded<SseIn, SseOut>(
    messages$,
    usage,
    (m, emit) => {
      if (sawDone) return;
      if (m.data === '[DONE]') {
        sawDone = true;
        return;
      }
      let chunk: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(m.data);
        if (parsed && typeof parsed === 'object') chunk = parsed as Record<string, unknown>;
      } catch {
        // not JSON: forward as is
      }
      if (!chunk) return emit({ data: m.data });
      if (chunk.error) {
        const error = chunk.error as { message?: unknown };
        throw new Error(typeof error.message === 'string' ? error.message : 'upstream error event');
      }
      // Azure's first chunk (prompt_filter_results) has model "": not a name.
      if (typeof chunk.model === 'string' && chunk.model) usage.reportedModel = chunk.model;
      const u = readUsage(chunk);
      if (u) {
        sawUsage = true;
        usage.applyUsage(u);
        if (!clientWantsUsage && isUsageOnlyChunk(chunk)) return;
      }
      textChars += chunkTextLength(chunk);
      let data = m.data;
      if (!clientWantsUsage && chunk.usage === null) {
        // `include_usage` (asked by the gateway) adds "usage": null to every chunk; a client
        // that did not ask gets the chunks as the provider would have sent them.
        data = withoutNullField(data, chunk, 'usage');
        delete chunk.usage;
      }
      emit({ data: renameModel(data, chunk, ['model'], clientModel) });
    },
    () => {
      if (!sawUsage) usage.completionTokens = estimateTokens(textChars);
      return sawDone ? null : 'the upstream closed the stream before [DONE]';
    },
    () => {
      if (!sawUsage) usage.completionTokens = estimateTokens(textChars);
    },
  );
}

/**
 * Same family, not OpenAI (Anthropic → Anthropic, Gemini → Gemini): forward every event as
 * is but for the model's name (`clientModel`, the name the client asked for: Anthropic's
 * message_start, every Gemini chunk's modelVersion), decoding a copy only to account usage
 * and to tell a complete stream from a cut one.
 */
export function relayStream(
  messages$: Observable<SseIn>,
  decoder: StreamDecoder,
  usage: UsageDraft,
  family: ApiFamily,
  clientModel: string,
): Observable<SseOut> {
  const aggregate = new StreamAggregator();
  return guarded<SseIn, SseOut>(
    messages$,
    usage,
    (m, emit) => {
      for (const event of decoder.decode(m)) noteEvent(event, aggregate, usage);
      const data = renamedData(m, family, clientModel);
      emit(m.event ? { event: m.event, data } : { data });
    },
    () => {
      for (const event of decoder.end()) aggregate.add(event);
      settleUsage(usage, aggregate);
      return decoder.complete ? null : 'the upstream closed the stream before its end';
    },
    () => settleUsage(usage, aggregate),
  );
}

/** An event read from the upstream: aggregated, and its model name noted as the upstream's. */
function noteEvent(event: StreamEvent, aggregate: StreamAggregator, usage: UsageDraft): void {
  aggregate.add(event);
  if (event.type === 'start' && event.model) usage.reportedModel = event.model;
}

/** A relayed event's data with the model renamed, when the event names one. */
function renamedData(m: SseIn, family: ApiFamily, clientModel: string): string {
  const path = streamModelField(family, m);
  if (!path) return m.data;
  let doc: unknown;
  try {
    doc = JSON.parse(m.data);
  } catch {
    return m.data; // the decoder has already failed the stream on it
  }
  return renameModel(m.data, doc, path, clientModel);
}

function settleUsage(usage: UsageDraft, aggregate: StreamAggregator): void {
  if (aggregate.usage) usage.applyUsage(aggregate.usage);
  if (!aggregate.usage || aggregate.usage.completionTokens === 0) {
    usage.completionTokens ||= estimateTokens(aggregate.generatedChars);
  }
}

/** Upstream SSE → canonical events, accounting usage, failing on a cut. */
export function decodeStream(
  messages$: Observable<SseIn>,
  decoder: StreamDecoder,
  usage: UsageDraft,
): Observable<StreamEvent> {
  const aggregate = new StreamAggregator();
  return guarded<SseIn, StreamEvent>(
    messages$,
    usage,
    (m, emit) => {
      for (const event of decoder.decode(m)) {
        noteEvent(event, aggregate, usage);
        emit(event);
      }
    },
    (emit) => {
      for (const event of decoder.end()) {
        aggregate.add(event);
        emit(event);
      }
      settleUsage(usage, aggregate);
      return decoder.complete ? null : 'the upstream closed the stream before its end';
    },
    () => settleUsage(usage, aggregate),
  );
}

/** Canonical events → the client's SSE events. */
export function encodeStream(
  events$: Observable<StreamEvent>,
  encoder: StreamEncoder,
): Observable<SseOut> {
  return new Observable<SseOut>((subscriber) => {
    const subscription = events$.subscribe({
      next: (event) => {
        for (const out of encoder.encode(event)) subscriber.next(out);
      },
      error: (err: unknown) => subscriber.error(err),
      complete: () => {
        for (const out of encoder.end()) subscriber.next(out);
        subscriber.complete();
      },
    });
    return () => subscription.unsubscribe();
  });
}
