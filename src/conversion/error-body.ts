import type { ClientApi } from '../common/client-api';
import type { ErrorKind } from '../common/errors/gateway-error';
import { anthropicErrorBody } from './anthropic/errors';
import { geminiErrorBody } from './gemini/errors';
import { openAIErrorBody } from './openai/errors';

export interface ErrorDescription {
  status: number;
  kind: ErrorKind;
  code: string | null;
  message: string;
  param?: string | null;
}

/** An error in the client API's own shape. */
export function errorBodyFor(api: ClientApi, e: ErrorDescription): object {
  switch (api) {
    case 'anthropic':
      return anthropicErrorBody(e.kind, e.message);
    case 'gemini':
      return geminiErrorBody(e.kind, e.status, e.message);
    case 'openai':
      return openAIErrorBody(e.kind, e.message, e.code, e.param ?? null);
  }
}

/** The error kind an HTTP status stands for (used for framework and upstream errors). */
export function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 405 || status === 415 || status === 422)
    return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'unavailable';
  if (status >= 500) return 'upstream';
  return 'invalid_request';
}
