import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { planTimeseries, type Span } from './timeseries-plan';
import type {
  Bucket,
  SeriesGroupBy,
  TimeseriesPoint,
  TimeseriesQuery,
  TimeseriesTotals,
} from './usage-timeseries';
import { addDimensionFilters, Where } from './usage-where';

/** A bucket's start from a time column (fixed text): UTC-aligned whatever the session's zone. */
const bucketStart = (bucket: Bucket, column: string) =>
  `date_trunc('${bucket}', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

/** The series' group, from usage_records and from usage_rollups ('' there means none). */
const GROUP_COLUMN: Record<SeriesGroupBy, { rows: string; rollups: string }> = {
  model: { rows: 'model', rollups: 'model' },
  provider: { rows: 'provider', rollups: `nullif(provider, '')` },
  key: { rows: 'key_name', rollups: `nullif(key_name, '')` },
};

/** The p50 and p95 of each histogram: the bin where the rank falls, interpolated within it. */
const percentile = (p: number) =>
  `min(switchboard_usage_bin_value(bin::integer, ((${p} * count - (upto - n)) / n)::float8))
     FILTER (WHERE upto >= ${p} * count AND upto - n < ${p} * count)`;

/** The join key of a series point (or of the totals), hashable: NULLs made values. */
const KEY = `total, coalesce(start, '-infinity') AS k_start, coalesce(grp, '') AS k_grp,
  grp IS NULL AS k_null`;

const joinOn = (alias: string, metric: number) =>
  `${alias}.metric = ${metric} AND ${alias}.total = s.total AND ${alias}.k_start = s.k_start
   AND ${alias}.k_grp = s.k_grp AND ${alias}.k_null = s.k_null`;

interface ResultRecord {
  total: number;
  start: Date | null;
  grp: string | null;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  latency_ms_p50: number | null;
  latency_ms_p95: number | null;
  ttft_ms_p50: number | null;
  ttft_ms_p95: number | null;
}

/**
 * Reads for `GET /usage/timeseries`, computed in Postgres in one statement: whole days and hours
 * from the rollups (kept by triggers, see prisma/routines/usage-rollups.sql), the partial hours
 * at the ends (and minute buckets) from the rows. Counts, tokens and cost are exact sums either
 * way; latency and TTFT percentiles come from the merged log-scale histograms (bins 20 % wide).
 */
@Injectable()
export class UsageTimeseriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async timeseries(
    query: TimeseriesQuery,
  ): Promise<{ totals: TimeseriesTotals; series: TimeseriesPoint[] }> {
    const { sql, params } = timeseriesSql(query);
    const result = await this.prisma.pool.query<ResultRecord>(sql, params);
    const [totalRow, ...points] = result.rows;
    const { total: _t, start: _s, grp: _g, ...totals } = totalRow;
    return {
      totals: {
        ...totals,
        error_rate: totals.requests > 0 ? totals.errors / totals.requests : 0,
      },
      series: points.map(({ total: _total, start, grp, ...point }) => ({
        start: (start as Date).toISOString(),
        group: grp,
        ...point,
      })),
    };
  }
}

/** The statement: the totals row first, then the points by start and group. */
export function timeseriesSql(query: TimeseriesQuery): { sql: string; params: unknown[] } {
  const plan = planTimeseries(query.from, query.to, query.bucket);
  const where = new Where();
  addDimensionFilters(where, query);
  const dimensions = where.sql;
  const within = (column: string, spans: Span[]) =>
    spans.length === 0
      ? 'FALSE'
      : spans
          .map((s) => `(${column} >= ${where.param(s.from)} AND ${column} < ${where.param(s.to)})`)
          .join(' OR ');
  const rollupRange = `(size = 'day' AND (${within('start', plan.days)}))
    OR (size = 'hour' AND (${within('start', plan.hours)}))`;
  const rowRange = within('created_at', plan.rows);
  const group = query.groupBy === null ? null : GROUP_COLUMN[query.groupBy];

  const sql = `
WITH rollup AS MATERIALIZED (
  SELECT ${bucketStart(query.bucket, 'start')} AS start, ${group?.rollups ?? 'NULL::text'} AS grp,
    status, requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd,
    latency_hist, ttft_hist
  FROM usage_rollups WHERE (${rollupRange}) AND ${dimensions}
), raw AS MATERIALIZED (
  SELECT ${bucketStart(query.bucket, 'created_at')} AS start, ${group?.rows ?? 'NULL::text'} AS grp,
    status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms
  FROM usage_records WHERE (${rowRange}) AND ${dimensions}
), sums AS (
  SELECT GROUPING(start) AS total, start, grp,
    coalesce(sum(requests), 0)::float8 AS requests,
    coalesce(sum(errors), 0)::float8 AS errors,
    coalesce(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
    coalesce(sum(completion_tokens), 0)::float8 AS completion_tokens,
    coalesce(sum(cached_tokens), 0)::float8 AS cached_tokens,
    coalesce(sum(cost_usd), 0)::float8 AS cost_usd
  FROM (
    SELECT start, grp, requests, CASE WHEN status >= 400 THEN requests ELSE 0 END AS errors,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd FROM rollup
    UNION ALL
    SELECT start, grp, 1, CASE WHEN status >= 400 THEN 1 ELSE 0 END,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd FROM raw
  ) u
  GROUP BY GROUPING SETS ((start, grp), ())
), bins AS (
  SELECT GROUPING(start) AS total, metric, start, grp, bin, sum(n) AS n FROM (
    SELECT 1 AS metric, start, grp, h.bin, h.n
      FROM rollup, unnest(latency_hist) WITH ORDINALITY AS h(n, bin) WHERE h.n > 0
    UNION ALL
    SELECT 2, start, grp, h.bin, h.n
      FROM rollup, unnest(ttft_hist) WITH ORDINALITY AS h(n, bin) WHERE h.n > 0
    UNION ALL
    SELECT 1, start, grp, switchboard_usage_bin(latency_ms), 1 FROM raw
    UNION ALL
    SELECT 2, start, grp, switchboard_usage_bin(ttft_ms), 1 FROM raw WHERE ttft_ms IS NOT NULL
  ) b
  GROUP BY GROUPING SETS ((metric, start, grp, bin), (metric, bin))
), ranked AS (
  SELECT total, metric, start, grp, bin, n,
    sum(n) OVER (PARTITION BY total, metric, start, grp ORDER BY bin) AS upto,
    sum(n) OVER (PARTITION BY total, metric, start, grp) AS count
  FROM bins
), pct AS (
  SELECT metric, ${KEY}, ${percentile(0.5)} AS p50, ${percentile(0.95)} AS p95
  FROM ranked GROUP BY total, metric, start, grp
), keyed AS (
  SELECT ${KEY}, start, grp, requests, errors, prompt_tokens, completion_tokens, cached_tokens,
    cost_usd FROM sums
)
SELECT s.total, s.start, s.grp, s.requests, s.errors, s.prompt_tokens, s.completion_tokens,
  s.cached_tokens, s.cost_usd, l.p50 AS latency_ms_p50, l.p95 AS latency_ms_p95,
  t.p50 AS ttft_ms_p50, t.p95 AS ttft_ms_p95
FROM keyed s
LEFT JOIN pct l ON ${joinOn('l', 1)}
LEFT JOIN pct t ON ${joinOn('t', 2)}
ORDER BY s.total DESC, s.start, s.grp`;
  return { sql, params: where.params };
}
