import type OpenAI from 'openai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider, closedPortUrl } from '../support/config';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { Gateway, readResult, startGateway } from '../support/gateway';

/** Targets in priority order: a failing one first, then one that serves. */
describe('failover between targets', () => {
  let gateway: Gateway;
  let broken: FakeOpenAI;
  let good: FakeOpenAI;
  let rejecting: FakeOpenAI;
  let client: OpenAI;
  let apiKey: string;
  const messages = [{ role: 'user' as const, content: 'hi' }];

  beforeAll(async () => {
    [broken, good, rejecting] = await Promise.all([
      startFakeOpenAI(),
      startFakeOpenAI(),
      startFakeOpenAI(),
    ]);
    gateway = await startGateway();
    // retries: 0 so that each failing target is tried exactly once, and circuits that never
    // open, so that every test sees each target tried (circuits: routing-failover spec).
    const noRetry = {
      retries: 0,
      circuit_breaker: { failure_threshold: 1000, error_rate: 1, min_requests: 1000 },
    };
    await addProvider(gateway, 'broken', broken, { ...noRetry, api_key: 'sk-broken-secret-0001' });
    await addProvider(gateway, 'good', good, { ...noRetry, api_key: 'sk-good-secret-0002' });
    await addProvider(gateway, 'down', await closedPortUrl(), {
      ...noRetry,
      api_key: 'sk-down-secret-0003',
    });
    await addProvider(gateway, 'rejecting', rejecting, noRetry);
    await addModel(gateway, 'after-500', [
      { provider: 'broken', model: 'broken-model', priority: 1 },
      { provider: 'good', model: 'good-model', priority: 2 },
    ]);
    await addModel(gateway, 'after-refused', [
      { provider: 'down', model: 'down-model', priority: 1 },
      { provider: 'good', model: 'good-model', priority: 2 },
    ]);
    await addModel(gateway, 'all-fail', [
      { provider: 'broken', model: 'broken-model', priority: 1 },
      { provider: 'down', model: 'down-model', priority: 2 },
    ]);
    await addModel(gateway, 'bad-request', [
      { provider: 'rejecting', model: 'rejecting-model', priority: 1 },
      { provider: 'good', model: 'good-model', priority: 2 },
    ]);
    apiKey = await addKey(gateway, 'failover');
    client = gateway.openai(apiKey);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([broken, good, rejecting].map((f) => f?.close()));
  });

  beforeEach(() => {
    for (const fake of [broken, good, rejecting]) fake.reset();
    broken.behave({ fail: { status: 500, message: 'upstream exploded' } });
    good.behave({
      content: 'served by the good target',
      chunks: ['served ', 'by the ', 'good target'],
    });
  });

  async function streamText(model: string) {
    const { data: stream, response } = await client.chat.completions
      .create({ model, messages, stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return { text, response };
  }

  describe.each([
    ['the first target answers 500', 'after-500', 'broken'],
    ['the first target refuses the connection', 'after-refused', 'down'],
  ])('when %s', (_case, model, failing) => {
    it('a non-stream request is served by the next target', async () => {
      const { data, response } = await client.chat.completions
        .create({ model, messages })
        .withResponse();
      expect(data.choices[0].message.content).toBe('served by the good target');
      expect(response.headers.get('x-switchboard-provider')).toBe('good');
      expect(response.headers.get('x-switchboard-model')).toBe('good-model');
      expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      expect(good.chatRequests).toHaveLength(1);
      if (failing === 'broken') expect(broken.chatRequests).toHaveLength(1);
    });

    it('a stream is served by the next target', async () => {
      const { text, response } = await streamText(model);
      expect(text).toBe('served by the good target');
      expect(response.headers.get('x-switchboard-provider')).toBe('good');
      expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      expect(good.chatRequests[0].body).toMatchObject({ model: 'good-model', stream: true });
    });
  });

  it('a target slower than its timeout_ms is abandoned for the next one', async () => {
    const slow = await startFakeOpenAI({ behaviour: { hang: true } });
    try {
      await addProvider(gateway, 'slow', slow, { retries: 0, timeout_ms: 300 });
      await addModel(gateway, 'after-timeout', [
        { provider: 'slow', model: 'slow-model', priority: 1 },
        { provider: 'good', model: 'good-model', priority: 2 },
      ]);
      const { data, response } = await client.chat.completions
        .create({ model: 'after-timeout', messages })
        .withResponse();
      expect(data.choices[0].message.content).toBe('served by the good target');
      expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      // The abandoned request does not stay open upstream.
      expect((await slow.nextAbort()).body).toMatchObject({ model: 'slow-model' });
    } finally {
      await slow.close();
    }
  });

  it('a stream that breaks before its first event fails over too', async () => {
    broken.behave({ cutAfterEvents: 0 });
    const { text, response } = await streamText('after-500');
    expect(text).toBe('served by the good target');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(broken.chatRequests).toHaveLength(1);
  });

  describe('when every target fails', () => {
    it('answers 502 naming each attempt, without any provider key', async () => {
      const error = await apiErrorOf(
        client.chat.completions.create({ model: 'all-fail', messages }),
      );
      expect(error.status).toBe(502);
      expect(error.message).toContain('broken/broken-model: HTTP 500');
      expect(error.message).toContain('down/down-model: connection refused');

      const raw = await gateway.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'all-fail', messages }),
      });
      const result = await readResult(raw);
      const body = expectOpenAIError(result, 502, { code: 'all_targets_failed' });
      expect(body.message).toMatch(/2 attempt/);
      const text = JSON.stringify(result.body);
      for (const secret of ['sk-broken-secret-0001', 'sk-down-secret-0003', apiKey]) {
        expect(text).not.toContain(secret);
      }
    });

    it('answers 502 to a stream request before any event is sent', async () => {
      const error = await apiErrorOf(
        client.chat.completions.create({ model: 'all-fail', messages, stream: true }),
      );
      expect(error.status).toBe(502);
      expect(error.message).toContain('broken/broken-model: HTTP 500');
    });
  });

  describe('when the upstream rejects the request (4xx)', () => {
    beforeEach(() =>
      rejecting.behave({
        fail: {
          status: 400,
          message: "Invalid value for 'temperature': too hot.",
          type: 'invalid_request_error',
          param: 'temperature',
          code: 'invalid_value',
        },
      }),
    );

    it('returns its status and message as is, without trying another target', async () => {
      const error = await apiErrorOf(
        client.chat.completions.create({ model: 'bad-request', messages, temperature: 1.9 }),
      );
      expect(error.status).toBe(400);
      expect(error.message).toContain("Invalid value for 'temperature': too hot.");
      expect(error.param).toBe('temperature');
      expect(error.code).toBe('invalid_value');
      expect(error.headers?.get('x-switchboard-provider')).toBe('rejecting');
      expect(error.headers?.get('x-switchboard-attempts')).toBe('1');
      expect(rejecting.chatRequests).toHaveLength(1);
      expect(good.chatRequests).toHaveLength(0);
    });

    it('does the same for a stream request', async () => {
      const error = await apiErrorOf(
        client.chat.completions.create({ model: 'bad-request', messages, stream: true }),
      );
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_value');
      expect(good.chatRequests).toHaveLength(0);
    });
  });
});
