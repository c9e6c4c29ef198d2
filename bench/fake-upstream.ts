/**
 * A fast fake OpenAI upstream for the benchmark, run in its own process (see run.ts) so its CPU
 * use is not charged to the gateway or the load generator. Plain node:http, no framework, no
 * artificial delay: responses are prebuilt strings.
 *
 *   POST /v1/chat/completions   chat.completion JSON, or an SSE stream of ~10 chunks (plus a
 *                                usage chunk when stream_options.include_usage) and [DONE]
 *   GET  /v1/models             model list (also answers provider health checks)
 *
 * Started with an IPC channel, it listens on 127.0.0.1 (port BENCH_FAKE_PORT, default any free
 * port) and reports `{ type: 'listening', port }` to its parent.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const WORDS = ['Hello', ' from', ' the', ' fake', ' upstream', ',', ' here', ' to', ' help', '.'];
const CONTENT = WORDS.join('');
const USAGE = { prompt_tokens: 9, completion_tokens: WORDS.length, total_tokens: 9 + WORDS.length };
const CREATED = 1_700_000_000;
/** Requests larger than this are refused (the benchmark sends a few hundred bytes). */
const MAX_BODY_BYTES = 1024 * 1024;

interface ChatRequest {
  model?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

/** Per-model prebuilt response bodies, so the hot path only concatenates an id. */
interface Prebuilt {
  completionHead: string;
  completionTail: string;
  chunks: string[];
  usageChunk: string;
}

const prebuilt = new Map<string, Prebuilt>();

function prebuild(model: string): Prebuilt {
  const cached = prebuilt.get(model);
  if (cached) return cached;
  const base = {
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    system_fingerprint: null,
  };
  const chunks = WORDS.map((word, index) => {
    const delta = index === 0 ? { role: 'assistant', content: word } : { content: word };
    const finish = index === WORDS.length - 1 ? 'stop' : null;
    return JSON.stringify({
      id: 'chatcmpl-bench',
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  });
  const completion = JSON.stringify({
    id: '@ID@',
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: CONTENT, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: USAGE,
    system_fingerprint: null,
  });
  const [completionHead, completionTail] = completion.split('@ID@');
  const entry: Prebuilt = {
    completionHead,
    completionTail,
    chunks: chunks.map((c) => `data: ${c}\n\n`),
    usageChunk: `data: ${JSON.stringify({ id: 'chatcmpl-bench', ...base, choices: [], usage: USAGE })}\n\n`,
  };
  // Bound the cache: the model name comes from the request.
  if (prebuilt.size < 100) prebuilt.set(model, entry);
  return entry;
}

let counter = 0;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, {
    error: { message, type: 'invalid_request_error', param: null, code: null },
  });
}

function chatCompletion(res: ServerResponse, raw: string): void {
  let request: ChatRequest;
  try {
    request = JSON.parse(raw) as ChatRequest;
  } catch {
    return sendError(res, 400, 'Request body is not valid JSON.');
  }
  if (!request || typeof request !== 'object') {
    return sendError(res, 400, 'Request body must be a JSON object.');
  }
  const model = typeof request.model === 'string' ? request.model : 'fake-model';
  const body = prebuild(model);
  if (request.stream !== true) {
    const text = `${body.completionHead}chatcmpl-${++counter}${body.completionTail}`;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  for (const chunk of body.chunks) res.write(chunk);
  if (request.stream_options?.include_usage === true) res.write(body.usageChunk);
  res.end('data: [DONE]\n\n');
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
    return sendJson(res, 200, {
      object: 'list',
      data: [{ id: 'bench-upstream-model', object: 'model', created: CREATED, owned_by: 'bench' }],
    });
  }
  if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        sendError(res, 413, 'Request body too large.');
        req.destroy();
        return;
      }
      parts.push(part);
    });
    req.on('end', () => {
      if (!res.headersSent) chatCompletion(res, Buffer.concat(parts).toString('utf8'));
    });
    req.on('error', () => res.destroy());
    return;
  }
  sendError(res, 404, `No route for ${req.method} ${path}.`);
}

/** Start the fake upstream on 127.0.0.1; resolves once it is listening. */
export function startFakeUpstream(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handle);
  // Longer than the gateway's idle pool timeout, so pooled connections are not cut under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

if (require.main === module) {
  const port = Number(process.env.BENCH_FAKE_PORT ?? 0);
  startFakeUpstream(port).then(
    ({ server, port: listening }) => {
      process.send?.({ type: 'listening', port: listening });
      // Exit with the parent: when the IPC channel closes, or on a signal.
      const stop = () => {
        server.closeAllConnections();
        server.close(() => process.exit(0));
        setTimeout(() => process.exit(0), 1000).unref();
      };
      process.on('disconnect', stop);
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (err: unknown) => {
      console.error(`fake upstream: cannot listen: ${String(err)}`);
      process.exit(1);
    },
  );
}
