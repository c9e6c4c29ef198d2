import { STRATEGIES } from '../../config/gateway-config.schema';
import { mulberry32, providerOf, targetOf } from '../__fixtures__/runtime';
import { contextOf, firstPlaceShares, ids, statsOf } from './__fixtures__/context';
import { orderTargets } from './order-targets';

const off = providerOf('off', { enabled: false });
const targets = [
  targetOf('a', { priority: 2, price: { input: 3, output: 15 } }),
  targetOf('b', { priority: 1, weight: 3 }),
  targetOf('c', { weight: 0, price: { input: 0.1, output: 0.4 } }),
  targetOf('d', { enabled: false, priority: 3 }),
  targetOf('e', { provider: off, weight: 2, price: { input: 1, output: 2 } }),
];

describe('orderTargets', () => {
  it.each(STRATEGIES)('%s: returns every input exactly once, disabled ones included', (s) => {
    const ctx = contextOf({
      random: mulberry32(7),
      stats: statsOf({ a: { inFlight: 2, latencyMs: 300 }, b: { latencyMs: 100 } }),
    });
    for (let i = 0; i < 200; i++) {
      expect(ids(orderTargets(s, targets, ctx)).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    }
  });

  it.each(STRATEGIES)('%s: returns nothing for no targets', (s) => {
    expect(orderTargets(s, [], contextOf())).toEqual([]);
  });

  it('does not mutate the input', () => {
    const input = [...targets];
    for (const s of STRATEGIES) orderTargets(s, input, contextOf());
    expect(input).toEqual(targets);
  });

  it('priority: lowest number first, weighted within a group', () => {
    const order = ids(orderTargets('priority', targets, contextOf()));
    expect(new Set(order.slice(0, 2))).toEqual(new Set(['b', 'e']));
    expect(order.slice(2)).toEqual(['c', 'a', 'd']);
  });

  it('weighted: ignores priority, first place in proportion to weight (1:3 ± 2%)', () => {
    const pair = [
      targetOf('light', { priority: 1 }),
      targetOf('heavy', { priority: 9, weight: 3 }),
    ];
    const ctx = contextOf({ random: mulberry32(2024) });
    const share = firstPlaceShares(() => orderTargets('weighted', pair, ctx), 20_000);
    expect(Math.abs(share('light') - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(share('heavy') - 0.75)).toBeLessThan(0.02);
  });

  it('weighted: weight-0 targets last, in declared order', () => {
    const list = [targetOf('z1', { weight: 0 }), targetOf('a'), targetOf('z2', { weight: 0 })];
    const ctx = contextOf();
    for (let i = 0; i < 100; i++) {
      expect(ids(orderTargets('weighted', list, ctx))).toEqual(['a', 'z1', 'z2']);
    }
  });

  it('round_robin: reads the cursor of the request model', () => {
    const cursor = jest.fn(() => 1);
    const order = orderTargets(
      'round_robin',
      [targetOf('a'), targetOf('b')],
      contextOf({ cursor, modelName: 'gpt' }),
    );
    expect(ids(order)).toEqual(['b', 'a']);
    expect(cursor).toHaveBeenCalledWith('gpt');
  });

  it('reads prompt tokens only for the cost strategy', () => {
    for (const s of STRATEGIES) {
      const promptTokens = jest.fn(() => 10);
      orderTargets(s, targets, contextOf({ promptTokens }));
      expect(promptTokens).toHaveBeenCalledTimes(s === 'cost' ? 1 : 0);
    }
  });

  it('cost: cheapest first, unpriced last', () => {
    expect(ids(orderTargets('cost', targets, contextOf()))).toEqual(['c', 'e', 'a', 'b', 'd']);
  });
});
