import { Subject } from 'rxjs';
import { AllTargetsFailedError } from '../common/errors/gateway-error';
import { parseEnv } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import type { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { TargetRuntime } from '../providers/snapshot.types';
import { providerOf, targetOf } from '../routing/__fixtures__/runtime';
import { TargetHealthService } from '../routing/health/target-health.service';
import { ClientAbortedError } from './client-aborted.error';
import { AttemptFailure, AttemptResult, FailoverService } from './failover.service';

const env = { ...parseEnv({}), RETRY_BASE_MS: 1, RETRY_MAX_MS: 50 };

const serverError = () => new AttemptFailure('HTTP 500', 500, 'retry');
const unauthorized = () => new AttemptFailure('HTTP 401', 401, 'next_target');
const tooMany = (retryAfterMs?: number) =>
  new AttemptFailure('HTTP 429', 429, 'next_target', true, retryAfterMs);

/** A target `id` on provider `p-<id>` with `retries` retries. */
const target = (id: string, retries = 0, over: Parameters<typeof providerOf>[1] = {}) =>
  targetOf(id, { provider: providerOf(`p-${id}`, { retries, ...over }) });

/** Every failover error is an AllTargetsFailedError; fail the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<AllTargetsFailedError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AllTargetsFailedError);
  return err as AllTargetsFailedError;
}

describe('FailoverService', () => {
  let health: TargetHealthService;
  let failover: FailoverService;
  let signal: AbortSignal;

  beforeEach(() => {
    const snapshot = { changes$: new Subject() } as unknown as ConfigSnapshotService;
    health = new TargetHealthService(env, new MetricsService(), snapshot);
    failover = new FailoverService(health, env);
    signal = new AbortController().signal;
  });

  /** An attempt function answering from a script per target id (the last answer repeats). */
  function scripted(script: Record<string, (() => AttemptResult<string>)[]>) {
    const calls: string[] = [];
    const attempt = jest.fn(async (t: TargetRuntime): Promise<AttemptResult<string>> => {
      const answers = script[t.id];
      const n = calls.filter((id) => id === t.id).length;
      calls.push(t.id);
      return answers[Math.min(n, answers.length - 1)]();
    });
    return { attempt, calls };
  }

  it('returns the first target’s result and records the success', async () => {
    const a = target('a', 2);
    const b = target('b');
    const { attempt, calls } = scripted({ a: [() => 'ok from a'], b: [() => 'ok from b'] });
    const out = await failover.run('gpt', [a, b], signal, attempt);
    expect(out).toEqual({ result: 'ok from a', target: a, hold: null });
    expect(calls).toEqual(['a']);
    expect(health.view(a)).toMatchObject({ requests: 1, failures: 0, in_flight: 0 });
  });

  it('retries a retryable failure provider.retries times, then moves on', async () => {
    const a = target('a', 2);
    const b = target('b');
    const { attempt, calls } = scripted({ a: [serverError], b: [() => 'ok from b'] });
    const out = await failover.run('gpt', [a, b], signal, attempt);
    expect(out.target).toBe(b);
    expect(calls).toEqual(['a', 'a', 'a', 'b']);
    expect(health.view(a)).toMatchObject({ requests: 3, failures: 3, in_flight: 0 });
  });

  it('succeeds on a retry of the same target', async () => {
    const a = target('a', 2);
    const { attempt, calls } = scripted({ a: [serverError, () => 'second time'] });
    const out = await failover.run('gpt', [a], signal, attempt);
    expect(out).toEqual({ result: 'second time', target: a, hold: null });
    expect(calls).toEqual(['a', 'a']);
  });

  it('does not retry a next_target failure', async () => {
    const a = target('a', 3);
    const b = target('b');
    const { attempt, calls } = scripted({ a: [unauthorized], b: [() => 'ok'] });
    await failover.run('gpt', [a, b], signal, attempt);
    expect(calls).toEqual(['a', 'b']);
  });

  it('moves on from a rate-limited target without retrying, cooling it down', async () => {
    const a = target('a', 3);
    const b = target('b');
    const { attempt, calls } = scripted({ a: [() => tooMany(2_000)], b: [() => 'ok'] });
    await failover.run('gpt', [a, b], signal, attempt);
    expect(calls).toEqual(['a', 'b']);
    expect(health.availability(a)).toMatchObject({ usable: false });
    expect(health.view(a).last_error?.message).toBe('rate limited (429)');
    expect(health.view(a).consecutive_failures).toBe(0);
  });

  it('429 with the soonest Retry-After when every target is rate limited', async () => {
    const { attempt } = scripted({ a: [() => tooMany(4_200)], b: [() => tooMany(1_500)] });
    const err = await failure(failover.run('gpt', [target('a'), target('b')], signal, attempt));
    expect(err.status).toBe(429);
    expect(err.code).toBe('all_targets_rate_limited');
    expect(err.headers).toEqual({ 'retry-after': '2' });
    expect(err.message).toBe(
      "All 2 attempt(s) for model 'gpt' failed: p-a/m: HTTP 429; p-b/m: HTTP 429",
    );
  });

  it('429, not 502, when a later candidate was rate limited by another request meanwhile', async () => {
    const a = target('a');
    const b = target('b');
    // Another request's 429 cools b down after routing planned this one.
    health.begin(b);
    health.rateLimited(b, 5000, 1);
    const { attempt, calls } = scripted({ a: [() => tooMany(2000)], b: [() => 'never'] });
    const err = await failure(failover.run('gpt', [a, b], signal, attempt));
    expect(calls).toEqual(['a']);
    expect(err.status).toBe(429);
    expect(err.headers).toEqual({ 'retry-after': '2' });
    expect(err.message).toContain('p-b/m: rate limited until');
  });

  it('a 429 without Retry-After says retry after 1 second', async () => {
    const { attempt } = scripted({ a: [() => tooMany()] });
    const err = await failure(failover.run('gpt', [target('a')], signal, attempt));
    expect(err).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
  });

  it('502 listing the skipped targets and every attempt when failures are mixed', async () => {
    const a = target('a', 1);
    const b = target('b');
    const { attempt } = scripted({ a: [serverError], b: [() => tooMany(1_000)] });
    const err = await failure(
      failover.run('gpt', [a, b], signal, attempt, { skipped: ['p-c/m: target disabled'] }),
    );
    expect(err.status).toBe(502);
    expect(err.code).toBe('all_targets_failed');
    expect(err.headers).toEqual({});
    expect(err.message).toBe(
      "All 4 attempt(s) for model 'gpt' failed: p-c/m: target disabled; p-a/m: HTTP 500; " +
        'p-a/m: HTTP 500; p-b/m: HTTP 429',
    );
  });

  it('502 "no target available" without candidates or skipped targets', async () => {
    const attempt = jest.fn();
    const err = await failure(failover.run('gpt', [], signal, attempt));
    expect(err.status).toBe(502);
    expect(err.message).toContain('no target available');
    expect(attempt).not.toHaveBeenCalled();
  });

  it('does not wait for a Retry-After above RETRY_MAX_MS: next target instead', async () => {
    const a = target('a', 3);
    const b = target('b');
    const slow = () => new AttemptFailure('HTTP 503', 503, 'retry', false, 51);
    const { attempt, calls } = scripted({ a: [slow], b: [() => 'ok'] });
    const out = await failover.run('gpt', [a, b], signal, attempt);
    expect(out.target).toBe(b);
    expect(calls).toEqual(['a', 'b']);
  });

  it('waits for a Retry-After within RETRY_MAX_MS and retries the same target', async () => {
    const a = target('a', 1);
    const soon = () => new AttemptFailure('HTTP 503', 503, 'retry', false, 50);
    const { attempt, calls } = scripted({ a: [soon, () => 'ok'] });
    const out = await failover.run('gpt', [a], signal, attempt);
    expect(out.result).toBe('ok');
    expect(calls).toEqual(['a', 'a']);
  });

  it('propagates a thrown error and releases the target', async () => {
    const a = target('a', 3);
    const b = target('b');
    const attempt = jest.fn(async () => {
      expect(health.stats(a).inFlight).toBe(1);
      throw new ClientAbortedError();
    });
    await expect(failover.run('gpt', [a, b], signal, attempt)).rejects.toBeInstanceOf(
      ClientAbortedError,
    );
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(health.stats(a).inFlight).toBe(0);
    // Released, not failed: no health signal was recorded.
    expect(health.view(a)).toMatchObject({ requests: 0, failures: 0, consecutive_failures: 0 });
  });

  it('opens the circuit per the provider config and then skips the target with its reason', async () => {
    const breaker = {
      failure_threshold: 2,
      error_rate: 0.5,
      min_requests: 20,
      cooldown_ms: 60_000,
    };
    const a = target('a', 5, { circuitBreaker: breaker });
    const b = target('b');
    const { attempt, calls } = scripted({ a: [serverError], b: [unauthorized] });
    const err = await failure(failover.run('gpt', [a, b], signal, attempt));
    // Two failures open a's circuit: its third try is refused before any call.
    expect(calls).toEqual(['a', 'a', 'b']);
    expect(health.view(a).circuit).toBe('open');
    expect(err.status).toBe(502);
    expect(err.message).toMatch(
      /^All 4 attempt\(s\) for model 'gpt' failed: p-a\/m: HTTP 500; p-a\/m: HTTP 500; p-a\/m: circuit open until \d{4}-\d\d-\d\dT[\d:.]+Z; p-b\/m: HTTP 401$/,
    );

    // The next request does not call a at all.
    const next = scripted({ a: [() => 'never'], b: [() => 'ok from b'] });
    const out = await failover.run('gpt', [a, b], signal, next.attempt);
    expect(out.target).toBe(b);
    expect(next.calls).toEqual(['b']);
  });

  it('rejects with ClientAbortedError when the client goes away during the backoff', async () => {
    const controller = new AbortController();
    const a = target('a', 3);
    const b = target('b');
    const { attempt, calls } = scripted({
      a: [
        () => {
          // Abort once the wait (at least the 50 ms Retry-After) has begun.
          setTimeout(() => controller.abort(), 5);
          return new AttemptFailure('HTTP 503', 503, 'retry', false, 50);
        },
      ],
      b: [() => 'ok'],
    });
    await expect(failover.run('gpt', [a, b], controller.signal, attempt)).rejects.toBeInstanceOf(
      ClientAbortedError,
    );
    expect(calls).toEqual(['a']);
    expect(health.stats(a).inFlight).toBe(0);
  });

  it('rejects at once when the signal is already aborted before a retry', async () => {
    const controller = new AbortController();
    const a = target('a', 3);
    const { attempt, calls } = scripted({
      a: [
        () => {
          controller.abort();
          return serverError();
        },
      ],
    });
    await expect(failover.run('gpt', [a], controller.signal, attempt)).rejects.toMatchObject({
      status: 499,
      code: 'client_closed_request',
    });
    expect(calls).toEqual(['a']);
  });
});

describe('FailoverService with quota holds', () => {
  let health: TargetHealthService;
  let failover: FailoverService;
  const signal = new AbortController().signal;

  beforeEach(() => {
    const snapshot = { changes$: new Subject() } as unknown as ConfigSnapshotService;
    health = new TargetHealthService(env, new MetricsService(), snapshot);
    failover = new FailoverService(health, env);
  });

  const holdFor = () => ({ settle: jest.fn(), release: jest.fn() });

  it('keeps the hold of the attempt that served, and releases those of failed attempts', async () => {
    const a = target('a', 1);
    const holds = [holdFor(), holdFor()];
    let n = 0;
    const reserve = jest.fn(async () => holds[n++]);
    const attempt = jest
      .fn()
      .mockResolvedValueOnce(new AttemptFailure('HTTP 500', 500, 'retry'))
      .mockResolvedValueOnce('ok');
    const out = await failover.run('gpt', [a], signal, attempt, { reserve });
    expect(out.hold).toBe(holds[1]);
    expect(holds[0].release).toHaveBeenCalledTimes(1);
    expect(holds[1].release).not.toHaveBeenCalled();
    expect(reserve).toHaveBeenCalledTimes(2);
  });

  it('skips a target out of quota and answers 429 until its period ends when nothing is left', async () => {
    const a = target('a');
    const b = target('b');
    const until = Date.now() + 90_000;
    const attempt = jest.fn();
    const err = await failure(
      failover.run('gpt', [a, b], signal, attempt, {
        reserve: async () => ({ exhaustedUntil: until }),
      }),
    );
    expect(attempt).not.toHaveBeenCalled();
    expect(err.status).toBe(429);
    expect(Number(err.headers['retry-after'])).toBeGreaterThanOrEqual(89);
    expect(err.message).toContain('p-a/m: quota exhausted');
  });

  it('releases the hold when the attempt throws (client gone)', async () => {
    const hold = holdFor();
    await expect(
      failover.run('gpt', [target('a')], signal, () => Promise.reject(new ClientAbortedError()), {
        reserve: async () => hold,
      }),
    ).rejects.toBeInstanceOf(ClientAbortedError);
    expect(hold.release).toHaveBeenCalledTimes(1);
  });
});
