import { describe, expect, it } from 'vitest';
import { point } from './fixtures';
import { bucketStarts, NONE, OTHER, pivotSeries, rankGroups } from './pivot';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('bucketStarts', () => {
  it('lists every UTC-aligned start in [from, to), from the bucket holding `from`', () => {
    expect(bucketStarts('2026-03-10T09:20:00.000Z', '2026-03-10T12:00:00.000Z', 'hour')).toEqual([
      t('2026-03-10T09:00:00.000Z'),
      t('2026-03-10T10:00:00.000Z'),
      t('2026-03-10T11:00:00.000Z'),
    ]);
  });

  it('days start at UTC midnight; minutes are a minute apart', () => {
    const days = bucketStarts('2026-03-01T15:00:00.000Z', '2026-03-04T01:00:00.000Z', 'day');
    expect(days.map((d) => new Date(d).toISOString())).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
    ]);
    const minutes = bucketStarts('2026-03-01T10:00:30.000Z', '2026-03-01T11:00:30.000Z', 'minute');
    expect(minutes).toHaveLength(61);
    expect(minutes[1] - minutes[0]).toBe(60_000);
  });
});

describe('pivotSeries', () => {
  const series = [
    point('2026-03-10T09:00:00.000Z', 'b', { requests: 2 }),
    point('2026-03-10T09:00:00.000Z', 'a', { requests: 5 }),
    point('2026-03-10T11:00:00.000Z', 'a', { requests: 1 }),
    point('2026-03-10T11:00:00.000Z', null, { requests: 4 }),
  ];
  const starts = bucketStarts('2026-03-10T09:00:00.000Z', '2026-03-10T12:00:00.000Z', 'hour');

  it('makes one row per bucket with a value per group, 0 where the gateway listed nothing', () => {
    const groups = rankGroups(series, (p) => p.requests);
    expect(groups).toEqual(['a', NONE, 'b']);
    expect(pivotSeries(series, starts, groups, (p) => p.requests)).toEqual([
      { start: starts[0], values: { a: 5, [NONE]: 0, b: 2 } },
      { start: starts[0] + H, values: { a: 0, [NONE]: 0, b: 0 } },
      { start: starts[0] + 2 * H, values: { a: 1, [NONE]: 4, b: 0 } },
    ]);
  });

  it('sums the groups past the limit into Other', () => {
    const groups = rankGroups(series, (p) => p.requests, 2);
    expect(groups).toEqual(['a', OTHER]);
    const rows = pivotSeries(series, starts, groups, (p) => p.prompt_tokens);
    expect(rows.map((r) => r.values)).toEqual([
      { a: 10, [OTHER]: 10 },
      { a: 0, [OTHER]: 0 },
      { a: 10, [OTHER]: 10 },
    ]);
  });

  it('ignores points outside the range', () => {
    const rows = pivotSeries(
      [point('2026-03-10T08:00:00.000Z', 'a', { requests: 9 })],
      starts,
      ['a'],
      (p) => p.requests,
    );
    expect(rows.every((r) => r.values.a === 0)).toBe(true);
  });
});
