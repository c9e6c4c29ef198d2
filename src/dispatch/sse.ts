import { createParser, EventSourceMessage } from 'eventsource-parser';
import { Observable } from 'rxjs';
import type { FlowGate } from './flow-gate';

export type SseMessage = EventSourceMessage;

/**
 * Bytes of a `text/event-stream` body → SSE messages. Unsubscribing stops reading and destroys
 * the body (the caller's AbortController then releases the upstream connection). With a
 * `flow` gate, the body is not read on while the gate is closed (the client is not keeping up).
 */
export function sseMessages(
  body: AsyncIterable<Uint8Array> & { destroy?: (err?: Error) => void },
  flow?: FlowGate,
): Observable<SseMessage> {
  return new Observable<SseMessage>((subscriber) => {
    let stopped = false;
    const parser = createParser({ onEvent: (message) => subscriber.next(message) });
    const decoder = new TextDecoder();
    (async () => {
      for await (const chunk of body) {
        if (stopped) return;
        parser.feed(decoder.decode(chunk, { stream: true }));
        const closed = flow?.whenOpen();
        if (closed) await closed;
        if (stopped) return;
      }
      parser.feed(decoder.decode());
      if (!stopped) subscriber.complete();
    })().catch((err: unknown) => {
      if (!stopped) subscriber.error(err);
    });
    return () => {
      stopped = true;
      flow?.open();
      body.destroy?.();
    };
  });
}
