import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ResolvedRange } from './range';
import type { SplitBy, Timeseries, UsageList } from './types';

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

/** Aggregates per model or key over the range (GET /usage?group_by=…; one row is enough). */
export function useTopGroups(range: ResolvedRange | undefined, dimension: 'model' | 'key') {
  return useQuery({
    queryKey: ['usage', 'groups', range?.from, range?.to, dimension],
    queryFn: () =>
      unwrap<UsageList>(
        api.GET('/usage', {
          params: { query: { from: range!.from, to: range!.to, group_by: dimension, limit: 1 } },
        }),
      ),
    enabled: range !== undefined,
    placeholderData: keepPreviousData,
    select: (list) => list.groups ?? [],
  });
}
