import { mulberry32, targetOf } from '../__fixtures__/runtime';
import { ids, statsOf } from './__fixtures__/context';
import { byLatency, latencyScore } from './latency';

describe('latencyScore', () => {
  it('is latency × (1 + 10 × error rate) / weight', () => {
    const stats = { inFlight: 0, latencyMs: 200, errorRate: 0.1 };
    expect(latencyScore(targetOf('a', { weight: 2 }), stats)).toBeCloseTo(200);
  });
});

describe('byLatency', () => {
  const random = mulberry32(5);

  it('prefers the fast target', () => {
    const list = [targetOf('slow'), targetOf('fast')];
    const stats = statsOf({ slow: { latencyMs: 900 }, fast: { latencyMs: 150 } });
    expect(ids(byLatency(list, stats, random))).toEqual(['fast', 'slow']);
  });

  it('prefers a slightly slower target that does not fail', () => {
    const list = [targetOf('flaky'), targetOf('steady')];
    const stats = statsOf({
      flaky: { latencyMs: 200, errorRate: 0.3 },
      steady: { latencyMs: 350, errorRate: 0 },
    });
    expect(ids(byLatency(list, stats, random))).toEqual(['steady', 'flaky']);
  });

  it('divides by weight: a heavier target may be a bit slower', () => {
    const list = [targetOf('a'), targetOf('b', { weight: 2 })];
    const stats = statsOf({ a: { latencyMs: 100 }, b: { latencyMs: 150 } });
    expect(ids(byLatency(list, stats, random))).toEqual(['b', 'a']);
  });

  it('tries unmeasured targets first so they get measured', () => {
    const list = [targetOf('fast'), targetOf('new')];
    const stats = statsOf({ fast: { latencyMs: 10 } });
    expect(ids(byLatency(list, stats, random))).toEqual(['new', 'fast']);
  });

  it('puts weight-0 targets last, even unmeasured ones', () => {
    const list = [targetOf('spare', { weight: 0 }), targetOf('slow')];
    const stats = statsOf({ slow: { latencyMs: 5_000, errorRate: 1 } });
    expect(ids(byLatency(list, stats, random))).toEqual(['slow', 'spare']);
  });

  it('breaks ties by priority', () => {
    const list = [targetOf('b', { priority: 2 }), targetOf('a', { priority: 1 })];
    const stats = statsOf({ a: { latencyMs: 100 }, b: { latencyMs: 100 } });
    expect(ids(byLatency(list, stats, random))).toEqual(['a', 'b']);
  });
});
