import { TokenCounter } from './token-counter';

describe('TokenCounter', () => {
  const long = (n: number) => `message ${n} `.repeat(100);

  it('tokenizes a long text once and answers repeats from the cache', () => {
    const tokenize = jest.fn((text: string) => text.length);
    const counter = new TokenCounter(10, 16, tokenize);
    expect(counter.count(long(1))).toBe(long(1).length);
    expect(counter.count(long(1))).toBe(long(1).length);
    expect(tokenize).toHaveBeenCalledTimes(1);
    expect(counter.size).toBe(1);
  });

  it('counts short texts directly, without caching them', () => {
    const tokenize = jest.fn((text: string) => text.length);
    const counter = new TokenCounter(10, 16, tokenize);
    counter.count('short');
    counter.count('short');
    expect(tokenize).toHaveBeenCalledTimes(2);
    expect(counter.size).toBe(0);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const tokenize = jest.fn((text: string) => text.length);
    const counter = new TokenCounter(2, 16, tokenize);
    counter.count(long(1));
    counter.count(long(2));
    counter.count(long(1)); // 1 is now the most recent
    counter.count(long(3)); // evicts 2
    expect(counter.size).toBe(2);
    tokenize.mockClear();
    counter.count(long(1));
    counter.count(long(3));
    expect(tokenize).not.toHaveBeenCalled();
    counter.count(long(2));
    expect(tokenize).toHaveBeenCalledTimes(1);
  });

  it('gives the real tokenizer counts by default', () => {
    const counter = new TokenCounter();
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    expect(counter.count(text)).toBe(counter.count(text));
    expect(counter.count(text)).toBe(201);
  });
});
