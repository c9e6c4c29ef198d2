import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';

/**
 * Query-string parameters shared by the usage endpoints (`GET /usage`, `GET /usage/timeseries`):
 * the time range, the filters, and how a bad parameter becomes a 400 naming it.
 */

export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** `200` (exact), `4xx` (a class) or `error` (any status ≥ 400). */
export type StatusFilter =
  { kind: 'exact'; status: number } | { kind: 'range'; min: number; max: number };

/** The filters both endpoints take, parsed. */
export interface UsageFilters {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  model?: string;
  provider?: string;
  /** A key name. */
  key?: string;
  status?: StatusFilter;
  stream?: boolean;
  /** Only this key's rows (a user key's own scope), by key id; set by the controller. */
  keyId?: string;
}

/**
 * An ISO 8601 timestamp with a time zone (`Z` or an offset), or a date (UTC midnight). A `+` of
 * an unencoded offset arrives as a space (form encoding); it is read back as `+`.
 */
export const timestampParam = z
  .string()
  .transform((s) => s.trim().replace(/ (\d{2}(:?\d{2})?)$/, '+$1'))
  .pipe(z.union([z.iso.datetime({ offset: true }), z.iso.date()]))
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), 'not a valid date');

export const statusParam = z
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

export const nameParam = z.string().min(1).max(200);

export const streamParam = z
  .enum(['true', 'false'], 'expected true or false')
  .transform((s) => s === 'true');

const MAX_BIGINT = 2n ** 63n - 1n;

/** A usage row id (a bigint), kept as its decimal text. */
export const rowIdParam = z
  .string()
  .refine(
    (s) => /^\d{1,19}$/.test(s) && BigInt(s) <= MAX_BIGINT,
    'expected a row id (a whole number)',
  )
  .transform((s) => BigInt(s).toString());

/** The range and filter parameters, as zod shapes to spread into an endpoint's schema. */
export const filterParams = {
  from: timestampParam.optional(),
  to: timestampParam.optional(),
  model: nameParam.optional(),
  provider: nameParam.optional(),
  key: nameParam.optional(),
  status: statusParam.optional(),
  stream: streamParam.optional(),
};

/** Parse a query string with `schema`; the first problem becomes a 400 naming the parameter. */
export function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `'${k}'`).join(', ');
    throw new InvalidRequestError(`Unknown query parameter(s): ${names}.`, issue.keys[0]);
  }
  const param = String(issue.path[0] ?? '');
  throw new InvalidRequestError(`Invalid '${param}': ${issue.message}.`, param || null);
}

/** The range and filters with their defaults: the last 24 h up to `now`. */
export function resolveFilters(
  q: {
    from?: Date;
    to?: Date;
    model?: string;
    provider?: string;
    key?: string;
    status?: StatusFilter;
    stream?: boolean;
  },
  now: Date,
): UsageFilters {
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
    stream: q.stream,
  };
}
