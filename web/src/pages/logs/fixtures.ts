import type { UsageAttempt, UsagePage, UsageRecord, UsageRow } from './types';

export function row(id: number, n: Partial<UsageRow> = {}): UsageRow {
  return {
    id: String(id),
    request_id: `req-${id}`,
    created_at: new Date(Date.UTC(2026, 2, 10, 12, 0, id % 60)).toISOString(),
    key_name: 'team-a',
    model: 'gpt-small',
    provider: 'openai-main',
    upstream_model: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    stream: false,
    status: 200,
    error_code: null,
    prompt_tokens: 12,
    completion_tokens: 7,
    cached_tokens: 0,
    cost_usd: 0.0001,
    latency_ms: 321,
    ttft_ms: null,
    attempts: 1,
    stream_cut: false,
    ...n,
  };
}

export function page(rows: UsageRow[], nextCursor: string | null = null): UsagePage {
  return {
    data: rows,
    next_cursor: nextCursor,
    totals: {
      requests: rows.length,
      prompt_tokens: 0,
      completion_tokens: 0,
      cached_tokens: 0,
      cost_usd: 0,
    },
  };
}

export function record(
  id: number,
  attempts: UsageAttempt[],
  n: Partial<UsageRecord> = {},
): UsageRecord {
  return {
    ...row(id),
    key_id: '0d6f7f5e-0000-4000-8000-000000000001',
    attempt_log: attempts,
    ...n,
  };
}
