import { mulberry32, targetOf } from '../__fixtures__/runtime';
import { firstPlaceShares, ids, statsOf } from './__fixtures__/context';
import { byLeastConnections } from './least-connections';

describe('byLeastConnections', () => {
  it('puts the idle target first, then by in-flight count', () => {
    const list = [targetOf('busy'), targetOf('idle'), targetOf('some')];
    const stats = statsOf({ busy: { inFlight: 9 }, idle: { inFlight: 0 }, some: { inFlight: 3 } });
    expect(ids(byLeastConnections(list, stats, mulberry32(1)))).toEqual(['idle', 'some', 'busy']);
  });

  it('breaks ties by priority, whatever the weight', () => {
    const list = [targetOf('backup', { priority: 2, weight: 100 }), targetOf('main')];
    expect(ids(byLeastConnections(list, statsOf({}), mulberry32(1)))).toEqual(['main', 'backup']);
  });

  it('breaks ties of equal priority by weight (1:3 ± 2%)', () => {
    const list = [targetOf('light'), targetOf('heavy', { weight: 3 })];
    const random = mulberry32(11);
    const share = firstPlaceShares(() => byLeastConnections(list, statsOf({}), random), 20_000);
    expect(Math.abs(share('heavy') - 0.75)).toBeLessThan(0.02);
  });
});
