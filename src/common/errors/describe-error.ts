import { HttpException } from '@nestjs/common';
import { ErrorDescription, kindForStatus } from '../../conversion/error-body';
import { GatewayError } from './gateway-error';

interface FrameworkError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
}

/** What Fastify's own errors (body parsing, limits) mean to a client. */
function describeFrameworkError(err: FrameworkError, bodyLimit: number): ErrorDescription | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_json',
        message: 'Request body is not valid JSON.',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_json',
        message: 'Request body is empty; expected a JSON object.',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        kind: 'request_too_large',
        code: 'request_too_large',
        message: `Request body is larger than the limit of ${bodyLimit} bytes.`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        kind: 'invalid_request',
        code: 'unsupported_media_type',
        message: 'Unsupported Content-Type; send application/json.',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_content_length',
        message: 'Content-Length does not match the body.',
      };
  }
  if (err instanceof SyntaxError) {
    return {
      status: 400,
      kind: 'invalid_request',
      code: 'invalid_json',
      message: `Request body is not valid JSON: ${err.message}`,
    };
  }
  return null;
}

function httpExceptionMessage(e: HttpException): string {
  const response = e.getResponse();
  if (typeof response === 'string') return response;
  const body = response as { message?: unknown; errors?: unknown };
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    // nestjs-zod validation errors: name each failing field
    return (
      'Invalid request body: ' +
      (body.errors as { path?: unknown[]; message?: string }[])
        .map((i) => `${(i.path ?? []).join('.') || '(root)'}: ${i.message}`)
        .join('; ')
    );
  }
  if (Array.isArray(body.message)) return body.message.join('; ');
  if (typeof body.message === 'string') return body.message;
  return e.message;
}

function describeFastifyHttpException(
  status: number,
  message: string,
  bodyLimit: number,
): ErrorDescription | null {
  if (status === 413)
    return describeFrameworkError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, bodyLimit);
  if (status === 415) {
    return describeFrameworkError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }, bodyLimit);
  }
  if (status === 400 && /^Body is not valid JSON/.test(message)) {
    return describeFrameworkError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' }, bodyLimit);
  }
  if (status === 400 && /^Body cannot be empty/.test(message)) {
    return describeFrameworkError({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }, bodyLimit);
  }
  return null;
}

/** Turn anything thrown on a request into status + kind + code + message. */
export function describeError(err: unknown, bodyLimit: number): ErrorDescription {
  if (err instanceof GatewayError) {
    return {
      status: err.status,
      kind: err.kind,
      code: err.code,
      message: err.message,
      param: err.param,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    // Nest turns Fastify's body errors into plain HttpExceptions (code lost): recognise them.
    const fromFastify = describeFastifyHttpException(status, err.message, bodyLimit);
    if (fromFastify) return fromFastify;
    return {
      status,
      kind: kindForStatus(status),
      code: status === 404 ? 'not_found' : status === 400 ? 'invalid_request' : null,
      message: httpExceptionMessage(err),
    };
  }
  if (err && typeof err === 'object') {
    const framework = describeFrameworkError(err as FrameworkError, bodyLimit);
    if (framework) return framework;
    const status = (err as FrameworkError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return {
        status,
        kind: kindForStatus(status),
        code: (err as FrameworkError).code ?? null,
        message: (err as FrameworkError).message ?? 'Bad request',
      };
    }
  }
  return {
    status: 500,
    kind: 'internal',
    code: 'internal_error',
    message: 'The gateway hit an internal error.',
  };
}
