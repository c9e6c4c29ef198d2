import { mulberry32 } from '../routing/__fixtures__/runtime';
import { parseRetryAfter, retryDelayMs, sleep } from './backoff';

const policy = { baseMs: 200, maxMs: 5000 };

describe('retryDelayMs', () => {
  it('stays within base·2^n, and never above the cap', () => {
    const random = mulberry32(11);
    for (let n = 0; n < 10; n++) {
      const ceiling = Math.min(5000, 200 * 2 ** n);
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(n, policy, random)!;
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('grows with each retry: later retries wait longer on average (full jitter)', () => {
    const random = mulberry32(5);
    const mean = (n: number) => {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += retryDelayMs(n, policy, random)!;
      return sum / 2000;
    };
    const [m0, m1, m2] = [mean(0), mean(1), mean(2)];
    expect(Math.abs(m0 - 100)).toBeLessThan(10);
    expect(Math.abs(m1 - 200)).toBeLessThan(20);
    expect(Math.abs(m2 - 400)).toBeLessThan(40);
  });

  it('uses the jitter: the extremes of random() give 0 and the ceiling', () => {
    expect(retryDelayMs(2, policy, () => 0)).toBe(0);
    expect(retryDelayMs(2, policy, () => 1)).toBe(800);
  });

  it("waits at least the upstream's Retry-After", () => {
    expect(retryDelayMs(0, policy, () => 0, 1500)).toBe(1500);
    expect(retryDelayMs(3, policy, () => 1, 100)).toBe(1600);
  });

  it('gives up on the target when Retry-After exceeds the cap', () => {
    expect(retryDelayMs(0, policy, () => 0.5, 60_000)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');

  it('reads seconds, fractional seconds and retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
  });

  it('reads an HTTP date, and a date in the past as 0', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sun, 29 Nov 2026 10:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 29 Nov 2026 09:00:00 GMT' }, now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': ['2', '5'] }, now)).toBe(2000);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(5, new AbortController().signal, () => new Error('x'))).resolves.toBe(
      undefined,
    );
  });

  it('rejects at once when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal, () => new Error('gone'));
    controller.abort();
    await expect(pending).rejects.toThrow('gone');
  });
});
