import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { PrismaService } from '../../src/database/prisma.service';
import { periodOf } from '../../src/quota/period';
import type { QuotaStats } from '../../src/quota/quota-stats.service';
import { QuotaRepository } from '../../src/quota/quota.repository';
import { addKey, addProvider, closedPortUrl } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Gateway, startGateway } from '../support/gateway';

/**
 * The quota statements against a real Postgres, under real concurrency (a pool of 40
 * connections): a limit admits exactly as many as it allows, never one more.
 */
describe('QuotaRepository (Postgres)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let repository: QuotaRepository;
  const period = new Date('2026-05-01T00:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 40 });
    // An idle client the server drops (e.g. while the run's databases are dropped) is no failure.
    pool.on('error', () => undefined);
    repository = new QuotaRepository({ pool, counterPool: pool } as unknown as PrismaService);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const counter = async (scope: string, start = period) =>
    (
      await db.query<{ requests: string; tokens: string; cost_usd: string }>(
        'SELECT requests, tokens, cost_usd FROM quota_counters WHERE scope = $1 AND period_start = $2',
        [scope, start],
      )
    )[0];

  describe('takeSlice', () => {
    /** One request's share, nothing more (what a lease takes near the limit). */
    const exact = { requests: 0, tokens: 0 };
    const take = (scope: string, tokens: number, limits: object, start = period) =>
      repository.takeSlice(scope, start, { requests: 1, tokens }, exact, limits);

    it('200 concurrent reservations against 50 requests: exactly 50 succeed', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, () => take('target:req', 10, { requests: 50 })),
      );
      const admitted = results.filter((r) => r.requests > 0);
      expect(admitted).toHaveLength(50);
      expect(admitted.map((r) => r.used.requests).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await counter('target:req')).toMatchObject({ requests: '50', tokens: '500' });
    });

    it('200 concurrent reservations of 7 tokens against 1000 tokens: exactly 142 succeed', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, () => take('target:tok', 7, { tokens: 1000 })),
      );
      expect(results.filter((r) => r.requests > 0)).toHaveLength(142);
      expect(await counter('target:tok')).toMatchObject({ requests: '142', tokens: '994' });
    });

    it('200 concurrent slices (need + 1/16 of what remains) never grant more than 50 requests', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          repository.takeSlice(
            'target:slices',
            period,
            { requests: 1, tokens: 0 },
            { requests: 100, tokens: 0 },
            { requests: 50 },
          ),
        ),
      );
      expect(results.reduce((sum, r) => sum + r.requests, 0)).toBe(50);
      expect(Math.max(...results.map((r) => r.requests))).toBe(3); // 1 + floor(50 / 16)
      expect(await counter('target:slices')).toMatchObject({ requests: '50' });
    });

    it('a first reservation larger than the limit is refused and counts nothing', async () => {
      await expect(take('target:big', 2000, { tokens: 1000 })).resolves.toMatchObject({
        requests: 0,
        tokens: 0,
      });
      expect(await counter('target:big')).toMatchObject({ requests: '0', tokens: '0' });
      await expect(take('target:big', 1000, { requests: 1, tokens: 1000 })).resolves.toEqual({
        requests: 1,
        tokens: 1000,
        used: { requests: 1, tokens: 1000 },
      });
      await expect(take('target:big', 0, { requests: 1 })).resolves.toMatchObject({
        requests: 0,
      });
    });

    it('no limits: unlimited; each period has its own counter', async () => {
      const next = new Date('2026-05-02T00:00:00.000Z');
      for (let i = 0; i < 3; i++) await take('target:free', 5, {});
      await take('target:free', 5, {}, next);
      expect(await counter('target:free')).toMatchObject({ requests: '3', tokens: '15' });
      expect(await counter('target:free', next)).toMatchObject({ requests: '1', tokens: '5' });
    });

    it('adjust settles and releases; released capacity can be reserved again', async () => {
      const scope = 'target:adjust';
      const limits = { requests: 2, tokens: 100 };
      await take(scope, 40, limits);
      await take(scope, 40, limits);
      await expect(take(scope, 1, limits)).resolves.toMatchObject({ requests: 0 });
      // The first attempt used 25 of its 40 tokens; the second failed.
      await expect(repository.adjust(scope, period, 0, -15, 0)).resolves.toEqual({
        requests: 2,
        tokens: 65,
        costUsd: 0,
      });
      await repository.adjust(scope, period, -1, -40, 0);
      await expect(take(scope, 75, limits)).resolves.toMatchObject({
        requests: 1,
        used: { requests: 2, tokens: 100 },
      });
      await expect(repository.adjust('target:none', period, 1, 1, 1)).resolves.toBeNull();
    });
  });

  describe('takeBudgetSlice', () => {
    /** One request's estimate, nothing more (what a lease takes near the limit). */
    const take = (scope: string, usd: number, limit: number) =>
      repository.takeBudgetSlice(scope, period, usd, 0, limit);

    it('100 concurrent reservations of $0.30 against $10: exactly 33, spent $9.90 exactly', async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => take('budget:k1', 0.3, 10)),
      );
      const admitted = results.filter((r) => r.grantedUsd !== null);
      expect(admitted).toHaveLength(33);
      expect(Math.max(...admitted.map((r) => r.spentUsd))).toBe(9.9);
      expect(await counter('budget:k1')).toMatchObject({
        requests: '33',
        cost_usd: '9.9000000000',
      });
    });

    it('never exceeds the limit; once spent (even by settling), nothing more goes', async () => {
      const scope = 'budget:k2';
      await expect(take(scope, 1.5, 1)).resolves.toEqual({ grantedUsd: null, spentUsd: 0 });
      await expect(take(scope, 0.6, 1)).resolves.toEqual({ grantedUsd: 0.6, spentUsd: 0.6 });
      await expect(take(scope, 0.6, 1)).resolves.toMatchObject({ grantedUsd: null });
      await expect(take(scope, 0.4, 1)).resolves.toEqual({ grantedUsd: 0.4, spentUsd: 1 });
      await expect(take(scope, 0, 1)).resolves.toMatchObject({ grantedUsd: null });
      // Actual costs were lower: $0.30 back, then a reservation fits again.
      await repository.adjust(scope, period, 0, 0, -0.3);
      await expect(take(scope, 0.25, 1)).resolves.toEqual({ grantedUsd: 0.25, spentUsd: 0.95 });
      // Actual costs were higher than estimated: over the limit, a free estimate is refused too.
      await repository.adjust(scope, period, 0, 0, 0.2);
      await expect(take(scope, 0, 1)).resolves.toMatchObject({ grantedUsd: null });
    });

    it('slices are the need plus 1/16 of what is left, capped, and never pass the limit together', async () => {
      const scope = 'budget:k3';
      await expect(repository.takeBudgetSlice(scope, period, 0.01, 1, 50)).resolves.toEqual({
        grantedUsd: 1, // min($1 cap, $50 / 16)
        spentUsd: 1,
      });
      await expect(repository.takeBudgetSlice(scope, period, 0.01, 1, 1.16)).resolves.toEqual({
        grantedUsd: 0.01, // $0.16 left: 1/16 of it is less than the need
        spentUsd: 1.01,
      });
      const results = await Promise.all(
        Array.from({ length: 200 }, () => repository.takeBudgetSlice(scope, period, 0.001, 1, 2)),
      );
      const granted = results.reduce((sum, r) => sum + (r.grantedUsd ?? 0), 0);
      const spent = Number((await counter(scope)).cost_usd);
      expect(spent).toBeCloseTo(1.01 + granted, 9);
      // Slices are whole multiples of the need, so the last $0.001 is granted too.
      expect((await counter(scope)).cost_usd).toBe('2.0000000000');
      expect(
        results.every((r) => r.grantedUsd === null || Math.round(r.grantedUsd * 1e6) % 1000 === 0),
      ).toBe(true);
    });
  });

  describe('takeRateSlice', () => {
    const exact = { requests: 0, tokens: 0 };
    const bucketSum = async (keyId: string) =>
      (
        await db.query<{ requests: number; tokens: number }>(
          `SELECT sum(requests)::int AS requests, sum(tokens)::int AS tokens
             FROM key_rate_buckets WHERE key_id = $1`,
          [keyId],
        )
      )[0];

    it('100 concurrent requests with rpm 30: exactly 30 admitted', async () => {
      const keyId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 100 }, () => repository.takeRateSlice(keyId, 10, exact, 30, null)),
      );
      const admitted = results.filter((r) => r.granted !== null);
      expect(admitted).toHaveLength(30);
      expect(admitted.every((r) => r.leftMs >= 0 && r.leftMs <= 1000 && r.second !== '')).toBe(
        true,
      );
      const refused = results.filter((r) => r.granted === null);
      expect(refused.every((r) => r.usedRequests === 30)).toBe(true);
      expect(refused.every((r) => r.retryAfterMs >= 1 && r.retryAfterMs <= 61_000)).toBe(true);
      expect((await bucketSum(keyId)).requests).toBe(30);
    });

    it('slices of 1/16 of the window never grant more than rpm between them', async () => {
      const keyId = randomUUID();
      const max = { requests: 100, tokens: 1_000_000 };
      const first = await repository.takeRateSlice(keyId, 0, max, 1000, null);
      expect(first.granted).toEqual({ requests: 62, tokens: 0 }); // 1000 / 16
      const results = await Promise.all(
        Array.from({ length: 300 }, () => repository.takeRateSlice(keyId, 0, max, 1000, null)),
      );
      const granted = results.reduce((sum, r) => sum + (r.granted?.requests ?? 0), 62);
      expect(granted).toBe(1000);
      expect((await bucketSum(keyId)).requests).toBe(1000);
    });

    it('tpm: concurrent requests never pass the token limit; corrections count', async () => {
      const keyId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => repository.takeRateSlice(keyId, 100, exact, null, 1000)),
      );
      const admitted = results.filter((r) => r.granted !== null);
      expect(admitted).toHaveLength(10);
      // The requests used far less than reserved: the window has room again.
      for (const r of admitted) await repository.adjustRate(keyId, r.second, 0, 10 - 100);
      const again = await repository.takeRateSlice(keyId, 100, exact, null, 1000);
      expect(again).toMatchObject({ granted: { requests: 1, tokens: 100 }, usedRequests: 11 });
      expect(again.usedTokens).toBe(200);
      await repository.adjustRate(keyId, again.second, -1, -100);
      expect((await repository.rateWindows([keyId])).get(keyId)).toEqual({
        requests: 10,
        tokens: 100,
      });
    });

    it('buckets older than the window do not count and are pruned', async () => {
      const keyId = randomUUID();
      await db.query(
        `INSERT INTO key_rate_buckets (key_id, second, requests, tokens)
         SELECT $1, floor(extract(epoch FROM now()))::bigint - 180 - s, 1, 1 FROM generate_series(1, 5) s`,
        [keyId],
      );
      await expect(repository.takeRateSlice(keyId, 1, exact, 1, null)).resolves.toMatchObject({
        granted: { requests: 1, tokens: 1 },
        usedRequests: 1,
      });
      const pruned = await repository.pruneRateEvents(new Date(Date.now() - 120_000));
      expect(pruned).toBeGreaterThanOrEqual(5);
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM key_rate_buckets WHERE key_id = $1',
        [keyId],
      );
      expect(rows[0].n).toBe(1);
    });
  });

  describe('resets', () => {
    it('two concurrent callers record the same reset: exactly one wins', async () => {
      const start = new Date('2026-06-01T00:00:00.000Z');
      const results = await Promise.all([
        repository.recordReset('target:reset', start),
        repository.recordReset('target:reset', start),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const many = await Promise.all(
        Array.from({ length: 20 }, () => repository.recordReset('target:reset', period)),
      );
      expect(many.filter(Boolean)).toHaveLength(1);
      const last = await repository.lastResets(['target:reset', 'target:never']);
      expect(last.get('target:reset')).toMatchObject({
        scope: 'target:reset',
        periodStart: start,
      });
      expect(last.has('target:never')).toBe(false);
    });

    /** A counter row with one request, and the period's reset recorded. */
    async function countAndReset(scope: string, start: Date): Promise<void> {
      await repository.takeSlice(
        scope,
        start,
        { requests: 1, tokens: 1 },
        { requests: 0, tokens: 0 },
        {},
      );
      await repository.recordReset(scope, start);
    }

    it('orphan pruning drops scopes no longer configured, once untouched long enough', async () => {
      for (const scope of ['target:kept', 'target:gone', 'budget:gone-recently']) {
        await countAndReset(scope, period);
      }
      await db.query(
        `UPDATE quota_counters SET updated_at = now() - interval '8 days' WHERE scope IN ('target:kept', 'target:gone')`,
      );
      await db.query(
        `UPDATE quota_resets SET reset_at = now() - interval '8 days' WHERE scope IN ('target:kept', 'target:gone')`,
      );
      const pruned = await repository.pruneOrphans(
        ['target:kept'],
        new Date(Date.now() - 7 * 24 * 3600_000),
      );
      expect(pruned).toBe(1);
      const left = await db.query<{ scope: string }>(
        `SELECT scope FROM quota_counters WHERE scope IN ('target:kept', 'target:gone', 'budget:gone-recently')
          UNION ALL SELECT 'reset ' || scope FROM quota_resets
          WHERE scope IN ('target:kept', 'target:gone', 'budget:gone-recently') ORDER BY 1`,
      );
      expect(left.map((r) => r.scope)).toEqual([
        'budget:gone-recently',
        'reset budget:gone-recently',
        'reset target:kept',
        'target:kept',
      ]);
    });

    it('pruning drops only rows of periods before each scope cut-off', async () => {
      const days = ['2026-07-01', '2026-07-02', '2026-07-03'].map(
        (d) => new Date(`${d}T00:00:00Z`),
      );
      for (const scope of ['target:p1', 'target:p2']) {
        for (const day of days) {
          await countAndReset(scope, day);
        }
      }
      await repository.pruneCounters([{ scope: 'target:p1', before: days[1] }]);
      const counters = await repository.counters(
        ['target:p1', 'target:p2'].flatMap((scope) =>
          days.map((periodStart) => ({ scope, periodStart })),
        ),
      );
      expect(
        counters.map((c) => `${c.scope}@${c.periodStart.toISOString().slice(0, 10)}`).sort(),
      ).toEqual([
        'target:p1@2026-07-02',
        'target:p1@2026-07-03',
        'target:p2@2026-07-01',
        'target:p2@2026-07-02',
        'target:p2@2026-07-03',
      ]);
      const resets = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM quota_resets WHERE scope = 'target:p1'",
      );
      expect(resets[0].n).toBe(2);
    });
  });
});

/** GET /admin/stats and the reset records, through the real app. */
describe('GET /admin/stats', () => {
  let gateway: Gateway;
  const cron = '0 0 * * *';

  beforeAll(async () => {
    gateway = await startGateway();
    await addProvider(gateway, 'quota-p', await closedPortUrl());
    await gateway.adminOk('POST', '/admin/models', {
      name: 'quota-model',
      targets: [
        {
          provider: 'quota-p',
          model: 'up-q',
          quota: { requests_per_period: 5, tokens_per_period: 1000, period_cron: cron },
        },
        { provider: 'quota-p', model: 'up-free' },
      ],
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('answers only the admin key', async () => {
    const userKey = await addKey(gateway, 'stats-user');
    const response = await gateway.fetch('/admin/stats', {
      headers: { authorization: `Bearer ${userKey}` },
    });
    expect(response.status).toBe(403);
  });

  it('shows each quota target with use, remaining and resets, and keys with limits', async () => {
    await addKey(gateway, 'limited', {
      limits: { rpm: 30, tpm: 9000 },
      budget: { usd: 12.5, period_cron: '0 0 1 * *' },
    });
    const keyId = (
      await gateway.db.query<{ id: string }>("SELECT id::text FROM api_keys WHERE name = 'limited'")
    )[0].id;
    const period = periodOf(cron, new Date(), 'UTC');
    const budgetPeriod = periodOf('0 0 1 * *', new Date(), 'UTC');
    await gateway.db.query(
      `INSERT INTO quota_counters (scope, period_start, requests, tokens, cost_usd) VALUES
         ('target:quota-model/quota-p/up-q', $1, 2, 300, 0), ($2, $3, 4, 0, 1.25)`,
      [period.start, `budget:${keyId}`, budgetPeriod.start],
    );
    await gateway.db.query(
      `INSERT INTO key_rate_buckets (key_id, second, requests, tokens)
       VALUES ($1, floor(extract(epoch FROM now()))::bigint, 2, 150)`,
      [keyId],
    );

    // The reset service records the current period of every new scope when it appears.
    const deadline = Date.now() + 10_000;
    let stats = await gateway.adminOk<QuotaStats>('GET', '/admin/stats');
    while (stats.models[0]?.targets[0]?.last_reset === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await gateway.adminOk<QuotaStats>('GET', '/admin/stats');
    }

    expect(stats.time_zone).toBe('UTC');
    expect(stats.models).toEqual([
      {
        name: 'quota-model',
        targets: [
          {
            provider: 'quota-p',
            model: 'up-q',
            quota: { requests_per_period: 5, tokens_per_period: 1000, period_cron: cron },
            period: { start: period.start.toISOString(), end: period.end.toISOString() },
            used: { requests: 2, tokens: 300 },
            remaining: { requests: 3, tokens: 700 },
            last_reset: expect.any(String),
            next_reset: period.end.toISOString(),
          },
        ],
      },
    ]);
    const limited = stats.keys.find((k) => k.name === 'limited');
    expect(limited).toEqual({
      id: keyId,
      name: 'limited',
      limits: { rpm: 30, tpm: 9000 },
      budget: { usd: 12.5, period_cron: '0 0 1 * *' },
      budget_period: {
        start: budgetPeriod.start.toISOString(),
        end: budgetPeriod.end.toISOString(),
      },
      spent_usd: 1.25,
      window: { requests: 2, tokens: 150 },
    });
    expect(stats.keys.find((k) => k.name === 'stats-user')).toBeUndefined();

    const resets = await gateway.db.query<{ scope: string; period_start: Date }>(
      'SELECT scope, period_start FROM quota_resets ORDER BY scope',
    );
    expect(resets).toEqual([
      { scope: `budget:${keyId}`, period_start: budgetPeriod.start },
      { scope: 'target:quota-model/quota-p/up-q', period_start: period.start },
    ]);
  });
});
