import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { UsageRow } from './types';

/** Rows are written within about a second: ask every 300 ms, at most 20 times (about 6 s). */
const POLL_MS = 300;
const MAX_POLLS = 20;

/**
 * The usage row of one request (cost, latency), polled from GET /usage?request_id=… until the
 * gateway has written it. `enabled` once the answer is complete, so the row is final.
 */
export function useUsageRow(requestId: string | null, enabled: boolean) {
  const queryClient = useQueryClient();
  const queryKey = ['usage', 'request', requestId];
  const query = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET('/usage', { params: { query: { request_id: requestId } } })),
    enabled: enabled && requestId !== null,
    refetchInterval: (q) =>
      q.state.data?.data.length || q.state.dataUpdateCount >= MAX_POLLS ? false : POLL_MS,
    staleTime: Infinity,
  });
  const row: UsageRow | null = query.data?.data[0] ?? null;
  // Read on each answer (dataUpdatedAt changes with it), so the count is current.
  const polls = query.dataUpdatedAt
    ? (queryClient.getQueryState(queryKey)?.dataUpdateCount ?? 0)
    : 0;
  const gaveUp = !row && polls >= MAX_POLLS;
  const waiting = enabled && requestId !== null && !row && !gaveUp && !query.error;
  return { row, error: query.error, waiting, gaveUp };
}
