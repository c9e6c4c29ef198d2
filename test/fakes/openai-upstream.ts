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
 */

export type { RecordedRequest } from './fake-server';

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
  usage?: FakeUsage;
  finishReason?: string;
  /** Stream: end the response properly but without the `data: [DONE]` terminator. */
  omitDone?: boolean;
}

export type BehaviourFn = ChooseBehaviour<FakeBehaviour>;

export const DEFAULT_CONTENT = 'Hello from the fake upstream!';
export const DEFAULT_USAGE: Required<FakeUsage> = {
  prompt_tokens: 11,
  completion_tokens: 7,
  cached_tokens: 3,
};

export type FakeOpenAI = FakeUpstream<FakeBehaviour>;

export interface FakeOpenAIOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  behaviour?: FakeBehaviour | BehaviourFn;
}

type Json = Record<string, unknown>;

const CHAT_PATH = '/v1/chat/completions';

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

export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let sequence = 0;

  async function handle(x: Exchange<FakeBehaviour, RecordedRequest>): Promise<void> {
    const { req, route, behaviour: b } = x;
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
    if (req.method !== 'POST' || route !== CHAT_PATH) {
      x.sendJson(404, errorBody({ status: 404, message: `no route ${req.method} ${route}` }));
      return;
    }
    if (!(await x.waitToAnswer(b))) return;
    if (b.fail) {
      x.sendJson(b.fail.status, errorBody(b.fail), b.fail.headers);
      return;
    }
    const body = x.recorded.body ?? {};
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
    if (b.toolCall) {
      const [first, second] = splitInTwo(b.toolCall.arguments);
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
        chunk(delta({ tool_calls: [{ index: 0, function: { arguments: first } }] })),
        chunk(delta({ tool_calls: [{ index: 0, function: { arguments: second } }] })),
      );
    } else {
      for (const piece of b.chunks ?? splitContent(content)) {
        frames.push(chunk(delta({ content: piece })));
      }
    }
    frames.push(chunk(delta({}, finishReason)));
    if (includeUsage) frames.push(chunk([], { usage: usageBody(usage) }));

    const wire = frames.map((f) => `data: ${JSON.stringify(f)}\n\n`);
    if (!b.omitDone) wire.push('data: [DONE]\n\n');
    await x.stream(wire, b);
  }

  return startFakeServer<FakeBehaviour>({
    basePath: '/v1',
    behaviour: options.behaviour,
    isChat: (r) => r.path.split('?')[0] === CHAT_PATH,
    handle,
  });
}
