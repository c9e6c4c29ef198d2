import { EventEmitter } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The machinery the fake upstreams share: a real HTTP server on a random local port that records
 * every request, tracks the ones the client abandons, chooses a behaviour per request, and writes
 * streams that can be slowed, hung or cut. Each fake (openai-upstream.ts, anthropic-upstream.ts,
 * gemini-upstream.ts) only adds its routes and its wire format.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when there was none or it was not JSON). */
  body: Record<string, unknown> | null;
  rawBody: string;
  /** True once the client went away before the response was complete. */
  aborted: boolean;
}

/** Timing and stream-shape controls every fake understands. */
export interface StreamControl {
  /** Wait this long before the response headers. */
  delayMs?: number;
  /** Never answer; the request stays open until the client goes away or the fake closes. */
  hang?: boolean;
  /** Stream: wait this long before each event. */
  chunkDelayMs?: number;
  /** Stream: after this many events, stop writing and keep the connection open. */
  hangAfterEvents?: number;
  /**
   * Stream: after this many events, wait until `resume` settles (or the client goes away), then
   * write the rest: a test sees the partial answer, then releases the end.
   */
  pauseAfterEvents?: number;
  resume?: Promise<unknown>;
  /** Stream: after this many events, close the connection (no terminator, no end of body). */
  cutAfterEvents?: number;
  /** Stream: end the response properly but without the format's terminating event. */
  omitDone?: boolean;
}

/** One tool call in an answer; `arguments` is JSON text, as OpenAI sends it. */
export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export type ChooseBehaviour<B, R extends RecordedRequest = RecordedRequest> = (
  request: R,
  index: number,
) => B;

export interface FakeUpstream<B, R extends RecordedRequest = RecordedRequest> {
  /** `http://127.0.0.1:<port><basePath>`: what a provider's base_url is set to. */
  baseUrl: string;
  port: number;
  /** Every request received, in order. */
  requests: R[];
  /** Chat (generation) requests only. */
  readonly chatRequests: R[];
  /** How many requests the client abandoned before their response was complete. */
  readonly abortedRequests: number;
  /** Emits `request` (the recorded request) on arrival and `aborted` (the same) on abandon. */
  events: EventEmitter;
  /** Set the behaviour for the requests that follow: a fixed one or one chosen per request. */
  behave(behaviour: B | ChooseBehaviour<B, R>): void;
  /** Resolves with the next request the client abandons (or one already abandoned, unseen). */
  nextAbort(timeoutMs?: number): Promise<R>;
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<R[]>;
  /** Forget recorded requests and go back to the default behaviour. */
  reset(): void;
  close(): Promise<void>;
}

/** One request being answered, handed to a fake's route handler. */
export interface Exchange<B, R extends RecordedRequest> {
  req: IncomingMessage;
  res: ServerResponse;
  recorded: R;
  behaviour: B;
  /** The path without the query string. */
  route: string;
  query: URLSearchParams;
  /** True once the response is closed (finished, abandoned or cut). */
  readonly closed: boolean;
  /** Applies `hang` and `delayMs`; false when the response must not go on. */
  waitToAnswer(control: StreamControl): Promise<boolean>;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  /**
   * Writes a stream, one frame per event, honouring the StreamControl fields. `frames` holds
   * complete wire text (e.g. `data: {…}\n\n`); the caller leaves out its terminator itself when
   * `omitDone` is set. `trailer` is written after the last frame and is not an event.
   */
  stream(
    frames: string[],
    control: StreamControl,
    opts?: { contentType?: string; trailer?: string; headers?: Record<string, string> },
  ): Promise<void>;
}

export interface FakeServerSpec<B, R extends RecordedRequest> {
  /** Prefix of `baseUrl`, e.g. `/v1`. */
  basePath: string;
  behaviour?: B | ChooseBehaviour<B, R>;
  /** Adds format-specific fields to a recorded request. */
  record?: (base: RecordedRequest) => R;
  isChat: (request: R) => boolean;
  handle: (exchange: Exchange<B, R>) => Promise<void>;
}

type Json = Record<string, unknown>;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Splits text after each run of whitespace: `'a b c'` → `['a ', 'b ', 'c']`. */
export function splitContent(content: string): string[] {
  return content.match(/\S+\s*|\s+/g) ?? [content];
}

/** Splits text in two halves (the second one may be empty for short text). */
export function splitInTwo(text: string): [string, string] {
  const half = Math.ceil(text.length / 2);
  return [text.slice(0, half), text.slice(half)];
}

export async function startFakeServer<B, R extends RecordedRequest = RecordedRequest>(
  spec: FakeServerSpec<B, R>,
): Promise<FakeUpstream<B, R>> {
  const requests: R[] = [];
  const events = new EventEmitter();
  const unseenAborts: R[] = [];
  const initial = spec.behaviour ?? ({} as B);
  let behaviour: B | ChooseBehaviour<B, R> = initial;
  let abortedRequests = 0;

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: Json | null = null;
      try {
        const parsed: unknown = raw ? JSON.parse(raw) : null;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Json;
      } catch {
        body = null;
      }
      const base: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        rawBody: raw,
        aborted: false,
      };
      const recorded = spec.record ? spec.record(base) : (base as R);
      const index = requests.push(recorded) - 1;
      const state = { cutByUs: false, closed: false };
      res.on('close', () => {
        state.closed = true;
        if (!res.writableFinished && !state.cutByUs) {
          recorded.aborted = true;
          abortedRequests++;
          if (events.listenerCount('aborted') > 0) events.emit('aborted', recorded);
          else unseenAborts.push(recorded);
        }
      });
      events.emit('request', recorded);
      const chosen =
        typeof behaviour === 'function'
          ? (behaviour as ChooseBehaviour<B, R>)(recorded, index)
          : behaviour;
      const [route, query = ''] = base.path.split('?', 2);
      const exchange: Exchange<B, R> = {
        req,
        res,
        recorded,
        behaviour: chosen,
        route,
        query: new URLSearchParams(query),
        get closed() {
          return state.closed;
        },
        async waitToAnswer(control) {
          if (control.hang) return false; // closed by the client, or by close()
          if (control.delayMs) await pause(control.delayMs, res);
          return !state.closed;
        },
        sendJson: (status, payload, headers) => sendJson(res, status, payload, headers),
        stream: (frames, control, opts = {}) => writeStream(res, state, frames, control, opts),
      };
      void spec.handle(exchange).catch(() => {
        if (!res.destroyed) res.destroy();
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}${spec.basePath}`,
    port,
    requests,
    get chatRequests() {
      return requests.filter(spec.isChat);
    },
    get abortedRequests() {
      return abortedRequests;
    },
    events,
    behave(next) {
      behaviour = next;
    },
    nextAbort(timeoutMs = 10_000) {
      const seen = unseenAborts.shift();
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('aborted', onAbort);
          reject(new Error(`the fake upstream saw no aborted request within ${timeoutMs} ms`));
        }, timeoutMs);
        function onAbort(r: R) {
          clearTimeout(timer);
          events.off('aborted', onAbort);
          resolve(r);
        }
        events.on('aborted', onAbort);
      });
    },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', onRequest);
          reject(new Error(`the fake upstream got ${requests.length} of ${count} requests`));
        }, timeoutMs);
        function onRequest() {
          if (requests.length < count) return;
          clearTimeout(timer);
          events.off('request', onRequest);
          resolve(requests);
        }
        events.on('request', onRequest);
      });
    },
    reset() {
      requests.length = 0;
      unseenAborts.length = 0;
      abortedRequests = 0;
      behaviour = initial;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Sleep that ends early when the response closes. */
function pause(ms: number, res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

/** Resolves when the response closes (finished or abandoned). */
function closedPromise(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    if (res.closed) resolve();
    else res.once('close', () => resolve());
  });
}

async function writeStream(
  res: ServerResponse,
  state: { cutByUs: boolean; closed: boolean },
  frames: string[],
  control: StreamControl,
  opts: { contentType?: string; trailer?: string; headers?: Record<string, string> },
): Promise<void> {
  res.writeHead(200, {
    'content-type': opts.contentType ?? 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...opts.headers,
  });
  res.flushHeaders();
  for (let i = 0; i <= frames.length; i++) {
    if (control.cutAfterEvents !== undefined && i === control.cutAfterEvents) {
      // Close the connection mid-body: what was written arrives, the response never ends.
      state.cutByUs = true;
      const socket = res.socket;
      socket?.end(() => socket.destroy());
      return;
    }
    if (control.hangAfterEvents !== undefined && i === control.hangAfterEvents) return;
    if (control.resume && i === control.pauseAfterEvents) {
      await Promise.race([control.resume, closedPromise(res)]);
      if (state.closed) return;
    }
    if (i === frames.length) break;
    if (control.chunkDelayMs) await pause(control.chunkDelayMs, res);
    if (state.closed) return;
    await new Promise<void>((resolve) => res.write(frames[i], () => resolve()));
  }
  if (state.closed) return;
  if (opts.trailer) res.write(opts.trailer);
  res.end();
}
