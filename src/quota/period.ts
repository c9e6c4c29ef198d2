import { CronExpressionParser } from 'cron-parser';

/** A quota period: from one fire time of its cron (inclusive) to the next (exclusive). */
export interface Period {
  readonly start: Date;
  readonly end: Date;
}

/** The last period computed per cron and time zone: the hot path asks for the same one again. */
const lastPeriod = new Map<string, Period>();
const CACHE_LIMIT = 1000;

/** Whether `tz` is a time zone this runtime knows (IANA name such as `Europe/Berlin`, or `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The period of `cron` (5 fields, or 6 with seconds first) read in time zone `tz` that contains
 * `at`: [last fire time ≤ at, next fire time > at). At exactly a fire time a new period starts.
 * Throws with a message naming the cron (or the time zone) when it cannot be used.
 */
export function periodOf(cron: string, at: Date, tz: string): Period {
  const key = `${tz}\u0000${cron}`;
  const cached = lastPeriod.get(key);
  const t = at.getTime();
  if (cached && cached.start.getTime() <= t && t < cached.end.getTime()) return cached;

  if (!isValidTimeZone(tz)) throw new Error(`Unknown time zone '${tz}' (expected e.g. UTC).`);
  if (!Number.isFinite(t)) throw new Error('periodOf: invalid date');
  let period: Period;
  try {
    // prev() is strictly before the current date: start 1 ms after `at` so that a fire time
    // equal to `at` starts the period; next() is strictly after `at`.
    const before = CronExpressionParser.parse(cron, { currentDate: new Date(t + 1), tz });
    const after = CronExpressionParser.parse(cron, { currentDate: new Date(t), tz });
    period = { start: before.prev().toDate(), end: after.next().toDate() };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Invalid period cron '${cron}': ${reason}`);
  }
  if (lastPeriod.size >= CACHE_LIMIT) lastPeriod.clear();
  lastPeriod.set(key, period);
  return period;
}

/** Why `cron` cannot define periods (null when it can): for configuration validation. */
export function cronError(cron: string): string | null {
  try {
    periodOf(cron, new Date(), 'UTC');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The period just before `period` (same cron and time zone). */
export function previousPeriod(cron: string, period: Period, tz: string): Period {
  return periodOf(cron, new Date(period.start.getTime() - 1), tz);
}
