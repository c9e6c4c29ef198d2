import { InvalidRequestError } from '../common/errors/gateway-error';
import { planTimeseries } from './timeseries-plan';
import { bucketCount, parseTimeseriesQuery } from './usage-timeseries';

const NOW = new Date('2025-03-01T12:00:00.000Z');

function rejection(raw: Record<string, unknown>): { message: string; param: string | null } {
  try {
    parseTimeseriesQuery(raw, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    const e = err as InvalidRequestError;
    return { message: e.message, param: e.param };
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseTimeseriesQuery', () => {
  it('defaults to the last 24 h by hour, ungrouped, no filters', () => {
    expect(parseTimeseriesQuery({}, NOW)).toEqual({
      from: new Date('2025-02-28T12:00:00.000Z'),
      to: NOW,
      bucket: 'hour',
      groupBy: null,
    });
  });

  it('reads every parameter', () => {
    expect(
      parseTimeseriesQuery(
        {
          from: '2025-02-01',
          to: '2025-03-01T00:00:00Z',
          bucket: 'day',
          group_by: 'key',
          model: 'gpt-4o',
          provider: 'openai',
          key: 'web',
          status: '5xx',
          stream: 'false',
        },
        NOW,
      ),
    ).toEqual({
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2025-03-01T00:00:00Z'),
      bucket: 'day',
      groupBy: 'key',
      model: 'gpt-4o',
      provider: 'openai',
      key: 'web',
      status: { kind: 'range', min: 500, max: 599 },
      stream: false,
    });
  });

  it.each([
    ['2025-03-01T09:00:00Z', 'minute'],
    ['2025-03-01T08:59:59Z', 'hour'],
    ['2025-02-26T12:00:00Z', 'hour'],
    ['2025-02-26T11:59:59Z', 'day'],
  ])('chooses the bucket from the range (from %s to now: %s)', (from, bucket) => {
    expect(parseTimeseriesQuery({ from }, NOW).bucket).toBe(bucket);
  });

  it.each([
    [{ bucket: 'week' }, 'bucket', 'expected minute, hour or day'],
    [{ group_by: 'model,key' }, 'group_by', 'expected model, provider or key'],
    [{ stream: 'TRUE' }, 'stream', 'expected true or false'],
    [{ from: '2025-03-01T12:00:00Z' }, 'from', 'must be before'],
    [{ interval: '5m' }, 'interval', 'Unknown query parameter'],
    [{ from: '2025-02-27T12:00:00Z', bucket: 'minute' }, 'bucket', '2880 minute buckets'],
  ])('rejects %j naming %s', (raw, param, message) => {
    const r = rejection(raw);
    expect(r.param).toBe(param);
    expect(r.message).toContain(message);
  });

  it('takes 2000 buckets, not 2001', () => {
    const to = '2025-03-01T00:00:00Z';
    expect(
      parseTimeseriesQuery({ from: '2025-02-27T14:40:00Z', to, bucket: 'minute' }, NOW),
    ).toBeDefined();
    expect(rejection({ from: '2025-02-27T14:39:00Z', to, bucket: 'minute' }).param).toBe('bucket');
  });
});

describe('bucketCount', () => {
  it('counts the UTC buckets a range touches', () => {
    const at = (s: string) => new Date(s);
    expect(bucketCount(at('2025-01-01T00:00:00Z'), at('2025-01-02T00:00:00Z'), 'day')).toBe(1);
    expect(bucketCount(at('2025-01-01T23:00:00Z'), at('2025-01-02T00:00:01Z'), 'day')).toBe(2);
    expect(bucketCount(at('2025-01-01T00:30:00Z'), at('2025-01-01T01:30:00Z'), 'hour')).toBe(2);
  });
});

describe('planTimeseries', () => {
  const at = (s: string) => new Date(s);
  const spans = (list: { from: Date; to: Date }[]) =>
    list.map((s) => `${s.from.toISOString()}..${s.to.toISOString()}`);

  it('reads whole days from the daily rollups, whole hours from the hourly, the rest from rows', () => {
    const plan = planTimeseries(at('2025-01-01T00:30:00Z'), at('2025-01-04T12:15:00Z'), 'day');
    expect(spans(plan.days)).toEqual(['2025-01-02T00:00:00.000Z..2025-01-04T00:00:00.000Z']);
    expect(spans(plan.hours)).toEqual([
      '2025-01-01T01:00:00.000Z..2025-01-02T00:00:00.000Z',
      '2025-01-04T00:00:00.000Z..2025-01-04T12:00:00.000Z',
    ]);
    expect(spans(plan.rows)).toEqual([
      '2025-01-01T00:30:00.000Z..2025-01-01T01:00:00.000Z',
      '2025-01-04T12:00:00.000Z..2025-01-04T12:15:00.000Z',
    ]);
  });

  it('uses no daily rollup for hour buckets, and only rows for minutes or short ranges', () => {
    const hours = planTimeseries(at('2025-01-01T00:00:00Z'), at('2025-01-03T00:00:00Z'), 'hour');
    expect(hours.days).toEqual([]);
    expect(spans(hours.hours)).toEqual(['2025-01-01T00:00:00.000Z..2025-01-03T00:00:00.000Z']);
    expect(hours.rows).toEqual([]);
    const minutes = planTimeseries(
      at('2025-01-01T00:00:00Z'),
      at('2025-01-01T02:00:00Z'),
      'minute',
    );
    expect(minutes).toEqual({
      days: [],
      hours: [],
      rows: [{ from: at('2025-01-01T00:00:00Z'), to: at('2025-01-01T02:00:00Z') }],
    });
    const short = planTimeseries(at('2025-01-01T00:10:00Z'), at('2025-01-01T00:50:00Z'), 'day');
    expect(short.days).toEqual([]);
    expect(short.hours).toEqual([]);
    expect(spans(short.rows)).toEqual(['2025-01-01T00:10:00.000Z..2025-01-01T00:50:00.000Z']);
  });
});
