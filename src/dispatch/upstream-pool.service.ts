import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { Dispatcher, Pool } from 'undici';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ConfigSnapshot, ProviderRuntime } from '../providers/snapshot.types';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path below the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

interface PoolEntry {
  /** The base URL this entry was built for; a changed base URL gets a new entry. */
  baseUrl: string;
  origin: string;
  /** The base URL's path (no trailing slash) and query, prefixed to every request. */
  basePath: string;
  baseQuery: string;
  pool: Pool;
}

/**
 * One keep-alive connection pool per provider (undici). Pools follow configuration: a provider
 * whose base URL changes or that is removed gets its pool closed (gracefully).
 */
function basePart(base: URL): { basePath: string; baseQuery: string } {
  return { basePath: base.pathname.replace(/\/+$/, ''), baseQuery: base.search.replace(/^\?/, '') };
}

@Injectable()
export class UpstreamPoolService implements OnApplicationShutdown {
  private readonly pools = new Map<string, PoolEntry>();
  private readonly subscription: Subscription;

  constructor(snapshot: ConfigSnapshotService) {
    this.subscription = snapshot.changes$.subscribe((s) => this.prune(s));
  }

  private poolFor(provider: ProviderRuntime): PoolEntry {
    let entry = this.pools.get(provider.id);
    if (entry?.baseUrl === provider.baseUrl) return entry;
    const base = new URL(provider.baseUrl);
    if (entry?.origin === base.origin) {
      // Same server, another path: keep the connections.
      entry = { ...entry, baseUrl: provider.baseUrl, ...basePart(base) };
      this.pools.set(provider.id, entry);
      return entry;
    }
    if (entry) void entry.pool.close().catch(() => undefined);
    entry = {
      baseUrl: provider.baseUrl,
      origin: base.origin,
      ...basePart(base),
      pool: new Pool(base.origin, {
        connections: 256,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: { timeout: 10_000 },
      }),
    };
    this.pools.set(provider.id, entry);
    return entry;
  }

  private prune(snapshot: ConfigSnapshot): void {
    for (const [id, entry] of this.pools) {
      const provider = snapshot.providers.get(id);
      if (!provider || new URL(provider.baseUrl).origin !== entry.origin) {
        this.pools.delete(id);
        void entry.pool.close().catch(() => undefined);
      }
    }
  }

  /** Send a request; resolves at the response headers. Times out after the provider's timeout. */
  request(provider: ProviderRuntime, request: UpstreamRequest): Promise<Dispatcher.ResponseData> {
    const { pool, basePath, baseQuery } = this.poolFor(provider);
    const [path, requestQuery] = request.path.split('?', 2);
    let query = requestQuery;
    if (baseQuery) {
      // Query parameters in the base URL apply to every call; the request's own win.
      const params = new URLSearchParams(baseQuery);
      if (requestQuery) for (const [k, v] of new URLSearchParams(requestQuery)) params.set(k, v);
      query = params.toString();
    }
    return pool.request({
      method: request.method,
      path: `${basePath}${path}${query ? `?${query}` : ''}`,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: provider.timeoutMs,
      bodyTimeout: provider.timeoutMs,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription.unsubscribe();
    await Promise.all([...this.pools.values()].map((e) => e.pool.close().catch(() => undefined)));
    this.pools.clear();
  }
}
