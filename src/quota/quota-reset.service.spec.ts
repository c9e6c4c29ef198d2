import { SchedulerRegistry } from '@nestjs/schedule';
import { Subject } from 'rxjs';
import type { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ConfigSnapshot, KeyPrincipal, ModelRuntime } from '../providers/snapshot.types';
import { QuotaResetService, scopesByCron } from './quota-reset.service';
import type { QuotaRepository } from './quota.repository';
import type { QuotaService } from './quota.service';

const KEY_ID = '22222222-2222-4222-8222-222222222222';

function snapshotWith(cron: string, budgetCron?: string): ConfigSnapshot {
  const model = {
    name: 'm',
    targets: [
      {
        provider: { id: 'p' },
        upstreamModel: 'a',
        quota: { requests_per_period: 3, period_cron: cron },
      },
      { provider: { id: 'p' }, upstreamModel: 'b', quota: { period_cron: cron } },
      { provider: { id: 'p' }, upstreamModel: 'c', quota: undefined },
    ],
  } as unknown as ModelRuntime;
  const keys = new Map<string, KeyPrincipal>();
  if (budgetCron) {
    keys.set('h', { id: KEY_ID, budget: { usd: 1, period_cron: budgetCron } } as KeyPrincipal);
  }
  return { models: new Map([['m', model]]), keysByHash: keys } as unknown as ConfigSnapshot;
}

describe('scopesByCron', () => {
  it('groups target quotas and key budgets by cron; quotas without limits are left out', () => {
    expect(scopesByCron(snapshotWith('0 0 * * *', '0 0 1 * *'))).toEqual(
      new Map([
        ['0 0 * * *', new Set(['target:m/p/a'])],
        ['0 0 1 * *', new Set([`budget:${KEY_ID}`])],
      ]),
    );
    expect(scopesByCron(snapshotWith('0 0 * * *', '0 0 * * *')).get('0 0 * * *')).toEqual(
      new Set(['target:m/p/a', `budget:${KEY_ID}`]),
    );
  });
});

describe('QuotaResetService', () => {
  const changes = new Subject<ConfigSnapshot>();
  let resets: [string, string][];
  let inserted: boolean;
  let service: QuotaResetService;
  let scheduler: SchedulerRegistry;
  let logged: string[];
  let repository: QuotaRepository;

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-04-30T23:59:59.000Z') });
    resets = [];
    inserted = true;
    repository = {
      recordReset: (scope: string, start: Date) => {
        resets.push([scope, start.toISOString()]);
        return Promise.resolve(inserted);
      },
      pruneRateEvents: jest.fn().mockResolvedValue(0),
      pruneCounters: jest.fn().mockResolvedValue(0),
      pruneOrphans: jest.fn().mockResolvedValue(0),
    } as unknown as QuotaRepository;
    const snapshot = {
      loaded: true,
      current: snapshotWith('0 0 * * *'),
      changes$: changes.asObservable(),
    } as unknown as ConfigSnapshotService;
    scheduler = new SchedulerRegistry();
    service = new QuotaResetService(
      snapshot,
      repository,
      { timeZone: 'UTC' } as QuotaService,
      scheduler,
    );
    logged = [];
    jest
      .spyOn((service as unknown as { logger: { log: (m: string) => void } }).logger, 'log')
      .mockImplementation((m: string) => void logged.push(m));
  });

  afterEach(() => {
    service.beforeApplicationShutdown();
    jest.useRealTimers();
  });

  it('records the current period at start-up and the next one at the boundary', async () => {
    service.onApplicationBootstrap();
    await flush();
    expect(resets).toEqual([['target:m/p/a', '2026-04-30T00:00:00.000Z']]);
    expect(logged).toEqual(['quota reset: target:m/p/a (period from 2026-04-30T00:00:00.000Z)']);

    // Another instance won the next one: recorded once across instances, not logged here.
    inserted = false;
    await jest.advanceTimersByTimeAsync(999);
    expect(resets).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(resets).toEqual([
      ['target:m/p/a', '2026-04-30T00:00:00.000Z'],
      ['target:m/p/a', '2026-05-01T00:00:00.000Z'],
    ]);
    expect(logged).toHaveLength(1);
  });

  it('follows configuration changes: new crons armed, old ones dropped', async () => {
    service.onApplicationBootstrap();
    await flush();
    changes.next(snapshotWith('*/10 * * * * *', '0 0 1 * *'));
    await flush();
    expect(scheduler.getTimeouts().sort()).toEqual([
      'quota-reset:*/10 * * * * *',
      'quota-reset:0 0 1 * *',
    ]);
    expect(resets.slice(1).sort()).toEqual([
      [`budget:${KEY_ID}`, '2026-04-01T00:00:00.000Z'],
      ['target:m/p/a', '2026-04-30T23:59:50.000Z'],
    ]);
    await jest.advanceTimersByTimeAsync(1010);
    // Midnight of May 1st ends both the 10-second period and the monthly budget.
    expect(resets.slice(3).sort()).toEqual([
      [`budget:${KEY_ID}`, '2026-05-01T00:00:00.000Z'],
      ['target:m/p/a', '2026-05-01T00:00:00.000Z'],
    ]);
  });

  it('prunes counters of scopes no longer configured a week after their last change, once it has a configuration', async () => {
    await service.sweep();
    expect(repository.pruneCounters).toHaveBeenCalledWith([]);
    expect(repository.pruneOrphans).not.toHaveBeenCalled();
    service.onApplicationBootstrap();
    await service.sweep();
    expect(repository.pruneCounters).toHaveBeenLastCalledWith([
      { scope: 'target:m/p/a', before: new Date('2026-04-29T00:00:00.000Z') },
    ]);
    expect(repository.pruneOrphans).toHaveBeenCalledWith(
      ['target:m/p/a'],
      new Date('2026-04-23T23:59:59.000Z'),
    );
  });

  it('stops its timers at shutdown', async () => {
    service.onApplicationBootstrap();
    await flush();
    service.beforeApplicationShutdown();
    expect(scheduler.getTimeouts()).toEqual([]);
    expect(scheduler.getIntervals()).toEqual([]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(resets).toHaveLength(1);
  });
});
