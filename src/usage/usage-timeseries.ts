import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';
import { filterParams, parseParams, resolveFilters, type UsageFilters } from './query-params';

/**
 * The contract of `GET /usage/timeseries`: usage per UTC time bucket (optionally split by
 * model, provider or key) with totals over the whole range. Its query parameters are parsed
 * here, so the repository gets only typed values.
 */

export const BUCKETS = ['minute', 'hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const SERIES_GROUP_BY = ['model', 'provider', 'key'] as const;
export type SeriesGroupBy = (typeof SERIES_GROUP_BY)[number];

/** The most buckets a range may span; more is a 400 naming `bucket`. */
export const MAX_BUCKETS = 2000;

export const BUCKET_MS: Record<Bucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export interface TimeseriesQuery extends UsageFilters {
  bucket: Bucket;
  groupBy: SeriesGroupBy | null;
}

export const timeseriesQuerySchema = z
  .object({
    ...filterParams,
    bucket: z.enum(BUCKETS, 'expected minute, hour or day').optional(),
    group_by: z.enum(SERIES_GROUP_BY, 'expected model, provider or key').optional(),
  })
  .strict();

/** The bucket for a range when none is asked for: ≤ 3 h by minute, ≤ 3 d by hour, else day. */
export function defaultBucket(from: Date, to: Date): Bucket {
  const span = to.getTime() - from.getTime();
  if (span <= 3 * BUCKET_MS.hour) return 'minute';
  if (span <= 3 * BUCKET_MS.day) return 'hour';
  return 'day';
}

/** How many UTC-aligned buckets [from, to) touches. */
export function bucketCount(from: Date, to: Date, bucket: Bucket): number {
  const size = BUCKET_MS[bucket];
  const first = Math.floor(from.getTime() / size);
  const last = Math.floor((to.getTime() - 1) / size);
  return last - first + 1;
}

/** Parse the query string of `GET /usage/timeseries`; a bad parameter is a 400 naming it. */
export function parseTimeseriesQuery(raw: unknown, now: Date): TimeseriesQuery {
  const q = parseParams(timeseriesQuerySchema, raw);
  const filters = resolveFilters(q, now);
  const bucket = q.bucket ?? defaultBucket(filters.from, filters.to);
  const count = bucketCount(filters.from, filters.to, bucket);
  if (count > MAX_BUCKETS) {
    throw new InvalidRequestError(
      `Invalid 'bucket': the range spans ${count} ${bucket} buckets, more than ${MAX_BUCKETS}; ` +
        "use a larger bucket or a shorter range ('from'/'to').",
      'bucket',
    );
  }
  return { ...filters, bucket, groupBy: q.group_by ?? null };
}

const count = z.number().int().nonnegative();
const percentile = (what: string) =>
  z
    .number()
    .nullable()
    .describe(
      `${what} in ms; null when no row has a value. Approximate: read from log-scale ` +
        'histograms (bins 20 % wide, interpolated within the bin), as whole hours and days ' +
        'are served from rollups.',
    );

const sums = {
  requests: count,
  errors: count.describe('Rows with status ≥ 400'),
  prompt_tokens: count,
  completion_tokens: count,
  cached_tokens: count,
  cost_usd: z.number().describe('USD'),
};

const percentiles = {
  latency_ms_p50: percentile('Median latency'),
  latency_ms_p95: percentile('95th percentile latency'),
  ttft_ms_p50: percentile('Median time to first token (streams only)'),
  ttft_ms_p95: percentile('95th percentile time to first token (streams only)'),
};

export const timeseriesTotalsSchema = z.object({
  ...sums,
  error_rate: z.number().describe('errors / requests (0 without requests)'),
  ...percentiles,
});

export const timeseriesPointSchema = z.object({
  start: z.string().describe('Start of the UTC bucket, ISO 8601'),
  group: z
    .string()
    .nullable()
    .describe('The model, provider or key name of this series; null ungrouped (or no value)'),
  ...sums,
  ...percentiles,
});

export const timeseriesResponseSchema = z.object({
  from: z.string().describe('ISO 8601, inclusive'),
  to: z.string().describe('ISO 8601, exclusive'),
  bucket: z.enum(BUCKETS),
  group_by: z.enum(SERIES_GROUP_BY).nullable(),
  totals: timeseriesTotalsSchema.describe('Over every row matching the range and filters'),
  series: z
    .array(timeseriesPointSchema)
    .describe('Only buckets with rows; ordered by start, then group'),
});

export type TimeseriesTotals = z.infer<typeof timeseriesTotalsSchema>;
export type TimeseriesPoint = z.infer<typeof timeseriesPointSchema>;
export type TimeseriesResponse = z.infer<typeof timeseriesResponseSchema>;
