import { mulberry32, targetOf } from '../__fixtures__/runtime';
import { ids } from './__fixtures__/context';
import { byCost, DEFAULT_EXPECTED_OUTPUT_TOKENS, estimateCost } from './cost';

describe('estimateCost', () => {
  it('prices prompt tokens at input and max_tokens at output, per 1M tokens', () => {
    expect(estimateCost({ input: 3, output: 15 }, 1_000_000, 100_000)).toBeCloseTo(4.5);
  });

  it('assumes 256 output tokens when the request sets no limit', () => {
    expect(DEFAULT_EXPECTED_OUTPUT_TOKENS).toBe(256);
    expect(estimateCost({ input: 0, output: 1e6 }, 500, undefined)).toBe(256);
  });
});

describe('byCost', () => {
  const random = mulberry32(3);

  it('puts the cheapest target for this request first, unpriced ones last', () => {
    const list = [
      targetOf('free?'),
      targetOf('pricey', { price: { input: 10, output: 30 } }),
      targetOf('cheap', { price: { input: 0.15, output: 0.6 } }),
    ];
    expect(ids(byCost(list, () => 2_000, 500, random))).toEqual(['cheap', 'pricey', 'free?']);
  });

  it('weighs output by max_tokens: long answers favour a cheap output price', () => {
    const list = [
      targetOf('cheap-in', { price: { input: 1, output: 20 } }),
      targetOf('cheap-out', { price: { input: 5, output: 2 } }),
    ];
    expect(ids(byCost(list, () => 1_000, 10, random))).toEqual(['cheap-in', 'cheap-out']);
    expect(ids(byCost(list, () => 1_000, 4_000, random))).toEqual(['cheap-out', 'cheap-in']);
  });

  it('breaks equal costs and unpriced targets by priority', () => {
    const price = { input: 1, output: 1 };
    const list = [
      targetOf('u2', { priority: 2 }),
      targetOf('p2', { priority: 2, price }),
      targetOf('u1', { priority: 1 }),
      targetOf('p1', { priority: 1, price }),
    ];
    expect(ids(byCost(list, () => 100, undefined, random))).toEqual(['p1', 'p2', 'u1', 'u2']);
  });

  it('does not count prompt tokens when no target has a price', () => {
    const promptTokens = jest.fn(() => 1);
    const list = [targetOf('b', { priority: 2 }), targetOf('a')];
    expect(ids(byCost(list, promptTokens, undefined, random))).toEqual(['a', 'b']);
    expect(promptTokens).not.toHaveBeenCalled();
  });
});
