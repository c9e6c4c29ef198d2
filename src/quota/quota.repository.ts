import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** A scope's use in one period. */
export interface CounterUse {
  requests: number;
  tokens: number;
  costUsd: number;
}

export interface CounterRow extends CounterUse {
  scope: string;
  periodStart: Date;
}

export interface RateResult {
  admitted: boolean;
  /** Requests and tokens in the key's last 60 s, this one included when admitted. */
  usedRequests: number;
  usedTokens: number;
  /** When refused: until the oldest request of the window leaves it (≥ 1). */
  retryAfterMs: number;
  /** The recorded event (to settle its tokens), when admitted. */
  eventId: string | null;
}

export interface ResetRow {
  scope: string;
  periodStart: Date;
  resetAt: Date;
}

/**
 * Reserve one request and `tokens` in a target's counter, only if both stay within the limits
 * (NULL = unlimited). The INSERT path checks the limits in its SELECT, the conflict path in its
 * WHERE: one statement, no read-then-write; no row returned = the quota would be exceeded.
 */
/**
 * Reserve `cost` of a budget: admitted while something is left (spent < limit) and the
 * reservation fits (spent + cost ≤ limit).
 */
const RESERVE_BUDGET_SQL = `
INSERT INTO quota_counters AS c (scope, period_start, requests, cost_usd)
SELECT $1::text, $2::timestamptz, 1, $3::numeric WHERE $3::numeric <= $4::numeric AND 0 < $4::numeric
ON CONFLICT (scope, period_start) DO UPDATE
   SET requests = c.requests + 1, cost_usd = c.cost_usd + EXCLUDED.cost_usd, updated_at = now()
 WHERE c.cost_usd < $4::numeric AND c.cost_usd + EXCLUDED.cost_usd <= $4::numeric
RETURNING cost_usd`;

const TAKE_SLICE_SQL = `
SELECT granted_requests, granted_tokens, used_requests, used_tokens
  FROM switchboard_take_slice($1::text, $2::timestamptz, $3::bigint, $4::bigint, $5::bigint,
                              $6::bigint, $7::bigint, $8::bigint)`;

const ADJUST_SQL = `
UPDATE quota_counters
   SET requests = requests + $3::bigint, tokens = tokens + $4::bigint,
       cost_usd = cost_usd + $5::numeric, updated_at = now()
 WHERE scope = $1 AND period_start = $2
RETURNING requests, tokens, cost_usd`;

const RESERVE_RATE_SQL = `
SELECT admitted, used_requests, used_tokens, retry_after_ms, bucket
  FROM switchboard_reserve_rate($1::uuid, $2::bigint, $3::bigint, $4::bigint)`;

const COUNTERS_SQL = `
SELECT c.scope, c.period_start, c.requests, c.tokens, c.cost_usd
  FROM quota_counters c
  JOIN unnest($1::text[], $2::timestamptz[]) AS p(scope, period_start)
    ON c.scope = p.scope AND c.period_start = p.period_start`;

const LAST_RESETS_SQL = `
SELECT DISTINCT ON (scope) scope, period_start, reset_at
  FROM quota_resets WHERE scope = ANY($1::text[])
 ORDER BY scope, period_start DESC`;

const RATE_WINDOWS_SQL = `
SELECT key_id::text, coalesce(sum(requests), 0)::bigint AS requests,
       coalesce(sum(tokens), 0)::bigint AS tokens
  FROM key_rate_buckets
 WHERE key_id = ANY($1::uuid[])
   AND second > floor(extract(epoch FROM clock_timestamp()))::bigint - 61
 GROUP BY key_id`;

/** A counted request: its key, the second it was counted in, and the tokens reserved. */
function rateRef(keyId: string, bucket: unknown, tokens: number): string {
  return `${keyId}/${String(bucket)}/${tokens}`;
}

function parseRateRef(ref: string): { keyId: string; second: string; tokens: number } {
  const [keyId, second, tokens] = ref.split('/');
  return { keyId, second, tokens: Number(tokens) };
}

/** Rows of each scope older than its cut-off, from one table (counters or resets). */
const pruneSql = (table: 'quota_counters' | 'quota_resets') => `
DELETE FROM ${table} t
 USING unnest($1::text[], $2::timestamptz[]) AS p(scope, before)
 WHERE t.scope = p.scope AND t.period_start < p.before`;

/** pg returns bigint and numeric as strings. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** Integers for int/bigint parameters (a fractional estimate would fail the cast). */
const int = (v: number): number => Math.round(v);
const optionalInt = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v);
/** A USD amount as a numeric literal (no exponent, 10 decimals like the column). */
const usd = (v: number): string => (Number.isFinite(v) ? v.toFixed(10) : '0');

/**
 * Quota counters, key rate events and resets. Each operation is one atomic statement on the
 * pg pool (these run on every request with a limit: Prisma's query compiler would cost more
 * than the statement).
 */
@Injectable()
export class QuotaRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A lease of a target quota: see the `switchboard_take_slice` routine and TargetLeases. */
  async takeSlice(
    scope: string,
    periodStart: Date,
    need: { requests: number; tokens: number },
    max: { requests: number; tokens: number },
    limits: { requests?: number; tokens?: number },
  ): Promise<{ requests: number; tokens: number; used: { requests: number; tokens: number } }> {
    const { rows } = await this.prisma.counterPool.query(TAKE_SLICE_SQL, [
      scope,
      periodStart,
      int(need.requests),
      int(need.tokens),
      int(max.requests),
      int(max.tokens),
      optionalInt(limits.requests ?? null),
      optionalInt(limits.tokens ?? null),
    ]);
    const row = rows[0];
    return {
      requests: num(row.granted_requests),
      tokens: num(row.granted_tokens),
      // The counter after the grant (what the period has used, leases included).
      used: { requests: num(row.used_requests), tokens: num(row.used_tokens) },
    };
  }

  /** Add (or with negative deltas, give back) to a counter; its use after, or null if none. */
  async adjust(
    scope: string,
    periodStart: Date,
    deltaRequests: number,
    deltaTokens: number,
    deltaCostUsd: number,
  ): Promise<CounterUse | null> {
    const { rows } = await this.prisma.counterPool.query(ADJUST_SQL, [
      scope,
      periodStart,
      int(deltaRequests),
      int(deltaTokens),
      usd(deltaCostUsd),
    ]);
    return rows[0]
      ? {
          requests: num(rows[0].requests),
          tokens: num(rows[0].tokens),
          costUsd: num(rows[0].cost_usd),
        }
      : null;
  }

  /** Reserve `costUsd` of a budget of `limitUsd`: what is spent after, or null if it would exceed. */
  async reserveBudget(
    scope: string,
    periodStart: Date,
    costUsd: number,
    limitUsd: number,
  ): Promise<number | null> {
    const { rows } = await this.prisma.counterPool.query(RESERVE_BUDGET_SQL, [
      scope,
      periodStart,
      usd(Math.max(0, costUsd)),
      usd(limitUsd),
    ]);
    return rows[0] ? num(rows[0].cost_usd) : null;
  }

  /** A key's sliding-window rpm/tpm check and record (null limit = not checked). */
  async reserveRate(
    keyId: string,
    tokens: number,
    rpm: number | null,
    tpm: number | null,
  ): Promise<RateResult> {
    const reserved = Math.min(int(Math.max(0, tokens)), 2 ** 31 - 1);
    const { rows } = await this.prisma.counterPool.query(RESERVE_RATE_SQL, [
      keyId,
      reserved,
      optionalInt(rpm),
      optionalInt(tpm),
    ]);
    const row = rows[0];
    return {
      admitted: row.admitted === true,
      usedRequests: num(row.used_requests),
      usedTokens: num(row.used_tokens),
      retryAfterMs: num(row.retry_after_ms),
      eventId: row.bucket === null ? null : rateRef(keyId, row.bucket, reserved),
    };
  }

  /** The request ended: its event counts its actual tokens. */
  /** The request ended: its bucket counts the tokens it really used instead of the estimate. */
  async settleRate(eventId: string, tokens: number): Promise<void> {
    const ref = parseRateRef(eventId);
    const delta = Math.min(int(Math.max(0, tokens)), 2 ** 31 - 1) - ref.tokens;
    if (delta === 0) return;
    await this.prisma.counterPool.query(
      'UPDATE key_rate_buckets SET tokens = tokens + $3 WHERE key_id = $1 AND second = $2',
      [ref.keyId, ref.second, delta],
    );
  }

  /** The request was refused after all (e.g. by the budget): it leaves the window. */
  async releaseRate(eventId: string): Promise<void> {
    const ref = parseRateRef(eventId);
    await this.prisma.counterPool.query(
      `UPDATE key_rate_buckets SET requests = requests - 1, tokens = tokens - $3
        WHERE key_id = $1 AND second = $2`,
      [ref.keyId, ref.second, ref.tokens],
    );
  }

  /** Record the reset of `scope` for the period starting at `periodStart`: true if this call did. */
  async recordReset(scope: string, periodStart: Date): Promise<boolean> {
    const result = await this.prisma.counterPool.query(
      'INSERT INTO quota_resets (scope, period_start) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [scope, periodStart],
    );
    return result.rowCount === 1;
  }

  async lastReset(scope: string): Promise<ResetRow | null> {
    return (await this.lastResets([scope])).get(scope) ?? null;
  }

  /** The latest reset of each scope that has one. */
  async lastResets(scopes: readonly string[]): Promise<Map<string, ResetRow>> {
    if (scopes.length === 0) return new Map();
    const { rows } = await this.prisma.counterPool.query(LAST_RESETS_SQL, [scopes]);
    return new Map(
      rows.map((r) => [
        r.scope as string,
        { scope: r.scope, periodStart: r.period_start, resetAt: r.reset_at } as ResetRow,
      ]),
    );
  }

  /** Counters of the given scopes in the given periods (missing rows: nothing used yet). */
  async counters(wanted: readonly { scope: string; periodStart: Date }[]): Promise<CounterRow[]> {
    if (wanted.length === 0) return [];
    const { rows } = await this.prisma.counterPool.query(COUNTERS_SQL, [
      wanted.map((w) => w.scope),
      wanted.map((w) => w.periodStart),
    ]);
    return rows.map((r) => ({
      scope: r.scope,
      periodStart: r.period_start,
      requests: num(r.requests),
      tokens: num(r.tokens),
      costUsd: num(r.cost_usd),
    }));
  }

  /** Requests and tokens of each key in its current 60 s window (keys without any: absent). */
  async rateWindows(
    keyIds: readonly string[],
  ): Promise<Map<string, { requests: number; tokens: number }>> {
    if (keyIds.length === 0) return new Map();
    const { rows } = await this.prisma.counterPool.query(RATE_WINDOWS_SQL, [keyIds]);
    return new Map(
      rows.map((r) => [r.key_id as string, { requests: num(r.requests), tokens: num(r.tokens) }]),
    );
  }

  /** Delete rate buckets of seconds before `olderThan`; how many went. */
  async pruneRateEvents(olderThan: Date): Promise<number> {
    const result = await this.prisma.counterPool.query(
      'DELETE FROM key_rate_buckets WHERE second < $1',
      [Math.floor(olderThan.getTime() / 1000)],
    );
    return result.rowCount ?? 0;
  }

  /** Delete each scope's counters and resets of periods starting before its cut-off. */
  async pruneCounters(before: readonly { scope: string; before: Date }[]): Promise<number> {
    if (before.length === 0) return 0;
    const params = [before.map((b) => b.scope), before.map((b) => b.before)];
    const counters = await this.prisma.counterPool.query(pruneSql('quota_counters'), params);
    await this.prisma.counterPool.query(pruneSql('quota_resets'), params);
    return counters.rowCount ?? 0;
  }
}
