import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addProvider } from '../support/config';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { Gateway, HttpResult, readResult, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';
import type {
  UsageGroup,
  UsageResponse,
  UsageRowView,
  UsageTotals,
} from '../../src/usage/usage-query';
import { UsageRetentionService } from '../../src/usage/usage-retention.service';

const messages = [{ role: 'user' as const, content: 'what does this cost?' }];

/** alpha: (800 × 2.5 + 200 × 1.25 + 500 × 10) / 1M per request. */
const ALPHA_COST = 0.00725;
/** beta: (100 × 1 + 50 × 2) / 1M per request. */
const BETA_COST = 0.0002;

/** The answer of GET /usage, as the endpoint declares it. */
type UsageBody = UsageResponse;
type Row = UsageRowView;
type Group = UsageGroup;

const DAY_MS = 24 * 60 * 60 * 1000;

/** GET /usage and friends: filters, pagination, aggregates, scopes, retention. */
describe('usage API', () => {
  let gateway: Gateway;
  let alpha: FakeOpenAI;
  let beta: FakeOpenAI;
  const keys: Record<'one' | 'two', string> = { one: '', two: '' };
  /** Request ids by what they were. */
  const ids = { alphaOne: [] as string[], betaOne: '', betaTwo: [] as string[] } as {
    alphaOne: string[];
    betaOne: string;
    betaTwo: string[];
    failed: string;
    unknown: string;
  };
  let started: Date;
  let finished: Date;

  const get = async (path: string, key = gateway.adminKey): Promise<HttpResult<UsageBody>> =>
    readResult<UsageBody>(
      await gateway.fetch(path, { headers: { authorization: `Bearer ${key}` } }),
    );

  /** GET that must succeed. */
  const usage = async (query = '', key?: string): Promise<UsageBody> => {
    const result = await get(`/usage${query ? `?${query}` : ''}`, key);
    if (result.status !== 200) throw new Error(`${query} → ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const range = () =>
    `from=${encodeURIComponent(started.toISOString())}&to=${encodeURIComponent(finished.toISOString())}`;
  const requestIds = (body: UsageBody) => body.data.map((r) => r.request_id).sort();

  beforeAll(async () => {
    [alpha, beta] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
    alpha.behave({ usage: { prompt_tokens: 1000, completion_tokens: 500, cached_tokens: 200 } });
    beta.behave((req) =>
      req.body?.model === 'broken-upstream'
        ? { fail: { status: 503 } }
        : { usage: { prompt_tokens: 100, completion_tokens: 50, cached_tokens: 0 } },
    );
    gateway = await startGateway();
    await addProvider(gateway, 'prov-a', alpha, { retries: 0 });
    await addProvider(gateway, 'prov-b', beta, { retries: 0 });
    const model = (name: string, provider: string, upstream: string, price?: object) =>
      gateway.adminOk('POST', '/admin/models', {
        name,
        targets: [{ provider, model: upstream, ...(price ? { price } : {}) }],
      });
    await model('alpha-model', 'prov-a', 'alpha-upstream', {
      input: 2.5,
      output: 10,
      cached_input: 1.25,
    });
    await model('beta-model', 'prov-b', 'beta-upstream', { input: 1, output: 2 });
    await model('broken-model', 'prov-b', 'broken-upstream');
    keys.one = await addKey(gateway, 'key-one');
    keys.two = await addKey(gateway, 'key-two');
    const one = gateway.openai(keys.one);
    const two = gateway.openai(keys.two);
    const requestId = (r: { response: Response }) => r.response.headers.get('x-request-id') ?? '';

    started = new Date();
    for (let i = 0; i < 3; i++) {
      ids.alphaOne.push(
        requestId(
          await one.chat.completions.create({ model: 'alpha-model', messages }).withResponse(),
        ),
      );
    }
    ids.betaOne = requestId(
      await one.chat.completions.create({ model: 'beta-model', messages }).withResponse(),
    );
    for (let i = 0; i < 2; i++) {
      const stream = await two.chat.completions
        .create({ model: 'beta-model', messages, stream: true })
        .withResponse();
      for await (const _chunk of stream.data) void _chunk;
      ids.betaTwo.push(requestId(stream));
    }
    const failed = await apiErrorOf(
      two.chat.completions.create({ model: 'broken-model', messages }),
    );
    ids.failed = failed.headers?.get('x-request-id') ?? '';
    const unknown = await apiErrorOf(two.chat.completions.create({ model: 'no-such', messages }));
    ids.unknown = unknown.headers?.get('x-request-id') ?? '';
    await waitForUsageRows(gateway.db, 8);
    finished = new Date();
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([alpha?.close(), beta?.close()]);
  });

  it('lists every request of the last 24 h, newest first, with its cost', async () => {
    const body = await usage();
    expect(body.data).toHaveLength(8);
    expect(body.next_cursor).toBeNull();
    expect(body.groups).toBeUndefined();
    const times = body.data.map((r) => Date.parse(r.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const alphaRow = body.data.find((r) => r.request_id === ids.alphaOne[0]);
    expect(alphaRow).toEqual({
      id: expect.stringMatching(/^\d+$/),
      request_id: ids.alphaOne[0],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      key_name: 'key-one',
      model: 'alpha-model',
      provider: 'prov-a',
      upstream_model: 'alpha-upstream',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: 200,
      error_code: null,
      prompt_tokens: 1000,
      completion_tokens: 500,
      cached_tokens: 200,
      cost_usd: ALPHA_COST,
      latency_ms: expect.any(Number),
      ttft_ms: null,
      attempts: 1,
      stream_cut: false,
    });
    const streamed = body.data.find((r) => r.request_id === ids.betaTwo[0]);
    expect(streamed).toMatchObject({ key_name: 'key-two', stream: true, cost_usd: BETA_COST });
    expect(streamed?.ttft_ms).toEqual(expect.any(Number));
    // No price on the broken target, and no target at all for an unknown model: no cost.
    expect(body.data.find((r) => r.request_id === ids.unknown)).toMatchObject({
      provider: null,
      status: 404,
      cost_usd: 0,
    });
  });

  it('totals equal the sum of the rows', async () => {
    const body = await usage();
    const sum = (pick: (r: Row) => number) => body.data.reduce((n, r) => n + pick(r), 0);
    expect(body.totals).toEqual({
      requests: 8,
      prompt_tokens: sum((r) => r.prompt_tokens),
      completion_tokens: sum((r) => r.completion_tokens),
      cached_tokens: sum((r) => r.cached_tokens),
      cost_usd: expect.closeTo(
        sum((r) => r.cost_usd),
        12,
      ),
    });
    expect(body.totals.cost_usd).toBeCloseTo(3 * ALPHA_COST + 3 * BETA_COST, 12);
    expect(body.totals.prompt_tokens).toBe(3 * 1000 + 3 * 100);
  });

  describe('filters', () => {
    it('by model and by provider', async () => {
      const alphaRows = await usage('model=alpha-model');
      expect(requestIds(alphaRows)).toEqual([...ids.alphaOne].sort());
      expect(alphaRows.totals).toMatchObject({ requests: 3, prompt_tokens: 3000 });
      expect(alphaRows.totals.cost_usd).toBeCloseTo(3 * ALPHA_COST, 12);

      const provB = await usage('provider=prov-b');
      expect(requestIds(provB)).toEqual([ids.betaOne, ...ids.betaTwo].sort());
      expect(await usage('model=nothing-like-it')).toMatchObject({
        data: [],
        next_cursor: null,
        totals: { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 },
      });
    });

    it('by key, combined with the others', async () => {
      expect(requestIds(await usage('key=key-one'))).toEqual([...ids.alphaOne, ids.betaOne].sort());
      expect(requestIds(await usage('key=key-two&model=beta-model&provider=prov-b'))).toEqual(
        [...ids.betaTwo].sort(),
      );
    });

    it('by status: exact, class, error', async () => {
      expect((await usage('status=200')).data).toHaveLength(6);
      expect(requestIds(await usage('status=4xx'))).toEqual([ids.unknown]);
      expect(requestIds(await usage('status=404'))).toEqual([ids.unknown]);
      expect(requestIds(await usage('status=5xx'))).toEqual([ids.failed]);
      expect(requestIds(await usage('status=error'))).toEqual([ids.failed, ids.unknown].sort());
      expect((await usage('status=2xx')).totals.requests).toBe(6);
    });

    it('by time range (from inclusive, to exclusive)', async () => {
      expect((await usage(range())).data).toHaveLength(8);
      const after = encodeURIComponent(finished.toISOString());
      expect((await usage(`from=${after}`)).data).toHaveLength(0);
      const rows = (await usage()).data;
      const oldest = rows[rows.length - 1];
      const fromOldest = await usage(`from=${encodeURIComponent(oldest.created_at)}`);
      expect(fromOldest.data).toHaveLength(8);
      const toOldest = await usage(`to=${encodeURIComponent(oldest.created_at)}`);
      expect(toOldest.data.map((r) => r.request_id)).not.toContain(oldest.request_id);
    });
  });

  describe('older rows', () => {
    const old = new Date(Date.now() - 2 * DAY_MS);
    beforeAll(async () => {
      // Three rows at the same instant, two days ago: outside the default window, and a tie
      // that pagination must break by id.
      await gateway.db.query(
        `INSERT INTO usage_records (created_at, request_id, key_id, key_name, model, provider,
           endpoint, status, prompt_tokens, completion_tokens, latency_ms, cost_usd)
         SELECT $1, 'old-' || n, key_id, key_name, model, provider, endpoint, 200, 10, 5, 1, 0.5
           FROM usage_records, generate_series(1, 3) n WHERE request_id = $2`,
        [old, ids.betaOne],
      );
    });

    it('are outside the default 24 h window, inside an explicit one', async () => {
      expect((await usage()).totals.requests).toBe(8);
      const from = encodeURIComponent(new Date(old.getTime() - 1000).toISOString());
      const body = await usage(`from=${from}&key=key-one`);
      expect(body.totals).toMatchObject({ requests: 7, prompt_tokens: 3000 + 100 + 30 });
      expect(body.totals.cost_usd).toBeCloseTo(3 * ALPHA_COST + BETA_COST + 1.5, 12);
      const day = encodeURIComponent(old.toISOString().slice(0, 10));
      expect((await usage(`from=${day}&to=${from}`)).data).toHaveLength(0);
    });

    it('a grouping with more than 5000 groups is a 400 naming group_by', async () => {
      // 5001 hours of 2020, one row each (removed afterwards: other tests count old rows).
      await gateway.db.query(
        `INSERT INTO usage_records (created_at, request_id, key_id, key_name, model, provider,
           endpoint, status, prompt_tokens, completion_tokens, latency_ms, cost_usd)
         SELECT timestamptz '2020-01-01 00:00:00Z' + n * interval '1 hour', 'hourly-' || n,
                key_id, key_name, model, provider, endpoint, 200, 1, 1, 1, 0
           FROM usage_records, generate_series(0, 5000) n WHERE request_id = $1`,
        [ids.betaOne],
      );
      try {
        const range2020 = 'from=2020-01-01T00:00:00Z&to=2021-01-01T00:00:00Z';
        const error = expectOpenAIError(await get(`/usage?${range2020}&group_by=hour`), 400, {
          type: 'invalid_request_error',
        });
        expect(error.param).toBe('group_by');
        expect(error.message).toMatch(/more than 5000 groups/);
        const byDay = await usage(`${range2020}&group_by=day`);
        expect(byDay.groups).toHaveLength(209); // 5001 hours from January 1st
        expect(byDay.totals.requests).toBe(5001);
      } finally {
        await gateway.db.query("DELETE FROM usage_records WHERE request_id LIKE 'hourly-%'");
      }
    });

    it('pages with limit + cursor: every row once, in order, ties included', async () => {
      const from = encodeURIComponent(new Date(old.getTime() - 1000).toISOString());
      const all = await usage(`from=${from}&limit=1000`);
      expect(all.data).toHaveLength(11);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: UsageBody = await usage(
          `from=${from}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.data.length).toBeLessThanOrEqual(2);
        expect(page.totals.requests).toBe(11);
        seen.push(...page.data.map((r) => r.request_id));
        cursor = page.next_cursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(6);
      expect(seen).toEqual(all.data.map((r) => r.request_id));
      expect(new Set(seen).size).toBe(11);
    });

    it('groups by day (UTC) and model, summing to the totals', async () => {
      const from = encodeURIComponent(new Date(old.getTime() - 1000).toISOString());
      const body = await usage(`from=${from}&group_by=day,model`);
      const utcDay = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;
      const expected = new Map<
        string,
        Omit<UsageTotals, 'cached_tokens'> & { day: string; model: string }
      >();
      for (const row of (await usage(`from=${from}&limit=1000`)).data) {
        const id = `${utcDay(row.created_at)} ${row.model}`;
        const g = expected.get(id) ?? {
          day: utcDay(row.created_at),
          model: row.model,
          requests: 0,
          prompt_tokens: 0,
          completion_tokens: 0,
          cost_usd: 0,
        };
        g.requests++;
        g.prompt_tokens += row.prompt_tokens;
        g.completion_tokens += row.completion_tokens;
        g.cost_usd += row.cost_usd;
        expected.set(id, g);
      }
      const sorted = [...expected.values()].sort(
        (a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model),
      );
      expect(body.groups).toEqual(
        sorted.map((g) => ({
          ...g,
          cached_tokens: expect.any(Number),
          cost_usd: expect.closeTo(g.cost_usd, 12),
        })),
      );
      expect(body.groups?.[0]).toMatchObject({ day: utcDay(old.toISOString()), requests: 3 });
    });
  });

  describe('aggregates over the last 24 h', () => {
    const sumOf = (groups: Group[], field: keyof UsageTotals) =>
      groups.reduce((n, g) => n + g[field], 0);

    it('group_by=model', async () => {
      const { groups = [], totals } = await usage('group_by=model');
      expect(groups.map((g) => [g.model, g.requests])).toEqual([
        ['alpha-model', 3],
        ['beta-model', 3],
        ['broken-model', 1],
        ['no-such', 1],
      ]);
      expect(groups[0]).toEqual({
        model: 'alpha-model',
        requests: 3,
        prompt_tokens: 3000,
        completion_tokens: 1500,
        cached_tokens: 600,
        cost_usd: expect.closeTo(3 * ALPHA_COST, 12),
      });
      expect(groups[1].cost_usd).toBeCloseTo(3 * BETA_COST, 12);
      expect(sumOf(groups, 'requests')).toBe(totals.requests);
      expect(sumOf(groups, 'prompt_tokens')).toBe(totals.prompt_tokens);
      expect(sumOf(groups, 'cost_usd')).toBeCloseTo(totals.cost_usd, 12);
    });

    it('group_by=key and group_by=provider', async () => {
      const byKey = await usage('group_by=key');
      expect(byKey.groups).toEqual([
        expect.objectContaining({ key: 'key-one', requests: 4, prompt_tokens: 3100 }),
        expect.objectContaining({ key: 'key-two', requests: 4, prompt_tokens: 200 }),
      ]);
      expect(byKey.groups?.[0].cost_usd).toBeCloseTo(3 * ALPHA_COST + BETA_COST, 12);
      const byProvider = await usage('group_by=provider');
      expect(byProvider.groups?.map((g) => [g.provider, g.requests])).toEqual([
        ['prov-a', 3],
        ['prov-b', 3],
        [null, 2], // the request no target answered, and the unknown model's
      ]);
    });

    it('group_by=day and hour: UTC buckets', async () => {
      const { groups = [], totals } = await usage('group_by=day');
      expect(groups.length).toBeGreaterThanOrEqual(1);
      for (const g of groups) expect(g.day).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
      expect(sumOf(groups, 'requests')).toBe(totals.requests);
      const hours = (await usage('group_by=hour')).groups ?? [];
      for (const g of hours) expect(g.hour).toMatch(/T\d\d:00:00\.000Z$/);
      expect(sumOf(hours, 'requests')).toBe(8);
    });
  });

  describe('a user key', () => {
    it('sees only its own rows', async () => {
      const body = await usage('', keys.one);
      expect(requestIds(body)).toEqual([...ids.alphaOne, ids.betaOne].sort());
      expect(body.totals.requests).toBe(4);
      expect((await usage('group_by=key', keys.two)).groups).toEqual([
        expect.objectContaining({ key: 'key-two', requests: 4 }),
      ]);
      expect((await usage('key=key-one', keys.one)).data).toHaveLength(4);
    });

    it('gets 403 naming another key', async () => {
      const result = await get('/usage?key=key-two', keys.one);
      expectOpenAIError(result, 403, { type: 'permission_error' });
    });
  });

  it('needs a valid key', async () => {
    expect((await gateway.fetch('/usage')).status).toBe(401);
    expect((await get('/usage', 'sb-not-a-key')).status).toBe(401);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=5000', 'limit'],
    ['status=teapot', 'status'],
    ['group_by=week', 'group_by'],
    ['from=yesterday', 'from'],
    ['from=2025-02-02T00:00:00Z&to=2025-02-01T00:00:00Z', 'from'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['modle=alpha-model', 'modle'],
  ])('rejects %s with a 400 naming %s', async (query, param) => {
    const error = expectOpenAIError(await get(`/usage?${query}`), 400, {
      type: 'invalid_request_error',
    });
    expect(error.message).toContain(`'${param}'`);
    expect(error.param).toBe(param);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<
        string,
        { get?: { parameters?: { name: string }[]; responses?: Record<string, unknown> } }
      >;
    };
    expect(doc.paths['/usage']?.get?.responses?.['200']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/UsageResponseDto' } },
      },
    });
    expect(doc.paths['/usage']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'model', 'status', 'limit', 'cursor', 'group_by']),
    );
  });

  describe('retention', () => {
    it('prunes rows older than USAGE_RETENTION_DAYS (in batches), keeps the rest', async () => {
      const now = new Date();
      const insert = (ageDays: number, count: number, prefix: string) =>
        gateway.db.query(
          `INSERT INTO usage_records (created_at, request_id, model, endpoint, status, latency_ms)
           SELECT $1, $2 || n, 'm', '/v1/chat/completions', 200, 1
             FROM generate_series(1, $3::int) n`,
          [new Date(now.getTime() - ageDays * DAY_MS), prefix, count],
        );
      // More than two batches of 5000.
      await insert(100, 12_001, 'expired-');
      await insert(90.01, 2, 'just-expired-');
      await insert(89.99, 2, 'kept-');
      const count = async (where: string) =>
        Number(
          (
            await gateway.db.query<{ n: string }>(`SELECT count(*) n FROM usage_records ${where}`)
          )[0].n,
        );
      const before = await count('');

      const retention = gateway.app.get(UsageRetentionService);
      // Two calls at once: one run, both see its result.
      const [pruned, joined] = await Promise.all([retention.prune(now), retention.prune(now)]);
      expect(pruned).toBe(12_003);
      expect(joined).toBe(12_003);
      expect(await count(`WHERE request_id LIKE 'expired-%' OR request_id LIKE 'just-%'`)).toBe(0);
      expect(await count(`WHERE request_id LIKE 'kept-%'`)).toBe(2);
      expect(await count('')).toBe(before - 12_003);
      expect((await usage()).totals.requests).toBe(8);
      expect(await retention.prune(now)).toBe(0);
    });
  });
});
