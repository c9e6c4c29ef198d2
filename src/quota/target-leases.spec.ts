import { LEASE_IDLE_MS, SliceStore, TargetLeases } from './target-leases';

/**
 * A store that behaves like the `switchboard_take_slice` routine over one in-memory counter
 * per scope and period (need, plus 1/16 of what remains up to the max).
 */
function memoryStore(limits: { requests?: number; tokens?: number }) {
  const counters = new Map<string, { requests: number; tokens: number }>();
  const counter = (scope: string, period: Date) => {
    const key = `${scope}@${period.toISOString()}`;
    let c = counters.get(key);
    if (!c) counters.set(key, (c = { requests: 0, tokens: 0 }));
    return c;
  };
  let slices = 0;
  const store: SliceStore = {
    takeSlice: jest.fn(async (scope, period, need, max) => {
      slices++;
      await Promise.resolve();
      const c = counter(scope, period);
      const remR = limits.requests === undefined ? Infinity : limits.requests - c.requests;
      const remT = limits.tokens === undefined ? Infinity : limits.tokens - c.tokens;
      if (remR < need.requests || remT < need.tokens) return { requests: 0, tokens: 0 };
      const r =
        limits.requests === undefined
          ? need.requests
          : Math.max(need.requests, Math.min(max.requests, Math.floor(remR / 16)));
      const t =
        limits.tokens === undefined
          ? need.tokens
          : Math.max(need.tokens, Math.min(max.tokens, Math.floor(remT / 16)));
      c.requests += r;
      c.tokens += t;
      return { requests: r, tokens: t };
    }),
    adjust: jest.fn(async (scope, period, requests, tokens) => {
      const c = counter(scope, period);
      c.requests += requests;
      c.tokens += tokens;
    }),
  };
  return { store, counter, slices: () => slices };
}

const P1 = new Date('2026-04-30T00:00:00Z');
const P2 = new Date('2026-05-01T00:00:00Z');

describe('TargetLeases', () => {
  it('never grants more than the limit, and strands nothing: 200 concurrent takes on 50', async () => {
    const { store, counter } = memoryStore({ requests: 50 });
    const leases = new TargetLeases(store, (e) => {
      throw e;
    });
    const units = await Promise.all(
      Array.from({ length: 200 }, () => leases.take('s', P1, 10, { requests: 50 })),
    );
    expect(units.filter((u) => u !== null)).toHaveLength(50);
    expect(counter('s', P1).requests).toBe(50);
    expect(leases.leased('s')).toEqual({ requests: 0, tokens: 0 });
  });

  it('two instances on one counter serve exactly the limit between them', async () => {
    const { store, counter } = memoryStore({ requests: 50 });
    const a = new TargetLeases(store, () => undefined);
    const b = new TargetLeases(store, () => undefined);
    const units = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).take('s', P1, 10, { requests: 50 })),
    );
    expect(units.filter((u) => u !== null)).toHaveLength(50);
    expect(counter('s', P1).requests).toBe(50);
  });

  it('asks the database once per slice, not once per request', async () => {
    const { store, slices } = memoryStore({ requests: 1_000_000 });
    const leases = new TargetLeases(store, () => undefined);
    for (let i = 0; i < 1000; i++) await leases.take('s', P1, 10, { requests: 1_000_000 });
    // Slices of 100 (the cap), the first one taken for the first request.
    expect(slices()).toBe(10);
  });

  it('counts tokens against a token limit through the lease, and corrects to actual usage', async () => {
    const { store, counter } = memoryStore({ tokens: 1000 });
    const leases = new TargetLeases(store, () => undefined);
    const unit = await leases.take('s', P1, 100, { tokens: 1000 });
    expect(unit).not.toBeNull();
    unit!.settle(130);
    await leases.close();
    // 100 reserved + 30 more used; the rest of the slice went back on close.
    expect(counter('s', P1).tokens).toBe(130);
    expect(counter('s', P1).requests).toBe(1);
  });

  it('gives an old period’s lease back when the period changes', async () => {
    const { store, counter } = memoryStore({ requests: 1000 });
    const leases = new TargetLeases(store, () => undefined);
    await leases.take('s', P1, 0, { requests: 1000 });
    expect(counter('s', P1).requests).toBe(62); // max(need 1, floor(1000 / 16))
    await leases.take('s', P2, 0, { requests: 1000 });
    await leases.tick();
    expect(counter('s', P1).requests).toBe(1);
  });

  it('returns an idle lease after LEASE_IDLE_MS', async () => {
    let now = 1_000_000;
    const { store, counter } = memoryStore({ requests: 1000 });
    const leases = new TargetLeases(
      store,
      () => undefined,
      () => now,
    );
    await leases.take('s', P1, 0, { requests: 1000 });
    await leases.tick();
    expect(counter('s', P1).requests).toBe(62);
    now += LEASE_IDLE_MS;
    await leases.tick();
    expect(counter('s', P1).requests).toBe(1);
    expect(leases.leased('s')).toBeUndefined();
  });

  it('a released unit goes back to the lease for the next request', async () => {
    const { store, slices } = memoryStore({ requests: 1 });
    const leases = new TargetLeases(store, () => undefined);
    const first = await leases.take('s', P1, 0, { requests: 1 });
    expect(await leases.take('s', P1, 0, { requests: 1 })).toBeNull();
    first!.release();
    expect(await leases.take('s', P1, 0, { requests: 1 })).not.toBeNull();
    expect(slices()).toBe(2);
  });
});
