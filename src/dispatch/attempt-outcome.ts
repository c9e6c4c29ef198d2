/** What to do after an upstream answered with a status. */
export type StatusDecision = 'ok' | 'retry' | 'next_target' | 'rate_limited' | 'return_to_client';

/**
 * 2xx: done. 5xx and 408: the provider failed — retry the same target (within its `retries`),
 * then the next. 401/403: this provider's credentials or account — another target may serve it,
 * retrying this one will not help. 429: rate limited — move on at once and cool this target
 * down. Other 4xx: the request itself is wrong, another provider would not fix it, so the
 * client gets it as is.
 */
export function decideOnStatus(status: number): StatusDecision {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500 || status === 408) return 'retry';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'next_target';
  return 'return_to_client';
}

/** A short, secret-free description of a failed attempt's error. */
export function describeUpstreamError(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout';
  }
  // Only the error code: an arbitrary message could carry details that are not ours to show.
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)
    ? `network error (${code})`
    : 'network error';
}

/** Metric label for an attempt's outcome. */
export function outcomeLabel(status: number, error?: string): string {
  if (status > 0) return status < 300 ? 'ok' : `http_${status}`;
  return error === 'timeout' ? 'timeout' : 'network_error';
}
