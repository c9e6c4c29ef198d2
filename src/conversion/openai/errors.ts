import type { ErrorKind } from '../../common/errors/gateway-error';

/** OpenAI's `error.type` for each error kind. */
const OPENAI_ERROR_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  unavailable: 'api_error',
  internal: 'server_error',
};

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAIErrorBody(
  kind: ErrorKind,
  message: string,
  code: string | null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type: OPENAI_ERROR_TYPES[kind], param, code } };
}
