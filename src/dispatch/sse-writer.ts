import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import type { SseOut } from '../conversion/canonical/types';
import type { FlowGate } from './flow-gate';

export type StreamEnd = 'complete' | 'error' | 'aborted';

/** How a stream is framed: SSE, or a JSON array (Gemini's streamGenerateContent without alt=sse). */
export type StreamFraming = 'sse' | 'json-array';

export interface StreamWriteOptions {
  headers: Record<string, string>;
  framing: StreamFraming;
  /** Written after the last event on a clean finish (e.g. OpenAI's `[DONE]`); null for none. */
  doneData: string | null;
  /** The event that ends a broken stream, in the client's format. */
  errorEvent: (err: unknown) => SseOut;
  onEnd: (end: StreamEnd, err?: unknown) => void;
  /** Closed while the socket's buffer is full, opened on 'drain' (see FlowGate). */
  flow?: FlowGate;
}

interface Framer {
  contentType: string;
  event(e: SseOut): string;
  /** Text after the last event (clean finish or error). */
  close(): string;
}

function framer(framing: StreamFraming): Framer {
  if (framing === 'sse') {
    return {
      contentType: 'text/event-stream; charset=utf-8',
      event: (e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`,
      close: () => '',
    };
  }
  let first = true;
  return {
    contentType: 'application/json; charset=utf-8',
    event: (e) => {
      const text = `${first ? '[' : ',\r\n'}${e.data}`;
      first = false;
      return text;
    },
    close: () => (first ? '[]' : ']'),
  };
}

/**
 * Write a stream of client events to the raw response — the only place stream text is
 * produced. The client going away unsubscribes, which aborts the upstream request.
 */
export function writeStream(
  res: ServerResponse,
  events$: Observable<SseOut>,
  options: StreamWriteOptions,
): void {
  const frame = framer(options.framing);
  res.writeHead(200, {
    ...options.headers,
    'content-type': frame.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let ended = false;
  const end = (how: StreamEnd, err?: unknown) => {
    if (ended) return;
    ended = true;
    options.onEnd(how, err);
  };
  const subscription = events$.subscribe({
    next: (event) => {
      if (!res.write(frame.event(event))) options.flow?.close();
    },
    complete: () => {
      if (options.doneData !== null) res.write(frame.event({ data: options.doneData }));
      res.end(frame.close());
      end('complete');
    },
    error: (err: unknown) => {
      if (!res.destroyed) {
        res.write(frame.event(options.errorEvent(err)));
        res.end(frame.close());
      }
      end('error', err);
    },
  });
  res.on('drain', () => options.flow?.open());
  res.on('close', () => {
    if (!res.writableFinished) {
      subscription.unsubscribe();
      end('aborted');
    }
  });
}
