/** How long to wait before retrying the same target. */
export interface BackoffPolicy {
  /** The first retry's ceiling; doubles with every retry. */
  baseMs: number;
  /** No single wait is longer; a Retry-After above it moves on to the next target instead. */
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (a random wait between 0 and base·2^n, capped), so that
 * many clients retrying one provider do not come back in step. An upstream's Retry-After is a
 * floor: the wait is at least that long. When Retry-After exceeds the cap, null: waiting that
 * long would hold the client, the next target should take the request.
 */
export function retryDelayMs(
  retryIndex: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number | null {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxMs) return null;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retryIndex);
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * An upstream's wish for when to come back, in ms: `retry-after-ms` (OpenAI, Azure), else
 * `Retry-After` in seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Record<string, string | string[] | undefined>,
  now: number = Date.now(),
): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const value = first(headers['retry-after']);
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Wait `ms`, or reject with `onAbort()` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal, onAbort: () => Error): Promise<void> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}
