import type { TestDatabase } from './database';

/** A usage_records row as the tests read it. */
export interface UsageRow {
  id: string;
  request_id: string;
  key_name: string | null;
  model: string;
  provider: string | null;
  upstream_model: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  /** numeric(20,10): a string from pg. */
  cost_usd: string;
  latency_ms: number;
  ttft_ms: number | null;
  attempts: number;
  attempt_log: { provider: string; model: string; status: number; error?: string }[] | null;
  stream_cut: boolean;
}

/**
 * Poll usage_records until `where` matches `count` rows (rows are written in batches off the
 * request path), then return them in insertion order.
 */
export async function waitForUsageRows(
  db: TestDatabase,
  count: number,
  where = 'TRUE',
  params: unknown[] = [],
  timeoutMs = 10_000,
): Promise<UsageRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.query<UsageRow>(
      `SELECT * FROM usage_records WHERE ${where} ORDER BY id`,
      params,
    );
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The usage row of one request (by its x-request-id). */
export async function usageRowFor(db: TestDatabase, requestId: string | null): Promise<UsageRow> {
  if (!requestId) throw new Error('the response had no x-request-id header');
  const [row] = await waitForUsageRows(db, 1, 'request_id = $1', [requestId]);
  if (!row) throw new Error(`no usage row for request ${requestId}`);
  return row;
}
