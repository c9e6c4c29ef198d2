import { cronError, isValidTimeZone, periodOf, previousPeriod } from './period';

const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];
const d = (s: string) => new Date(s);

describe('periodOf', () => {
  it('daily: from midnight to the next midnight', () => {
    expect(iso(periodOf('0 0 * * *', d('2026-03-10T13:45:12.345Z'), 'UTC'))).toEqual([
      '2026-03-10T00:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
    ]);
  });

  it('at exactly a fire time, the new period starts there', () => {
    expect(iso(periodOf('0 0 * * *', d('2026-03-11T00:00:00.000Z'), 'UTC'))).toEqual([
      '2026-03-11T00:00:00.000Z',
      '2026-03-12T00:00:00.000Z',
    ]);
    // One millisecond earlier is still the previous day.
    expect(iso(periodOf('0 0 * * *', d('2026-03-10T23:59:59.999Z'), 'UTC'))).toEqual([
      '2026-03-10T00:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
    ]);
  });

  it('monthly: calendar months of different lengths', () => {
    expect(iso(periodOf('0 0 1 * *', d('2026-02-14T08:00:00Z'), 'UTC'))).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
    expect(iso(periodOf('0 0 1 * *', d('2026-03-01T00:00:00Z'), 'UTC'))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
    expect(iso(periodOf('0 0 1 * *', d('2026-12-31T23:59:59Z'), 'UTC'))).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('6 fields: every 10 seconds, with the boundaries', () => {
    const cron = '*/10 * * * * *';
    expect(iso(periodOf(cron, d('2026-01-01T00:00:05.500Z'), 'UTC'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:10.000Z',
    ]);
    expect(iso(periodOf(cron, d('2026-01-01T00:00:09.999Z'), 'UTC'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:10.000Z',
    ]);
    expect(iso(periodOf(cron, d('2026-01-01T00:00:10.000Z'), 'UTC'))).toEqual([
      '2026-01-01T00:00:10.000Z',
      '2026-01-01T00:00:20.000Z',
    ]);
  });

  it('hourly at minute 30', () => {
    expect(iso(periodOf('30 * * * *', d('2026-06-01T10:29:59Z'), 'UTC'))).toEqual([
      '2026-06-01T09:30:00.000Z',
      '2026-06-01T10:30:00.000Z',
    ]);
  });

  it('reads the cron in the given time zone (Berlin midnight is 23:00Z in winter)', () => {
    expect(iso(periodOf('0 0 * * *', d('2026-01-15T22:59:59Z'), 'Europe/Berlin'))).toEqual([
      '2026-01-14T23:00:00.000Z',
      '2026-01-15T23:00:00.000Z',
    ]);
    expect(iso(periodOf('0 0 * * *', d('2026-01-15T23:00:00Z'), 'Europe/Berlin'))).toEqual([
      '2026-01-15T23:00:00.000Z',
      '2026-01-16T23:00:00.000Z',
    ]);
    // Summer time: 22:00Z; the day of the switch is 23 hours long.
    expect(iso(periodOf('0 0 * * *', d('2026-03-29T12:00:00Z'), 'Europe/Berlin'))).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });

  it('gives the same answer from the cache and from a fresh computation', () => {
    const a = periodOf('0 0 * * *', d('2026-05-05T05:00:00Z'), 'UTC');
    const b = periodOf('0 0 * * *', d('2026-05-05T06:00:00Z'), 'UTC');
    expect(b).toBe(a);
    const next = periodOf('0 0 * * *', d('2026-05-06T00:00:00Z'), 'UTC');
    expect(next.start).toEqual(a.end);
  });

  it('previousPeriod is the period just before', () => {
    const current = periodOf('0 0 1 * *', d('2026-03-10T00:00:00Z'), 'UTC');
    expect(iso(previousPeriod('0 0 1 * *', current, 'UTC'))).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });

  it('rejects an invalid cron with a message naming it', () => {
    expect(() => periodOf('not a cron at all', new Date(), 'UTC')).toThrow(
      /Invalid period cron 'not a cron at all'/,
    );
    expect(() => periodOf('99 0 * * *', new Date(), 'UTC')).toThrow(/Invalid period cron/);
    expect(cronError('99 0 * * *')).toMatch(/Invalid period cron '99 0 \* \* \*'/);
    expect(cronError('*/10 * * * * *')).toBeNull();
  });

  it('rejects an unknown time zone', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => periodOf('0 0 * * *', new Date(), 'Mars/Olympus')).toThrow(
      /Unknown time zone 'Mars\/Olympus'/,
    );
  });
});
