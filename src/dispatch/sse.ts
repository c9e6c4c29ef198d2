import { createParser, EventSourceMessage } from 'eventsource-parser';
import { Observable } from 'rxjs';

export type SseMessage = EventSourceMessage;

/**
 * Bytes of a `text/event-stream` body → SSE messages. Unsubscribing stops reading and destroys
 * the body (the caller's AbortController then releases the upstream connection).
 */
export function sseMessages(
  body: AsyncIterable<Uint8Array> & { destroy?: (err?: Error) => void },
): Observable<SseMessage> {
  return new Observable<SseMessage>((subscriber) => {
    let stopped = false;
    const parser = createParser({ onEvent: (message) => subscriber.next(message) });
    const decoder = new TextDecoder();
    (async () => {
      for await (const chunk of body) {
        if (stopped) return;
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
      parser.feed(decoder.decode());
      if (!stopped) subscriber.complete();
    })().catch((err: unknown) => {
      if (!stopped) subscriber.error(err);
    });
    return () => {
      stopped = true;
      body.destroy?.();
    };
  });
}
