import type { CircuitBreakerConfig } from '../../providers/snapshot.types';
import type { CircuitState } from '../routing.types';

/** Weight of the newest outcome in the error-rate EWMA (≈ the last 20 outcomes). */
export const ERROR_RATE_ALPHA = 0.1;
/**
 * A half-open probe that never reported back (a caller bug) stops blocking the target after
 * this long; the slot is then offered again.
 */
export const PROBE_LEASE_MS = 10 * 60_000;

/** What an outcome did to the circuit. */
export type CircuitTransition = 'opened' | 'closed' | null;

/**
 * One target's circuit breaker: a pure state machine, the clock passed in.
 *
 * - closed: everything passes. Opens after `failure_threshold` consecutive failures, or when
 *   the error-rate EWMA exceeds `error_rate` once at least `min_requests` outcomes were seen.
 * - open: nothing passes until `cooldown_ms` after it opened; it then reads as half-open.
 * - half-open: one probe may go (`tryPass` claims it). Its success closes the circuit and resets
 *   the counters; its failure opens it for another cooldown; `release` (no outcome, e.g. the
 *   client aborted) frees the slot for another probe.
 *
 * Outcomes are not tagged with the attempt they belong to: an outcome that arrives while open
 * (a request begun before the circuit opened) is ignored by the circuit; one that arrives while
 * half-open is taken as the probe's, since it is as fresh a signal as the probe's would be.
 */
export class CircuitBreaker {
  private opened = false;
  /** When open: the time the cooldown ends. */
  private openUntil = 0;
  /** When half-open: the time the probe was claimed, or null when the slot is free. */
  private probeSince: number | null = null;
  private consecutive = 0;
  /** Outcomes seen since the circuit last closed (for `min_requests`). */
  private outcomes = 0;
  private rate = 0;

  constructor(public config: CircuitBreakerConfig) {}

  state(now: number): CircuitState {
    if (!this.opened) return 'closed';
    return now < this.openUntil ? 'open' : 'half_open';
  }

  /** When an open circuit lets a probe through (ms epoch), or null when not open. */
  retryAt(now: number): number | null {
    return this.state(now) === 'open' ? this.openUntil : null;
  }

  /** True when a half-open circuit's probe is out (and its lease has not run out). */
  probeTaken(now: number): boolean {
    return this.probeSince !== null && now - this.probeSince < PROBE_LEASE_MS;
  }

  /** Whether a request may go now, without claiming anything. */
  canPass(now: number): boolean {
    const state = this.state(now);
    return state === 'closed' || (state === 'half_open' && !this.probeTaken(now));
  }

  /** Claims passage for one request: always when closed, the probe slot when half-open. */
  tryPass(now: number): boolean {
    if (!this.canPass(now)) return false;
    if (this.state(now) === 'half_open') this.probeSince = now;
    return true;
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /** EWMA of failures among outcomes since the circuit last closed (0 … 1). */
  get errorRate(): number {
    return this.rate;
  }

  onSuccess(now: number): CircuitTransition {
    const state = this.state(now);
    if (state === 'open') return null;
    if (state === 'half_open') {
      this.reset();
      return 'closed';
    }
    this.record(0);
    this.consecutive = 0;
    return null;
  }

  onFailure(now: number): CircuitTransition {
    const state = this.state(now);
    if (state === 'open') return null;
    if (state === 'half_open') {
      this.open(now);
      return 'opened';
    }
    this.record(1);
    this.consecutive++;
    const { failure_threshold, error_rate, min_requests } = this.config;
    if (
      this.consecutive >= failure_threshold ||
      (this.outcomes >= min_requests && this.rate > error_rate)
    ) {
      this.open(now);
      return 'opened';
    }
    return null;
  }

  /** The request ended without a health signal: frees the half-open probe slot if it held it. */
  release(): void {
    this.probeSince = null;
  }

  private record(failure: 0 | 1): void {
    this.outcomes++;
    this.rate += ERROR_RATE_ALPHA * (failure - this.rate);
  }

  private open(now: number): void {
    this.opened = true;
    this.openUntil = now + this.config.cooldown_ms;
    this.probeSince = null;
  }

  private reset(): void {
    this.opened = false;
    this.openUntil = 0;
    this.probeSince = null;
    this.consecutive = 0;
    this.outcomes = 0;
    this.rate = 0;
  }
}
