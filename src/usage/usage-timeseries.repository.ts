import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import type {
  Bucket,
  SeriesGroupBy,
  TimeseriesPoint,
  TimeseriesQuery,
  TimeseriesTotals,
} from './usage-timeseries';
import { filterWhere } from './usage-where';

/** The SQL of each bucket's start (fixed text): UTC-aligned whatever the session's time zone. */
const BUCKET_START: Record<Bucket, string> = {
  minute: `date_trunc('minute', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  hour: `date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  day: `date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
};

const GROUP_COLUMN: Record<SeriesGroupBy, string> = {
  model: 'model',
  provider: 'provider',
  key: 'key_name',
};

/** Sums come back as bigint / numeric text; float8 is exact for any realistic count. */
const AGGREGATES = `count(*)::float8 AS requests,
  count(*) FILTER (WHERE status >= 400)::float8 AS errors,
  coalesce(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
  coalesce(sum(completion_tokens), 0)::float8 AS completion_tokens,
  coalesce(sum(cached_tokens), 0)::float8 AS cached_tokens,
  coalesce(sum(cost_usd), 0)::float8 AS cost_usd,
  percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY latency_ms) AS latency,
  percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY ttft_ms) AS ttft`;

interface AggregateRecord {
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  latency: (number | null)[] | null;
  ttft: (number | null)[] | null;
}

interface PointRecord extends AggregateRecord {
  start: Date;
  grp: string | null;
}

/** What every point and the totals share: the sums and the percentiles. */
function common(row: AggregateRecord) {
  const { latency, ttft, ...sums } = row;
  return {
    ...sums,
    latency_ms_p50: latency?.[0] ?? null,
    latency_ms_p95: latency?.[1] ?? null,
    ttft_ms_p50: ttft?.[0] ?? null,
    ttft_ms_p95: ttft?.[1] ?? null,
  };
}

/** Reads of usage_records for `GET /usage/timeseries`: every aggregate computed in Postgres. */
@Injectable()
export class UsageTimeseriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Totals and series in one repeatable-read snapshot, so that they agree. */
  async timeseries(
    query: TimeseriesQuery,
  ): Promise<{ totals: TimeseriesTotals; series: TimeseriesPoint[] }> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const totals = await this.totals(client, query);
      const series = await this.series(client, query);
      await client.query('COMMIT');
      return { totals, series };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async totals(client: PoolClient, query: TimeseriesQuery): Promise<TimeseriesTotals> {
    const where = filterWhere(query);
    const result = await client.query<AggregateRecord>(
      `SELECT ${AGGREGATES} FROM usage_records WHERE ${where.sql}`,
      where.params,
    );
    const row = common(result.rows[0]);
    return { ...row, error_rate: row.requests > 0 ? row.errors / row.requests : 0 };
  }

  private async series(client: PoolClient, query: TimeseriesQuery): Promise<TimeseriesPoint[]> {
    const where = filterWhere(query);
    const group = query.groupBy === null ? 'NULL::text' : GROUP_COLUMN[query.groupBy];
    const result = await client.query<PointRecord>(
      `SELECT ${BUCKET_START[query.bucket]} AS start, ${group} AS grp, ${AGGREGATES}
       FROM usage_records WHERE ${where.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
      where.params,
    );
    return result.rows.map(({ start, grp, ...row }) => ({
      start: start.toISOString(),
      group: grp,
      ...common(row),
    }));
  }
}
