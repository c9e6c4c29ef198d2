import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, HttpResult, readResult, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';
import type { UsageResponse } from '../../src/usage/usage-query';
import type { TimeseriesPoint, TimeseriesResponse } from '../../src/usage/usage-timeseries';

/** A usage row to insert: what the timeseries reads, the rest defaulted. */
interface Seed {
  at: string;
  model?: string;
  provider?: string | null;
  key?: string | null;
  status?: number;
  stream?: boolean;
  latency?: number;
  ttft?: number | null;
  prompt?: number;
  completion?: number;
  cached?: number;
  cost?: number;
}

/** Within the 20 % bin of the histograms the percentiles come from. */
function near(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(expected * 0.2 + 1);
}

/**
 * GET /usage/timeseries against rows in Postgres: rows inserted at known times (each part of a
 * range read from a different place: the daily and hourly rollups, the rows at the ends) and
 * rows written by real requests through the gateway.
 */
describe('GET /usage/timeseries', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  const keys = { one: '', two: '' };
  let keyIds: Record<string, string> = {};

  const get = async <T>(path: string, key = gateway.adminKey): Promise<HttpResult<T>> =>
    readResult<T>(await gateway.fetch(path, { headers: { authorization: `Bearer ${key}` } }));
  const series = async (query: string, key?: string): Promise<TimeseriesResponse> => {
    const result = await get<TimeseriesResponse>(`/usage/timeseries?${query}`, key);
    if (result.status !== 200) throw new Error(`${query} → ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const usage = async (query: string, key?: string): Promise<UsageResponse> => {
    const result = await get<UsageResponse>(`/usage?${query}`, key);
    if (result.status !== 200) throw new Error(`${query} → ${JSON.stringify(result.body)}`);
    return result.body;
  };

  async function insert(rows: Seed[]): Promise<void> {
    for (const [i, r] of rows.entries()) {
      const key = r.key === undefined ? 'key-one' : r.key;
      await gateway.db.query(
        `INSERT INTO usage_records (created_at, request_id, key_id, key_name, model, provider,
           endpoint, stream, status, prompt_tokens, completion_tokens, cached_tokens, latency_ms,
           ttft_ms, cost_usd)
         VALUES ($1, $2, $3, $4, $5, $6, '/v1/chat/completions', $7, $8, $9, $10, $11, $12, $13,
           $14)`,
        [
          r.at,
          `seed-${r.at}-${i}`,
          key === null ? null : keyIds[key],
          key,
          r.model ?? 'm-a',
          r.provider === undefined ? 'p-1' : r.provider,
          r.stream ?? false,
          r.status ?? 200,
          r.prompt ?? 10,
          r.completion ?? 5,
          r.cached ?? 0,
          r.latency ?? 100,
          r.ttft ?? null,
          r.cost ?? 0.001,
        ],
      );
    }
  }

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    upstream.behave({ usage: { prompt_tokens: 40, completion_tokens: 8, cached_tokens: 4 } });
    gateway = await startGateway();
    await addProvider(gateway, 'live', upstream, { retries: 0 });
    await addModel(gateway, 'live-model', [
      { provider: 'live', model: 'up', price: { input: 1, output: 2 } },
    ]);
    keys.one = await addKey(gateway, 'key-one');
    keys.two = await addKey(gateway, 'key-two');
    const rows = await gateway.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM api_keys',
    );
    keyIds = Object.fromEntries(rows.map((r) => [r.name, r.id]));

    // 2026-01-01 00:30 → 2026-01-03 12:00 by day reads: the rows for 00:30–01:00 on the 1st,
    // the hourly rollups for the rest of the 1st and the morning of the 3rd, the daily rollup
    // for the 2nd.
    await insert([
      { at: '2026-01-01T00:29:59.999Z', model: 'm-out' }, // before `from`
      { at: '2026-01-01T00:30:00.000Z', latency: 100, prompt: 1, cost: 0.5 },
      { at: '2026-01-01T00:59:00.000Z', model: 'm-b', status: 502, latency: 1000 },
      { at: '2026-01-01T05:00:00.000Z', stream: true, ttft: 50, latency: 200, key: 'key-two' },
      { at: '2026-01-01T23:59:59.000Z', model: 'm-b', provider: null, status: 429, key: null },
      { at: '2026-01-02T00:00:00.000Z', latency: 100 },
      { at: '2026-01-02T11:11:00.000Z', latency: 100, cached: 3 },
      { at: '2026-01-02T23:00:00.000Z', model: 'm-b', stream: true, ttft: 80, latency: 300 },
      { at: '2026-01-03T11:59:59.999Z', latency: 100, completion: 7, key: 'key-two' },
      { at: '2026-01-03T12:00:00.000Z', model: 'm-out' }, // at `to`: excluded
    ]);
    // Twenty rows in one hour for the percentiles: latencies 100, 200, …, 2000.
    await insert(
      Array.from({ length: 20 }, (_, i) => ({
        at: `2026-02-01T10:${String(i).padStart(2, '0')}:00.000Z`,
        model: 'm-p',
        latency: (i + 1) * 100,
        stream: i % 2 === 0,
        ttft: i % 2 === 0 ? (i + 1) * 10 : null,
      })),
    );

    const one = gateway.openai(keys.one);
    const two = gateway.openai(keys.two);
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await one.chat.completions.create({ model: 'live-model', messages });
    await one.chat.completions.create({ model: 'live-model', messages });
    const stream = await two.chat.completions.create({
      model: 'live-model',
      messages,
      stream: true,
    });
    for await (const _chunk of stream) void _chunk;
    await waitForUsageRows(gateway.db, 3, `model = 'live-model'`);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const RANGE = 'from=2026-01-01T00:30:00Z&to=2026-01-03T12:00:00Z';
  const point = (body: TimeseriesResponse, start: string, group: string | null = null) =>
    body.series.find((p) => p.start === start && p.group === group);

  it('sums each UTC day, whichever rollup or rows each part comes from', async () => {
    const body = await series(`${RANGE}&bucket=day`);
    expect(body).toMatchObject({
      from: '2026-01-01T00:30:00.000Z',
      to: '2026-01-03T12:00:00.000Z',
      bucket: 'day',
      group_by: null,
    });
    expect(body.series.map((p) => [p.start, p.group, p.requests, p.errors])).toEqual([
      ['2026-01-01T00:00:00.000Z', null, 4, 2],
      ['2026-01-02T00:00:00.000Z', null, 3, 0],
      ['2026-01-03T00:00:00.000Z', null, 1, 0],
    ]);
    expect(point(body, '2026-01-01T00:00:00.000Z')).toMatchObject({
      prompt_tokens: 31,
      completion_tokens: 20,
      cost_usd: 0.503,
    });
    expect(point(body, '2026-01-02T00:00:00.000Z')).toMatchObject({ cached_tokens: 3 });
    expect(point(body, '2026-01-03T00:00:00.000Z')).toMatchObject({ completion_tokens: 7 });
    expect(body.totals).toMatchObject({
      requests: 8,
      errors: 2,
      error_rate: 0.25,
      prompt_tokens: 71,
      completion_tokens: 42,
      cached_tokens: 3,
    });
    expect(body.totals.cost_usd).toBeCloseTo(0.507, 10);
  });

  it('splits by model, provider or key name (null for none), ordered by start then group', async () => {
    const byModel = await series(`${RANGE}&bucket=day&group_by=model`);
    expect(byModel.group_by).toBe('model');
    expect(byModel.series.map((p) => [p.start.slice(0, 10), p.group, p.requests])).toEqual([
      ['2026-01-01', 'm-a', 2],
      ['2026-01-01', 'm-b', 2],
      ['2026-01-02', 'm-a', 2],
      ['2026-01-02', 'm-b', 1],
      ['2026-01-03', 'm-a', 1],
    ]);
    const byProvider = await series(`${RANGE}&bucket=day&group_by=provider`);
    expect(point(byProvider, '2026-01-01T00:00:00.000Z', null)?.requests).toBe(1);
    expect(point(byProvider, '2026-01-01T00:00:00.000Z', 'p-1')?.requests).toBe(3);
    const byKey = await series(`${RANGE}&bucket=day&group_by=key`);
    expect(byKey.series.map((p) => [p.start.slice(0, 10), p.group, p.requests])).toEqual([
      ['2026-01-01', 'key-one', 2],
      ['2026-01-01', 'key-two', 1],
      ['2026-01-01', null, 1],
      ['2026-01-02', 'key-one', 3],
      ['2026-01-03', 'key-two', 1],
    ]);
  });

  it('buckets by hour and by minute, only where there are rows', async () => {
    const hours = await series(`${RANGE}&bucket=hour`);
    expect(hours.series.map((p) => [p.start, p.requests])).toEqual([
      ['2026-01-01T00:00:00.000Z', 2],
      ['2026-01-01T05:00:00.000Z', 1],
      ['2026-01-01T23:00:00.000Z', 1],
      ['2026-01-02T00:00:00.000Z', 1],
      ['2026-01-02T11:00:00.000Z', 1],
      ['2026-01-02T23:00:00.000Z', 1],
      ['2026-01-03T11:00:00.000Z', 1],
    ]);
    const minutes = await series('from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z&bucket=minute');
    expect(minutes.series.map((p) => [p.start, p.requests])).toEqual([
      ['2026-01-01T00:29:00.000Z', 1],
      ['2026-01-01T00:30:00.000Z', 1],
      ['2026-01-01T00:59:00.000Z', 1],
    ]);
  });

  it('filters by model, provider, key, status and stream', async () => {
    const pick = async (filter: string) => (await series(`${RANGE}&bucket=day&${filter}`)).totals;
    expect((await pick('model=m-b')).requests).toBe(3);
    expect((await pick('provider=p-1')).requests).toBe(7);
    expect((await pick('key=key-two')).requests).toBe(2);
    expect((await pick('status=error')).requests).toBe(2);
    expect((await pick('status=502')).requests).toBe(1);
    expect((await pick('status=2xx')).requests).toBe(6);
    expect((await pick('stream=true')).requests).toBe(2);
    expect((await pick('stream=false&model=m-a')).requests).toBe(4);
  });

  it('gives latency and TTFT percentiles per point and in the totals', async () => {
    const body = await series('from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z&bucket=hour');
    expect(body.series).toHaveLength(1);
    const [p] = body.series;
    // percentile_cont of 100..2000: p50 1050, p95 1905; TTFT of 10, 30, …, 190: p50 100, p95 181.
    near(p.latency_ms_p50, 1050);
    near(p.latency_ms_p95, 1905);
    near(p.ttft_ms_p50, 100);
    near(p.ttft_ms_p95, 181);
    expect(body.totals.latency_ms_p50).toBe(p.latency_ms_p50);
    expect(body.totals.ttft_ms_p95).toBe(p.ttft_ms_p95);
    // Over the rows themselves (minute buckets) and over the rollups (day): the same figures.
    const minutes = await series(
      'from=2026-02-01T10:00:00Z&to=2026-02-01T11:00:00Z&bucket=minute&model=m-p',
    );
    expect(minutes.totals.latency_ms_p50).toBe(p.latency_ms_p50);
    const days = await series('from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z&bucket=day');
    expect(days.totals.latency_ms_p95).toBe(p.latency_ms_p95);
    // No stream row: no TTFT.
    const plain = await series(`${RANGE}&bucket=day&stream=false`);
    expect(plain.totals.ttft_ms_p50).toBeNull();
    expect(plain.series.every((s: TimeseriesPoint) => s.ttft_ms_p95 === null)).toBe(true);
    expect(plain.totals.latency_ms_p50).not.toBeNull();
  });

  it('has the totals of GET /usage for the same range and filters', async () => {
    const now = new Date();
    const ranges = [
      RANGE,
      'from=2025-12-31T00:00:00Z&to=2026-03-01T00:00:00Z',
      `from=${encodeURIComponent(new Date(now.getTime() - 3_600_000).toISOString())}`,
      '', // the default: the last 24 h, with the requests made through the gateway
    ];
    const filters = [
      '',
      'model=m-a',
      'status=error',
      'stream=true',
      'key=key-one',
      'provider=live',
    ];
    for (const range of ranges) {
      for (const filter of filters) {
        const query = [range, filter].filter(Boolean).join('&');
        const [ts, list] = await Promise.all([series(query), usage(`${query}&limit=1`)]);
        const { requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd } = ts.totals;
        expect({
          query,
          requests,
          prompt_tokens,
          completion_tokens,
          cached_tokens,
          cost_usd,
        }).toEqual({ query, ...list.totals });
      }
    }
    const live = await series('model=live-model');
    expect(live.bucket).toBe('hour');
    expect(live.totals).toMatchObject({ requests: 3, prompt_tokens: 120, completion_tokens: 24 });
  });

  it('chooses the bucket from the range when none is given', async () => {
    const bucket = async (from: string, to: string) =>
      (await series(`from=${from}&to=${to}`)).bucket;
    expect(await bucket('2026-01-01T00:00:00Z', '2026-01-01T03:00:00Z')).toBe('minute');
    expect(await bucket('2026-01-01T00:00:00Z', '2026-01-01T03:00:01Z')).toBe('hour');
    expect(await bucket('2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z')).toBe('hour');
    expect(await bucket('2026-01-01T00:00:00Z', '2026-01-04T00:00:01Z')).toBe('day');
  });

  it('shows a user key only its own rows; another key is a 403', async () => {
    const own = await series(`${RANGE}&bucket=day`, keys.two);
    expect(own.totals.requests).toBe(2);
    expect(own.series.map((p) => p.start.slice(0, 10))).toEqual(['2026-01-01', '2026-01-03']);
    const grouped = await series(`${RANGE}&bucket=day&group_by=key`, keys.two);
    expect(new Set(grouped.series.map((p) => p.group))).toEqual(new Set(['key-two']));
    expect((await series(`${RANGE}&key=key-two`, keys.two)).totals.requests).toBe(2);
    const other = await get<{ error: { code: string } }>(
      `/usage/timeseries?${RANGE}&key=key-one`,
      keys.two,
    );
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('usage_key_forbidden');
    expect((await get('/usage/timeseries')).status).toBe(200);
    expect((await get('/usage/timeseries', 'sb-not-a-key')).status).toBe(401);
  });

  it.each([
    ['bucket=week', 'bucket'],
    ['group_by=status', 'group_by'],
    ['group_by=model,key', 'group_by'],
    ['stream=yes', 'stream'],
    ['status=abc', 'status'],
    ['from=yesterday', 'from'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
    ['from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z&bucket=minute', 'bucket'],
    ['from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=day', 'bucket'],
    ['limit=5', 'limit'],
  ])('answers %s with a 400 naming %s', async (query, param) => {
    const result = await get<{ error: { param: string; message: string } }>(
      `/usage/timeseries?${query}`,
    );
    expect(result.status).toBe(400);
    expect(result.body.error.param).toBe(param);
    expect(result.body.error.message).toContain(`'${param}'`);
  });

  it('keeps the rollups equal to the rows when rows are deleted (retention)', async () => {
    await gateway.db.query(`DELETE FROM usage_records WHERE created_at < '2026-01-02T12:00:00Z'`);
    const body = await series(`${RANGE}&bucket=day`);
    expect(body.series.map((p) => [p.start.slice(0, 10), p.requests])).toEqual([
      ['2026-01-02', 1],
      ['2026-01-03', 1],
    ]);
    const list = await usage(`${RANGE}&limit=1`);
    expect(body.totals.requests).toBe(list.totals.requests);
    expect(body.totals.cost_usd).toBe(list.totals.cost_usd);
    const [{ count }] = await gateway.db.query<{ count: string }>(
      `SELECT count(*) FROM usage_rollups WHERE start < '2026-01-02T00:00:00Z'`,
    );
    expect(Number(count)).toBe(0);
  });
});
