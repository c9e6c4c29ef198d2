import { anthropicToolProblem, type FakeWebSearch } from './tool-checks';
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
 * A real HTTP server that speaks enough of the Anthropic Messages API (POST /v1/messages, stream
 * and non-stream; GET /v1/models) to stand in for an upstream provider of format `anthropic`.
 * Like the real API it requires `x-api-key` and `anthropic-version`, `model`, `messages` and
 * `max_tokens`, and rejects unknown top-level fields (pass `lenient: true` to accept anything).
 */

export interface FakeAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface FakeAnthropicFailure {
  status: number;
  message?: string;
  /** Default from the status: invalid_request_error, authentication_error, rate_limit_error… */
  type?: string;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

export interface FakeAnthropicBehaviour extends StreamControl {
  /** Answer with this status and an Anthropic error body instead of a message. */
  fail?: FakeAnthropicFailure;
  /** The assistant's text (default DEFAULT_CONTENT, or no text block when there are tool calls). */
  content?: string;
  /** Stream: the text deltas, in order (default: `content` split after each space). */
  chunks?: string[];
  /**
   * When the request offers web_search_20250305: answer with a search (server_tool_use +
   * web_search_tool_result blocks) before the text, which cites the result.
   */
  webSearch?: FakeWebSearch;
  /** Answer with a tool_use block (input streamed as two input_json_delta pieces). */
  toolCall?: FakeToolCall;
  /** Answer with several tool_use blocks (after `toolCall`, if both are set). */
  toolCalls?: FakeToolCall[];
  /** A thinking block before the text. */
  thinking?: { text: string; signature?: string };
  usage?: FakeAnthropicUsage;
  /** OpenAI finish reasons (stop, length, tool_calls) map to Anthropic's; others pass as-is. */
  finishReason?: string;
  /** Stream: end the response properly but without the `message_stop` event. */
  omitDone?: boolean;
  /**
   * The model name the answer reports; default the name asked for. Real APIs answer an alias
   * with the model's full name (`gpt-4o` → `gpt-4o-2024-08-06`).
   */
  answerModel?: string;
}

export type AnthropicBehaviourFn = ChooseBehaviour<FakeAnthropicBehaviour>;

export type FakeAnthropic = FakeUpstream<FakeAnthropicBehaviour>;

export interface FakeAnthropicOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  behaviour?: FakeAnthropicBehaviour | AnthropicBehaviourFn;
  /** Skip the checks of headers and body fields. */
  lenient?: boolean;
}

export const DEFAULT_CONTENT = 'Hello from the fake Anthropic upstream!';
export const DEFAULT_SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxfake-signature';
export const DEFAULT_USAGE: Required<FakeAnthropicUsage> = {
  input_tokens: 11,
  output_tokens: 7,
  cache_read_input_tokens: 3,
  cache_creation_input_tokens: 2,
};

const MESSAGES_PATH = '/v1/messages';

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const KNOWN_FIELDS = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'service_tier',
  'container',
  'mcp_servers',
  'context_management',
  'output_format',
  'output_config',
]);

type Json = Record<string, unknown>;

export function anthropicErrorBody(f: FakeAnthropicFailure): Json {
  const fallback = f.status >= 500 ? 'api_error' : 'invalid_request_error';
  return {
    type: 'error',
    error: {
      type: f.type ?? ERROR_TYPES[f.status] ?? fallback,
      message: f.message ?? `fake upstream error ${f.status}`,
    },
  };
}

/** What the real API would reject in this request, or null. */
function rejection(r: RecordedRequest): FakeAnthropicFailure | null {
  if (!r.headers['x-api-key'] && !r.headers.authorization) {
    return { status: 401, message: 'x-api-key header is required' };
  }
  if (!r.headers['anthropic-version']) {
    return { status: 400, message: 'anthropic-version: header is required' };
  }
  const body = r.body;
  if (!body) return { status: 400, message: 'The request body is not valid JSON.' };
  for (const field of ['model', 'messages', 'max_tokens']) {
    if (body[field] === undefined) return { status: 400, message: `${field}: Field required` };
  }
  const unknown = Object.keys(body).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown) return { status: 400, message: `${unknown}: Extra inputs are not permitted` };
  const toolProblem = anthropicToolProblem(body);
  if (toolProblem) return { status: 400, message: toolProblem };
  return messagesRejection(body.messages);
}

const ROLES = ['user', 'assistant', 'system'];

/**
 * The roles the current API takes in `messages`: user, assistant, and system (instructions in
 * the conversation, text only; Claude Code sends them after the first turn). Content must not be
 * empty (but for a final assistant turn), nor any text block.
 */
function messagesRejection(messages: unknown): FakeAnthropicFailure | null {
  if (!Array.isArray(messages))
    return { status: 400, message: 'messages: Input should be a valid list' };
  for (const [i, m] of (messages as Json[]).entries()) {
    if (!ROLES.includes(m?.role as string)) {
      return {
        status: 400,
        message: `messages.${i}.role: Input should be 'user', 'assistant' or 'system'`,
      };
    }
    const content = m.content;
    if (typeof content !== 'string' && !Array.isArray(content)) {
      return { status: 400, message: `messages.${i}.content: Input should be a valid list` };
    }
    const last = i === (messages as Json[]).length - 1;
    if (
      (content === '' || (Array.isArray(content) && !content.length)) &&
      !(last && m.role === 'assistant')
    ) {
      const message = `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      return { status: 400, message };
    }
    if (
      Array.isArray(content) &&
      (content as Json[]).some((b) => b?.type === 'text' && b.text === '')
    ) {
      return { status: 400, message: 'messages: text content blocks must be non-empty' };
    }
    if (m.role === 'system' && Array.isArray(content)) {
      const bad = (content as Json[]).findIndex((block) => block?.type !== 'text');
      if (bad >= 0) {
        return {
          status: 400,
          message: `messages.${i}.content.${bad}.type: system messages take text blocks only`,
        };
      }
    }
  }
  return null;
}

function toolCallsOf(b: FakeAnthropicBehaviour): FakeToolCall[] {
  return [...(b.toolCall ? [b.toolCall] : []), ...(b.toolCalls ?? [])];
}

export function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  let sequence = 0;

  async function handle(x: Exchange<FakeAnthropicBehaviour, RecordedRequest>): Promise<void> {
    const { req, route, behaviour: b } = x;
    const requestId = `req_fake_${++sequence}`;
    const headers = { 'request-id': requestId };
    if (req.method === 'GET' && route === '/v1/models') {
      const ids = options.models ?? ['claude-fake'];
      x.sendJson(
        200,
        {
          data: ids.map((id) => ({
            type: 'model',
            id,
            display_name: id,
            created_at: '2025-01-01T00:00:00Z',
          })),
          has_more: false,
          first_id: ids[0] ?? null,
          last_id: ids[ids.length - 1] ?? null,
        },
        headers,
      );
      return;
    }
    if (req.method !== 'POST' || route !== MESSAGES_PATH) {
      const f = { status: 404, message: `no route ${req.method} ${route}` };
      x.sendJson(404, anthropicErrorBody(f), headers);
      return;
    }
    const rejected = options.lenient ? null : rejection(x.recorded);
    if (rejected) {
      x.sendJson(rejected.status, anthropicErrorBody(rejected), headers);
      return;
    }
    if (!(await x.waitToAnswer(b))) return;
    if (b.fail) {
      x.sendJson(b.fail.status, anthropicErrorBody(b.fail), { ...headers, ...b.fail.headers });
      return;
    }

    const body = x.recorded.body ?? {};
    const id = `msg_fake_${sequence}`;
    const model = b.answerModel ?? (typeof body.model === 'string' ? body.model : 'unknown');
    const toolCalls = toolCallsOf(b);
    const text = b.content ?? (toolCalls.length ? undefined : DEFAULT_CONTENT);
    const usage: Required<FakeAnthropicUsage> = b.usage
      ? { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...b.usage }
      : DEFAULT_USAGE;
    const finish = b.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
    const stopReason = STOP_REASONS[finish] ?? finish;
    const toolId = (t: FakeToolCall, i: number) => t.id ?? `toolu_fake_${sequence}_${i + 1}`;
    const offered = Array.isArray(body.tools)
      ? (body.tools as Json[]).some((t) => t.type === 'web_search_20250305')
      : false;
    const search = offered ? b.webSearch : undefined;
    const searchId = `srvtoolu_fake_${sequence}`;
    const searchBlocks: Json[] = search
      ? [
          {
            type: 'server_tool_use',
            id: searchId,
            name: 'web_search',
            input: { query: search.query },
          },
          {
            type: 'web_search_tool_result',
            tool_use_id: searchId,
            content: [
              {
                type: 'web_search_result',
                url: search.url,
                title: search.title ?? search.url,
                encrypted_content: 'enc',
                page_age: null,
              },
            ],
          },
        ]
      : [];
    const citations = search
      ? [
          {
            type: 'web_search_result_location',
            url: search.url,
            title: search.title ?? search.url,
            encrypted_index: 'idx',
            cited_text: 'cited',
          },
        ]
      : undefined;

    if (body.stream !== true) {
      const content: Json[] = [];
      if (b.thinking) {
        const signature = b.thinking.signature ?? DEFAULT_SIGNATURE;
        content.push({ type: 'thinking', thinking: b.thinking.text, signature });
      }
      content.push(...searchBlocks);
      if (text !== undefined)
        content.push({ type: 'text', text, ...(citations ? { citations } : {}) });
      toolCalls.forEach((t, i) => {
        const input: unknown = JSON.parse(t.arguments || '{}');
        content.push({ type: 'tool_use', id: toolId(t, i), name: t.name, input });
      });
      const message = { id, type: 'message', role: 'assistant', model, content };
      x.sendJson(200, { ...message, stop_reason: stopReason, stop_sequence: null, usage }, headers);
      return;
    }

    const events: [string, Json][] = [];
    const block = (index: number, start: Json, deltas: Json[]) => {
      events.push(['content_block_start', { index, content_block: start }]);
      if (index === 0) events.push(['ping', {}]);
      for (const delta of deltas) events.push(['content_block_delta', { index, delta }]);
      events.push(['content_block_stop', { index }]);
    };
    events.push([
      'message_start',
      {
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      },
    ]);
    let index = 0;
    if (b.thinking) {
      const deltas: Json[] = splitContent(b.thinking.text).map((thinking) => ({
        type: 'thinking_delta',
        thinking,
      }));
      const signature = b.thinking.signature ?? DEFAULT_SIGNATURE;
      deltas.push({ type: 'signature_delta', signature });
      block(index++, { type: 'thinking', thinking: '', signature: '' }, deltas);
    }
    if (search) {
      const [use, result] = searchBlocks;
      block(index++, { ...use, input: {} }, [
        { type: 'input_json_delta', partial_json: JSON.stringify(use.input) },
      ]);
      block(index++, result, []);
    }
    if (text !== undefined) {
      const pieces = b.chunks ?? splitContent(text);
      const deltas = pieces.map((piece) => ({ type: 'text_delta', text: piece }));
      block(index++, { type: 'text', text: '' }, deltas);
    }
    toolCalls.forEach((t, i) => {
      const deltas = splitInTwo(t.arguments).map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
      block(index++, { type: 'tool_use', id: toolId(t, i), name: t.name, input: {} }, deltas);
    });
    if (index === 0) events.push(['ping', {}]);
    events.push([
      'message_delta',
      {
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      },
    ]);
    if (!b.omitDone) events.push(['message_stop', {}]);

    const wire = events.map(
      ([type, data]) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`,
    );
    await x.stream(wire, b, { headers });
  }

  return startFakeServer<FakeAnthropicBehaviour>({
    basePath: '/v1',
    behaviour: options.behaviour,
    isChat: (r) => r.method === 'POST' && r.path.split('?')[0] === MESSAGES_PATH,
    handle,
  });
}
