import type { RangePreset } from '../overview/range';
import { isRangePreset, resolveRange } from '../overview/range';

/** The Logs filters, as kept in the page's URL (so a filtered view can be shared). */
export interface LogFilters {
  key: string;
  model: string;
  provider: string;
  /** '' (any), an HTTP status, a class (2xx, 4xx, 5xx) or 'error'. */
  status: string;
  stream: '' | 'true' | 'false';
  range: RangePreset;
  /** Custom range, as `<input type="datetime-local">` values. */
  from: string;
  to: string;
}

export const DEFAULT_FILTERS: LogFilters = {
  key: '',
  model: '',
  provider: '',
  status: '',
  stream: '',
  range: '24h',
  from: '',
  to: '',
};

const FIELDS = Object.keys(DEFAULT_FILTERS) as (keyof LogFilters)[];

export function filtersFromParams(params: URLSearchParams): LogFilters {
  const stream = params.get('stream');
  const range = params.get('range');
  return {
    key: params.get('key') ?? '',
    model: params.get('model') ?? '',
    provider: params.get('provider') ?? '',
    status: params.get('status') ?? '',
    stream: stream === 'true' || stream === 'false' ? stream : '',
    range: isRangePreset(range) ? range : DEFAULT_FILTERS.range,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

/** The filters as URL parameters: only those that differ from the defaults. */
export function filtersToParams(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filters[field].trim();
    if (value && value !== DEFAULT_FILTERS[field]) params.set(field, value);
  }
  if (filters.range !== 'custom') {
    params.delete('from');
    params.delete('to');
  }
  return params;
}

/** The query parameters of GET /usage for these filters (no paging parameters). */
export interface UsageFilterQuery {
  from: string;
  to?: string;
  key?: string;
  model?: string;
  provider?: string;
  status?: string;
  stream?: 'true' | 'false';
}

export type LogQueryResult =
  { query: UsageFilterQuery; endsNow: boolean; error?: undefined } | { error: string };

/**
 * The GET /usage query for the filters at `now`. A range that ends now has no `to`, so the live
 * tail (after_id) keeps finding the rows that arrive after the page opened.
 */
export function logQuery(filters: LogFilters, now: Date): LogQueryResult {
  const resolved = resolveRange(filters.range, filters, now);
  if (resolved.error !== undefined) return { error: resolved.error };
  const { range } = resolved;
  const query: UsageFilterQuery = { from: range.from };
  if (filters.range === 'custom') query.to = range.to;
  for (const field of ['key', 'model', 'provider', 'status'] as const) {
    const value = filters[field].trim();
    if (value) query[field] = value;
  }
  if (filters.stream) query.stream = filters.stream;
  return { query, endsNow: range.endsNow };
}
