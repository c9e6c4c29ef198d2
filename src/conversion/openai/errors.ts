import type { ErrorKind } from '../../common/errors/gateway-error';
import type { UpstreamErrorInfo } from '../canonical/types';
import { object, text } from './json';

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

/**
 * An OpenAI-format upstream's error body → its message and type: `{error: {message, type,
 * code}}`, `{error: "…"}` or a bare `{message}` (some compatible servers). JSON text is read
 * too; anything else is null.
 */
export function parseOpenAIError(body: unknown): UpstreamErrorInfo | null {
  if (typeof body === 'string') {
    try {
      return parseOpenAIError(JSON.parse(body));
    } catch {
      return null;
    }
  }
  const root = object(body);
  if (!root) return null;
  if (typeof root.error === 'string') return root.error ? { message: root.error } : null;
  const error = object(root.error) ?? root;
  const message = text(error.message);
  if (!message) return null;
  const type = text(error.type) || text(error.code);
  return type ? { message, type } : { message };
}
