import { GatewayError } from '../common/errors/gateway-error';
import { exceededRateLimit, formatUsd, KeyLimits, retryAfterSeconds } from './quota-arithmetic';

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

/** The 429 for a key whose window is full; `used` is the window's use without this request. */
export function rateLimitError(
  keyName: string,
  limits: KeyLimits,
  used: { requests: number; tokens: number; retryAfterMs: number },
  tokens: number,
  headers: Record<string, string>,
): KeyLimitError {
  const retryAfter = retryAfterSeconds(used.retryAfterMs);
  const message =
    exceededRateLimit(limits, used) === 'rpm'
      ? `Rate limit reached for key '${keyName}': ${limits.rpm} requests per minute. ` +
        `Retry after ${retryAfter} s.`
      : `Rate limit reached for key '${keyName}': ${limits.tpm} tokens per minute ` +
        `(${used.tokens} used in the last minute, this request may use ${tokens}). ` +
        `Retry after ${retryAfter} s.`;
  return new KeyLimitError('rate_limit_exceeded', message, retryAfter, headers);
}

/** The 429 for a key whose budget cannot take the request's estimated cost this period. */
export function budgetError(
  keyName: string,
  budgetUsd: number,
  costUsd: number,
  periodEnd: Date,
  now: Date,
  headers: Record<string, string>,
): KeyLimitError {
  const message =
    costUsd > budgetUsd
      ? `Budget of key '${keyName}' is ${formatUsd(budgetUsd)} per period; this request may ` +
        `cost ${formatUsd(costUsd)}, more than the whole budget.`
      : `Budget of key '${keyName}' (${formatUsd(budgetUsd)} per period) is spent, or too ` +
        `little is left for this request (estimated ${formatUsd(costUsd)}), until ` +
        `${periodEnd.toISOString()}.`;
  const retryAfter = retryAfterSeconds(periodEnd.getTime() - now.getTime());
  return new KeyLimitError('budget_exceeded', message, retryAfter, headers);
}
