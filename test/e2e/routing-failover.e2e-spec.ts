import OpenAI from 'openai';
import type { FakeBehaviour, FakeOpenAI } from '../fakes/openai-upstream';
import { startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { Gateway, readResult, startGateway } from '../support/gateway';
import { usageRowFor } from '../support/usage';

/**
 * Retries, failover, rate-limit cool-downs and circuit breakers, seen from the outside: real
 * HTTP to fake upstreams, the OpenAI SDK and plain fetch. Health state lives in the gateway
 * process, so every scenario gets its own providers (and fakes) and no test depends on another.
 */

interface TargetHealth {
  model: string;
  upstream_model: string;
  provider: string;
  circuit: 'closed' | 'open' | 'half_open';
  retry_at: string | null;
  cooldown_until: string | null;
  consecutive_failures: number;
  requests: number;
  failures: number;
  last_error: { message: string; at: string } | null;
}

interface ProviderStatus {
  id: string;
  targets: TargetHealth[];
}

interface Scenario {
  model: string;
  a: FakeOpenAI;
  b: FakeOpenAI;
  /** Provider ids of A and B (also the upstream model is `<id>-model`). */
  aId: string;
  bId: string;
}

describe('routing failover and target health', () => {
  let gateway: Gateway;
  let client: OpenAI;
  let apiKey: string;
  const fakes: FakeOpenAI[] = [];
  const messages = [{ role: 'user' as const, content: 'hi' }];
  /** Circuits that never open, for the scenarios that are not about circuits. */
  const noCircuit = { failure_threshold: 1000, error_rate: 1, min_requests: 1000 };

  beforeAll(async () => {
    // Short backoff: the retries under test are counted, not timed.
    gateway = await startGateway({ env: { RETRY_BASE_MS: '5' } });
    apiKey = await addKey(gateway, 'routing-failover');
    client = gateway.openai(apiKey);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  /**
   * Two providers with their own fakes, A (priority 1) before B (priority 2), behind one logical
   * model. B serves by default.
   */
  async function scenario(
    name: string,
    options: {
      a?: Record<string, unknown>;
      b?: Record<string, unknown>;
      aBehaviour?: FakeBehaviour;
      bBehaviour?: FakeBehaviour;
    } = {},
  ): Promise<Scenario> {
    const [a, b] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    fakes.push(a, b);
    a.behave(options.aBehaviour ?? { content: 'served by A' });
    b.behave(options.bBehaviour ?? { content: 'served by B', chunks: ['served ', 'by ', 'B'] });
    const aId = `${name}-a`;
    const bId = `${name}-b`;
    await addProvider(gateway, aId, a, {
      circuit_breaker: noCircuit,
      api_key: `sk-${aId}-secret-key`,
      ...options.a,
    });
    await addProvider(gateway, bId, b, {
      circuit_breaker: noCircuit,
      api_key: `sk-${bId}-secret-key`,
      ...options.b,
    });
    const model = `${name}-model`;
    await addModel(gateway, model, [
      { provider: aId, model: `${aId}-model`, priority: 1 },
      { provider: bId, model: `${bId}-model`, priority: 2 },
    ]);
    return { model, a, b, aId, bId };
  }

  function chat(model: string) {
    return client.chat.completions.create({ model, messages }).withResponse();
  }

  /**
   * B served the answer (`answer` from `chat`) on the `attempts`-th attempt, after A was called
   * `calls.a` times in all and B `calls.b` times (when given).
   */
  function expectServedByB(
    s: Scenario,
    answer: Awaited<ReturnType<typeof chat>>,
    attempts: number,
    calls: { a: number; b?: number },
  ): void {
    expect(answer.data.choices[0].message.content).toBe('served by B');
    expect(answer.response.headers.get('x-switchboard-provider')).toBe(s.bId);
    expect(answer.response.headers.get('x-switchboard-attempts')).toBe(String(attempts));
    expect(s.a.chatRequests).toHaveLength(calls.a);
    if (calls.b !== undefined) expect(s.b.chatRequests).toHaveLength(calls.b);
  }

  function postChat(model: string, extra: Record<string, unknown> = {}) {
    return gateway.postJson(
      '/v1/chat/completions',
      { authorization: `Bearer ${apiKey}` },
      { model, messages, ...extra },
    );
  }

  async function targetOf(providerId: string): Promise<TargetHealth> {
    const status = await gateway.adminOk<ProviderStatus[]>('GET', '/admin/providers/status');
    const provider = status.find((p) => p.id === providerId);
    expect(provider?.targets).toHaveLength(1);
    return provider!.targets[0];
  }

  describe('retries on the same target', () => {
    it('retries a target that answers 500 `retries` times, then the next target serves', async () => {
      const s = await scenario('retry-next', {
        a: { retries: 1 },
        aBehaviour: { fail: { status: 500, message: 'A exploded' } },
      });
      const answer = await chat(s.model);

      expectServedByB(s, answer, 3, { a: 2, b: 1 });
      expect(answer.response.status).toBe(200);
      expect(answer.response.headers.get('x-switchboard-model')).toBe(`${s.bId}-model`);
      for (const r of s.a.chatRequests) expect(r.body).toMatchObject({ model: `${s.aId}-model` });

      const row = await usageRowFor(gateway.db, answer.response.headers.get('x-request-id'));
      expect(row).toMatchObject({ status: 200, provider: s.bId, attempts: 3 });
      expect(row.attempt_log?.map((x) => [x.provider, x.status])).toEqual([
        [s.aId, 500],
        [s.aId, 500],
        [s.bId, 200],
      ]);
    });

    it('a retry that succeeds is served by the same target', async () => {
      const s = await scenario('retry-ok', { a: { retries: 2 } });
      s.a.behave((_req, index) =>
        index === 0
          ? { fail: { status: 502, message: 'bad gateway' } }
          : { content: 'served by A' },
      );
      const { data, response } = await chat(s.model);

      expect(data.choices[0].message.content).toBe('served by A');
      expect(response.headers.get('x-switchboard-provider')).toBe(s.aId);
      expect(response.headers.get('x-switchboard-model')).toBe(`${s.aId}-model`);
      expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      expect(s.a.chatRequests).toHaveLength(2);
      expect(s.b.chatRequests).toHaveLength(0);
    });

    it('waits at least retry-after-ms before retrying', async () => {
      const s = await scenario('retry-after-ms', { a: { retries: 2 } });
      const arrivals: number[] = [];
      s.a.behave((_req, index) => {
        arrivals.push(Date.now());
        return index === 0
          ? { fail: { status: 503, message: 'busy', headers: { 'retry-after-ms': '150' } } }
          : { content: 'served by A' };
      });
      const { data, response } = await chat(s.model);

      expect(data.choices[0].message.content).toBe('served by A');
      expect(response.headers.get('x-switchboard-provider')).toBe(s.aId);
      expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      expect(arrivals).toHaveLength(2);
      // A floor (never flaky): the backoff alone would be ≤ 5 ms.
      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(150);
      expect(s.b.chatRequests).toHaveLength(0);
    });

    it('does not retry when Retry-After is longer than RETRY_MAX_MS: the next target serves', async () => {
      const s = await scenario('retry-after-long', {
        a: { retries: 2 },
        aBehaviour: {
          fail: { status: 503, message: 'back later', headers: { 'retry-after': '120' } },
        },
      });
      expectServedByB(s, await chat(s.model), 2, { a: 1, b: 1 });
    });
  });

  describe('answers that switch targets at once', () => {
    it('429 moves on without retry and cools the target down for its Retry-After', async () => {
      const s = await scenario('rate-limited', {
        a: { retries: 2 },
        aBehaviour: {
          fail: { status: 429, message: 'slow down', headers: { 'retry-after': '30' } },
        },
      });
      expectServedByB(s, await chat(s.model), 2, { a: 1 });

      const health = await targetOf(s.aId);
      expect(health.cooldown_until).not.toBeNull();
      const until = Date.parse(health.cooldown_until!);
      // About 30 s from now (well above 20 s whatever the machine's speed).
      expect(until - Date.now()).toBeGreaterThan(20_000);
      expect(until - Date.now()).toBeLessThanOrEqual(30_000);
      expect(health.circuit).toBe('closed');
      expect(health.last_error?.message).toMatch(/429/);

      // While it cools down, A is not even tried.
      expectServedByB(s, await chat(s.model), 1, { a: 1, b: 2 });
    });

    it.each([401, 403])('%i moves on to the next target without retry', async (status) => {
      const s = await scenario(`denied-${status}`, {
        a: { retries: 2 },
        aBehaviour: { fail: { status, message: 'Incorrect API key provided' } },
      });
      expectServedByB(s, await chat(s.model), 2, { a: 1, b: 1 });
    });
  });

  describe('client errors (4xx)', () => {
    it('400 is returned as is, without failover', async () => {
      const message = "This model does not support 'logit_bias' with 'n' > 1.";
      const s = await scenario('bad-request', {
        a: { retries: 2 },
        aBehaviour: {
          fail: {
            status: 400,
            message,
            type: 'invalid_request_error',
            param: 'logit_bias',
            code: 'invalid_value',
          },
        },
      });
      const error = await apiErrorOf(
        client.chat.completions.create({
          model: s.model,
          messages,
          n: 2,
          logit_bias: { '50256': -100 },
        }),
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.status).toBe(400);
      expect(error.message).toContain(message);
      expect(error.param).toBe('logit_bias');
      expect(error.code).toBe('invalid_value');
      expect(error.headers?.get('x-switchboard-provider')).toBe(s.aId);
      expect(error.headers?.get('x-switchboard-attempts')).toBe('1');

      const raw = await postChat(s.model, { n: 2, logit_bias: { '50256': -100 } });
      expectOpenAIError(raw, 400, { message, param: 'logit_bias', code: 'invalid_value' });

      expect(s.a.chatRequests).toHaveLength(2);
      expect(s.b.chatRequests).toHaveLength(0);
    });
  });

  describe('when nothing is left', () => {
    it('answers 502 all_targets_failed listing every attempt, without provider keys', async () => {
      const s = await scenario('all-down', {
        a: { retries: 0 },
        b: { retries: 0 },
        aBehaviour: { fail: { status: 500, message: 'A exploded' } },
        bBehaviour: { fail: { status: 503, message: 'B overloaded' } },
      });
      const error = await apiErrorOf(client.chat.completions.create({ model: s.model, messages }));
      expect(error.status).toBe(502);
      expect(error.message).toContain(`${s.aId}/${s.aId}-model: HTTP 500`);
      expect(error.message).toContain(`${s.bId}/${s.bId}-model: HTTP 503`);

      const raw = await postChat(s.model);
      const body = expectOpenAIError(raw, 502, { code: 'all_targets_failed' });
      expect(body.message).toContain(`${s.aId}/${s.aId}-model: HTTP 500`);
      expect(body.message).toContain(`${s.bId}/${s.bId}-model: HTTP 503`);
      const text = JSON.stringify(raw.body);
      for (const secret of [`sk-${s.aId}-secret-key`, `sk-${s.bId}-secret-key`, apiKey]) {
        expect(text).not.toContain(secret);
      }
      expect(raw.headers.get('x-request-id')).toBeTruthy();
      expect(s.a.chatRequests).toHaveLength(2);
      expect(s.b.chatRequests).toHaveLength(2);
    });

    it('answers 429 all_targets_rate_limited with retry-after when every target is rate limited', async () => {
      const s = await scenario('all-limited', {
        aBehaviour: { fail: { status: 429, message: 'A limit', headers: { 'retry-after': '7' } } },
        bBehaviour: { fail: { status: 429, message: 'B limit', headers: { 'retry-after': '3' } } },
      });
      const response = await gateway.fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: s.model, messages }),
      });
      const result = await readResult(response);
      const body = expectOpenAIError(result, 429, { code: 'all_targets_rate_limited' });
      expect(body.message).toContain(`${s.aId}/${s.aId}-model: HTTP 429`);
      expect(body.message).toContain(`${s.bId}/${s.bId}-model: HTTP 429`);
      // The soonest of the targets' Retry-After.
      expect(result.headers.get('retry-after')).toBe('3');
      expect(s.a.chatRequests).toHaveLength(1);
      expect(s.b.chatRequests).toHaveLength(1);

      // Both cool down now: the next request reaches no upstream and is still a 429.
      const again = await postChat(s.model);
      expectOpenAIError(again, 429, { code: 'all_targets_rate_limited' });
      const retryAfter = Number(again.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3);
      expect(s.a.chatRequests).toHaveLength(1);
      expect(s.b.chatRequests).toHaveLength(1);
    });
  });

  describe('streams', () => {
    it('a target that answers 500 before the stream starts is replaced by the next one', async () => {
      const s = await scenario('stream-next', {
        a: { retries: 1 },
        aBehaviour: { fail: { status: 500, message: 'A exploded' } },
      });
      const { data: stream, response } = await client.chat.completions
        .create({ model: s.model, messages, stream: true })
        .withResponse();
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

      expect(text).toBe('served by B');
      expect(response.headers.get('x-switchboard-provider')).toBe(s.bId);
      expect(response.headers.get('x-switchboard-attempts')).toBe('3');
      expect(s.a.chatRequests).toHaveLength(2);
      expect(s.b.chatRequests).toHaveLength(1);
      expect(s.b.chatRequests[0].body).toMatchObject({ model: `${s.bId}-model`, stream: true });
    });
  });

  describe('circuit breaker', () => {
    it('opens after failure_threshold failures, skips the target, and closes after a successful probe', async () => {
      const circuit_breaker = { failure_threshold: 2, cooldown_ms: 2000 };
      const s = await scenario('circuit', {
        a: { retries: 0, circuit_breaker },
        b: { retries: 0 },
        aBehaviour: { fail: { status: 500, message: 'A exploded' } },
      });

      for (let i = 0; i < 2; i++) {
        const { response } = await chat(s.model);
        expect(response.headers.get('x-switchboard-provider')).toBe(s.bId);
        expect(response.headers.get('x-switchboard-attempts')).toBe('2');
      }
      expect(s.a.chatRequests).toHaveLength(2);

      const open = await targetOf(s.aId);
      expect(open).toMatchObject({
        model: s.model,
        upstream_model: `${s.aId}-model`,
        provider: s.aId,
        circuit: 'open',
        consecutive_failures: 2,
        failures: 2,
      });
      expect(open.retry_at).not.toBeNull();
      const modelStatus = await gateway.adminOk<{ targets: TargetHealth[] }>(
        'GET',
        `/admin/models/${s.model}/status`,
      );
      expect(modelStatus.targets.map((t) => [t.provider, t.circuit])).toEqual([
        [s.aId, 'open'],
        [s.bId, 'closed'],
      ]);

      // While open, A is skipped: B serves in one attempt and A gets nothing more. Only the
      // requests that ended before retry_at are checked, so a slow machine cannot flake this.
      const openUntil = Date.parse(open.retry_at!);
      for (let i = 0; i < 3; i++) {
        const before = s.a.chatRequests.length;
        const { data, response } = await chat(s.model);
        expect(data.choices[0].message.content).toBe('served by B');
        expect(response.headers.get('x-switchboard-provider')).toBe(s.bId);
        if (Date.now() < openUntil) {
          expect(response.headers.get('x-switchboard-attempts')).toBe('1');
          expect(s.a.chatRequests).toHaveLength(before);
        }
      }
      const requestsWhileOpen = s.a.chatRequests.length;

      // A recovers; once the cooldown is over, the next request probes A and A serves it.
      s.a.behave({ content: 'served by A' });
      const retryAt = Date.parse((await targetOf(s.aId)).retry_at ?? new Date().toISOString());
      await new Promise((r) => setTimeout(r, Math.max(0, retryAt - Date.now()) + 50));
      expect((await targetOf(s.aId)).circuit).toBe('half_open');
      const probe = await chat(s.model);
      expect(probe.data.choices[0].message.content).toBe('served by A');
      expect(probe.response.headers.get('x-switchboard-provider')).toBe(s.aId);
      expect(probe.response.headers.get('x-switchboard-attempts')).toBe('1');
      expect(s.a.chatRequests).toHaveLength(requestsWhileOpen + 1);

      const closed = await targetOf(s.aId);
      expect(closed).toMatchObject({ circuit: 'closed', consecutive_failures: 0, retry_at: null });
      // Closed again: A serves the following requests too.
      const after = await chat(s.model);
      expect(after.response.headers.get('x-switchboard-provider')).toBe(s.aId);
    });
  });
});
