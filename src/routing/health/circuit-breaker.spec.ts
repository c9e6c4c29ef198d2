import { CircuitBreaker, PROBE_LEASE_MS } from './circuit-breaker';

const config = { failure_threshold: 3, error_rate: 0.5, min_requests: 10, cooldown_ms: 1000 };

function failTimes(cb: CircuitBreaker, n: number, now = 0) {
  const changes = [];
  for (let i = 0; i < n; i++) changes.push(cb.onFailure(now));
  return changes;
}

/** An open circuit (opened at t=0 by consecutive failures). */
function opened(): CircuitBreaker {
  const cb = new CircuitBreaker({ ...config });
  failTimes(cb, 3);
  return cb;
}

describe('CircuitBreaker', () => {
  it('starts closed and lets everything through', () => {
    const cb = new CircuitBreaker(config);
    expect(cb.state(0)).toBe('closed');
    expect(cb.tryPass(0)).toBe(true);
    expect(cb.tryPass(0)).toBe(true);
    expect(cb.retryAt(0)).toBeNull();
  });

  describe('closed → open', () => {
    it('opens after failure_threshold consecutive failures', () => {
      const cb = new CircuitBreaker(config);
      expect(failTimes(cb, 3)).toEqual([null, null, 'opened']);
      expect(cb.state(0)).toBe('open');
      expect(cb.tryPass(0)).toBe(false);
      expect(cb.retryAt(0)).toBe(1000);
    });

    it('a success in between resets the consecutive count', () => {
      const cb = new CircuitBreaker(config);
      failTimes(cb, 2);
      cb.onSuccess(0);
      expect(cb.consecutiveFailures).toBe(0);
      expect(failTimes(cb, 2)).toEqual([null, null]);
      expect(cb.state(0)).toBe('closed');
    });

    it('opens on the error rate, but only once min_requests outcomes were seen', () => {
      // Failure, failure, success, …: never 3 in a row; the EWMA climbs past 0.4 at the 8th.
      const cb = new CircuitBreaker({ ...config, error_rate: 0.4 });
      const outcome = (i: number) => (i % 3 === 2 ? cb.onSuccess(0) : cb.onFailure(0));
      const changes = [];
      for (let i = 0; i < 9; i++) changes.push(outcome(i));
      expect(changes.every((c) => c === null)).toBe(true);
      expect(cb.state(0)).toBe('closed');
      expect(cb.errorRate).toBeCloseTo(0.3865, 4); // 0.4295 after the 8th, still closed
      // The 10th outcome (min_requests) is a failure: 0.448 > 0.4, the circuit opens.
      expect(outcome(9)).toBe('opened');
      expect(cb.state(0)).toBe('open');
    });

    it('below min_requests a high error rate alone does not open it', () => {
      const cb = new CircuitBreaker({ ...config, error_rate: 0.1 });
      for (let i = 0; i < 8; i++) {
        if (i % 3 === 2) cb.onSuccess(0);
        else cb.onFailure(0);
      }
      expect(cb.errorRate).toBeGreaterThan(0.4);
      expect(cb.state(0)).toBe('closed');
    });

    it('does not open while the error rate stays at or under error_rate', () => {
      const cb = new CircuitBreaker({ ...config, error_rate: 0.6 });
      for (let i = 0; i < 40; i++) {
        if (i % 2 === 0) cb.onFailure(0);
        else cb.onSuccess(0);
      }
      expect(cb.errorRate).toBeLessThanOrEqual(0.6);
      expect(cb.state(0)).toBe('closed');
    });

    it('keeps the error rate as an EWMA with alpha 0.1', () => {
      const cb = new CircuitBreaker({ ...config, failure_threshold: 100 });
      cb.onFailure(0);
      expect(cb.errorRate).toBeCloseTo(0.1, 10);
      cb.onFailure(0);
      expect(cb.errorRate).toBeCloseTo(0.19, 10);
      cb.onSuccess(0);
      expect(cb.errorRate).toBeCloseTo(0.171, 10);
    });
  });

  describe('open', () => {
    it('lets nothing through and ignores outcomes until the cooldown ends', () => {
      const cb = opened();
      expect(cb.canPass(999)).toBe(false);
      expect(cb.onSuccess(500)).toBeNull(); // a request begun before it opened
      expect(cb.onFailure(500)).toBeNull();
      expect(cb.state(999)).toBe('open');
      expect(cb.retryAt(999)).toBe(1000);
    });

    it('turns half-open after cooldown_ms', () => {
      const cb = opened();
      expect(cb.state(1000)).toBe('half_open');
      expect(cb.retryAt(1000)).toBeNull();
    });
  });

  describe('half-open', () => {
    it('lets exactly one probe through', () => {
      const cb = opened();
      expect(cb.canPass(1000)).toBe(true);
      expect(cb.tryPass(1000)).toBe(true);
      expect(cb.probeTaken(1001)).toBe(true);
      expect(cb.canPass(1001)).toBe(false);
      expect(cb.tryPass(1001)).toBe(false);
    });

    it('closes on the probe success and resets the counters', () => {
      const cb = opened();
      cb.tryPass(1000);
      expect(cb.onSuccess(1200)).toBe('closed');
      expect(cb.state(1200)).toBe('closed');
      expect(cb.consecutiveFailures).toBe(0);
      expect(cb.errorRate).toBe(0);
      // A fresh count: it takes failure_threshold failures again to open.
      expect(failTimes(cb, 3, 1300)).toEqual([null, null, 'opened']);
    });

    it('opens again for another cooldown on the probe failure', () => {
      const cb = opened();
      cb.tryPass(1500);
      expect(cb.onFailure(1600)).toBe('opened');
      expect(cb.state(1600)).toBe('open');
      expect(cb.retryAt(1600)).toBe(2600);
      expect(cb.state(2600)).toBe('half_open');
      expect(cb.tryPass(2600)).toBe(true);
    });

    it('a released probe (no outcome) frees the slot for another one', () => {
      const cb = opened();
      cb.tryPass(1000);
      cb.release();
      expect(cb.state(1100)).toBe('half_open');
      expect(cb.tryPass(1100)).toBe(true);
      expect(cb.tryPass(1100)).toBe(false);
    });

    it('a probe that never reports back stops blocking after its lease', () => {
      const cb = opened();
      cb.tryPass(1000);
      expect(cb.canPass(1000 + PROBE_LEASE_MS - 1)).toBe(false);
      expect(cb.canPass(1000 + PROBE_LEASE_MS)).toBe(true);
    });
  });

  it('follows a changed configuration', () => {
    const cb = new CircuitBreaker({ ...config });
    cb.config = { ...config, failure_threshold: 1 };
    expect(cb.onFailure(0)).toBe('opened');
  });
});
