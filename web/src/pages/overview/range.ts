import type { Bucket } from './types';

/** The time ranges both Overview and Logs offer. */
export type RangePreset = '1h' | '24h' | '7d' | '30d' | 'custom';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom' },
];

/** Length and chart bucket of each preset (custom ranges let the gateway pick the bucket). */
const PRESET: Record<Exclude<RangePreset, 'custom'>, { ms: number; bucket: Bucket }> = {
  '1h': { ms: HOUR, bucket: 'minute' },
  '24h': { ms: DAY, bucket: 'hour' },
  '7d': { ms: 7 * DAY, bucket: 'hour' },
  '30d': { ms: 30 * DAY, bucket: 'day' },
};

export function isRangePreset(value: string | null): value is RangePreset {
  return RANGE_PRESETS.some((p) => p.value === value);
}

/** A custom range as typed into `<input type="datetime-local">` (local time, no zone). */
export interface CustomRange {
  from: string;
  to: string;
}

export interface ResolvedRange {
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
  /** The range ends at the present moment: the page refreshes and tails by itself. */
  endsNow: boolean;
  /** The chart bucket to ask for; undefined lets the gateway choose from the range's length. */
  bucket?: Bucket;
}

export type RangeResult = { range: ResolvedRange; error?: undefined } | { error: string };

/** The from/to of a preset at `now`, or of a custom range (checked: both set, from before to). */
export function resolveRange(preset: RangePreset, custom: CustomRange, now: Date): RangeResult {
  if (preset !== 'custom') {
    const { ms, bucket } = PRESET[preset];
    return {
      range: {
        from: new Date(now.getTime() - ms).toISOString(),
        to: now.toISOString(),
        endsNow: true,
        bucket,
      },
    };
  }
  if (!custom.from || !custom.to) return { error: 'Choose both a start (From) and an end (To).' };
  const from = new Date(custom.from);
  const to = new Date(custom.to);
  if (Number.isNaN(from.getTime())) return { error: 'From is not a valid date and time.' };
  if (Number.isNaN(to.getTime())) return { error: 'To is not a valid date and time.' };
  if (from >= to) return { error: 'From must be before To.' };
  return {
    range: {
      from: from.toISOString(),
      to: to.toISOString(),
      endsNow: to.getTime() >= now.getTime(),
    },
  };
}

/** A Date as the value of `<input type="datetime-local">` in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
