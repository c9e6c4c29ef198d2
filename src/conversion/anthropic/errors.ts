import type { ErrorKind } from '../../common/errors/gateway-error';

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
