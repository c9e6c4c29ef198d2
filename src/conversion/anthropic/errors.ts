import type { ErrorKind } from '../../common/errors/gateway-error';
import type { UpstreamErrorInfo } from '../canonical/types';

/** Anthropic's `error.type` for each error kind. */
const ANTHROPIC_ERROR_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  unavailable: 'overloaded_error',
  internal: 'api_error',
};

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export function anthropicErrorBody(kind: ErrorKind, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[kind], message } };
}

/** An upstream error body in Anthropic's shape → its message and type; null for other shapes. */
export function parseAnthropicError(body: unknown): UpstreamErrorInfo | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { message, type } = error as { message?: unknown; type?: unknown };
  if (typeof message !== 'string') return null;
  return typeof type === 'string' ? { message, type } : { message };
}

/** The upstream sent an `error` event: the stream broke after it had started. */
export class AnthropicStreamError extends Error {
  constructor(
    message: string,
    /** Anthropic's error type, e.g. `overloaded_error`. */
    readonly errorType?: string,
  ) {
    super(message);
    this.name = 'AnthropicStreamError';
  }
}
