import type { TargetRuntime } from '../providers/snapshot.types';
import { targetKey } from './routing.types';

interface Entry {
  targetKey: string;
  expiresAt: number;
}

/**
 * Which target (by `targetKey`) served a session of a model last, so its next requests go
 * there too (upstream prompt caches stay warm). Instance-local. An entry lives `ttlMs` after
 * its last use (each hit or remember refreshes it); past `maxEntries` the entry used least
 * recently is evicted (Map insertion order, re-inserted on use).
 */
export class StickySessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** The remembered target key, or undefined when none or expired; a hit refreshes the TTL. */
  get(modelName: string, sessionKey: string, now = Date.now()): string | undefined {
    const key = StickySessions.key(modelName, sessionKey);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, { targetKey: entry.targetKey, expiresAt: now + this.ttlMs });
    return entry.targetKey;
  }

  /** Pins the session to `targetKey` for `ttlMs` from `now`. */
  remember(modelName: string, sessionKey: string, targetKey: string, now = Date.now()): void {
    const key = StickySessions.key(modelName, sessionKey);
    this.entries.delete(key);
    this.entries.set(key, { targetKey, expiresAt: now + this.ttlMs });
    this.evict(now);
  }

  forget(modelName: string, sessionKey: string): void {
    this.entries.delete(StickySessions.key(modelName, sessionKey));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops expired entries from the old end, then the oldest ones beyond `maxEntries`. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }

  private static key(modelName: string, sessionKey: string): string {
    return `${modelName}\u0000${sessionKey}`;
  }
}

/**
 * Moves the target whose `targetKey` is `stickyKey` to the front, keeping the others in order.
 * A copy of `order` when there is no sticky key or no such target.
 */
export function applySticky(
  order: readonly TargetRuntime[],
  stickyKey: string | undefined,
): TargetRuntime[] {
  const index = stickyKey === undefined ? -1 : order.findIndex((t) => targetKey(t) === stickyKey);
  if (index <= 0) return [...order];
  return [order[index], ...order.slice(0, index), ...order.slice(index + 1)];
}
