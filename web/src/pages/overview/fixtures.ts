import type { SeriesPoint, Timeseries } from './types';

/** Test data shaped as the gateway answers (types from the generated schema). */
export function point(start: string, group: string | null, n: Partial<SeriesPoint> = {}) {
  return {
    start,
    group,
    requests: 1,
    errors: 0,
    prompt_tokens: 10,
    completion_tokens: 5,
    cached_tokens: 0,
    cost_usd: 0.001,
    latency_ms_p50: 100,
    latency_ms_p95: 200,
    ttft_ms_p50: null,
    ttft_ms_p95: null,
    ...n,
  } satisfies SeriesPoint;
}

export const TIMESERIES: Timeseries = {
  from: '2026-03-10T09:00:00.000Z',
  to: '2026-03-10T13:00:00.000Z',
  bucket: 'hour',
  group_by: 'model',
  series: [
    point('2026-03-10T09:00:00.000Z', 'gpt-big', { requests: 3, cost_usd: 0.03 }),
    point('2026-03-10T09:00:00.000Z', 'gpt-small', { requests: 1, cost_usd: 0.001 }),
    point('2026-03-10T11:00:00.000Z', 'gpt-big', { requests: 2, cost_usd: 0.02 }),
  ],
  totals: {
    requests: 1234,
    errors: 37,
    error_rate: 0.03,
    prompt_tokens: 56789,
    completion_tokens: 4321,
    cached_tokens: 0,
    cost_usd: 12.5,
    latency_ms_p50: 420,
    latency_ms_p95: 1830,
    ttft_ms_p50: 95,
    ttft_ms_p95: null,
  },
};
