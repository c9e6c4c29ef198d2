import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';

export type StreamEnd = 'complete' | 'error' | 'aborted';

export interface SseWriteOptions {
  headers: Record<string, string>;
  /** Written after the last event on a clean finish (e.g. OpenAI's `[DONE]`); null for none. */
  doneData: string | null;
  /** The data of the error event that ends a broken stream, in the client's format. */
  errorData: (err: unknown) => string;
  onEnd: (end: StreamEnd, err?: unknown) => void;
}

/**
 * Serialise a stream of event payloads to SSE on the raw response — the only place SSE text is
 * produced. The client going away unsubscribes, which aborts the upstream request.
 */
export function writeSse(
  res: ServerResponse,
  events$: Observable<string>,
  options: SseWriteOptions,
): void {
  res.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
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
    next: (data) => {
      res.write(`data: ${data}\n\n`);
    },
    complete: () => {
      if (options.doneData !== null) res.write(`data: ${options.doneData}\n\n`);
      res.end();
      end('complete');
    },
    error: (err: unknown) => {
      if (!res.destroyed) {
        res.write(`data: ${options.errorData(err)}\n\n`);
        res.end();
      }
      end('error', err);
    },
  });
  res.on('close', () => {
    if (!res.writableFinished) {
      subscription.unsubscribe();
      end('aborted');
    }
  });
}
