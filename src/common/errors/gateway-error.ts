/**
 * Domain errors: small Error subclasses with a stable code and an HTTP status. The global
 * exception filter writes them in the client's own error format.
 */

/** The kind of an error, independent of any API's vocabulary; each format maps it. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'upstream'
  | 'unavailable'
  | 'internal';

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends GatewayError {
  constructor(message: string, param: string | null = null, code = 'invalid_request') {
    super(400, 'invalid_request', code, message, param);
  }
}

export class AuthenticationError extends GatewayError {
  constructor(message = 'Missing or invalid API key.') {
    super(401, 'authentication', 'invalid_api_key', message);
  }
}

export class PermissionDeniedError extends GatewayError {
  constructor(message: string, code = 'permission_denied') {
    super(403, 'permission', code, message);
  }
}

export class ModelNotFoundError extends GatewayError {
  constructor(model: string) {
    super(
      404,
      'not_found',
      'model_not_found',
      `The model '${model}' does not exist or you do not have access to it.`,
      'model',
    );
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string, code = 'not_found') {
    super(404, 'not_found', code, message);
  }
}

export class ConflictError extends GatewayError {
  constructor(message: string, code = 'conflict') {
    super(409, 'invalid_request', code, message);
  }
}

export class PayloadTooLargeError extends GatewayError {
  constructor(limitBytes: number) {
    super(
      413,
      'request_too_large',
      'request_too_large',
      `Request body is larger than the limit of ${limitBytes} bytes.`,
    );
  }
}

/** Every target failed: the message names each attempt (never a secret). */
export class AllTargetsFailedError extends GatewayError {
  constructor(
    model: string,
    attempts: string[],
    status = 502,
    headers: Record<string, string> = {},
    /** `unavailable`: routing left every target out, no attempt was made. */
    cause: 'attempts' | 'unavailable' = 'attempts',
  ) {
    super(
      status,
      status === 429 ? 'rate_limit' : 'upstream',
      status === 429 ? 'all_targets_rate_limited' : 'all_targets_failed',
      cause === 'unavailable'
        ? `No target of model '${model}' can take the request now: ${attempts.join('; ')}`
        : `All ${attempts.length} attempt(s) for model '${model}' failed: ${attempts.join('; ')}`,
      null,
      headers,
    );
  }
}

/** Limits could not be checked (the database is unreachable): refused rather than unmetered. */
export class LimitsUnavailableError extends GatewayError {
  constructor() {
    super(
      503,
      'unavailable',
      'limits_unavailable',
      'This request is subject to quotas or key limits, which cannot be checked right now (the database is unreachable). Retry shortly.',
      null,
      { 'retry-after': '1' },
    );
  }
}

/** A request that arrived while the gateway shuts down: another instance should take it. */
export class ShuttingDownError extends GatewayError {
  constructor() {
    super(
      503,
      'unavailable',
      'shutting_down',
      'The gateway is shutting down and takes no new requests; retry (another instance will answer).',
      null,
      { 'retry-after': '2', connection: 'close' },
    );
  }
}
