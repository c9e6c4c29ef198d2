import { Amount, LEASE_IDLE_MS, Leases, Limited, MAX_SLICE, Slice } from './leases';

const DIMS = ['requests', 'tokens', 'usd'] as const;

/**
 * Counters in memory that behave like the slice routines (need, plus 1/16 of what remains up to
 * the max; nothing when the need does not fit), and a correction writer over them.
 */
function memoryCounters(limits: Partial<Amount>) {
  const counters = new Map<string, Amount>();
  const counter = (scope: string, term: string): Amount => {
    const key = `${scope}@${term}`;
    let c = counters.get(key);
    if (!c) counters.set(key, (c = { requests: 0, tokens: 0, usd: 0 }));
    return c;
  };
  let slices = 0;
  const writes: Amount[] = [];
  const write = jest.fn(async (scope: string, term: string, d: Amount) => {
    writes.push(d);
    const c = counter(scope, term);
    for (const k of DIMS) c[k] += d[k];
  });
  const limited: Limited = {
    requests: limits.requests !== undefined,
    tokens: limits.tokens !== undefined,
    usd: limits.usd !== undefined,
  };
  const slice =
    (scope: string, term: string, need: Amount, until = Infinity) =>
    async (): Promise<Slice<string>> => {
      slices++;
      await Promise.resolve();
      const c = counter(scope, term);
      const granted = { requests: 0, tokens: 0, usd: 0 };
      for (const k of DIMS) {
        const limit = limits[k];
        if (limit === undefined) {
          granted[k] = need[k];
          continue;
        }
        const left = limit - c[k];
        if (left < need[k]) return { granted: null, info: 'refused' };
        const share = k === 'usd' ? left / 16 : Math.floor(left / 16);
        granted[k] = Math.max(need[k], Math.min(MAX_SLICE[k], share));
      }
      for (const k of DIMS) c[k] += granted[k];
      return { granted, term, until, info: `slice ${slices}` };
    };
  return { counter, write, slice, limited, writes, slices: () => slices };
}

const ONE = { requests: 1, tokens: 0, usd: 0 };
const ignore = () => undefined;

describe('Leases', () => {
  it('never grants more than the limit, and strands nothing: 200 concurrent takes on 50', async () => {
    const m = memoryCounters({ requests: 50 });
    const leases = new Leases(m.write, (e) => {
      throw e;
    });
    const taken = await Promise.all(
      Array.from({ length: 200 }, () =>
        leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE)),
      ),
    );
    expect(taken.filter((t) => 'unit' in t)).toHaveLength(50);
    expect(taken.filter((t) => 'refused' in t)).toHaveLength(150);
    expect(m.counter('s', 'p1').requests).toBe(50);
    expect(leases.leased('s')).toEqual({ requests: 0, tokens: 0, usd: 0 });
  });

  it('requests waiting on a refused slice are refused with it, if they need no less', async () => {
    const m = memoryCounters({ tokens: 100 });
    const leases = new Leases(m.write, ignore);
    const take = (tokens: number) => {
      const need = { requests: 1, tokens, usd: 0 };
      return leases.take('s', 'p1', 'L', need, m.limited, m.slice('s', 'p1', need));
    };
    const first = await take(100);
    expect('unit' in first).toBe(true);
    const results = await Promise.all([take(50), take(50), take(60), take(10)]);
    expect(results.map((r) => ('refused' in r ? 'refused' : 'unit'))).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
    // One trip for the three needing 50 or more; the one needing 10 could fit: it asked itself.
    expect(m.slices()).toBe(3);
  });

  it('two instances on one counter serve exactly the limit between them', async () => {
    const m = memoryCounters({ requests: 50 });
    const a = new Leases(m.write, ignore);
    const b = new Leases(m.write, ignore);
    const taken = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a : b).take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE)),
      ),
    );
    expect(taken.filter((t) => 'unit' in t)).toHaveLength(50);
    expect(m.counter('s', 'p1').requests).toBe(50);
  });

  it('asks the database once per slice, not once per request', async () => {
    const m = memoryCounters({ requests: 1_000_000 });
    const leases = new Leases(m.write, ignore);
    for (let i = 0; i < 1000; i++) {
      const taken = await leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
      if ('unit' in taken) taken.unit.settle({});
    }
    // Slices of 100 (the cap), the first one taken for the first request.
    expect(m.slices()).toBe(10);
    // Nothing to correct: each request used what it reserved.
    await leases.tick();
    expect(m.write).not.toHaveBeenCalled();
  });

  it('counts tokens through the lease and corrects to the actual use', async () => {
    const m = memoryCounters({ tokens: 10_000 });
    const leases = new Leases(m.write, ignore);
    const need = { requests: 1, tokens: 100, usd: 0 };
    const taken = await leases.take('s', 'p1', 'L', need, m.limited, m.slice('s', 'p1', need));
    if (!('unit' in taken)) throw new Error('expected a unit');
    expect(taken.info).toBe('slice 1');
    expect(taken.left.tokens).toBe(625 - 100); // 10,000 / 16, less this request's 100
    taken.unit.settle({ tokens: 130 });
    // More than reserved of a limited dimension: written at once.
    expect(m.writes).toEqual([{ requests: 0, tokens: 30, usd: 0 }]);
    await leases.close();
    expect(m.counter('s', 'p1')).toEqual({ requests: 1, tokens: 130, usd: 0 });
  });

  it('dimensions without a limit are counted, not spent from the lease, and corrected in batches', async () => {
    // A token-only quota: requests are counted for stats, never a reason to take a slice.
    const m = memoryCounters({ tokens: 1_000_000 });
    const leases = new Leases(m.write, ignore);
    const need = { requests: 1, tokens: 10, usd: 0 };
    for (let i = 0; i < 50; i++) {
      const taken = await leases.take('s', 'p1', 'L', need, m.limited, m.slice('s', 'p1', need));
      if ('unit' in taken) taken.unit.settle({ tokens: 10 });
    }
    expect(m.slices()).toBe(1);
    expect(m.write).not.toHaveBeenCalled();
    await leases.close();
    expect(m.counter('s', 'p1')).toEqual({ requests: 50, tokens: 500, usd: 0 });
  });

  it('dollars: slices of a budget, corrected to the actual cost', async () => {
    const m = memoryCounters({ usd: 80 });
    const leases = new Leases(m.write, ignore);
    const need = { requests: 1, tokens: 0, usd: 0.25 };
    const limited = { requests: false, tokens: false, usd: true };
    for (let i = 0; i < 3; i++) {
      const taken = await leases.take('b', 'p1', 'L', need, limited, m.slice('b', 'p1', need));
      if (!('unit' in taken)) throw new Error('expected a unit');
      taken.unit.settle({ usd: 0.2 });
      expect(taken.left.usd).toBeCloseTo(1 - 0.25 * (i + 1), 12);
    }
    expect(m.slices()).toBe(1); // max($0.25, min($1 cap, $80 / 16))
    await leases.close();
    expect(m.counter('b', 'p1').usd).toBeCloseTo(0.6, 12);
    expect(m.counter('b', 'p1').requests).toBe(3);
  });

  it('a slice of n requests’ cost serves n requests, whatever the binary rounding', async () => {
    const m = memoryCounters({ usd: 1 });
    const leases = new Leases(m.write, ignore);
    // $0.0007 taken from $0.007 one by one leaves a hair below $0.0007 for the tenth.
    const need = { requests: 1, tokens: 0, usd: 0.0007 };
    const limited = { requests: false, tokens: false, usd: true };
    let calls = 0;
    const slice = async (): Promise<Slice<string>> => ({
      granted: { requests: 1, tokens: 0, usd: (calls++, 0.007) },
      term: 'p1',
      until: Infinity,
      info: '',
    });
    for (let i = 0; i < 10; i++) await leases.take('b', 'p1', 'L', need, limited, slice);
    expect(calls).toBe(1);
    expect(leases.leased('b')?.usd).toBeCloseTo(0, 12);
    await leases.take('b', 'p1', 'L', need, limited, slice);
    expect(m.write).not.toHaveBeenCalled();
    expect(leases.leased('b')?.usd).toBeCloseTo(0.007 - 0.0007, 12);
  });

  it('gives an old term’s lease back when the term changes', async () => {
    const m = memoryCounters({ requests: 1000 });
    const leases = new Leases(m.write, ignore);
    await leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
    expect(m.counter('s', 'p1').requests).toBe(62); // max(need 1, floor(1000 / 16))
    await leases.take('s', 'p2', 'L', ONE, m.limited, m.slice('s', 'p2', ONE));
    await leases.tick();
    expect(m.counter('s', 'p1').requests).toBe(1);
  });

  it('gives a lease back when the limits it was sized for change', async () => {
    const m = memoryCounters({ requests: 1000 });
    const leases = new Leases(m.write, ignore);
    await leases.take('s', 'p1', 'rpm 1000', ONE, m.limited, m.slice('s', 'p1', ONE));
    await leases.take('s', 'p1', 'rpm 500', ONE, m.limited, m.slice('s', 'p1', ONE));
    expect(m.slices()).toBe(2);
    await leases.tick();
    // 61 of the first slice (62) went back; the second is 1/16 of the 938 left then.
    expect(m.counter('s', 'p1').requests).toBe(1 + 58);
    expect(leases.leased('s')?.requests).toBe(57);
  });

  it('returns an idle lease after LEASE_IDLE_MS', async () => {
    let now = 1_000_000;
    const m = memoryCounters({ requests: 1000 });
    const leases = new Leases(m.write, ignore, () => now);
    await leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
    await leases.tick();
    expect(m.counter('s', 'p1').requests).toBe(62);
    now += LEASE_IDLE_MS;
    await leases.tick();
    expect(m.counter('s', 'p1').requests).toBe(1);
    expect(leases.leased('s')).toBeUndefined();
  });

  it('a slice is not spent after its time; what is left goes back to its own term', async () => {
    let now = 1_000_000;
    const m = memoryCounters({ requests: 1000 });
    const leases = new Leases(m.write, ignore, () => now);
    // A rate slice: counted in second 's1', spendable for 300 ms.
    await leases.take('k', undefined, 'L', ONE, m.limited, m.slice('k', 's1', ONE, now + 300));
    await leases.take('k', undefined, 'L', ONE, m.limited, m.slice('k', 's1', ONE, now + 300));
    expect(m.slices()).toBe(1);
    now += 300;
    await leases.take('k', undefined, 'L', ONE, m.limited, m.slice('k', 's2', ONE, now + 1000));
    expect(m.slices()).toBe(2);
    await leases.tick();
    expect(m.counter('k', 's1').requests).toBe(2);
    expect(leases.leased('k')?.requests).toBe(m.counter('k', 's2').requests - 1);
  });

  it('a released unit goes back to the lease for the next request', async () => {
    const m = memoryCounters({ requests: 1 });
    const leases = new Leases(m.write, ignore);
    const take = () => leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
    const first = await take();
    expect(await take()).toEqual({ refused: 'refused' });
    if (!('unit' in first)) throw new Error('expected a unit');
    first.unit.release();
    first.unit.release();
    expect('unit' in (await take())).toBe(true);
    expect(m.slices()).toBe(2);
  });

  it('a unit released after its lease went back gives back what it counted', async () => {
    let now = 1_000_000;
    const m = memoryCounters({ requests: 1000 });
    const leases = new Leases(m.write, ignore, () => now);
    const taken = await leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
    now += LEASE_IDLE_MS;
    await leases.tick();
    if (!('unit' in taken)) throw new Error('expected a unit');
    taken.unit.release();
    await leases.tick();
    expect(m.counter('s', 'p1').requests).toBe(0);
  });

  it('a failed slice fails every request waiting for it', async () => {
    const m = memoryCounters({ requests: 10 });
    const leases = new Leases(m.write, ignore);
    const broken = () => Promise.reject(new Error('connection refused'));
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () => leases.take('s', 'p1', 'L', ONE, m.limited, broken)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // The next request asks again.
    const again = await leases.take('s', 'p1', 'L', ONE, m.limited, m.slice('s', 'p1', ONE));
    expect('unit' in again).toBe(true);
  });
});
