import type { Provider, ProviderStatus, TargetStatus } from './types';

/** Answers of the admin API for component tests, typed by the generated schema. */
export function providerFixture(overrides: Partial<Provider> = {}): Provider {
  return {
    id: 'openai-main',
    format: 'openai',
    base_url: 'https://api.openai.com/v1',
    api_key: '****wxyz',
    headers: {},
    timeout_ms: 60000,
    retries: 2,
    enabled: true,
    stream_support: true,
    non_stream_support: true,
    created_at: '2026-12-01T10:00:00.000Z',
    updated_at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

export function targetStatusFixture(overrides: Partial<TargetStatus> = {}): TargetStatus {
  return {
    model: 'gpt-4o',
    provider: 'openai-main',
    upstream_model: 'gpt-4o-2024-08-06',
    priority: 1,
    weight: 1,
    enabled: true,
    circuit: 'closed',
    consecutive_failures: 0,
    cooldown_until: null,
    error_rate: 0.02,
    failures: 1,
    health_check: null,
    in_flight: 0,
    last_error: null,
    latency_ms: 420,
    requests: 50,
    retry_at: null,
    quota_use: null,
    ...overrides,
  };
}

export function providerStatusFixture(overrides: Partial<ProviderStatus> = {}): ProviderStatus {
  return {
    id: 'openai-main',
    format: 'openai',
    enabled: true,
    health_check: null,
    targets: [targetStatusFixture()],
    ...overrides,
  };
}
