import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';

type Ctor<T> = new (config: {
  name: string;
  help: string;
  labelNames?: string[];
  buckets?: number[];
}) => T;

/** Metrics live in prom-client's default registry (served at /metrics); created once per process. */
function metric<T>(
  kind: Ctor<T>,
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets?: number[],
): T {
  return (
    (register.getSingleMetric(name) as T | undefined) ??
    new kind({ name, help, labelNames, ...(buckets ? { buckets } : {}) })
  );
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Every metric the gateway exports. Label names follow the domain words (model, provider). */
@Injectable()
export class MetricsService {
  readonly requests = metric(
    Counter,
    'switchboard_requests_total',
    'Proxied requests by logical model, provider that answered, endpoint and HTTP status',
    ['model', 'provider', 'endpoint', 'status'],
  );
  readonly requestDuration = metric(
    Histogram,
    'switchboard_request_duration_seconds',
    'Time from request to the end of the response, for proxied requests',
    ['model', 'endpoint', 'stream'],
    LATENCY_BUCKETS,
  );
  readonly timeToFirstToken = metric(
    Histogram,
    'switchboard_time_to_first_token_seconds',
    'Time from request to the first streamed event sent to the client',
    ['model'],
    LATENCY_BUCKETS,
  );
  readonly upstreamDuration = metric(
    Histogram,
    'switchboard_upstream_duration_seconds',
    'Time to the upstream response headers, per attempt',
    ['provider', 'status'],
    LATENCY_BUCKETS,
  );
  readonly upstreamAttempts = metric(
    Counter,
    'switchboard_upstream_attempts_total',
    'Upstream attempts by provider and outcome (ok, http_<status>, network_error, timeout)',
    ['provider', 'outcome'],
  );
  readonly inFlight = metric(
    Gauge,
    'switchboard_requests_in_flight',
    'Proxied requests currently being served',
    ['endpoint'],
  );
  readonly usageQueued = metric(
    Gauge,
    'switchboard_usage_queue_rows',
    'Usage rows waiting to be written',
  );
  readonly usageWritten = metric(
    Counter,
    'switchboard_usage_rows_written_total',
    'Usage rows written to Postgres',
  );
  readonly usageWriteErrors = metric(
    Counter,
    'switchboard_usage_write_errors_total',
    'Failed usage batch writes (rows are kept and retried)',
  );
  readonly usageDropped = metric(
    Counter,
    'switchboard_usage_rows_dropped_total',
    'Usage rows dropped because the in-memory buffer was full',
  );
  readonly circuitState = metric(
    Gauge,
    'switchboard_circuit_state',
    'Circuit breaker state per upstream (provider, upstream model): 0 closed, 1 half-open, 2 open',
    ['provider', 'model'],
  );
  readonly circuitOpenings = metric(
    Counter,
    'switchboard_circuit_openings_total',
    'Times a circuit breaker opened (including re-opening after a failed half-open probe)',
    ['provider', 'model'],
  );
  readonly quotaSlices = metric(
    Counter,
    'switchboard_quota_slices_total',
    'Trips to Postgres for a slice of a limit (the requests between them spend it locally), by ' +
      'limit (target_quota, key_rate, key_budget) and outcome (granted, refused)',
    ['limit', 'outcome'],
  );
}
