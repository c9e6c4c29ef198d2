import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { Gateway, HttpResult, readResult, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';
import type { UsageResponse } from '../../src/usage/usage-query';
import type { UsageRecordView } from '../../src/usage/usage-record';

const messages = [{ role: 'user' as const, content: 'hello' }];

/** GET /usage's live-tail filters (after_id, stream, request_id) and GET /usage/{id}. */
describe('usage rows: live tail and one request in full', () => {
  let gateway: Gateway;
  let good: FakeOpenAI;
  let broken: FakeOpenAI;
  const keys = { one: '', two: '' };
  /** Request ids: a failover (key one), a stream (key two). */
  const ids = { failover: '', stream: '' };

  const get = async <T>(path: string, key = gateway.adminKey): Promise<HttpResult<T>> =>
    readResult<T>(await gateway.fetch(path, { headers: { authorization: `Bearer ${key}` } }));
  const usage = async (query: string, key?: string): Promise<UsageResponse> => {
    const result = await get<UsageResponse>(`/usage?${query}`, key);
    if (result.status !== 200) throw new Error(`${query} → ${JSON.stringify(result.body)}`);
    return result.body;
  };

  beforeAll(async () => {
    [good, broken] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    good.behave({ usage: { prompt_tokens: 30, completion_tokens: 6, cached_tokens: 0 } });
    broken.behave({ fail: { status: 503 } });
    gateway = await startGateway();
    await addProvider(gateway, 'broken', broken, { retries: 0 });
    await addProvider(gateway, 'good', good, { retries: 0 });
    await addModel(gateway, 'fo-model', [
      { provider: 'broken', model: 'broken-up', priority: 1 },
      { provider: 'good', model: 'good-up', priority: 2, price: { input: 1, output: 2 } },
    ]);
    await addModel(gateway, 'plain-model', [{ provider: 'good', model: 'good-up' }]);
    keys.one = await addKey(gateway, 'key-one');
    keys.two = await addKey(gateway, 'key-two');

    const answer = await gateway
      .openai(keys.one)
      .chat.completions.create({ model: 'fo-model', messages })
      .withResponse();
    ids.failover = answer.response.headers.get('x-request-id') ?? '';
    const stream = await gateway
      .openai(keys.two)
      .chat.completions.create({ model: 'plain-model', messages, stream: true })
      .withResponse();
    for await (const _chunk of stream.data) void _chunk;
    ids.stream = stream.response.headers.get('x-request-id') ?? '';
    await waitForUsageRows(gateway.db, 2);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([good?.close(), broken?.close()]);
  });

  it('gives each row its id, and after_id returns only newer rows (the live tail)', async () => {
    const all = await usage('');
    expect(all.data.map((r) => r.request_id)).toEqual([ids.stream, ids.failover]);
    const [newest, oldest] = all.data.map((r) => r.id);
    expect(BigInt(newest)).toBeGreaterThan(BigInt(oldest));
    expect((await usage(`after_id=${oldest}`)).data.map((r) => r.id)).toEqual([newest]);
    const none = await usage(`after_id=${newest}`);
    expect(none.data).toEqual([]);
    expect(none.totals.requests).toBe(0);

    await gateway.openai(keys.one).chat.completions.create({ model: 'plain-model', messages });
    await waitForUsageRows(gateway.db, 3);
    const tail = await usage(`after_id=${newest}`);
    expect(tail.data).toHaveLength(1);
    expect(tail.data[0].model).toBe('plain-model');
    expect(BigInt(tail.data[0].id)).toBeGreaterThan(BigInt(newest));
  });

  it('filters by stream and by request_id', async () => {
    const streamed = await usage('stream=true');
    expect(streamed.data.map((r) => r.request_id)).toEqual([ids.stream]);
    const plain = await usage('stream=false');
    expect(plain.data.every((r) => !r.stream)).toBe(true);
    expect(plain.data.map((r) => r.request_id)).toContain(ids.failover);
    const one = await usage(`request_id=${encodeURIComponent(ids.failover)}`);
    expect(one.data.map((r) => r.request_id)).toEqual([ids.failover]);
    expect(one.totals.requests).toBe(1);
    expect((await usage('request_id=no-such-request')).data).toEqual([]);
  });

  it.each([
    ['stream=1', 'stream'],
    ['after_id=abc', 'after_id'],
    ['after_id=-1', 'after_id'],
    ['after_id=99999999999999999999', 'after_id'],
    ['request_id=', 'request_id'],
  ])('answers %s with a 400 naming %s', async (query, param) => {
    const result = await get<{ error: { param: string } }>(`/usage?${query}`);
    expect(result.status).toBe(400);
    expect(result.body.error.param).toBe(param);
  });

  it('GET /usage/{id} gives every field of the row, the attempts included', async () => {
    const [row] = (await usage(`request_id=${encodeURIComponent(ids.failover)}`)).data;
    const result = await get<UsageRecordView>(`/usage/${row.id}`);
    expect(result.status).toBe(200);
    const [{ id: keyId }] = await gateway.db.query<{ id: string }>(
      `SELECT id FROM api_keys WHERE name = 'key-one'`,
    );
    expect(result.body).toEqual({
      ...row,
      key_id: keyId,
      attempt_log: [
        {
          provider: 'broken',
          model: 'broken-up',
          status: 503,
          error: expect.any(String),
          latency_ms: expect.any(Number),
        },
        { provider: 'good', model: 'good-up', status: 200, latency_ms: expect.any(Number) },
      ],
    });
    expect(result.body).toMatchObject({
      provider: 'good',
      attempts: 2,
      status: 200,
      prompt_tokens: 30,
      completion_tokens: 6,
      cost_usd: (30 * 1 + 6 * 2) / 1e6,
    });
  });

  it('GET /usage/{id}: a user key sees its own rows, others are a 404; a bad id is a 400', async () => {
    const [failover] = (await usage(`request_id=${encodeURIComponent(ids.failover)}`)).data;
    const [stream] = (await usage(`request_id=${encodeURIComponent(ids.stream)}`)).data;
    const own = await get<UsageRecordView>(`/usage/${stream.id}`, keys.two);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ request_id: ids.stream, stream: true });
    expect(own.body.ttft_ms).toEqual(expect.any(Number));

    const others = await get<{ error: { code: string } }>(`/usage/${failover.id}`, keys.two);
    expect(others.status).toBe(404);
    expect(others.body.error.code).toBe('usage_not_found');
    const missing = await get<{ error: { code: string } }>('/usage/999999999');
    expect(missing.status).toBe(404);

    for (const bad of ['abc', '-1', '1.5', '99999999999999999999']) {
      const result = await get<{ error: { param: string } }>(`/usage/${bad}`);
      expect({ bad, status: result.status, param: result.body.error.param }).toEqual({
        bad,
        status: 400,
        param: 'id',
      });
    }
    expect((await get(`/usage/${stream.id}`, 'sb-wrong')).status).toBe(401);
  });
});
