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

/** A slice of a key's rate window (see the `switchboard_take_rate` routine). */
export interface RateSlice {
  /** Counted in the bucket of `second`; null when refused (nothing counted). */
  granted: { requests: number; tokens: number } | null;
  /** Requests and tokens in the key's last 60 s, the slice included when granted. */
  usedRequests: number;
  usedTokens: number;
  /** When refused: until the oldest request of the window leaves it (≥ 1). */
  retryAfterMs: number;
  /** The second (database clock) the slice was counted in. */
  second: string;
  /** How long the slice may be spent: until that second ends. */
  leftMs: number;
}

export interface ResetRow {
  scope: string;
  periodStart: Date;
  resetAt: Date;
}

const TAKE_BUDGET_SQL = `
SELECT granted_usd, spent_usd
  FROM switchboard_take_budget($1::text, $2::timestamptz, $3::numeric, $4::numeric, $5::numeric)`;

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

const TAKE_RATE_SQL = `
SELECT granted_requests, granted_tokens, used_requests, used_tokens, retry_after_ms, bucket,
       bucket_left_ms
  FROM switchboard_take_rate($1::uuid, $2::bigint, $3::bigint, $4::bigint, $5::bigint, $6::bigint)`;

const ADJUST_RATE_SQL = `
UPDATE key_rate_buckets SET requests = requests + $3::bigint, tokens = tokens + $4::bigint
 WHERE key_id = $1::uuid AND second = $2::bigint`;

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

  /** A lease of a target quota: see the `switchboard_take_slice` routine and Leases. */
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

  /** A lease of a key's budget: see the `switchboard_take_budget` routine. */
  async takeBudgetSlice(
    scope: string,
    periodStart: Date,
    needUsd: number,
    maxUsd: number,
    limitUsd: number,
  ): Promise<{ grantedUsd: number | null; spentUsd: number }> {
    const { rows } = await this.prisma.counterPool.query(TAKE_BUDGET_SQL, [
      scope,
      periodStart,
      usd(Math.max(0, needUsd)),
      usd(maxUsd),
      usd(limitUsd),
    ]);
    const row = rows[0];
    return {
      grantedUsd: row.granted_usd === null ? null : num(row.granted_usd),
      spentUsd: num(row.spent_usd),
    };
  }

  /** A lease of a key's rpm/tpm window (null limit = not checked). */
  async takeRateSlice(
    keyId: string,
    needTokens: number,
    max: { requests: number; tokens: number },
    rpm: number | null,
    tpm: number | null,
  ): Promise<RateSlice> {
    const { rows } = await this.prisma.counterPool.query(TAKE_RATE_SQL, [
      keyId,
      int(Math.max(0, needTokens)),
      int(max.requests),
      int(max.tokens),
      optionalInt(rpm),
      optionalInt(tpm),
    ]);
    const row = rows[0];
    const granted =
      row.bucket === null
        ? null
        : {
            requests: num(row.granted_requests),
            tokens: num(row.granted_tokens),
          };
    return {
      granted,
      usedRequests: num(row.used_requests),
      usedTokens: num(row.used_tokens),
      retryAfterMs: num(row.retry_after_ms),
      second: row.bucket === null ? '' : String(row.bucket),
      leftMs: num(row.bucket_left_ms),
    };
  }

  /** Correct what a key's rate bucket counted (negative: give back unused slices). */
  async adjustRate(keyId: string, second: string, requests: number, tokens: number): Promise<void> {
    await this.prisma.counterPool.query(ADJUST_RATE_SQL, [
      keyId,
      second,
      int(requests),
      int(tokens),
    ]);
  }

  /** Record the reset of `scope` for the period starting at `periodStart`: true if this call did. */
  async recordReset(scope: string, periodStart: Date): Promise<boolean> {
    const result = await this.prisma.counterPool.query(
      'INSERT INTO quota_resets (scope, period_start) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [scope, periodStart],
    );
    return result.rowCount === 1;
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

  /**
   * Delete the counters and resets of scopes not in `known` (a deleted target or key, a quota
   * or budget removed) that nothing has touched since `before`; how many counters went.
   */
  async pruneOrphans(known: readonly string[], before: Date): Promise<number> {
    const params = [known, before];
    const counters = await this.prisma.counterPool.query(
      'DELETE FROM quota_counters WHERE NOT (scope = ANY($1::text[])) AND updated_at < $2',
      params,
    );
    await this.prisma.counterPool.query(
      'DELETE FROM quota_resets WHERE NOT (scope = ANY($1::text[])) AND reset_at < $2',
      params,
    );
    return counters.rowCount ?? 0;
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
