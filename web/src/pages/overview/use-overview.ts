import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ResolvedRange } from './range';
import { groupTotals } from './top-groups';
import type { SplitBy, Timeseries } from './types';

/** Requests, tokens, cost and latency per bucket, split by one dimension. */
export function useTimeseries(range: ResolvedRange | undefined, split: SplitBy) {
  return useQuery({
    queryKey: ['usage', 'timeseries', range?.from, range?.to, range?.bucket, split],
    queryFn: () =>
      unwrap<Timeseries>(
        api.GET('/usage/timeseries', {
          params: {
            query: {
              from: range!.from,
              to: range!.to,
              group_by: split,
              ...(range!.bucket ? { bucket: range!.bucket } : {}),
            },
          },
        }),
      ),
    enabled: range !== undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * Totals per model or key over the range, for the top tables: GET /usage/timeseries by day
 * grouped by the dimension (rollups, fast on long ranges), summed per group.
 */
export function useTopGroups(range: ResolvedRange | undefined, dimension: 'model' | 'key') {
  return useQuery({
    queryKey: ['usage', 'groups', range?.from, range?.to, dimension],
    queryFn: () =>
      unwrap<Timeseries>(
        api.GET('/usage/timeseries', {
          params: {
            query: { from: range!.from, to: range!.to, group_by: dimension, bucket: 'day' },
          },
        }),
      ),
    enabled: range !== undefined,
    placeholderData: keepPreviousData,
    select: (answer) => groupTotals(answer.series, dimension),
  });
}
