import type { IncomingHttpHeaders } from 'node:http';
import { countPromptTokens, hasImages } from '../conversion/canonical/token-count';
import type { CanonicalRequest } from '../conversion/canonical/types';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { sharedTokenCounter } from './token-counter';

/** What routing may ask about a request; the costly parts are computed on first use. */
export interface RouteRequest {
  /** The model name the client asked for (also when a glob entry such as `claude-*` serves it). */
  model: string;
  path: string;
  headers: IncomingHttpHeaders;
  principal: KeyPrincipal;
  stream: boolean;
  /** The client's body (for estimates when it cannot be parsed into the canonical form). */
  body: unknown;
  /** The canonical request (chat), null for requests without one (embeddings); may throw. */
  canonical(): CanonicalRequest | null;
  /** Text to count when there is no canonical request (embeddings inputs). */
  text?(): string;
  /** Embeddings need a target whose provider can embed. */
  operation: 'chat' | 'embeddings';
}

/** What the request's content says, read once. */
interface ContentFacts {
  maxTokens: number;
  hasTools: boolean;
  hasImages: boolean;
  user: string;
  countTokens(): number;
}

/**
 * The variables rules are written against, and the numbers filters and strategies need. Every
 * field is computed on first read: a request whose model has no rule, no context window and no
 * cost strategy never parses or tokenizes anything (the passthrough hot path stays cheap).
 * TokenCount is the o200k count of the prompt (exact for current OpenAI models, an estimate for
 * other providers' tokenizers).
 */
export class RequestFacts {
  private contentFacts?: ContentFacts;
  private tokens?: number;
  private headerMap?: Record<string, string>;
  private keyInfo?: { name: string; metadata: Record<string, unknown> };

  constructor(
    private readonly request: RouteRequest,
    private readonly now: Date = new Date(),
  ) {}

  get model(): string {
    return this.request.model;
  }
  get path(): string {
    return this.request.path;
  }
  get stream(): boolean {
    return this.request.stream;
  }
  get tokenCount(): number {
    return (this.tokens ??= this.content().countTokens());
  }
  get tokenCountKnown(): boolean {
    return this.tokens !== undefined;
  }
  get maxTokens(): number {
    return this.content().maxTokens;
  }
  get hasTools(): boolean {
    return this.content().hasTools;
  }
  get hasImages(): boolean {
    return this.content().hasImages;
  }
  get user(): string {
    return this.content().user;
  }
  get hour(): number {
    return this.now.getUTCHours();
  }
  /** The key's name and a copy of its metadata (the snapshot's own is shared), made once. */
  get key(): { name: string; metadata: Record<string, unknown> } {
    const { name, metadata } = this.request.principal;
    return (this.keyInfo ??= { name, metadata: { ...metadata } });
  }
  get keyId(): string {
    return this.request.principal.id;
  }
  get headers(): Record<string, string> {
    return (this.headerMap ??= lowerCaseHeaders(this.request.headers));
  }

  /** The variables as plain values (explain output). */
  toJSON(): Record<string, unknown> {
    return {
      TokenCount: this.tokenCount,
      Model: this.model,
      Path: this.path,
      MaxTokens: this.maxTokens,
      Stream: this.stream,
      HasTools: this.hasTools,
      HasImages: this.hasImages,
      Headers: this.headers,
      Key: this.key,
      User: this.user,
      Hour: this.hour,
    };
  }

  private content(): ContentFacts {
    return (this.contentFacts ??= readContent(this.request));
  }
}

function readContent(request: RouteRequest): ContentFacts {
  let canonical: CanonicalRequest | null = null;
  try {
    canonical = request.canonical();
  } catch {
    // Content the gateway cannot convert still passes through to a same-format provider;
    // routing then works from an estimate over the raw body.
  }
  if (canonical) {
    const parsed = canonical;
    return {
      maxTokens: parsed.maxTokens ?? 0,
      hasTools: (parsed.tools?.length ?? 0) > 0,
      hasImages: hasImages(parsed),
      user: parsed.user ?? '',
      countTokens: () => countPromptTokens(parsed, sharedTokenCounter.count),
    };
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  const text = request.text?.();
  return {
    maxTokens: firstNumber(body, ['max_tokens', 'max_completion_tokens', 'max_output_tokens']),
    hasTools: Array.isArray(body.tools) && body.tools.length > 0,
    hasImages: false,
    user: typeof body.user === 'string' ? body.user : '',
    // ~4 characters per token when the body could not be read as a chat request.
    countTokens: () =>
      text !== undefined
        ? sharedTokenCounter.count(text)
        : Math.ceil(JSON.stringify(body).length / 4),
  };
}

function firstNumber(body: Record<string, unknown>, fields: string[]): number {
  for (const field of fields) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return 0;
}

/** Credentials never become rule variables (nor appear in explain output): `Key` names the key. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'cookie',
]);

function lowerCaseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [raw, value] of Object.entries(headers)) {
    const name = raw.toLowerCase();
    if (value === undefined || CREDENTIAL_HEADERS.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
