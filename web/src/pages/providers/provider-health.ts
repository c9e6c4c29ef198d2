import type { ProviderStatus, TargetStatus } from './types';

export type Circuit = TargetStatus['circuit'];

/** One provider's live health, summed up over its targets and its active health check. */
export interface HealthSummary {
  /** The worst circuit among its targets; null without targets. */
  circuit: Circuit | null;
  /** Mean latency of the targets that have one. */
  latency_ms: number | null;
  /** The highest target error rate (0..1); null without targets. */
  error_rate: number | null;
  /** The most recent error: a target's last error or a failed health check. */
  last_error: { at: string; message: string } | null;
  /** The last active health check: true passed, false failed, null none yet. */
  check_ok: boolean | null;
}

const SEVERITY: Record<Circuit, number> = { closed: 0, half_open: 1, open: 2 };

export function summarizeHealth(status: ProviderStatus | undefined): HealthSummary {
  const targets = status?.targets ?? [];
  const check = status?.health_check ?? null;
  let circuit: Circuit | null = null;
  let errorRate: number | null = null;
  let lastError: HealthSummary['last_error'] = null;
  const latencies: number[] = [];
  for (const t of targets) {
    if (circuit === null || SEVERITY[t.circuit] > SEVERITY[circuit]) circuit = t.circuit;
    errorRate = Math.max(errorRate ?? 0, t.error_rate);
    if (t.latency_ms !== null) latencies.push(t.latency_ms);
    if (t.last_error && (!lastError || t.last_error.at > lastError.at)) lastError = t.last_error;
  }
  if (check && !check.ok && check.error && (!lastError || check.checked_at > lastError.at)) {
    lastError = { at: check.checked_at, message: `Health check: ${check.error}` };
  }
  return {
    circuit,
    latency_ms: latencies.length
      ? latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length
      : null,
    error_rate: errorRate,
    last_error: lastError,
    check_ok: check ? check.ok : null,
  };
}

/** Badge class and words for a circuit state. */
export function circuitBadge(circuit: Circuit | null): { tone: string; label: string } {
  switch (circuit) {
    case 'closed':
      return { tone: 'ok', label: 'closed' };
    case 'half_open':
      return { tone: 'warn', label: 'half open' };
    case 'open':
      return { tone: 'bad', label: 'open' };
    default:
      return { tone: '', label: 'no targets' };
  }
}
