import type { SeriesPoint, UsageGroup } from './types';

/**
 * Per-group totals over a range, from the points of GET /usage/timeseries grouped by model or
 * key (summed over the buckets). The time series reads rollups, so the top tables stay fast on
 * long ranges; requests, tokens and cost are exact sums, as in GET /usage's groups.
 */
export function groupTotals(series: SeriesPoint[], dimension: 'model' | 'key'): UsageGroup[] {
  const byGroup = new Map<string | null, UsageGroup>();
  for (const point of series) {
    const group = byGroup.get(point.group) ?? {
      [dimension]: point.group,
      requests: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      cached_tokens: 0,
      cost_usd: 0,
    };
    group.requests += point.requests;
    group.prompt_tokens += point.prompt_tokens;
    group.completion_tokens += point.completion_tokens;
    group.cached_tokens += point.cached_tokens;
    group.cost_usd += point.cost_usd;
    byGroup.set(point.group, group);
  }
  return [...byGroup.values()];
}
