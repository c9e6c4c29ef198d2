import type { TargetRuntime } from '../providers/snapshot.types';

/**
 * Health is kept per upstream (provider + upstream model), not per configured target row: two
 * logical models served by the same upstream model share its health, and a rule override that
 * names a provider and model lands on the same state.
 */
export function targetKey(target: Pick<TargetRuntime, 'provider' | 'upstreamModel'>): string {
  return `${target.provider.id}/${target.upstreamModel}`;
}

/** What strategies read about a target's recent behaviour (instance-local). */
export interface TargetStats {
  /** Requests to this target that have not finished yet. */
  inFlight: number;
  /** EWMA of attempt latency in ms; undefined until the first attempt finished. */
  latencyMs: number | undefined;
  /** EWMA of failures (0 = none, 1 = all). */
  errorRate: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/** Whether a target may take a request now, and if not, why. */
export type Availability =
  { usable: true; state: 'closed' | 'half_open' } | { usable: false; reason: string };

/** One target's health as `/admin/providers/status` shows it. */
export interface TargetHealthView {
  provider: string;
  model: string;
  circuit: CircuitState;
  /** When an open circuit lets a probe through, ISO time. */
  retry_at: string | null;
  /** Rate-limited (429) until, ISO time. */
  cooldown_until: string | null;
  latency_ms: number | null;
  error_rate: number;
  in_flight: number;
  consecutive_failures: number;
  requests: number;
  failures: number;
  last_error: { message: string; at: string } | null;
  /** The provider's active health check, when it has one. */
  health_check: { ok: boolean; checked_at: string; error: string | null } | null;
}
