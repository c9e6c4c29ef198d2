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
  origin: string;
  pool: Pool;
}

/**
 * One keep-alive connection pool per provider (undici). Pools follow configuration: a provider
 * whose base URL changes or that is removed gets its pool closed (gracefully).
 */
@Injectable()
export class UpstreamPoolService implements OnApplicationShutdown {
  private readonly pools = new Map<string, PoolEntry>();
  private readonly subscription: Subscription;

  constructor(snapshot: ConfigSnapshotService) {
    this.subscription = snapshot.changes$.subscribe((s) => this.prune(s));
  }

  private poolFor(provider: ProviderRuntime): PoolEntry {
    const origin = new URL(provider.baseUrl).origin;
    let entry = this.pools.get(provider.id);
    if (!entry || entry.origin !== origin) {
      if (entry) void entry.pool.close().catch(() => undefined);
      entry = {
        origin,
        pool: new Pool(origin, {
          connections: 256,
          pipelining: 1,
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 600_000,
          connect: { timeout: 10_000 },
        }),
      };
      this.pools.set(provider.id, entry);
    }
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
    const { pool } = this.poolFor(provider);
    const base = new URL(provider.baseUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    const [path, query] = request.path.split('?', 2);
    const params = new URLSearchParams(base.search);
    if (query) for (const [k, v] of new URLSearchParams(query)) params.set(k, v);
    const search = params.toString();
    return pool.request({
      method: request.method,
      path: `${basePath}${path}${search ? `?${search}` : ''}`,
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
