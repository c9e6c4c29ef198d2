import { costUsd } from './cost';

describe('costUsd', () => {
  const price = { input: 2.5, output: 10, cached_input: 1.25 };

  it('prices prompt and completion tokens per million', () => {
    expect(costUsd(price, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 0 })).toBe(
      2.5,
    );
    expect(costUsd(price, { promptTokens: 1000, completionTokens: 500, cachedTokens: 0 })).toBe(
      0.0075,
    );
  });

  it('prices cached prompt tokens at cached_input, or input without it', () => {
    const tokens = { promptTokens: 1000, completionTokens: 0, cachedTokens: 400 };
    // 600 × 2.5 + 400 × 1.25 = 2000 micro-dollars
    expect(costUsd(price, tokens)).toBe(0.002);
    expect(costUsd({ input: 2.5, output: 10 }, tokens)).toBe(0.0025);
  });

  it('prices prompt tokens written to the cache at cache_write, or input without it', () => {
    const tokens = {
      promptTokens: 1000,
      completionTokens: 0,
      cachedTokens: 400,
      cacheWriteTokens: 500,
    };
    // 100 × 2.5 + 400 × 1.25 + 500 × 3.125 = 2312.5 micro-dollars
    expect(costUsd({ ...price, cache_write: 3.125 }, tokens)).toBe(0.0023125);
    expect(costUsd(price, tokens)).toBe(0.002);
    // Never more written than the prompt holds besides what was read.
    expect(costUsd({ ...price, cache_write: 3.125 }, { ...tokens, cacheWriteTokens: 5000 })).toBe(
      0.0023125 + 100 * (3.125 - 2.5) * 1e-6,
    );
  });

  it('never counts more cached tokens than prompt tokens', () => {
    expect(costUsd(price, { promptTokens: 10, completionTokens: 0, cachedTokens: 50 })).toBe(
      0.0000125,
    );
  });

  it('is 0 without a price', () => {
    expect(costUsd(undefined, { promptTokens: 10, completionTokens: 10, cachedTokens: 0 })).toBe(0);
  });

  it('keeps 10 decimals: one token of a cheap model is not rounded away', () => {
    expect(
      costUsd(
        { input: 0.1, output: 0.4 },
        { promptTokens: 1, completionTokens: 1, cachedTokens: 0 },
      ),
    ).toBe(0.0000005);
  });
});
