import { Injectable } from '@nestjs/common';
import type { QueryResult } from 'pg';
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

/** The join key of a series point (or of the totals), hashable: NULLs made values. */
const KEY = `total, coalesce(start, '-infinity') AS k_start, coalesce(grp, '') AS k_grp,
  grp IS NULL AS k_null`;

const SUMS = [
  'requests',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cost_usd',
];

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
    const client = await this.prisma.pool.connect();
    let result: QueryResult<ResultRecord>;
    try {
      // JIT would compile this statement for seconds (the planner overestimates the histogram
      // rows); the sorts and hashes of a long range fit in memory instead of spilling to disk.
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL jit = off`);
      await client.query(`SET LOCAL work_mem = '64MB'`);
      result = await client.query<ResultRecord>(sql, params);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
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
  SELECT ${bucketStart(query.bucket, 'start')} AS start, ${group?.rollups ?? 'NULL::text'} COLLATE "C" AS grp,
    status, requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd,
    latency_hist, ttft_hist
  FROM usage_rollups WHERE (${rollupRange}) AND ${dimensions}
), raw AS MATERIALIZED (
  SELECT ${bucketStart(query.bucket, 'created_at')} AS start, ${group?.rows ?? 'NULL::text'} COLLATE "C" AS grp,
    status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms
  FROM usage_records WHERE (${rowRange}) AND ${dimensions}
), point_sums AS (
  SELECT start, grp,
    sum(requests) AS requests, sum(errors) AS errors, sum(prompt_tokens) AS prompt_tokens,
    sum(completion_tokens) AS completion_tokens, sum(cached_tokens) AS cached_tokens,
    sum(cost_usd) AS cost_usd
  FROM (
    SELECT start, grp, requests, CASE WHEN status >= 400 THEN requests ELSE 0 END AS errors,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd FROM rollup
    UNION ALL
    SELECT start, grp, 1, CASE WHEN status >= 400 THEN 1 ELSE 0 END,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd FROM raw
  ) u
  GROUP BY start, grp
), sums AS (
  SELECT 0 AS total, * FROM point_sums
  UNION ALL
  SELECT 1, NULL, NULL, sum(requests), sum(errors), sum(prompt_tokens),
    sum(completion_tokens), sum(cached_tokens), sum(cost_usd) FROM point_sums
), point_bins AS (
  SELECT metric, start, grp, bin, sum(n) AS n FROM (
    SELECT * FROM (
      SELECT 1 AS metric, start, grp, unnest(latency_hist) AS n,
        generate_subscripts(latency_hist, 1) AS bin FROM rollup
      UNION ALL
      SELECT 2, start, grp, unnest(ttft_hist), generate_subscripts(ttft_hist, 1) FROM rollup
    ) h WHERE n > 0
    UNION ALL
    SELECT 1, start, grp, 1, switchboard_usage_bin(latency_ms) FROM raw
    UNION ALL
    SELECT 2, start, grp, 1, switchboard_usage_bin(ttft_ms) FROM raw WHERE ttft_ms IS NOT NULL
  ) b
  GROUP BY metric, start, grp, bin
), hists AS (
  SELECT 0 AS total, metric, start, grp,
    array_agg(bin ORDER BY bin) AS bins, array_agg(n::float8 ORDER BY bin) AS counts
  FROM point_bins GROUP BY metric, start, grp
  UNION ALL
  SELECT 1, metric, NULL, NULL, array_agg(bin ORDER BY bin), array_agg(n::float8 ORDER BY bin)
  FROM (SELECT metric, bin, sum(n) AS n FROM point_bins GROUP BY metric, bin) t
  GROUP BY metric
), pct AS (
  SELECT metric, ${KEY}, p[1] AS p50, p[2] AS p95 FROM (
    SELECT *, switchboard_usage_p50_p95(bins, counts) AS p FROM hists
  ) h
), keyed AS (
  SELECT ${KEY}, start, grp, requests, errors, prompt_tokens, completion_tokens, cached_tokens,
    cost_usd FROM sums
)
SELECT s.total, s.start, s.grp, ${SUMS.map((c) => `coalesce(s.${c}, 0)::float8 AS ${c}`).join(', ')},
  l.p50 AS latency_ms_p50, l.p95 AS latency_ms_p95,
  t.p50 AS ttft_ms_p50, t.p95 AS ttft_ms_p95
FROM keyed s
LEFT JOIN pct l ON ${joinOn('l', 1)}
LEFT JOIN pct t ON ${joinOn('t', 2)}
ORDER BY s.total DESC, s.start, s.grp`;
  return { sql, params: where.params };
}
