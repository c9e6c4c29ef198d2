import type { Bucket } from './usage-timeseries';

/**
 * Where each part of a time range is read from: the daily or hourly rollups (usage_rollups)
 * for whole UTC days / hours, the rows themselves (usage_records) for the partial hours at the
 * ends and for minute buckets. Every instant of [from, to) is in exactly one part.
 */
export interface TimeseriesPlan {
  /** Whole UTC days read from the daily rollups (only for day buckets). */
  days: Span[];
  /** Whole UTC hours read from the hourly rollups. */
  hours: Span[];
  /** Read from the rows. */
  rows: Span[];
}

/** [from, to). */
export interface Span {
  from: Date;
  to: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const floorTo = (t: number, size: number) => Math.floor(t / size) * size;
const ceilTo = (t: number, size: number) => Math.ceil(t / size) * size;

function spans(...pairs: [number, number][]): Span[] {
  return pairs
    .filter(([from, to]) => from < to)
    .map(([from, to]) => ({ from: new Date(from), to: new Date(to) }));
}

export function planTimeseries(from: Date, to: Date, bucket: Bucket): TimeseriesPlan {
  const start = from.getTime();
  const end = to.getTime();
  const hourFrom = ceilTo(start, HOUR_MS);
  const hourTo = floorTo(end, HOUR_MS);
  if (bucket === 'minute' || hourFrom >= hourTo) {
    return { days: [], hours: [], rows: spans([start, end]) };
  }
  const rows = spans([start, hourFrom], [hourTo, end]);
  const dayFrom = ceilTo(start, DAY_MS);
  const dayTo = floorTo(end, DAY_MS);
  if (bucket === 'hour' || dayFrom >= dayTo) {
    return { days: [], hours: spans([hourFrom, hourTo]), rows };
  }
  return {
    days: spans([dayFrom, dayTo]),
    hours: spans([hourFrom, dayFrom], [dayTo, hourTo]),
    rows,
  };
}
