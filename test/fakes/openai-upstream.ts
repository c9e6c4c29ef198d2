import { openAIToolProblem } from './tool-checks';
import {
  ChooseBehaviour,
  Exchange,
  FakeToolCall,
  FakeUpstream,
  RecordedRequest,
  StreamControl,
  splitContent,
  splitInTwo,
  startFakeServer,
} from './fake-server';

/**
 * A real HTTP server that speaks enough of the OpenAI API (POST /v1/chat/completions, stream
 * and non-stream; GET /v1/models) to stand in for an upstream provider in e2e tests. It records
 * every request and can be told how to behave: answer, fail with a status, wait, hang, stream
 * slowly, or cut a stream mid-way.
 *
 * The same server is also an Azure OpenAI resource: POST
 * /openai/deployments/{deployment}/chat/completions?api-version=… (base URL `azureBaseUrl`)
 * answers like /v1/chat/completions (and …/embeddings like /v1/embeddings). Like Azure it requires the `api-key` header (or a Bearer
 * token) and `api-version`.
 */

export type { RecordedRequest } from './fake-server';

export interface OpenAIRecordedRequest extends RecordedRequest {
  /** Azure route only: the deployment named in the path (else null). */
  deployment: string | null;
  /** Azure route only: the `api-version` query parameter (else null). */
  apiVersion: string | null;
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
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

export interface FakeBehaviour extends StreamControl {
  /** Answer with this status and an OpenAI error body instead of a completion. */
  fail?: FakeFailure;
  /** The assistant's text. */
  content?: string;
  /** Stream: the content deltas, in order (default: `content` split after each space). */
  chunks?: string[];
  /** Answer with one tool call (arguments streamed in two deltas). */
  toolCall?: FakeToolCall;
  /** Answer with several (parallel) tool calls, after `toolCall` if both are set. */
  toolCalls?: FakeToolCall[];
  usage?: FakeUsage;
  finishReason?: string;
  /** Stream: end the response properly but without the `data: [DONE]` terminator. */
  omitDone?: boolean;
  /**
   * The model name the answer reports; default the name asked for. Real APIs answer an alias
   * with the model's full name (`gpt-4o` → `gpt-4o-2024-08-06`).
   */
  answerModel?: string;
  /** GET /v1/models: answer with this status and an OpenAI error body (health check tests). */
  failModels?: FakeFailure;
  /** GET /v1/models: wait this long before answering (health check timeouts). */
  modelsDelayMs?: number;
}

export type BehaviourFn = ChooseBehaviour<FakeBehaviour, OpenAIRecordedRequest>;

export const DEFAULT_CONTENT = 'Hello from the fake upstream!';
export const DEFAULT_USAGE: Required<FakeUsage> = {
  prompt_tokens: 11,
  completion_tokens: 7,
  cached_tokens: 3,
};

export type FakeOpenAI = FakeUpstream<FakeBehaviour, OpenAIRecordedRequest> & {
  /** `http://127.0.0.1:<port>/openai`: an Azure provider's base_url. */
  azureBaseUrl: string;
};

export interface FakeOpenAIOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  behaviour?: FakeBehaviour | BehaviourFn;
}

type Json = Record<string, unknown>;

const CHAT_PATH = '/v1/chat/completions';
const AZURE_CHAT = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;
const AZURE_EMBEDDINGS = /^\/openai\/deployments\/([^/]+)\/embeddings$/;

function record(base: RecordedRequest): OpenAIRecordedRequest {
  const [route, query = ''] = base.path.split('?', 2);
  const match = AZURE_CHAT.exec(route) ?? AZURE_EMBEDDINGS.exec(route);
  return {
    ...base,
    deployment: match ? decodeURIComponent(match[1]) : null,
    apiVersion: match ? new URLSearchParams(query).get('api-version') : null,
  };
}

const isChatRoute = (route: string) => route === CHAT_PATH || AZURE_CHAT.test(route);

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

/**
 * What OpenAI checks in `messages`: the roles, and that each tool message answers a tool call
 * of the assistant message before it (only tool messages may come between).
 */
function messagesRejection(body: Json | null): FakeFailure | null {
  const messages = body?.messages;
  if (!Array.isArray(messages)) return null;
  const list = messages as Json[];
  for (const [i, m] of list.entries()) {
    if (!ROLES.includes(m?.role as string)) {
      const message =
        `Invalid value: '${String(m?.role)}'. Supported values are: 'system', 'assistant', ` +
        "'user', 'function', 'tool', and 'developer'.";
      return { status: 400, message, param: `messages[${i}].role`, code: 'invalid_value' };
    }
    if (m.role !== 'tool') continue;
    let j = i - 1;
    while (j >= 0 && list[j].role === 'tool') j--;
    const calls = (list[j]?.role === 'assistant' ? list[j].tool_calls : undefined) as
      { id?: unknown }[] | undefined;
    if (!calls?.some((c) => c.id === m.tool_call_id)) {
      const message =
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding " +
        "message with 'tool_calls'.";
      return { status: 400, message, param: `messages.[${i}].role`, code: null };
    }
  }
  return null;
}

/** What Azure would reject in a request to a deployment, or null. */
function azureRejection(r: OpenAIRecordedRequest): FakeFailure | null {
  if (!r.headers['api-key'] && !r.headers.authorization) {
    const message =
      'Access denied due to missing subscription key. Make sure to include subscription key ' +
      'when making requests to an API.';
    return { status: 401, message, code: '401' };
  }
  if (!r.apiVersion) return { status: 404, message: 'Resource not found', code: '404' };
  return null;
}

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

/** The fake's embedding of `text`: `dims` values from its character codes. */
export function fakeOpenAIEmbedding(text: string, dims: number): number[] {
  return Array.from(
    { length: dims },
    (_, i) => ((text.charCodeAt(i % text.length) * (i + 1)) % 97) / 97,
  );
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let sequence = 0;

  async function handle(x: Exchange<FakeBehaviour, OpenAIRecordedRequest>): Promise<void> {
    const { req, route, behaviour: b } = x;
    if (req.method === 'GET' && route === '/v1/models' && b.modelsDelayMs) {
      await new Promise((resolve) => setTimeout(resolve, b.modelsDelayMs));
      if (x.closed) return;
    }
    if (req.method === 'GET' && route === '/v1/models' && b.failModels) {
      x.sendJson(b.failModels.status, errorBody(b.failModels), b.failModels.headers);
      return;
    }
    if (req.method === 'GET' && route === '/v1/models') {
      x.sendJson(200, {
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
    if (req.method === 'POST' && (route === '/v1/embeddings' || AZURE_EMBEDDINGS.test(route))) {
      const rejected = x.recorded.deployment !== null ? azureRejection(x.recorded) : null;
      if (rejected) {
        x.sendJson(rejected.status, errorBody(rejected));
        return;
      }
      // Deterministic vectors: one per input, derived from the text (see fakeOpenAIEmbedding).
      const body = x.recorded.body ?? {};
      const inputs = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
      const dims = typeof body.dimensions === 'number' ? body.dimensions : 8;
      x.sendJson(200, {
        object: 'list',
        model: b.answerModel ?? body.model ?? x.recorded.deployment,
        data: inputs.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: fakeOpenAIEmbedding(text, dims),
        })),
        usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 },
      });
      return;
    }
    if (req.method !== 'POST' || !isChatRoute(route)) {
      x.sendJson(404, errorBody({ status: 404, message: `no route ${req.method} ${route}` }));
      return;
    }
    const rejected =
      (x.recorded.deployment !== null ? azureRejection(x.recorded) : null) ??
      messagesRejection(x.recorded.body);
    if (rejected) {
      x.sendJson(rejected.status, errorBody(rejected));
      return;
    }
    const toolProblem = openAIToolProblem(x.recorded.body ?? {});
    if (toolProblem) {
      x.sendJson(400, errorBody({ status: 400, ...toolProblem, code: 'invalid_value' }));
      return;
    }
    if (!(await x.waitToAnswer(b))) return;
    if (b.fail) {
      x.sendJson(b.fail.status, errorBody(b.fail), b.fail.headers);
      return;
    }
    const body = x.recorded.body ?? {};
    const id = `chatcmpl-fake-${++sequence}`;
    const model = b.answerModel ?? (typeof body.model === 'string' ? body.model : 'unknown');
    const created = Math.floor(Date.now() / 1000);
    const content = b.content ?? DEFAULT_CONTENT;
    const usage = b.usage ?? DEFAULT_USAGE;
    const toolCalls = [...(b.toolCall ? [b.toolCall] : []), ...(b.toolCalls ?? [])];
    const callId = (t: FakeToolCall, i: number) => t.id ?? `call_fake_${i + 1}`;
    const finishReason = b.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');

    if (body.stream !== true) {
      const message: Json = {
        role: 'assistant',
        content: toolCalls.length ? (b.content ?? null) : content,
        refusal: null,
      };
      if (toolCalls.length) {
        message.tool_calls = toolCalls.map((t, i) => ({
          id: callId(t, i),
          type: 'function',
          function: { name: t.name, arguments: t.arguments },
        }));
      }
      x.sendJson(200, {
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
    if (!toolCalls.length || b.content !== undefined) {
      for (const piece of b.chunks ?? splitContent(content)) {
        frames.push(chunk(delta({ content: piece })));
      }
    }
    toolCalls.forEach((t, index) => {
      const [first, second] = splitInTwo(t.arguments);
      const start = { index, id: callId(t, index), type: 'function' };
      frames.push(
        chunk(delta({ tool_calls: [{ ...start, function: { name: t.name, arguments: '' } }] })),
        chunk(delta({ tool_calls: [{ index, function: { arguments: first } }] })),
        chunk(delta({ tool_calls: [{ index, function: { arguments: second } }] })),
      );
    });
    frames.push(chunk(delta({}, finishReason)));
    if (includeUsage) frames.push(chunk([], { usage: usageBody(usage) }));

    const wire = frames.map((f) => `data: ${JSON.stringify(f)}\n\n`);
    if (!b.omitDone) wire.push('data: [DONE]\n\n');
    await x.stream(wire, b);
  }

  const fake = await startFakeServer<FakeBehaviour, OpenAIRecordedRequest>({
    basePath: '/v1',
    behaviour: options.behaviour,
    record,
    isChat: (r) => isChatRoute(r.path.split('?')[0]),
    handle,
  });
  return Object.assign(fake, { azureBaseUrl: `http://127.0.0.1:${fake.port}/openai` });
}
