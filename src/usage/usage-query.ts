import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';

/**
 * The contract of `GET /usage`: its query parameters (parsed and checked here, so the
 * repository gets only typed values), the pagination cursor and the response shape.
 */

export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The most groups one answer holds; more is a 400 (narrow the range or the grouping). */
export const MAX_GROUPS = 5000;

export const GROUP_BY_FIELDS = ['day', 'hour', 'model', 'provider', 'key'] as const;
export type GroupByField = (typeof GROUP_BY_FIELDS)[number];

/** `200` (exact), `4xx` (a class) or `error` (any status ≥ 400). */
export type StatusFilter =
  { kind: 'exact'; status: number } | { kind: 'range'; min: number; max: number };

/** Where the previous page ended: the last row's (created_at, id). */
export interface UsageCursor {
  createdAt: Date;
  id: string;
}

export interface UsageQuery {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  model?: string;
  provider?: string;
  /** A key name. */
  key?: string;
  status?: StatusFilter;
  limit: number;
  cursor?: UsageCursor;
  groupBy: GroupByField[];
}

/** A usage query as the repository runs it: the caller's scope applied. */
export interface ScopedUsageQuery extends UsageQuery {
  /** Only this key's rows (a user key's own scope), by key id. */
  keyId?: string;
}

/**
 * An ISO 8601 timestamp with a time zone (`Z` or an offset), or a date (UTC midnight). A `+` of
 * an unencoded offset arrives as a space (form encoding); it is read back as `+`.
 */
const timestamp = z
  .string()
  .transform((s) => s.trim().replace(/ (\d{2}(:?\d{2})?)$/, '+$1'))
  .pipe(z.union([z.iso.datetime({ offset: true }), z.iso.date()]))
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), 'not a valid date');

const status = z
  .string()
  .regex(
    /^([1-5]\d{2}|[1-5]xx|error)$/i,
    'expected a status (200), a class (2xx, 4xx, 5xx) or error',
  )
  .transform((s): StatusFilter => {
    const value = s.toLowerCase();
    if (value === 'error') return { kind: 'range', min: 400, max: 599 };
    if (value.endsWith('xx')) {
      const min = Number(value[0]) * 100;
      return { kind: 'range', min, max: min + 99 };
    }
    return { kind: 'exact', status: Number(value) };
  });

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

const name = z.string().min(1).max(200);

export const usageQuerySchema = z
  .object({
    from: timestamp.optional(),
    to: timestamp.optional(),
    model: name.optional(),
    provider: name.optional(),
    key: name.optional(),
    status: status.optional(),
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
  const result = usageQuerySchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((k) => `'${k}'`).join(', ');
      throw new InvalidRequestError(`Unknown query parameter(s): ${names}.`, issue.keys[0]);
    }
    const param = String(issue.path[0] ?? '');
    throw new InvalidRequestError(`Invalid '${param}': ${issue.message}.`, param || null);
  }
  const q = result.data;
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from >= to) {
    throw new InvalidRequestError("Invalid 'from': must be before 'to'.", 'from');
  }
  return {
    from,
    to,
    model: q.model,
    provider: q.provider,
    key: q.key,
    status: q.status,
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
