import { EventEmitter } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server that speaks enough of the OpenAI API (POST /v1/chat/completions, stream
 * and non-stream; GET /v1/models) to stand in for an upstream provider in e2e tests. It records
 * every request and can be told how to behave: answer, fail with a status, wait, hang, stream
 * slowly, or cut a stream mid-way.
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

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
}

export interface FakeFailure {
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

export interface FakeBehaviour {
  /** Answer with this status and an OpenAI error body instead of a completion. */
  fail?: FakeFailure;
  /** The assistant's text. */
  content?: string;
  /** Stream: the content deltas, in order (default: `content` split after each space). */
  chunks?: string[];
  /** Answer with one tool call (arguments streamed in two deltas). */
  toolCall?: { id?: string; name: string; arguments: string };
  usage?: FakeUsage;
  finishReason?: string;
  /** Wait this long before the response headers. */
  delayMs?: number;
  /** Never answer; the request stays open until the client goes away or the fake closes. */
  hang?: boolean;
  /** Stream: wait this long before each event. */
  chunkDelayMs?: number;
  /** Stream: after this many events, stop writing and keep the connection open. */
  hangAfterEvents?: number;
  /** Stream: after this many events, close the connection (no `[DONE]`, no end of body). */
  cutAfterEvents?: number;
  /** Stream: end the response properly but without the `data: [DONE]` terminator. */
  omitDone?: boolean;
}

export type BehaviourFn = (request: RecordedRequest, index: number) => FakeBehaviour;

export const DEFAULT_CONTENT = 'Hello from the fake upstream!';
export const DEFAULT_USAGE: Required<FakeUsage> = {
  prompt_tokens: 11,
  completion_tokens: 7,
  cached_tokens: 3,
};

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`: what a provider's base_url is set to. */
  baseUrl: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Chat completion requests only. */
  readonly chatRequests: RecordedRequest[];
  /** How many requests the client abandoned before their response was complete. */
  readonly abortedRequests: number;
  /** Emits `request` (RecordedRequest) on arrival and `aborted` (RecordedRequest) on abandon. */
  events: EventEmitter;
  /** Set the behaviour for the requests that follow: a fixed one or one chosen per request. */
  behave(behaviour: FakeBehaviour | BehaviourFn): void;
  /** Resolves with the next request the client abandons (or one already abandoned, unseen). */
  nextAbort(timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Forget recorded requests and go back to the default behaviour. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  behaviour?: FakeBehaviour | BehaviourFn;
}

type Json = Record<string, unknown>;

function errorBody(f: FakeFailure): Json {
  return {
    error: {
      message: f.message ?? `fake upstream error ${f.status}`,
      type: f.type ?? (f.status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: f.param ?? null,
      code: f.code ?? null,
    },
  };
}

function usageBody(u: FakeUsage): Json {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? 0 },
  };
}

function splitContent(content: string): string[] {
  return content.match(/\S+\s*|\s+/g) ?? [content];
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const unseenAborts: RecordedRequest[] = [];
  let abortedRequests = 0;
  let behaviour: FakeBehaviour | BehaviourFn = options.behaviour ?? {};
  let sequence = 0;

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
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        rawBody: raw,
        aborted: false,
      };
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
      const chosen = typeof behaviour === 'function' ? behaviour(recorded, index) : behaviour;
      void respond(req, res, recorded, chosen, state).catch(() => {
        if (!res.destroyed) res.destroy();
      });
    });
  });

  /** Sleep that ends early when the response closes. */
  const pause = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        res.off('close', done);
        resolve();
      }
      res.once('close', done);
    });

  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    recorded: RecordedRequest,
    b: FakeBehaviour,
    state: { cutByUs: boolean; closed: boolean },
  ): Promise<void> {
    const path = recorded.path.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: (options.models ?? ['fake-model']).map((id) => ({
          id,
          object: 'model',
          created: 1700000000,
          owned_by: 'fake',
        })),
      });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, errorBody({ status: 404, message: `no route ${req.method} ${path}` }));
      return;
    }
    if (b.hang) return; // closed by the client, or by close()
    if (b.delayMs) await pause(b.delayMs, res);
    if (state.closed) return;
    if (b.fail) {
      sendJson(res, b.fail.status, errorBody(b.fail));
      return;
    }
    const body = recorded.body ?? {};
    const id = `chatcmpl-fake-${++sequence}`;
    const model = typeof body.model === 'string' ? body.model : 'unknown';
    const created = Math.floor(Date.now() / 1000);
    const content = b.content ?? DEFAULT_CONTENT;
    const usage = b.usage ?? DEFAULT_USAGE;
    const finishReason = b.finishReason ?? (b.toolCall ? 'tool_calls' : 'stop');

    if (body.stream !== true) {
      const message: Json = {
        role: 'assistant',
        content: b.toolCall ? null : content,
        refusal: null,
      };
      if (b.toolCall) {
        message.tool_calls = [
          {
            id: b.toolCall.id ?? 'call_fake_1',
            type: 'function',
            function: { name: b.toolCall.name, arguments: b.toolCall.arguments },
          },
        ];
      }
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage: usageBody(usage),
        system_fingerprint: null,
      });
      return;
    }

    const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
    const chunk = (choices: Json[], extra: Json = {}) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: null,
      choices,
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    });
    const delta = (d: Json, finish: string | null = null) => [
      { index: 0, delta: d, logprobs: null, finish_reason: finish },
    ];
    const frames: Json[] = [chunk(delta({ role: 'assistant', content: '' }))];
    if (b.toolCall) {
      const args = b.toolCall.arguments;
      const half = Math.ceil(args.length / 2);
      frames.push(
        chunk(
          delta({
            tool_calls: [
              {
                index: 0,
                id: b.toolCall.id ?? 'call_fake_1',
                type: 'function',
                function: { name: b.toolCall.name, arguments: '' },
              },
            ],
          }),
        ),
        chunk(delta({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] })),
        chunk(delta({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] })),
      );
    } else {
      for (const piece of b.chunks ?? splitContent(content)) {
        frames.push(chunk(delta({ content: piece })));
      }
    }
    frames.push(chunk(delta({}, finishReason)));
    if (includeUsage) frames.push(chunk([], { usage: usageBody(usage) }));

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    for (let i = 0; i <= frames.length; i++) {
      if (b.cutAfterEvents !== undefined && i === b.cutAfterEvents) {
        // Close the connection mid-body: what was written arrives, the response never ends.
        state.cutByUs = true;
        const socket = res.socket;
        socket?.end(() => socket.destroy());
        return;
      }
      if (b.hangAfterEvents !== undefined && i === b.hangAfterEvents) return;
      if (b.chunkDelayMs) await pause(b.chunkDelayMs, res);
      if (state.closed) return;
      if (i === frames.length && b.omitDone) break;
      const data = i < frames.length ? JSON.stringify(frames[i]) : '[DONE]';
      await new Promise<void>((resolve) => res.write(`data: ${data}\n\n`, () => resolve()));
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeOpenAI = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get chatRequests() {
      return requests.filter((r) => r.path.split('?')[0] === '/v1/chat/completions');
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
        function onAbort(r: RecordedRequest) {
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
      behaviour = options.behaviour ?? {};
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
