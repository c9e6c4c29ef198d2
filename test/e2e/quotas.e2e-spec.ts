import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addProvider } from '../support/config';
import { Gateway, HttpResult, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';

const messages = [{ role: 'user', content: 'hi' }];

/** Target quotas, key limits and budgets: exact under concurrency, shared across instances. */
describe('quotas and limits', () => {
  let gateway: Gateway;
  let second: Gateway;
  let fakes: Record<'limited' | 'spare' | 'tokens' | 'cron' | 'pricey', FakeOpenAI>;
  let apiKey: string;

  beforeAll(async () => {
    const names = ['limited', 'spare', 'tokens', 'cron', 'pricey'] as const;
    const started = await Promise.all(names.map(() => startFakeOpenAI()));
    fakes = Object.fromEntries(names.map((n, i) => [n, started[i]])) as typeof fakes;
    gateway = await startGateway();
    // A second instance on the same database: quotas are shared through Postgres.
    second = await startGateway({ database: gateway.db });
    for (const name of names) await addProvider(gateway, name, fakes[name], { retries: 0 });
    apiKey = await addKey(gateway, 'quotas');
  });

  afterAll(async () => {
    await second?.closeApp();
    await gateway?.close();
    await Promise.all(Object.values(fakes ?? {}).map((f) => f.close()));
  });

  beforeEach(() => {
    for (const fake of Object.values(fakes)) fake.reset();
  });

  function chat(
    target: Gateway,
    model: string,
    key = apiKey,
    body: object = {},
  ): Promise<HttpResult<{ error?: { code: string; message: string } }>> {
    return target.postJson(
      '/v1/chat/completions',
      { authorization: `Bearer ${key}` },
      { model, messages, ...body },
    );
  }

  /** The other instance reloads on NOTIFY: wait until `sees` says it has `what`. */
  async function untilSecondSees(what: string, sees: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await sees()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the second instance never saw ${what}`);
  }

  const modelsOnSecond = (key: string) =>
    second.fetch('/v1/models', { headers: { authorization: `Bearer ${key}` } });

  async function model(name: string, targets: object[]): Promise<void> {
    await gateway.adminOk('POST', '/admin/models', { name, targets });
    await untilSecondSees(`model ${name}`, async () => {
      const list = (await (await modelsOnSecond(apiKey)).json()) as { data: { id: string }[] };
      return list.data.some((m) => m.id === name);
    });
  }

  /** A key both instances know. */
  async function sharedKey(name: string, body: Record<string, unknown>): Promise<string> {
    const key = await addKey(gateway, name, body);
    await untilSecondSees(`key ${name}`, async () => (await modelsOnSecond(key)).status === 200);
    return key;
  }

  const providerOf = (r: HttpResult) => r.headers.get('x-switchboard-provider');

  /** Granted key-window slices so far (both instances share this process's registry). */
  async function rateSlices(): Promise<number> {
    const text = await (await gateway.fetch('/metrics')).text();
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith('switchboard_quota_slices_total{limit="key_rate",outcome="granted"}'),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  }

  async function keyIdOf(name: string): Promise<string> {
    const rows = await gateway.db.query<{ id: string }>('SELECT id FROM api_keys WHERE name = $1', [
      name,
    ]);
    return rows[0].id;
  }

  describe('target quota', () => {
    it('200 concurrent requests against a quota of 50: exactly 50 reach the target, the rest fail over', async () => {
      await model('q-failover', [
        { provider: 'limited', model: 'l', priority: 1, quota: { requests_per_period: 50 } },
        { provider: 'spare', model: 's', priority: 2 },
      ]);
      const results = await Promise.all(
        Array.from({ length: 200 }, () => chat(gateway, 'q-failover')),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(results.filter((r) => providerOf(r) === 'limited')).toHaveLength(50);
      expect(fakes.limited.chatRequests).toHaveLength(50);
      expect(fakes.spare.chatRequests).toHaveLength(150);
    });

    it('the same across two instances sharing one database, and 429 when no target is left', async () => {
      await model('q-shared', [
        { provider: 'limited', model: 'shared', quota: { requests_per_period: 50 } },
      ]);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => chat(i % 2 ? second : gateway, 'q-shared')),
      );
      const served = results.filter((r) => r.status === 200);
      expect(served).toHaveLength(50);
      expect(fakes.limited.chatRequests).toHaveLength(50);
      const rejected = results.filter((r) => r.status === 429);
      expect(rejected).toHaveLength(150);
      expect(rejected[0].body.error?.code).toBe('all_targets_rate_limited');
      expect(Number(rejected[0].headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a token quota counts the actual usage, not the reservation', async () => {
      // The fake reports 30 prompt + 10 completion tokens per request; each reservation is the
      // estimate (a few prompt tokens + max_tokens 10), settled to 40 when the request ends.
      fakes.tokens.behave({ usage: { prompt_tokens: 30, completion_tokens: 10 } });
      await model('q-tokens', [
        { provider: 'tokens', model: 't', quota: { tokens_per_period: 100 } },
      ]);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await chat(gateway, 'q-tokens', apiKey, { max_tokens: 10 })).status);
      }
      // 0 → 40 → 80 → 120 (the third fits its ~14-token reservation), then nothing fits.
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const stats = await gateway.adminOk<{
        models: { name: string; targets: { used: { requests: number; tokens: number } }[] }[];
      }>('GET', '/admin/stats');
      const target = stats.models.find((m) => m.name === 'q-tokens')!.targets[0];
      expect(target.used).toMatchObject({ requests: 3, tokens: 120 });
    });

    it('a 6-field cron quota resets with its period', async () => {
      await model('q-cron', [
        {
          provider: 'cron',
          model: 'c',
          quota: { requests_per_period: 2, period_cron: '*/3 * * * * *' },
        },
      ]);
      // Start right after a period boundary, so the three requests fall in one period.
      const wait = 3000 - (Date.now() % 3000) + 50;
      await new Promise((r) => setTimeout(r, wait));
      const first = [];
      for (let i = 0; i < 3; i++) first.push((await chat(gateway, 'q-cron')).status);
      expect(first).toEqual([200, 200, 429]);
      await new Promise((r) => setTimeout(r, 3000 - (Date.now() % 3000) + 50));
      expect((await chat(gateway, 'q-cron')).status).toBe(200);
      expect(fakes.cron.chatRequests).toHaveLength(3);
    });
  });

  describe('key limits', () => {
    it('rpm is exact under concurrency, across instances, with x-ratelimit headers', async () => {
      await model('k-rpm', [{ provider: 'spare', model: 's' }]);
      const key = await sharedKey('rpm-30', { limits: { rpm: 30 } });
      const results = await Promise.all(
        Array.from({ length: 80 }, (_, i) => chat(i % 2 ? second : gateway, 'k-rpm', key)),
      );
      const ok = results.filter((r) => r.status === 200);
      const limited = results.filter((r) => r.status === 429);
      expect(ok).toHaveLength(30);
      expect(limited).toHaveLength(50);
      expect(limited[0].body.error?.code).toBe('rate_limit_exceeded');
      expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ok[0].headers.get('x-ratelimit-limit-requests')).toBe('30');
      const remaining = ok.map((r) => Number(r.headers.get('x-ratelimit-remaining-requests')));
      expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });

    it('leased slices of a large rpm stay exact across instances, and unused ones go back', async () => {
      await model('k-rpm-leased', [{ provider: 'spare', model: 's' }]);
      const key = await sharedKey('rpm-120', { limits: { rpm: 120 } });
      const keyId = await keyIdOf('rpm-120');
      const tripsBefore = await rateSlices();
      const results = await Promise.all(
        Array.from({ length: 360 }, (_, i) => chat(i % 2 ? second : gateway, 'k-rpm-leased', key)),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(120);
      expect(results.filter((r) => r.status === 429)).toHaveLength(240);
      // The window counts exactly the requests served: no slice was counted twice or lost.
      const buckets = await gateway.db.query<{ requests: number }>(
        'SELECT requests FROM key_rate_buckets WHERE key_id = $1',
        [keyId],
      );
      expect(buckets.reduce((n, b) => n + Number(b.requests), 0)).toBe(120);
      // Fewer trips to Postgres than requests served: the slices were spent locally.
      const trips = (await rateSlices()) - tripsBefore;
      expect(trips).toBeGreaterThan(0);
      expect(trips).toBeLessThan(120);
    });

    it('a leased budget is exact across instances', async () => {
      // $0.001004 a request (see below), $0.02: 19 requests fit, the 20th would pass the limit.
      fakes.pricey.behave({ usage: { prompt_tokens: 4, completion_tokens: 1000 } });
      await model('k-budget-leased', [
        { provider: 'pricey', model: 'p', price: { input: 1, output: 1 } },
      ]);
      const key = await sharedKey('budget-leased', { budget: { usd: 0.02 } });
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          chat(i % 2 ? second : gateway, 'k-budget-leased', key, { max_tokens: 1000 }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(19);
      expect(results.filter((r) => r.status === 429)).toHaveLength(41);
      expect(fakes.pricey.chatRequests).toHaveLength(19);
    });

    it('answers 429 in each client API’s own format, with Retry-After', async () => {
      await model('k-formats', [{ provider: 'spare', model: 's' }]);
      const key = await addKey(gateway, 'rpm-1', { limits: { rpm: 1, tpm: 100000 } });
      const auth = { authorization: `Bearer ${key}` };
      const first = await chat(gateway, 'k-formats', key);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
      expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(100000);

      const openai = await chat(gateway, 'k-formats', key);
      expect(openai.status).toBe(429);
      expect(openai.body).toMatchObject({
        error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
      });
      const anthropic = await gateway.postJson('/v1/messages', auth, {
        model: 'k-formats',
        max_tokens: 10,
        messages,
      });
      expect(anthropic.status).toBe(429);
      expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
      const gemini = await gateway.postJson('/v1beta/models/k-formats:generateContent', auth, {
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      });
      expect(gemini.status).toBe(429);
      expect(gemini.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
      for (const r of [openai, anthropic, gemini]) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(r.headers.get('x-ratelimit-limit-requests')).toBe('1');
        expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      }
    });

    it('takes limits beyond 32 bits', async () => {
      await model('k-huge', [{ provider: 'spare', model: 's' }]);
      const key = await addKey(gateway, 'huge-limits', {
        limits: { rpm: 5_000_000_000, tpm: 1_000_000_000_000 },
      });
      const result = await chat(gateway, 'k-huge', key);
      expect(result.status).toBe(200);
      expect(result.headers.get('x-ratelimit-limit-tokens')).toBe('1000000000000');
    });

    it('a budget stops spending once the period’s money is gone', async () => {
      // 4 prompt + 1,000 completion tokens at $1/$1 per 1M = $0.001004 per request, the same as
      // the gateway's reservation (its count of the prompt + max_tokens).
      fakes.pricey.behave({ usage: { prompt_tokens: 4, completion_tokens: 1000 } });
      await model('k-budget', [{ provider: 'pricey', model: 'p', price: { input: 1, output: 1 } }]);
      const key = await addKey(gateway, 'budget-key', { budget: { usd: 0.005 } });
      const results = [];
      for (let i = 0; i < 6; i++) {
        results.push(await chat(gateway, 'k-budget', key, { max_tokens: 1000 }));
      }
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
      expect(results[4].body.error?.code).toBe('budget_exceeded');
      expect(Number(results[4].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(fakes.pricey.chatRequests).toHaveLength(4);
      const rows = await waitForUsageRows(
        gateway.db,
        4,
        "key_name = 'budget-key' AND status = 200",
      );
      const spent = rows.reduce((sum, r) => sum + Number(r.cost_usd), 0);
      expect(spent).toBeCloseTo(0.004016, 9);
    });
  });
});
