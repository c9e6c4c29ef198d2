import type { ErrorKind } from '../../common/errors/gateway-error';

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
