import type {
  CanonicalRequest,
  HostedToolType,
  CanonicalResponse,
  SseIn,
  SseOut,
  StreamEvent,
  UpstreamErrorInfo,
} from './types';

/** Context of a client request that the body alone does not carry. */
export interface ClientRequestContext {
  /** Model named in the path (Gemini: /v1beta/models/{model}:generateContent). */
  pathModel?: string;
  /** Streaming decided by the path (Gemini: :streamGenerateContent). */
  pathStream?: boolean;
}

/** Context for encoding a response to the client. */
export interface ClientResponseContext {
  /** The model name to show the client (the logical model it asked for). */
  model: string;
  /** The canonical request, for formats that echo parts of it. */
  request: CanonicalRequest;
  /** OpenAI chat: the client asked for the final usage chunk (stream_options.include_usage). */
  includeUsage?: boolean;
  /**
   * The gateway's own count of the prompt (o200k, see token-count.ts), for encoders that must
   * show a prompt count before the upstream's arrives (Anthropic's message_start). Counted on
   * first call.
   */
  promptTokens?: () => number;
}

/** Turns canonical stream events into the client's SSE events; one per response, stateful. */
export interface StreamEncoder {
  encode(event: StreamEvent): SseOut[];
  /** The stream finished cleanly: flush what is pending (final usage, stop events). */
  end(): SseOut[];
  /**
   * The data written after `end()` on a clean finish, e.g. OpenAI's `[DONE]`; null for none.
   * The edge writes it, because a cut stream must never get it.
   */
  readonly doneData: string | null;
}

/**
 * A client-facing format (ingress): OpenAI chat, Anthropic messages, Gemini generateContent…
 * Parsing throws InvalidRequestError (a 400 naming the field) for bad input.
 */
export interface ClientAdapter {
  parseRequest(body: unknown, context: ClientRequestContext): CanonicalRequest;
  encodeResponse(response: CanonicalResponse, context: ClientResponseContext): unknown;
  createStreamEncoder(context: ClientResponseContext): StreamEncoder;
}

/** Turns an upstream's SSE events into canonical events; one per response, stateful. */
export interface StreamDecoder {
  decode(message: SseIn): StreamEvent[];
  /** The upstream stream ended: flush what is pending. */
  end(): StreamEvent[];
  /** The upstream sent its terminator (`[DONE]`, `message_stop`, a final finishReason). */
  readonly complete: boolean;
}

/** The provider's settings that shape the body sent to it. */
export interface UpstreamOptions {
  /** OpenAI formats: the field for the token limit (see the provider's `max_tokens_field`). */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

/** A provider format (egress): the body sent upstream and how its answers are read. */
export interface ProviderAdapter {
  /** The hosted tool types the format has an equivalent for; other hosted tools are dropped. */
  readonly hostedTools: readonly HostedToolType[];
  buildRequest(
    request: CanonicalRequest,
    upstreamModel: string,
    provider: UpstreamOptions,
  ): Record<string, unknown>;
  parseResponse(body: unknown): CanonicalResponse;
  createStreamDecoder(): StreamDecoder;
  /** Read an upstream error body (any shape; null when unreadable). */
  parseError(body: unknown): UpstreamErrorInfo | null;
}
