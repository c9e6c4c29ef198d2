import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';
import {
  filterParams,
  nameParam,
  parseParams,
  resolveFilters,
  rowIdParam,
  type UsageFilters,
} from './query-params';

/**
 * The contract of `GET /usage`: its query parameters (parsed and checked here, so the
 * repository gets only typed values), the pagination cursor and the response shape.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The most groups one answer holds; more is a 400 (narrow the range or the grouping). */
export const MAX_GROUPS = 5000;

export const GROUP_BY_FIELDS = ['day', 'hour', 'model', 'provider', 'key'] as const;
export type GroupByField = (typeof GROUP_BY_FIELDS)[number];

/** Where the previous page ended: the last row's (created_at, id). */
export interface UsageCursor {
  createdAt: Date;
  id: string;
}

export interface UsageQuery extends UsageFilters {
  /** Only the row(s) of this request id. */
  requestId?: string;
  /** Only rows with a greater id (newer rows: the live tail). */
  afterId?: string;
  limit: number;
  cursor?: UsageCursor;
  groupBy: GroupByField[];
}

/** A usage query as the repository runs it: the caller's scope (`keyId`) applied. */
export type ScopedUsageQuery = UsageQuery;

const groupBy = z
  .string()
  .transform((s) => s.split(',').map((f) => f.trim()))
  .pipe(
    z
      .array(z.enum(GROUP_BY_FIELDS))
      .refine((fields) => new Set(fields).size === fields.length, 'a field is repeated')
      .refine(
        (fields) => !(fields.includes('day') && fields.includes('hour')),
        'day and hour cannot be combined',
      ),
  );

export const usageQuerySchema = z
  .object({
    ...filterParams,
    request_id: nameParam.optional(),
    after_id: rowIdParam.optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_LIMIT))
      .optional(),
    cursor: z.string().min(1).max(200).optional(),
    group_by: groupBy.optional(),
  })
  .strict();

/** Parse the query string of `GET /usage`; bad parameters become a 400 naming the parameter. */
export function parseUsageQuery(raw: unknown, now: Date): UsageQuery {
  const q = parseParams(usageQuerySchema, raw);
  return {
    ...resolveFilters(q, now),
    requestId: q.request_id,
    afterId: q.after_id,
    limit: q.limit ?? DEFAULT_LIMIT,
    cursor: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
    groupBy: q.group_by ?? [],
  };
}

/** The 400 for a grouping with more than MAX_GROUPS groups. */
export function tooManyGroups(): InvalidRequestError {
  return new InvalidRequestError(
    `Invalid 'group_by': more than ${MAX_GROUPS} groups match; narrow 'from'/'to', filter by ` +
      'model, provider or key, or group by fewer fields.',
    'group_by',
  );
}

const MAX_BIGINT = 2n ** 63n - 1n;

/** An opaque cursor: base64url of `<created_at ms>.<id>`. */
export function encodeCursor(cursor: UsageCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): UsageCursor {
  const match = /^(\d{1,15})\.(\d{1,19})$/.exec(Buffer.from(value, 'base64url').toString());
  if (!match || !/^[A-Za-z0-9_-]+$/.test(value) || BigInt(match[2]) > MAX_BIGINT) {
    throw new InvalidRequestError(
      "Invalid 'cursor': pass the next_cursor of a previous response as it is.",
      'cursor',
    );
  }
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

const count = z.number().int().nonnegative();

/** What totals and groups add up. */
const aggregates = {
  requests: count,
  prompt_tokens: count,
  completion_tokens: count,
  cached_tokens: count,
  cost_usd: z.number().describe('USD'),
};

export const usageRowSchema = z.object({
  id: z.string().describe('The row id (a bigint, as text): `after_id` of the live tail'),
  request_id: z.string(),
  created_at: z.string().describe('ISO 8601, UTC'),
  key_name: z.string().nullable(),
  model: z.string().describe('The logical model the client asked for'),
  provider: z.string().nullable().describe('The provider that answered (null: none did)'),
  upstream_model: z.string().nullable(),
  endpoint: z.string(),
  stream: z.boolean(),
  status: count.describe('The HTTP status the client got'),
  error_code: z.string().nullable(),
  prompt_tokens: count,
  completion_tokens: count,
  cached_tokens: count,
  cost_usd: z.number().describe('USD, from the serving target’s price'),
  latency_ms: count,
  ttft_ms: count.nullable().describe('Time to the first token (streams)'),
  attempts: count,
  stream_cut: z.boolean(),
});

export const usageTotalsSchema = z.object(aggregates);

export const usageGroupSchema = z.object({
  day: z.string().optional().describe('Start of the UTC day, ISO 8601'),
  hour: z.string().optional().describe('Start of the UTC hour, ISO 8601'),
  model: z.string().optional(),
  provider: z.string().nullable().optional(),
  key: z.string().nullable().optional().describe('The key name'),
  ...aggregates,
});

export const usageResponseSchema = z.object({
  data: z.array(usageRowSchema).describe('Newest first'),
  next_cursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` (same filters) for the next page; null on the last page'),
  totals: usageTotalsSchema.describe('Over every row matching the filters, not just this page'),
  groups: z
    .array(usageGroupSchema)
    .optional()
    .describe('With group_by only: aggregates over every matching row'),
});

export type UsageRowView = z.infer<typeof usageRowSchema>;
export type UsageTotals = z.infer<typeof usageTotalsSchema>;
export type UsageGroup = z.infer<typeof usageGroupSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
