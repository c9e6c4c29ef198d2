import type { Bucket, SeriesPoint } from './types';

export const BUCKET_MS: Record<Bucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Series beyond this many are summed into "Other" (the palette has 8 colours). */
export const MAX_GROUPS = 8;
export const OTHER = 'Other';
/** The label of rows without a value for the split (no provider answered, no key). */
export const NONE = '(none)';

/** One chart row: the bucket start (epoch ms) and a value per group. */
export interface PivotRow {
  start: number;
  values: Record<string, number>;
}

/**
 * Every bucket start in [from, to), UTC-aligned as the gateway aligns them, so the x axis is
 * continuous even where no request was made.
 */
export function bucketStarts(from: string, to: string, bucket: Bucket): number[] {
  const size = BUCKET_MS[bucket];
  const end = Date.parse(to);
  const starts: number[] = [];
  for (let t = Math.floor(Date.parse(from) / size) * size; t < end; t += size) starts.push(t);
  return starts;
}

export function groupLabel(group: string | null): string {
  return group ?? NONE;
}

/**
 * The groups to draw, biggest first by `rank` (requests, say); past `max` the rest become
 * "Other". The same list serves every chart so a group keeps its colour.
 */
export function rankGroups(
  series: SeriesPoint[],
  rank: (point: SeriesPoint) => number,
  max = MAX_GROUPS,
): string[] {
  const totals = new Map<string, number>();
  for (const point of series) {
    const label = groupLabel(point.group);
    totals.set(label, (totals.get(label) ?? 0) + rank(point));
  }
  const ordered = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label]) => label);
  return ordered.length <= max ? ordered : [...ordered.slice(0, max - 1), OTHER];
}

/**
 * Pivot the gateway's series (one row per bucket and group, only buckets with rows) into one
 * row per bucket start with a value per group; missing buckets and groups are 0.
 */
export function pivotSeries(
  series: SeriesPoint[],
  starts: number[],
  groups: string[],
  metric: (point: SeriesPoint) => number,
): PivotRow[] {
  const known = new Set(groups);
  const hasOther = known.has(OTHER);
  const rows = new Map<number, PivotRow>();
  for (const start of starts) {
    rows.set(start, { start, values: Object.fromEntries(groups.map((g) => [g, 0])) });
  }
  for (const point of series) {
    const row = rows.get(Date.parse(point.start));
    if (!row) continue;
    let label = groupLabel(point.group);
    if (!known.has(label)) {
      if (!hasOther) continue;
      label = OTHER;
    }
    row.values[label] += metric(point);
  }
  return [...rows.values()];
}
