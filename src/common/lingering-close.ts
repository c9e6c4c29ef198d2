import type { Readable } from 'node:stream';

/** How much of an unwanted body is read and thrown away before the connection is cut. */
export interface LingerBounds {
  maxBytes: number;
  maxMs: number;
}

/**
 * nginx's `lingering_close`, for an answer given before the request body was read (a body
 * over the limit): clients (the official SDKs among them) write the whole body before they
 * read the answer, and a connection closed while they still send is reset, so they never see
 * the 413. Up to 64 MB or 10 s of the rest is read and discarded; a client that sends more or
 * longer is cut off.
 */
export const LINGER_BOUNDS: LingerBounds = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * Read and discard the rest of `body`. `done` is called once: with `true` when the body ended
 * within the bounds, `false` when a bound was reached or the client went away (the caller
 * then cuts the connection).
 */
export function discardRest(
  body: Readable,
  bounds: LingerBounds,
  done: (drained: boolean) => void,
): void {
  if (body.readableEnded) {
    done(true);
    return;
  }
  let received = 0;
  let settled = false;
  const settle = (drained: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onGone);
    body.off('close', onGone);
    done(drained);
  };
  const onData = (chunk: Buffer | string) => {
    received += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (received > bounds.maxBytes) settle(false);
  };
  const onEnd = () => settle(true);
  const onGone = () => settle(body.readableEnded);
  const timer = setTimeout(() => settle(false), bounds.maxMs);
  timer.unref();
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onGone);
  body.on('close', onGone);
  body.resume();
}
