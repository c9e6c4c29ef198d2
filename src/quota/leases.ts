/** What a lease holds and a request spends: requests, tokens and dollars. */
export interface Amount {
  requests: number;
  tokens: number;
  usd: number;
}

/** Which dimensions have a limit (only those are spent from a lease; the rest are just counted). */
export type Limited = Readonly<Record<keyof Amount, boolean>>;

const DIMENSIONS: readonly (keyof Amount)[] = ['requests', 'tokens', 'usd'];
const zero = (): Amount => ({ requests: 0, tokens: 0, usd: 0 });
const isZero = (a: Amount): boolean => a.requests === 0 && a.tokens === 0 && a.usd === 0;

/**
 * One trip to Postgres: a slice counted there as used at once (at least the request's need),
 * or a refusal (nothing counted). `term` is where the slice was counted — a period's start, a
 * rate window's second — and where corrections go; the slice may be spent until `until` (ms,
 * local clock). `info` comes back with every unit spent from the slice (e.g. the window's use).
 */
export type Slice<Info> =
  { granted: Amount; term: string; until: number; info: Info } | { granted: null; info: Info };

/** One request's share of a lease, settled or given back when the request ends. */
export interface LeasedUnit {
  /** Count the actual tokens and/or dollars instead of the reserved ones (at most once). */
  settle(actual: { tokens?: number; usd?: number }): void;
  /** The request did not go: give back what it took (at most once, and not after settle). */
  release(): void;
}

export interface Taken<Info> {
  unit: LeasedUnit;
  /** The info of the slice the unit came from. */
  info: Info;
  /** What this instance still holds of the lease after the unit (for remaining-headers). */
  left: Amount;
}

interface Lease<Info> {
  scope: string;
  term: string;
  /** The limits it was sized for. */
  limits: string;
  until: number;
  /** Counted in Postgres, not spent yet (limited dimensions only). */
  held: Amount;
  lastUsed: number;
  info: Info;
}

/** Writes a correction to what a scope counted in a term (negative: gives back). */
export type CorrectionWriter = (scope: string, term: string, delta: Amount) => Promise<unknown>;

/** Largest slice one instance takes at once. */
export const MAX_SLICE: Amount = { requests: 100, tokens: 1_000_000, usd: 1 };
/** A lease unused this long goes back to Postgres, for the other instances. */
export const LEASE_IDLE_MS = 2000;
/** Corrections (actual − estimated use, given-back slices) are written this often. */
export const FLUSH_MS = 200;

/**
 * Leasing: an instance takes a slice of what is left of a limit from Postgres in one atomic
 * statement (counted there as used at once) and spends it locally, so most requests need no
 * round trip. What it does not use goes back when idle for LEASE_IDLE_MS, when the slice's time
 * is up, when the term changes and at shutdown. In Postgres used + leased ≤ limit always, so
 * limits hold across instances; the routines grant the need plus at most 1/16 of what is left,
 * so near the limit slices shrink to one request and nothing is stranded in one instance.
 * Use beyond the reservation in a limited dimension is written at once (the next slice must
 * see it); everything that gives back is batched every FLUSH_MS.
 */
export class Leases<Info> {
  private readonly leases = new Map<string, Lease<Info>>();
  /** Per scope: the slice being taken, and what the request taking it needs. */
  private readonly taking = new Map<string, { slice: Promise<Slice<Info>>; need: Amount }>();
  private readonly pending = new Map<string, { scope: string; term: string; delta: Amount }>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly write: CorrectionWriter,
    private readonly onError: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One request needing `need` from the scope's lease, taking a slice with `slice()` when the
   * lease cannot cover it. `term`, when given, is the term the lease must be of (the current
   * period); `limits` names the limits the lease was sized for. A lease of another term or
   * other limits is given back (a lowered limit applies from the next request on). Throws what
   * `slice()` throws.
   */
  async take(
    scope: string,
    term: string | undefined,
    limits: string,
    need: Amount,
    limited: Limited,
    slice: () => Promise<Slice<Info>>,
  ): Promise<Taken<Info> | { refused: Info }> {
    const spend = only(need, limited);
    for (;;) {
      const lease = this.current(scope, term, limits);
      if (lease && covers(lease.held, spend)) return this.spend(lease, limited, spend, spend);
      // One slice request per scope at a time: concurrent requests wait for it and then spend
      // from it, instead of each taking (and stranding) a slice of its own.
      const inFlight = this.taking.get(scope);
      if (inFlight) {
        const seen = await inFlight.slice;
        // Refused what this request needs no less of: refused too, without asking again (a
        // burst over the limit gets its 429s at once, not one database trip after another).
        if (seen.granted !== null || !covers(spend, inFlight.need)) continue;
        const left = this.current(scope, term, limits);
        if (left && covers(left.held, spend)) continue;
        return { refused: seen.info };
      }
      const taking = slice().finally(() => this.taking.delete(scope));
      this.taking.set(scope, { slice: taking, need: spend });
      const got = await taking;
      if (got.granted === null) {
        const left = this.current(scope, term, limits);
        if (left && covers(left.held, spend)) continue;
        return { refused: got.info };
      }
      let into = this.current(scope, term, limits);
      if (into && into.term !== got.term) {
        this.giveBack(into);
        into = undefined;
      }
      if (!into) {
        into = {
          scope,
          term: got.term,
          limits,
          until: got.until,
          held: zero(),
          lastUsed: 0,
          info: got.info,
        };
        this.leases.set(scope, into);
      }
      into.until = got.until;
      into.info = got.info;
      // Limited dimensions go into the lease; the others were counted for this request alone.
      const counted = zero();
      for (const d of DIMENSIONS) {
        if (limited[d]) {
          into.held[d] += got.granted[d];
          counted[d] = spend[d];
        } else {
          counted[d] = got.granted[d];
        }
      }
      return this.spend(into, limited, spend, counted);
    }
  }

  /** Give back every lease and write every pending correction (shutdown). */
  async close(): Promise<void> {
    for (const lease of [...this.leases.values()]) this.giveBack(lease);
    await this.flush();
  }

  /** Give back leases idle for LEASE_IDLE_MS or past their time, then write corrections. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const lease of [...this.leases.values()]) {
      if (now - lease.lastUsed >= LEASE_IDLE_MS || now >= lease.until) this.giveBack(lease);
    }
    await this.flush();
  }

  /** What this instance holds of a scope's lease (for tests and stats). */
  leased(scope: string): Amount | undefined {
    const lease = this.leases.get(scope);
    return lease ? { ...lease.held } : undefined;
  }

  /** The scope's lease if it can still be spent in `term` (otherwise it is given back). */
  private current(
    scope: string,
    term: string | undefined,
    limits: string,
  ): Lease<Info> | undefined {
    const lease = this.leases.get(scope);
    if (!lease) return undefined;
    if (
      (term !== undefined && lease.term !== term) ||
      lease.limits !== limits ||
      this.now() >= lease.until
    ) {
      this.giveBack(lease);
      return undefined;
    }
    return lease;
  }

  /**
   * A unit spent from `lease`: `fromLease` came out of it (back into it on release), `counted`
   * is what Postgres counts for this request (settlement corrects it to the actual use).
   */
  private spend(
    lease: Lease<Info>,
    limited: Limited,
    fromLease: Amount,
    counted: Amount,
  ): Taken<Info> {
    for (const d of DIMENSIONS) lease.held[d] -= fromLease[d];
    lease.lastUsed = this.now();
    let done = false;
    const unit: LeasedUnit = {
      settle: (actual) => {
        if (done) return;
        done = true;
        const delta: Amount = {
          requests: 1 - counted.requests,
          tokens: actual.tokens === undefined ? 0 : actual.tokens - counted.tokens,
          usd: actual.usd === undefined ? 0 : actual.usd - counted.usd,
        };
        // More than reserved of a limited dimension: written at once, so the next slice sees it.
        const atOnce = zero();
        for (const d of DIMENSIONS) {
          if (limited[d] && delta[d] > 0) {
            atOnce[d] = delta[d];
            delta[d] = 0;
          }
        }
        if (!isZero(atOnce)) this.write(lease.scope, lease.term, atOnce).catch(this.onError);
        this.correct(lease.scope, lease.term, delta);
      },
      release: () => {
        if (done) return;
        done = true;
        const back = zero();
        if (this.leases.get(lease.scope) === lease) {
          for (const d of DIMENSIONS) {
            lease.held[d] += fromLease[d];
            back[d] = fromLease[d] - counted[d];
          }
        } else {
          for (const d of DIMENSIONS) back[d] = -counted[d];
        }
        this.correct(lease.scope, lease.term, back);
      },
    };
    return { unit, info: lease.info, left: { ...lease.held } };
  }

  private giveBack(lease: Lease<Info>): void {
    if (this.leases.get(lease.scope) === lease) this.leases.delete(lease.scope);
    this.correct(lease.scope, lease.term, {
      requests: -lease.held.requests,
      tokens: -lease.held.tokens,
      usd: -lease.held.usd,
    });
    lease.held = zero();
  }

  private correct(scope: string, term: string, delta: Amount): void {
    if (isZero(delta)) return;
    const key = `${scope}\n${term}`;
    const entry = this.pending.get(key) ?? { scope, term, delta: zero() };
    for (const d of DIMENSIONS) entry.delta[d] += delta[d];
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
        if (isZero(e.delta)) continue;
        await this.write(e.scope, e.term, e.delta).catch(this.onError);
      }
    }
  }
}

/** `need` in the limited dimensions, 0 in the others. */
function only(need: Amount, limited: Limited): Amount {
  return {
    requests: limited.requests ? need.requests : 0,
    tokens: limited.tokens ? need.tokens : 0,
    usd: limited.usd ? need.usd : 0,
  };
}

/**
 * Dollars are kept with 10 decimals in Postgres and added up in binary floating point here: a
 * difference below the column's precision is no difference (else a slice of exactly n requests'
 * cost might cover only n − 1).
 */
const USD_TOLERANCE = 1e-12;

function covers(held: Amount, spend: Amount): boolean {
  return (
    held.requests >= spend.requests &&
    held.tokens >= spend.tokens &&
    held.usd + USD_TOLERANCE >= spend.usd
  );
}
