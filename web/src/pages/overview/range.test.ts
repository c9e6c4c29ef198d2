import { describe, expect, it } from 'vitest';
import { resolveRange, toLocalInput } from './range';

const now = new Date('2026-03-10T12:34:56.000Z');
const noCustom = { from: '', to: '' };

describe('resolveRange', () => {
  it.each([
    ['1h', '2026-03-10T11:34:56.000Z', 'minute'],
    ['24h', '2026-03-09T12:34:56.000Z', 'hour'],
    ['7d', '2026-03-03T12:34:56.000Z', 'hour'],
    ['30d', '2026-02-08T12:34:56.000Z', 'day'],
  ] as const)('%s ends now and starts that long before', (preset, from, bucket) => {
    const result = resolveRange(preset, noCustom, now);
    expect(result.error).toBeUndefined();
    expect(result).toEqual({
      range: { from, to: '2026-03-10T12:34:56.000Z', endsNow: true, bucket },
    });
  });

  it('a custom range is read in local time and lets the gateway choose the bucket', () => {
    const from = new Date(2026, 2, 1, 8, 0);
    const to = new Date(2026, 2, 2, 8, 0);
    const result = resolveRange('custom', { from: toLocalInput(from), to: toLocalInput(to) }, now);
    expect(result).toEqual({
      range: { from: from.toISOString(), to: to.toISOString(), endsNow: false },
    });
  });

  it('a custom range that reaches past now counts as ending now', () => {
    const result = resolveRange(
      'custom',
      { from: '2026-03-10T00:00', to: toLocalInput(new Date(now.getTime() + 86_400_000)) },
      now,
    );
    expect(result.error === undefined && result.range.endsNow).toBe(true);
  });

  it.each([
    [{ from: '', to: '2026-03-10T10:00' }, 'Choose both'],
    [{ from: '2026-03-10T10:00', to: '' }, 'Choose both'],
    [{ from: 'soon', to: '2026-03-10T10:00' }, 'From is not a valid'],
    [{ from: '2026-03-10T10:00', to: '2026-03-10T10:00' }, 'From must be before To'],
    [{ from: '2026-03-10T11:00', to: '2026-03-10T10:00' }, 'From must be before To'],
  ])('refuses a custom range %j', (custom, message) => {
    const result = resolveRange('custom', custom, now);
    expect(result.error).toContain(message);
  });
});

describe('toLocalInput', () => {
  it('formats a date for datetime-local in the local zone', () => {
    expect(toLocalInput(new Date(2026, 0, 5, 7, 3, 59))).toBe('2026-01-05T07:03');
  });
});
