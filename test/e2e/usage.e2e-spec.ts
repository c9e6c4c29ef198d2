import type OpenAI from 'openai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { apiErrorOf } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';
import { UsageRow } from '../support/usage';

const messages = [{ role: 'user' as const, content: 'count me' }];

/** One usage row per proxied request, success or failure, written even at shutdown. */
describe('usage records', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let broken: FakeOpenAI;
  let client: OpenAI;
  let rows: UsageRow[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [upstream, broken] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    upstream.behave({
      content: 'Counted.',
      usage: { prompt_tokens: 21, completion_tokens: 13, cached_tokens: 5 },
    });
    broken.behave((req) =>
      req.body?.model === 'rejects'
        ? { fail: { status: 400, message: 'bad temperature', param: 'temperature' } }
        : { fail: { status: 500 } },
    );
    gateway = await startGateway({ env: { USAGE_FLUSH_MS: '60000' } });
    await addProvider(gateway, 'metered', upstream, { retries: 0 });
    await addProvider(gateway, 'broken', broken, { retries: 0 });
    await addModel(gateway, 'metered-model', [{ provider: 'metered', model: 'metered-upstream' }]);
    await addModel(gateway, 'failover-model', [
      { provider: 'broken', model: 'broken-upstream', priority: 1 },
      { provider: 'metered', model: 'metered-upstream', priority: 2 },
    ]);
    await addModel(gateway, 'rejected-model', [{ provider: 'broken', model: 'rejects' }]);
    client = gateway.openai(await addKey(gateway, 'usage-key'));

    const nonStream = await client.chat.completions
      .create({ model: 'metered-model', messages })
      .withResponse();
    ids.nonStream = nonStream.response.headers.get('x-request-id') ?? '';

    const stream = await client.chat.completions
      .create({ model: 'metered-model', messages, stream: true })
      .withResponse();
    for await (const _chunk of stream.data) void _chunk;
    ids.stream = stream.response.headers.get('x-request-id') ?? '';

    const failover = await client.chat.completions
      .create({ model: 'failover-model', messages })
      .withResponse();
    ids.failover = failover.response.headers.get('x-request-id') ?? '';

    const rejected = await apiErrorOf(
      client.chat.completions.create({ model: 'rejected-model', messages }),
    );
    ids.rejected = rejected.headers?.get('x-request-id') ?? '';

    const unknown = await apiErrorOf(
      client.chat.completions.create({ model: 'no-such', messages }),
    );
    ids.unknown = unknown.headers?.get('x-request-id') ?? '';

    // USAGE_FLUSH_MS is a minute: the rows can only be in Postgres because close() flushed them.
    await gateway.closeApp();
    rows = await gateway.db.query<UsageRow>('SELECT * FROM usage_records ORDER BY id');
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([upstream?.close(), broken?.close()]);
  });

  const rowFor = (name: string) => rows.find((r) => r.request_id === ids[name]);

  it('writes exactly one row per request, keyed by the x-request-id the client saw', () => {
    expect(Object.values(ids).every((id) => id.length > 0)).toBe(true);
    expect(rows.map((r) => r.request_id).sort()).toEqual(Object.values(ids).sort());
  });

  it('records a non-stream success with the upstream usage', () => {
    expect(rowFor('nonStream')).toMatchObject({
      key_name: 'usage-key',
      model: 'metered-model',
      provider: 'metered',
      upstream_model: 'metered-upstream',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: 200,
      error_code: null,
      prompt_tokens: 21,
      completion_tokens: 13,
      cached_tokens: 5,
      ttft_ms: null,
      attempts: 1,
      stream_cut: false,
    });
    expect(rowFor('nonStream')?.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('records a stream with the usage the gateway asked the upstream for, and its ttft', () => {
    const row = rowFor('stream');
    expect(row).toMatchObject({
      model: 'metered-model',
      provider: 'metered',
      stream: true,
      status: 200,
      prompt_tokens: 21,
      completion_tokens: 13,
      cached_tokens: 5,
      attempts: 1,
      stream_cut: false,
    });
    expect(row?.ttft_ms).toEqual(expect.any(Number));
    expect(row?.ttft_ms).toBeLessThanOrEqual(row?.latency_ms ?? -1);
  });

  it('records every attempt of a failover', () => {
    expect(rowFor('failover')).toMatchObject({
      status: 200,
      provider: 'metered',
      upstream_model: 'metered-upstream',
      attempts: 2,
      attempt_log: [
        { provider: 'broken', model: 'broken-upstream', status: 500 },
        { provider: 'metered', model: 'metered-upstream', status: 200 },
      ],
    });
  });

  it('records failures with their status', () => {
    expect(rowFor('rejected')).toMatchObject({
      model: 'rejected-model',
      provider: 'broken',
      status: 400,
      prompt_tokens: 0,
      completion_tokens: 0,
      attempts: 1,
    });
    expect(rowFor('unknown')).toMatchObject({
      model: 'no-such',
      provider: null,
      status: 404,
      error_code: 'model_not_found',
      attempts: 0,
    });
  });
});
