import type { ErrorKind } from '../../common/errors/gateway-error';
import type { UpstreamErrorInfo } from '../canonical/types';

/** Google's canonical status for each error kind. */
const GEMINI_STATUSES: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  upstream: 'UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
};

export interface GeminiErrorBody {
  error: { code: number; message: string; status: string };
}

export function geminiErrorBody(kind: ErrorKind, status: number, message: string): GeminiErrorBody {
  return { error: { code: status, message, status: GEMINI_STATUSES[kind] } };
}

/**
 * An upstream Gemini error body → message and status (`{error: {code, message, status}}`;
 * streams without alt=sse wrap it in an array). Null for any other shape.
 */
export function parseGeminiError(body: unknown): UpstreamErrorInfo | null {
  const root: unknown = Array.isArray(body) ? body[0] : body;
  if (typeof root !== 'object' || root === null) return null;
  const error = (root as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { message, status } = error as { message?: unknown; status?: unknown };
  const type = typeof status === 'string' ? status : undefined;
  if (typeof message !== 'string' || message === '') {
    return type ? { message: type, type } : null;
  }
  return type ? { message, type } : { message };
}
