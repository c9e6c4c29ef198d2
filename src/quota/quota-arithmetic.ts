/**
 * The pure parts of quotas and key limits: scopes, reservation deltas, response headers and
 * retry times. No I/O; QuotaService puts them together with the repository.
 */
import type { KeyPrincipal, Quota, TargetRuntime } from '../providers/snapshot.types';

export type KeyLimits = NonNullable<KeyPrincipal['limits']>;

/**
 * The counter scope of a target's quota: one per model entry, provider and upstream model as
 * configured. A `*` target (which sends each client's own name) has one scope for every name it
 * serves, so its quota counts per target, not per name asked for.
 */
export function targetScope(modelName: string, target: TargetRuntime): string {
  return `target:${modelName}/${target.provider.id}/${target.upstreamModel}`;
}

/** The counter scope of a key's budget. */
export function budgetScope(keyId: string): string {
  return `budget:${keyId}`;
}

/** A quota that limits something (a quota with neither limit is no quota). */
export function limitingQuota(quota: Quota | undefined): quota is Quota {
  return (
    !!quota && (quota.requests_per_period !== undefined || quota.tokens_per_period !== undefined)
  );
}

/** Whether the key has an rpm or tpm limit. */
export function hasRateLimits(limits: KeyPrincipal['limits']): limits is KeyLimits {
  return !!limits && (limits.rpm !== undefined || limits.tpm !== undefined);
}

/** What changes a quota's meaning: an exhaustion seen under other limits no longer holds. */
export function quotaSignature(quota: Quota): string {
  return `${quota.requests_per_period ?? ''}/${quota.tokens_per_period ?? ''}/${quota.period_cron}`;
}

/** Token counts as the database stores them: whole, non-negative. */
export function wholeTokens(tokens: number): number {
  return Number.isFinite(tokens) ? Math.max(0, Math.round(tokens)) : 0;
}

/** Seconds for a Retry-After header: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The x-ratelimit-* headers of a key's sliding window (only for the limits it has): `used`
 * is the window's use, the current request included when it was admitted.
 */
export function rateHeaders(
  limits: KeyPrincipal['limits'],
  used: { requests: number; tokens: number },
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (limits?.rpm !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(limits.rpm);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, limits.rpm - used.requests));
  }
  if (limits?.tpm !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(limits.tpm);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, limits.tpm - used.tokens));
  }
  return headers;
}

/** Which limit refused a request, given the window's use before it. */
export function exceededRateLimit(
  limits: KeyLimits,
  usedBefore: { requests: number },
): 'rpm' | 'tpm' {
  return limits.rpm !== undefined && usedBefore.requests + 1 > limits.rpm ? 'rpm' : 'tpm';
}

/** Dollar amounts as budgets count them: finite, non-negative, 10 decimals like the column. */
export function validUsd(usd: number): number {
  return Number.isFinite(usd) && usd > 0 ? Number(usd.toFixed(10)) : 0;
}

/** Dollars for messages: up to 6 decimals, no trailing zeros. */
export function formatUsd(usd: number): string {
  return `$${Number(usd.toFixed(6))}`;
}
