import { GatewayError } from '../common/errors/gateway-error';

export type KeyLimitCode = 'rate_limit_exceeded' | 'budget_exceeded';

/**
 * A key's rpm, tpm or budget is reached: 429 with Retry-After (seconds) and the key's
 * x-ratelimit-* headers, written by the global filter in the client's error format.
 */
export class KeyLimitError extends GatewayError {
  constructor(
    code: KeyLimitCode,
    message: string,
    /** Seconds until the request can go (≥ 1). */
    readonly retryAfter: number,
    rateHeaders: Record<string, string> = {},
  ) {
    super(429, 'rate_limit', code, message, null, {
      ...rateHeaders,
      'retry-after': String(retryAfter),
    });
  }
}
