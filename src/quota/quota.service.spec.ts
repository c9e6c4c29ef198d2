import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { principalOf } from '../routing/__fixtures__/runtime';
import type { KeyPrincipal, Quota, TargetRuntime } from '../providers/snapshot.types';
import type { QuotaRepository, RateSlice } from './quota.repository';
import { KeyLimitError, QuotaService } from './quota.service';
import { MAX_SLICE } from './leases';

type Calls = { [K in keyof QuotaRepository]?: unknown[][] };

const SECOND = '1777550400';

/** A repository double: scripted answers, every call recorded. */
function fakeRepository(answers: {
  rate?: Partial<RateSlice>;
  budget?: { grantedUsd: number | null; spentUsd: number };
  target?: { requests: number; tokens: number } | null;
}) {
  const calls: Calls = {};
  const record =
    <T>(name: keyof QuotaRepository, answer: () => T) =>
    (...args: unknown[]) => {
      (calls[name] ??= []).push(args);
      return Promise.resolve(answer());
    };
  const repository = {
    takeRateSlice: record('takeRateSlice', () => ({
      granted: { requests: 1, tokens: 0 },
      usedRequests: 1,
      usedTokens: 0,
      retryAfterMs: 0,
      second: SECOND,
      leftMs: 900,
      ...answers.rate,
    })),
    takeBudgetSlice: record(
      'takeBudgetSlice',
      () => answers.budget ?? { grantedUsd: 0, spentUsd: 0 },
    ),
    takeSlice: record('takeSlice', () =>
      answers.target === undefined ? { requests: 5, tokens: 5000 } : answers.target,
    ),
    adjust: record('adjust', () => null),
    adjustRate: record('adjustRate', () => undefined),
  } as unknown as QuotaRepository;
  return { repository, calls };
}

const env = { TZ: 'UTC' } as Env;
const flush = () => new Promise((r) => setImmediate(r));

function key(overrides: Partial<KeyPrincipal>): KeyPrincipal {
  return principalOf({ id: '11111111-1111-4111-8111-111111111111', ...overrides });
}

function target(quota: Quota | undefined): TargetRuntime {
  return { provider: { id: 'p1' }, upstreamModel: 'up-1', quota } as TargetRuntime;
}

describe('QuotaService', () => {
  afterEach(() => jest.useRealTimers());

  describe('admitKey', () => {
    it('a key without limits or budget: null, and no database call', async () => {
      const { repository, calls } = fakeRepository({});
      const service = new QuotaService(repository, env, new MetricsService());
      await expect(service.admitKey(key({}), { tokens: 10, costUsd: 1 })).resolves.toBeNull();
      await expect(
        service.admitKey(key({ limits: {} }), { tokens: 10, costUsd: 1 }),
      ).resolves.toBeNull();
      expect(calls).toEqual({});
    });

    it('admitted: headers of the window, settled once with the actual use', async () => {
      const { repository, calls } = fakeRepository({
        rate: { granted: { requests: 1, tokens: 800 }, usedRequests: 4, usedTokens: 900 },
        budget: { grantedUsd: 0.5, spentUsd: 1 },
      });
      const service = new QuotaService(repository, env, new MetricsService());
      const admission = await service.admitKey(
        key({ limits: { rpm: 10, tpm: 5000 }, budget: { usd: 5, period_cron: '0 0 1 * *' } }),
        { tokens: 800, costUsd: 0.5 },
      );
      expect(admission?.headers).toEqual({
        'x-ratelimit-limit-requests': '10',
        'x-ratelimit-remaining-requests': '6',
        'x-ratelimit-limit-tokens': '5000',
        'x-ratelimit-remaining-tokens': '4100',
      });
      expect(calls.takeRateSlice).toEqual([[key({}).id, 800, MAX_SLICE, 10, 5000]]);
      expect(calls.takeBudgetSlice?.[0]?.slice(2)).toEqual([0.5, MAX_SLICE.usd, 5]);
      admission!.settle({ tokens: 300, costUsd: 0.2 });
      admission!.settle({ tokens: 999, costUsd: 9 });
      await service.onApplicationShutdown();
      // Used less than reserved: the differences go back, each once.
      expect(calls.adjustRate).toEqual([[key({}).id, SECOND, 0, -500]]);
      expect(calls.adjust).toHaveLength(1);
      expect(calls.adjust![0][0]).toBe(`budget:${key({}).id}`);
      expect(calls.adjust![0].slice(2, 4)).toEqual([0, 0]);
      expect(calls.adjust![0][4] as number).toBeCloseTo(-0.3, 12);
    });

    it('spends a slice of the window within its second, then takes a new one', async () => {
      jest.useFakeTimers({ now: 1_000_000, doNotFake: ['setImmediate'] });
      const { repository, calls } = fakeRepository({
        rate: { granted: { requests: 10, tokens: 0 }, usedRequests: 10, leftMs: 400 },
      });
      const service = new QuotaService(repository, env, new MetricsService());
      const limited = key({ limits: { rpm: 1000 } });
      const first = await service.admitKey(limited, { tokens: 5, costUsd: 0 });
      // The window counts the whole slice, this instance holds 9 of it: 1 used.
      expect(first?.headers['x-ratelimit-remaining-requests']).toBe('999');
      const second = await service.admitKey(limited, { tokens: 5, costUsd: 0 });
      expect(second?.headers['x-ratelimit-remaining-requests']).toBe('998');
      expect(calls.takeRateSlice).toHaveLength(1);
      // The second the slice was counted in is over: the rest goes back, the next takes anew.
      jest.advanceTimersByTime(400);
      await service.admitKey(limited, { tokens: 5, costUsd: 0 });
      expect(calls.takeRateSlice).toHaveLength(2);
      await service.onApplicationShutdown();
      // 8 unused of the first slice and 9 of the second (the double counts both in one second).
      expect(calls.adjustRate).toEqual([[limited.id, SECOND, -17, 0]]);
    });

    it('spends a slice of the budget locally until it no longer covers a request', async () => {
      const { repository, calls } = fakeRepository({ budget: { grantedUsd: 1, spentUsd: 1 } });
      const service = new QuotaService(repository, env, new MetricsService());
      const budgeted = key({ budget: { usd: 50, period_cron: '0 0 1 * *' } });
      for (let i = 0; i < 4; i++) {
        const admission = await service.admitKey(budgeted, { tokens: 0, costUsd: 0.25 });
        admission!.settle({ tokens: 0, costUsd: 0.25 });
      }
      expect(calls.takeBudgetSlice).toHaveLength(1);
      await service.admitKey(budgeted, { tokens: 0, costUsd: 0.25 });
      expect(calls.takeBudgetSlice).toHaveLength(2);
      await service.onApplicationShutdown();
      // Three requests spent from the first slice were counted as requests afterwards; the
      // second slice ($1, $0.25 used) gives $0.75 back.
      const adjusted = calls.adjust!.map((c) => [c[2], c[3], Number((c[4] as number).toFixed(9))]);
      expect(adjusted).toEqual([[3, 0, -0.75]]);
    });

    it('rpm reached: 429 rate_limit_exceeded with Retry-After; the budget is given back', async () => {
      const { repository, calls } = fakeRepository({
        rate: { granted: null, usedRequests: 3, usedTokens: 10, retryAfterMs: 12_300 },
        budget: { grantedUsd: 0.25, spentUsd: 0.25 },
      });
      const service = new QuotaService(repository, env, new MetricsService());
      const error = await service
        .admitKey(key({ limits: { rpm: 3 }, budget: { usd: 1, period_cron: '0 0 * * *' } }), {
          tokens: 5,
          costUsd: 0.25,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyLimitError);
      const e = error as KeyLimitError;
      expect([e.status, e.kind, e.code]).toEqual([429, 'rate_limit', 'rate_limit_exceeded']);
      expect(e.message).toMatch(/3 requests per minute/);
      expect(e.headers).toEqual({
        'retry-after': '13',
        'x-ratelimit-limit-requests': '3',
        'x-ratelimit-remaining-requests': '0',
      });
      await service.onApplicationShutdown();
      expect(calls.adjust).toHaveLength(1);
      expect(calls.adjust![0].slice(2)).toEqual([-1, 0, -0.25]);
    });

    it('tpm reached: the message names the token limit', async () => {
      const { repository } = fakeRepository({
        rate: { granted: null, usedRequests: 1, usedTokens: 900, retryAfterMs: 800 },
      });
      const service = new QuotaService(repository, env, new MetricsService());
      const error = (await service
        .admitKey(key({ limits: { rpm: 100, tpm: 1000 } }), { tokens: 200, costUsd: 0 })
        .catch((e: unknown) => e)) as KeyLimitError;
      expect(error.code).toBe('rate_limit_exceeded');
      expect(error.message).toMatch(/1000 tokens per minute/);
      expect(error.headers['retry-after']).toBe('1');
      expect(error.headers['x-ratelimit-remaining-tokens']).toBe('100');
    });

    it('budget spent: 429 budget_exceeded until the period ends; the rate slice is given back', async () => {
      jest.useFakeTimers({
        now: new Date('2026-04-30T23:59:00.000Z'),
        doNotFake: ['setImmediate'],
      });
      const { repository, calls } = fakeRepository({
        rate: { granted: { requests: 1, tokens: 5 }, usedRequests: 1, usedTokens: 5 },
        budget: { grantedUsd: null, spentUsd: 2 },
      });
      const service = new QuotaService(repository, env, new MetricsService());
      const error = (await service
        .admitKey(key({ limits: { rpm: 10 }, budget: { usd: 2, period_cron: '0 0 1 * *' } }), {
          tokens: 5,
          costUsd: 0.1,
        })
        .catch((e: unknown) => e)) as KeyLimitError;
      expect(error).toBeInstanceOf(KeyLimitError);
      expect(error.code).toBe('budget_exceeded');
      expect(error.headers['retry-after']).toBe('60');
      expect(error.message).toMatch(/\$2 per period\) is spent.*until 2026-05-01T00:00:00.000Z/);
      // The refused request does not count in the window.
      expect(error.headers['x-ratelimit-remaining-requests']).toBe('10');
      expect(calls.takeBudgetSlice![0][1]).toEqual(new Date('2026-04-01T00:00:00.000Z'));
      await service.onApplicationShutdown();
      expect(calls.adjustRate).toEqual([[key({}).id, SECOND, -1, -5]]);
    });

    it('a database error in one half gives back the other and is thrown', async () => {
      const { repository, calls } = fakeRepository({
        rate: { granted: { requests: 1, tokens: 5 }, usedRequests: 1, usedTokens: 5 },
      });
      (repository as { takeBudgetSlice: unknown }).takeBudgetSlice = () =>
        Promise.reject(new Error('connection refused'));
      const service = new QuotaService(repository, env, new MetricsService());
      await expect(
        service.admitKey(
          key({ limits: { rpm: 10 }, budget: { usd: 2, period_cron: '0 0 1 * *' } }),
          {
            tokens: 5,
            costUsd: 0.1,
          },
        ),
      ).rejects.toThrow('connection refused');
      await service.onApplicationShutdown();
      expect(calls.adjustRate).toEqual([[key({}).id, SECOND, -1, -5]]);
    });
  });

  describe('reserveTarget', () => {
    const quota: Quota = {
      requests_per_period: 100,
      tokens_per_period: 10_000,
      period_cron: '0 0 * * *',
    };

    it('a target without quota: null, and no database call', async () => {
      const { repository, calls } = fakeRepository({});
      const service = new QuotaService(repository, env, new MetricsService());
      await expect(service.reserveTarget('m', target(undefined), 5)).resolves.toBeNull();
      await expect(
        service.reserveTarget('m', target({ period_cron: '0 0 * * *' }), 5),
      ).resolves.toBeNull();
      expect(calls).toEqual({});
    });

    it('leases a slice in the current period and spends it locally', async () => {
      jest.useFakeTimers({
        now: new Date('2026-04-30T10:00:00.000Z'),
        doNotFake: ['setImmediate'],
      });
      const { repository, calls } = fakeRepository({});
      const service = new QuotaService(repository, env, new MetricsService());
      const hold = await service.reserveTarget('m', target(quota), 1000);
      expect(calls.takeSlice).toEqual([
        [
          'target:m/p1/up-1',
          new Date('2026-04-30T00:00:00.000Z'),
          { requests: 1, tokens: 1000 },
          MAX_SLICE,
          { requests: 100, tokens: 10_000 },
        ],
      ]);
      if (!hold || hold === 'exhausted') throw new Error('expected a reservation');
      // The slice (5 requests, 5000 tokens) serves the next four without the database.
      for (let i = 0; i < 4; i++) {
        expect(await service.reserveTarget('m', target(quota), 1000)).toBeTruthy();
      }
      expect(calls.takeSlice).toHaveLength(1);
      hold.settle(400);
      hold.release();
      hold.settle(10);
      await service.onApplicationShutdown();
      // Settled once: 600 of the 1000 reserved tokens go back.
      expect(calls.adjust).toEqual([
        ['target:m/p1/up-1', new Date('2026-04-30T00:00:00.000Z'), 0, -600, 0],
      ]);
    });

    it('a request that used more than reserved is written at once', async () => {
      const { repository, calls } = fakeRepository({ target: { requests: 1, tokens: 250 } });
      const service = new QuotaService(repository, env, new MetricsService());
      const hold = await service.reserveTarget('m', target(quota), 250);
      if (!hold || hold === 'exhausted') throw new Error('expected a reservation');
      hold.settle(900);
      await flush();
      expect(calls.adjust?.map((c) => c.slice(2))).toEqual([[0, 650, 0]]);
      await service.onApplicationShutdown();
    });

    it('release gives the unit back to the lease; shutdown returns what is left', async () => {
      const { repository, calls } = fakeRepository({ target: { requests: 2, tokens: 500 } });
      const service = new QuotaService(repository, env, new MetricsService());
      const hold = await service.reserveTarget('m', target(quota), 250);
      if (!hold || hold === 'exhausted') throw new Error('expected a reservation');
      hold.release();
      hold.release();
      await flush();
      expect(calls.adjust).toBeUndefined();
      await service.onApplicationShutdown();
      expect(calls.adjust?.map((c) => c.slice(2))).toEqual([[-2, -500, 0]]);
    });

    it('exhausted: skipped until Postgres is asked again, forgotten when the quota changes', async () => {
      jest.useFakeTimers({
        now: new Date('2026-04-30T10:00:00.000Z'),
        doNotFake: ['setImmediate'],
      });
      const { repository } = fakeRepository({ target: { requests: 0, tokens: 0 } });
      const service = new QuotaService(repository, env, new MetricsService());
      expect(service.exhaustedUntil('m', target(quota))).toBeUndefined();
      await expect(service.reserveTarget('m', target(quota), 1)).resolves.toBe('exhausted');
      const end = new Date('2026-05-01T00:00:00.000Z').getTime();
      expect(service.exhaustedUntil('m', target(quota))).toBe(end);
      expect(service.exhaustedUntil('other', target(quota))).toBeUndefined();
      expect(
        service.exhaustedUntil('m', target({ ...quota, requests_per_period: 200 })),
      ).toBeUndefined();

      await service.reserveTarget('m', target(quota), 1);
      // Other instances give back unused slices: ask again after a few seconds.
      jest.advanceTimersByTime(4000);
      expect(service.exhaustedUntil('m', target(quota))).toBeUndefined();
      await service.onApplicationShutdown();
    });
  });

  it('refuses to start with an unknown TZ', () => {
    const { repository } = fakeRepository({});
    expect(
      () => new QuotaService(repository, { TZ: 'Nowhere/Land' } as Env, new MetricsService()),
    ).toThrow(/Unknown time zone 'Nowhere\/Land'/);
  });
});
