/** One attempt at one target, as kept in the usage row (no secrets). */
export interface AttemptRecord {
  provider: string;
  model: string;
  /** Upstream HTTP status, or 0 when no response came (network error, timeout). */
  status: number;
  error?: string;
  latency_ms: number;
}

/** A usage row before it is written. */
export interface UsageEntry {
  createdAt: Date;
  requestId: string;
  keyId: string | null;
  keyName: string | null;
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  latencyMs: number;
  ttftMs: number | null;
  attempts: AttemptRecord[];
  streamCut: boolean;
  /** USD, from the serving target's price (0 without one). */
  costUsd: number;
}
