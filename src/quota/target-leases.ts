/** What the leases need from the database (QuotaRepository implements it). */
export interface SliceStore {
  /**
   * Count a slice as used and grant it: at least `need`, more while plenty is left (see the
   * `switchboard_take_slice` routine); 0 requests granted when even `need` does not fit.
   */
  takeSlice(
    scope: string,
    periodStart: Date,
    need: { requests: number; tokens: number },
    max: { requests: number; tokens: number },
    limits: { requests?: number; tokens?: number },
  ): Promise<{ requests: number; tokens: number }>;
  adjust(
    scope: string,
    periodStart: Date,
    requests: number,
    tokens: number,
    costUsd: number,
  ): Promise<unknown>;
}

/** One attempt's share of a lease, settled or given back when the attempt ends. */
export interface LeasedUnit {
  settle(actualTokens: number): void;
  release(): void;
}

interface Lease {
  scope: string;
  periodStart: Date;
  /** Counted in Postgres, not used yet. */
  requests: number;
  tokens: number;
  lastUsed: number;
}

/** Largest slice one instance takes at once. */
export const MAX_SLICE = { requests: 100, tokens: 1_000_000 };
/** A lease unused this long goes back to Postgres, for the other instances. */
export const LEASE_IDLE_MS = 2000;
/** Corrections (actual − estimated tokens, given-back slices) are written this often. */
export const FLUSH_MS = 200;

/**
 * Leasing for target quotas: an instance takes a slice of the remaining quota from Postgres in
 * one atomic statement (counted there as used at once) and spends it locally, so most requests
 * need no round trip; what it does not use goes back after LEASE_IDLE_MS, at period end and at
 * shutdown. The counter in Postgres is always used + leased ≤ limit, so the limit holds across
 * instances; near the limit slices shrink to one request (1/16 of what remains), so the last
 * units are not stranded in one instance. A request that used more tokens than reserved is
 * written at once; what goes back (unused slices, over-estimates) is batched.
 */
export class TargetLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Map<
    string,
    { scope: string; periodStart: Date; requests: number; tokens: number }
  >();
  private flushing: Promise<void> | null = null;
  private readonly taking = new Map<string, Promise<{ requests: number; tokens: number }>>();

  constructor(
    private readonly store: SliceStore,
    private readonly onError: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One request and `tokens` (counted against the quota only when it limits tokens) of the
   * scope's quota in this period; null when the quota cannot take it.
   */
  async take(
    scope: string,
    periodStart: Date,
    tokens: number,
    limits: { requests?: number; tokens?: number },
  ): Promise<LeasedUnit | null> {
    const countTokens = limits.tokens !== undefined;
    const need = countTokens ? tokens : 0;
    for (;;) {
      const lease = this.current(scope, periodStart);
      if (lease && lease.requests >= 1 && lease.tokens >= need) return this.unit(lease, need, need);
      // One slice request per scope at a time: concurrent requests wait for it and then spend
      // from it, instead of each taking (and stranding) a slice of its own.
      const inFlight = this.taking.get(scope);
      if (inFlight) {
        await inFlight;
        continue;
      }
      const taking = this.store
        .takeSlice(scope, periodStart, { requests: 1, tokens }, MAX_SLICE, limits)
        .finally(() => this.taking.delete(scope));
      this.taking.set(scope, taking);
      const granted = await taking;
      if (granted.requests < 1) {
        const left = this.current(scope, periodStart);
        if (left && left.requests >= 1 && left.tokens >= need) continue;
        return null;
      }
      const target = this.current(scope, periodStart) ?? this.open(scope, periodStart);
      target.requests += granted.requests;
      if (countTokens) {
        target.tokens += granted.tokens;
        return this.unit(target, need, need);
      }
      // Without a token limit the slice counted this request's estimate only: it is this
      // request's, corrected to the actual tokens like the others.
      return this.unit(target, 0, granted.tokens);
    }
  }

  /** The scope's lease for this period (an older period's lease is given back). */
  private current(scope: string, periodStart: Date): Lease | undefined {
    const lease = this.leases.get(scope);
    if (lease && lease.periodStart.getTime() !== periodStart.getTime()) {
      this.giveBack(lease);
      return undefined;
    }
    return lease;
  }

  private open(scope: string, periodStart: Date): Lease {
    const lease = { scope, periodStart, requests: 0, tokens: 0, lastUsed: this.now() };
    this.leases.set(scope, lease);
    return lease;
  }

  /** Give back every lease and write every pending correction (shutdown). */
  async close(): Promise<void> {
    for (const lease of this.leases.values()) this.giveBack(lease);
    await this.flush();
  }

  /** Return leases idle for LEASE_IDLE_MS, then write pending corrections. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const lease of this.leases.values()) {
      if (now - lease.lastUsed >= LEASE_IDLE_MS) this.giveBack(lease);
    }
    await this.flush();
  }

  /** Leased but unused requests per scope (for tests and stats). */
  leased(scope: string): { requests: number; tokens: number } | undefined {
    const lease = this.leases.get(scope);
    return lease ? { requests: lease.requests, tokens: lease.tokens } : undefined;
  }

  /**
   * A unit spent from `lease`: `fromLease` tokens came out of it (given back on release), and
   * `counted` tokens were counted in Postgres for it (the settlement corrects that to actual).
   */
  private unit(lease: Lease, fromLease: number, counted: number): LeasedUnit {
    lease.requests -= 1;
    lease.tokens -= fromLease;
    lease.lastUsed = this.now();
    let done = false;
    return {
      settle: (actualTokens) => {
        if (done) return;
        done = true;
        const delta = Math.max(0, Math.round(actualTokens)) - counted;
        if (delta > 0) {
          // More than reserved: written at once, so the next slice sees it.
          this.store.adjust(lease.scope, lease.periodStart, 0, delta, 0).catch(this.onError);
        } else if (delta < 0) {
          this.correct(lease.scope, lease.periodStart, 0, delta);
        }
      },
      release: () => {
        if (done) return;
        done = true;
        if (this.leases.get(lease.scope) === lease) {
          lease.requests += 1;
          lease.tokens += fromLease;
          if (counted > fromLease)
            this.correct(lease.scope, lease.periodStart, 0, fromLease - counted);
        } else {
          this.correct(lease.scope, lease.periodStart, -1, -counted);
        }
      },
    };
  }

  private giveBack(lease: Lease): void {
    if (this.leases.get(lease.scope) === lease) this.leases.delete(lease.scope);
    if (lease.requests !== 0 || lease.tokens !== 0) {
      this.correct(lease.scope, lease.periodStart, -lease.requests, -lease.tokens);
    }
    lease.requests = 0;
    lease.tokens = 0;
  }

  private correct(scope: string, periodStart: Date, requests: number, tokens: number): void {
    const key = `${scope}\n${periodStart.getTime()}`;
    const entry = this.pending.get(key) ?? { scope, periodStart, requests: 0, tokens: 0 };
    entry.requests += requests;
    entry.tokens += tokens;
    this.pending.set(key, entry);
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.writePending().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const e of batch) {
        if (e.requests === 0 && e.tokens === 0) continue;
        await this.store
          .adjust(e.scope, e.periodStart, e.requests, e.tokens, 0)
          .catch(this.onError);
      }
    }
  }
}
