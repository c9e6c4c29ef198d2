import { geminiToolProblem, type FakeWebSearch } from './tool-checks';
import { createHash } from 'node:crypto';
import {
  ChooseBehaviour,
  Exchange,
  FakeToolCall,
  FakeUpstream,
  RecordedRequest,
  StreamControl,
  splitContent,
  startFakeServer,
} from './fake-server';

/**
 * A real HTTP server that speaks enough of the Gemini API (v1beta: generateContent,
 * streamGenerateContent as SSE or as a JSON array, embedContent, batchEmbedContents, GET models)
 * to stand in for an upstream provider of format `gemini`. Like the real API it requires an API
 * key (`x-goog-api-key` or `?key=`) and `contents`, and rejects unknown top-level fields (pass
 * `lenient: true` to accept anything).
 */

export interface GeminiRecordedRequest extends RecordedRequest {
  /** The model from the path (`gemini-x` in `/v1beta/models/gemini-x:generateContent`). */
  model: string | null;
  /** The method from the path: `generateContent`, `streamGenerateContent`, `embedContent`… */
  rpc: string | null;
  /** From the `x-goog-api-key` header, else the `key` query parameter. */
  apiKey: string | null;
}

export interface FakeGeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

export interface FakeGeminiFailure {
  status: number;
  message?: string;
  /** The `error.status` string; default from the status: INVALID_ARGUMENT, UNAVAILABLE… */
  grpcStatus?: string;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

export interface FakeGeminiBehaviour extends StreamControl {
  /** Answer with this status and a Google error body instead of a response. */
  fail?: FakeGeminiFailure;
  /** The model's text (default DEFAULT_CONTENT, or no text part when there are tool calls). */
  content?: string;
  /** Stream: the text pieces, one chunk each (default: `content` split after each space). */
  chunks?: string[];
  /** Answer with a functionCall part (`arguments` is JSON text, sent as `args`). */
  toolCall?: FakeToolCall;
  /** Answer with several functionCall parts (after `toolCall`, if both are set). */
  toolCalls?: FakeToolCall[];
  /** Thought parts (`thought: true`) first; the signature goes on the first part after them. */
  thinking?: { text: string; signature?: string };
  usage?: FakeGeminiUsage;
  /** OpenAI finish reasons (stop, length, tool_calls, content_filter) map to Gemini's. */
  finishReason?: string;
  /** Stream: the last chunk carries no finishReason. */
  omitDone?: boolean;
  /**
   * The model name the answer reports; default the name asked for. Real APIs answer an alias
   * with the model's full name (`gpt-4o` → `gpt-4o-2024-08-06`).
   */
  answerModel?: string;
  /**
   * Stream: every chunk carries usageMetadata, as the real API sends it (the prompt count from
   * the first chunk on, the candidates count on the last). Default: the last chunk only.
   */
  usageEveryChunk?: boolean;
  /** When the request offers googleSearch: the last candidate carries this groundingMetadata. */
  webSearch?: FakeWebSearch;
}

export type GeminiBehaviourFn = ChooseBehaviour<FakeGeminiBehaviour, GeminiRecordedRequest>;

export type FakeGemini = FakeUpstream<FakeGeminiBehaviour, GeminiRecordedRequest> & {
  /** embedContent and batchEmbedContents requests only. */
  readonly embedRequests: GeminiRecordedRequest[];
};

export interface FakeGeminiOptions {
  /** Model ids listed by GET /v1beta/models. */
  models?: string[];
  behaviour?: FakeGeminiBehaviour | GeminiBehaviourFn;
  /** Skip the checks of the API key and body fields. */
  lenient?: boolean;
}

export const DEFAULT_CONTENT = 'Hello from the fake Gemini upstream!';
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;
export const DEFAULT_USAGE: FakeGeminiUsage = {
  promptTokenCount: 11,
  candidatesTokenCount: 7,
  cachedContentTokenCount: 3,
};

const ROUTE = /^\/v1beta\/models\/([^/:]+)(?::([A-Za-z]+))?$/;
const CHAT_RPCS = new Set(['generateContent', 'streamGenerateContent']);
const EMBED_RPCS = new Set(['embedContent', 'batchEmbedContents']);

const FINISH_REASONS: Record<string, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
};

const GRPC_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Top-level request fields per method (the API also accepts the snake_case spelling). */
const KNOWN_FIELDS: Record<string, string[]> = {
  generateContent: [
    'model',
    'contents',
    'tools',
    'toolConfig',
    'safetySettings',
    'systemInstruction',
    'generationConfig',
    'cachedContent',
  ],
  embedContent: ['model', 'content', 'taskType', 'title', 'outputDimensionality'],
  batchEmbedContents: ['requests'],
};
KNOWN_FIELDS.streamGenerateContent = KNOWN_FIELDS.generateContent;

type Json = Record<string, unknown>;

export function geminiErrorBody(f: FakeGeminiFailure): Json {
  const fallback = f.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  return {
    error: {
      code: f.status,
      message: f.message ?? `fake upstream error ${f.status}`,
      status: f.grpcStatus ?? GRPC_STATUSES[f.status] ?? fallback,
    },
  };
}

/** The fake's embedding of `text`: deterministic floats in [-1, 1]. */
export function fakeEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let i = 0; i + 4 <= digest.length && values.length < dimensions; i += 4) {
      values.push(Math.round((digest.readUInt32BE(i) / 0xffffffff) * 2e6 - 1e6) / 1e6);
    }
  }
  return values;
}

function record(base: RecordedRequest): GeminiRecordedRequest {
  const [route, query = ''] = base.path.split('?', 2);
  const match = ROUTE.exec(route);
  const header = base.headers['x-goog-api-key'];
  return {
    ...base,
    model: match ? decodeURIComponent(match[1]) : null,
    rpc: match?.[2] ?? null,
    apiKey: (Array.isArray(header) ? header[0] : header) ?? new URLSearchParams(query).get('key'),
  };
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** What the real API would reject in this request, or null. */
const PART_DATA = [
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
];

/**
 * The path of the first part with no data (`{}`, or `{ text: '' }`, which proto3 JSON reads as
 * unset) that the API rejects, or null. An empty text part carrying a thought signature (as
 * Gemini itself ends some answers) is sent back as it came.
 */
function emptyPart(contents: Json[]): string | null {
  for (const [i, content] of contents.entries()) {
    const parts = Array.isArray(content.parts) ? (content.parts as Json[]) : [];
    for (const [j, part] of parts.entries()) {
      const data = PART_DATA.filter((k) => part[k] !== undefined && part[k] !== '');
      if (data.length === 0 && !(part.text === '' && part.thoughtSignature)) {
        return `contents[${i}].parts[${j}]`;
      }
    }
  }
  return null;
}

function rejection(r: GeminiRecordedRequest): FakeGeminiFailure | null {
  if (!r.apiKey) {
    const message =
      "Method doesn't allow unregistered callers (callers without established identity). " +
      'Please use API Key or other form of API consumer identity to call this API.';
    return { status: 403, message };
  }
  const body = r.body;
  if (!body) return { status: 400, message: 'Invalid JSON payload received.' };
  const toolProblem = CHAT_RPCS.has(r.rpc ?? '') ? geminiToolProblem(body) : null;
  if (toolProblem) return { status: 400, message: toolProblem };
  const known = KNOWN_FIELDS[r.rpc ?? ''] ?? [];
  const unknown = Object.keys(body).find((k) => !known.includes(camel(k)));
  if (unknown) {
    const message = `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`;
    return { status: 400, message };
  }
  if (CHAT_RPCS.has(r.rpc ?? '') && !(Array.isArray(body.contents) && body.contents.length)) {
    return { status: 400, message: '* GenerateContentRequest.contents: contents is not specified' };
  }
  if (CHAT_RPCS.has(r.rpc ?? '')) {
    // Contents are user or model turns only: no system role (that is systemInstruction).
    const roles = (body.contents as Json[]).map((c) => c.role);
    if (roles.some((role) => role !== undefined && role !== 'user' && role !== 'model')) {
      return { status: 400, message: 'Please use a valid role: user, model.' };
    }
    const empty = emptyPart(body.contents as Json[]);
    if (empty) {
      const message = `* GenerateContentRequest.${empty}.data: required oneof field 'data' must have one initialized field`;
      return { status: 400, message };
    }
  }
  if (r.rpc === 'batchEmbedContents') {
    const list = body.requests;
    if (!Array.isArray(list) || !list.length) {
      return { status: 400, message: '* BatchEmbedContentsRequest.requests: is empty' };
    }
    const bad = (list as Json[]).findIndex((q) => typeof q.model !== 'string' || !q.content);
    if (bad >= 0) {
      const message = `* BatchEmbedContentsRequest.requests[${bad}]: model and content are required`;
      return { status: 400, message };
    }
  }
  if (r.rpc === 'embedContent' && !body.content) {
    return { status: 400, message: '* EmbedContentRequest.content: content is not specified' };
  }
  return null;
}

function textOf(content: unknown): string {
  const parts = (content as { parts?: { text?: unknown }[] } | undefined)?.parts ?? [];
  return parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

function dimensionsOf(request: Json): number {
  const d = request.outputDimensionality ?? request.output_dimensionality;
  return typeof d === 'number' ? d : DEFAULT_EMBEDDING_DIMENSIONS;
}

function usageBody(u: FakeGeminiUsage): Json {
  const thoughts = u.thoughtsTokenCount ?? 0;
  return {
    promptTokenCount: u.promptTokenCount,
    candidatesTokenCount: u.candidatesTokenCount,
    totalTokenCount: u.promptTokenCount + u.candidatesTokenCount + thoughts,
    ...(u.cachedContentTokenCount ? { cachedContentTokenCount: u.cachedContentTokenCount } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** The answer's parts, grouped as the stream sends them: one group per chunk. */
function partGroups(b: FakeGeminiBehaviour, stream: boolean): Json[][] {
  const toolCalls = [...(b.toolCall ? [b.toolCall] : []), ...(b.toolCalls ?? [])];
  const text = b.content ?? (toolCalls.length ? undefined : DEFAULT_CONTENT);
  const thoughts: Json[][] = [];
  const answer: Json[][] = [];
  if (b.thinking) {
    const pieces = stream ? splitContent(b.thinking.text) : [b.thinking.text];
    thoughts.push(...pieces.map((piece) => [{ text: piece, thought: true }]));
  }
  if (text !== undefined) {
    const pieces = stream ? (b.chunks ?? splitContent(text)) : [text];
    answer.push(...pieces.map((piece) => [{ text: piece }]));
  }
  if (toolCalls.length) {
    answer.push(
      toolCalls.map((t) => ({
        functionCall: { name: t.name, args: JSON.parse(t.arguments || '{}') as unknown },
      })),
    );
  }
  const signature = b.thinking?.signature;
  if (signature) {
    const carrier = answer[0]?.[0] ?? thoughts[thoughts.length - 1]?.[0];
    if (carrier) carrier.thoughtSignature = signature;
  }
  const groups = [...thoughts, ...answer];
  if (!groups.length) groups.push([{ text: '' }]);
  return stream ? groups : [groups.flat()];
}

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  let sequence = 0;

  async function handle(x: Exchange<FakeGeminiBehaviour, GeminiRecordedRequest>): Promise<void> {
    const { req, recorded, behaviour: b } = x;
    const ids = options.models ?? ['gemini-fake'];
    const describe = (id: string) => ({
      name: `models/${id}`,
      version: '001',
      displayName: id,
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: ['generateContent', 'countTokens', 'embedContent'],
    });
    if (req.method === 'GET' && x.route === '/v1beta/models') {
      x.sendJson(200, { models: ids.map(describe) });
      return;
    }
    if (req.method === 'GET' && recorded.model && !recorded.rpc && ids.includes(recorded.model)) {
      x.sendJson(200, describe(recorded.model));
      return;
    }
    const known = CHAT_RPCS.has(recorded.rpc ?? '') || EMBED_RPCS.has(recorded.rpc ?? '');
    if (req.method !== 'POST' || !known) {
      const f = { status: 404, message: `no route ${req.method} ${x.route}` };
      x.sendJson(404, geminiErrorBody(f));
      return;
    }
    const rejected = options.lenient ? null : rejection(recorded);
    if (rejected) {
      x.sendJson(rejected.status, geminiErrorBody(rejected));
      return;
    }
    if (!(await x.waitToAnswer(b))) return;
    if (b.fail) {
      x.sendJson(b.fail.status, geminiErrorBody(b.fail), b.fail.headers);
      return;
    }
    const body = recorded.body ?? {};

    if (recorded.rpc === 'embedContent') {
      x.sendJson(200, {
        embedding: { values: fakeEmbedding(textOf(body.content), dimensionsOf(body)) },
      });
      return;
    }
    if (recorded.rpc === 'batchEmbedContents') {
      const list = Array.isArray(body.requests) ? (body.requests as Json[]) : [];
      const embeddings = list.map((q) => ({
        values: fakeEmbedding(textOf(q.content), dimensionsOf(q)),
      }));
      x.sendJson(200, { embeddings });
      return;
    }

    const stream = recorded.rpc === 'streamGenerateContent';
    const finish = b.finishReason ?? 'stop';
    const finishReason = FINISH_REASONS[finish] ?? finish;
    const common = {
      modelVersion: b.answerModel ?? recorded.model ?? 'unknown',
      responseId: `fake-response-${++sequence}`,
    };
    const chunks = partGroups(b, stream).map((parts, i, all): Json => {
      const last = i === all.length - 1;
      const candidate: Json = { content: { role: 'model', parts } };
      if (last && !(stream && b.omitDone)) candidate.finishReason = finishReason;
      candidate.index = 0;
      const full = usageBody(b.usage ?? DEFAULT_USAGE);
      const { promptTokenCount } = full as { promptTokenCount: number };
      const early = { promptTokenCount, totalTokenCount: promptTokenCount };
      const usage = last
        ? { usageMetadata: full }
        : stream && b.usageEveryChunk
          ? { usageMetadata: early }
          : {};
      const offered =
        Array.isArray(body.tools) && (body.tools as Json[]).some((t) => 'googleSearch' in t);
      if (last && offered && b.webSearch) {
        const { query, url, title } = b.webSearch;
        candidate.groundingMetadata = {
          webSearchQueries: [query],
          groundingChunks: [{ web: { uri: url, title: title ?? url } }],
          searchEntryPoint: { renderedContent: '<div>fake</div>' },
        };
      }
      return { candidates: [candidate], ...usage, ...common };
    });

    if (!stream) {
      x.sendJson(200, chunks[0]);
      return;
    }
    if (x.query.get('alt') === 'sse') {
      await x.stream(
        chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`),
        b,
      );
      return;
    }
    const frames = chunks.map((c, i) => `${i === 0 ? '[' : ',\r\n'}${JSON.stringify(c, null, 2)}`);
    await x.stream(frames, b, { contentType: 'application/json; charset=UTF-8', trailer: '\n]' });
  }

  const fake = await startFakeServer<FakeGeminiBehaviour, GeminiRecordedRequest>({
    basePath: '/v1beta',
    behaviour: options.behaviour,
    record,
    isChat: (r) => r.method === 'POST' && CHAT_RPCS.has(r.rpc ?? ''),
    handle,
  });
  return Object.defineProperty(fake, 'embedRequests', {
    get: () => fake.requests.filter((r) => r.method === 'POST' && EMBED_RPCS.has(r.rpc ?? '')),
  }) as FakeGemini;
}
