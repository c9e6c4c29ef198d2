import type { TargetRuntime } from '../providers/snapshot.types';
import {
  budgetScope,
  exceededRateLimit,
  formatUsd,
  hasRateLimits,
  limitingQuota,
  quotaSignature,
  rateHeaders,
  retryAfterSeconds,
  targetScope,
  wholeTokens,
  validUsd,
} from './quota-arithmetic';

describe('quota arithmetic', () => {
  it('names scopes by model, provider and upstream model, and by key', () => {
    const target = { provider: { id: 'openai-eu' }, upstreamModel: 'gpt-4o' } as TargetRuntime;
    expect(targetScope('chat', target)).toBe('target:chat/openai-eu/gpt-4o');
    expect(budgetScope('0b4e…')).toBe('budget:0b4e…');
  });

  it('a quota or limits without any limit do not count', () => {
    expect(limitingQuota(undefined)).toBe(false);
    expect(limitingQuota({ period_cron: '0 0 * * *' })).toBe(false);
    expect(limitingQuota({ period_cron: '0 0 * * *', tokens_per_period: 5 })).toBe(true);
    expect(hasRateLimits(undefined)).toBe(false);
    expect(hasRateLimits({})).toBe(false);
    expect(hasRateLimits({ tpm: 100 })).toBe(true);
  });

  it('a quota signature changes with any limit or the cron', () => {
    const a = quotaSignature({ period_cron: '0 0 * * *', requests_per_period: 5 });
    expect(quotaSignature({ period_cron: '0 0 * * *', requests_per_period: 6 })).not.toBe(a);
    expect(quotaSignature({ period_cron: '0 0 * * *', tokens_per_period: 5 })).not.toBe(a);
    expect(quotaSignature({ period_cron: '0 * * * *', requests_per_period: 5 })).not.toBe(a);
  });

  it('tokens are whole and never negative', () => {
    expect(wholeTokens(12.6)).toBe(13);
    expect(wholeTokens(-4)).toBe(0);
    expect(wholeTokens(Number.NaN)).toBe(0);
  });

  it('Retry-After is whole seconds, rounded up, at least 1', () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(-50)).toBe(1);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(59_500)).toBe(60);
  });

  it('x-ratelimit headers only for the limits the key has, remaining never negative', () => {
    expect(rateHeaders({ rpm: 30 }, { requests: 12, tokens: 500 })).toEqual({
      'x-ratelimit-limit-requests': '30',
      'x-ratelimit-remaining-requests': '18',
    });
    expect(rateHeaders({ tpm: 1000 }, { requests: 2, tokens: 1200 })).toEqual({
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '0',
    });
    expect(rateHeaders({ rpm: 3, tpm: 90 }, { requests: 3, tokens: 40 })).toEqual({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-limit-tokens': '90',
      'x-ratelimit-remaining-tokens': '50',
    });
    expect(rateHeaders(undefined, { requests: 1, tokens: 1 })).toEqual({});
  });

  it('names the limit that refused a request', () => {
    expect(exceededRateLimit({ rpm: 3, tpm: 100 }, { requests: 3 })).toBe('rpm');
    expect(exceededRateLimit({ rpm: 3, tpm: 100 }, { requests: 2 })).toBe('tpm');
    expect(exceededRateLimit({ tpm: 100 }, { requests: 50 })).toBe('tpm');
  });

  it('counts dollars only when finite and not negative, to 10 decimals', () => {
    expect(validUsd(0.125)).toBe(0.125);
    expect(validUsd(1004 / 1e6 + 1e-17)).toBe(0.001004);
    expect(validUsd(0.00000000004)).toBe(0);
    expect(validUsd(-0.02)).toBe(0);
    expect(validUsd(Number.NaN)).toBe(0);
    expect(validUsd(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('formats dollars for messages', () => {
    expect(formatUsd(10)).toBe('$10');
    expect(formatUsd(0.0000123)).toBe('$0.000012');
  });
});
