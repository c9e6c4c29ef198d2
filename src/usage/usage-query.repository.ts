import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import {
  MAX_GROUPS,
  type GroupByField,
  type ScopedUsageQuery,
  type UsageCursor,
  type UsageGroup,
  type UsageRowView,
  type UsageTotals,
} from './usage-query';

/** One page of rows plus the aggregates over everything the filters match. */
export interface UsagePage {
  rows: UsageRowView[];
  /** Where the next page starts; null on the last page. */
  next: UsageCursor | null;
  totals: UsageTotals;
  /** Null when more than MAX_GROUPS groups match. */
  groups: UsageGroup[] | null;
}

/**
 * The SQL of each group_by field (fixed text: only these ever reach the statement). Days and
 * hours are UTC buckets whatever the session's time zone.
 */
const GROUP_COLUMNS: Record<GroupByField, string> = {
  day: `date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  hour: `date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  model: 'model',
  provider: 'provider',
  key: 'key_name',
};

/** `row_id`, not `id`: ORDER BY id must sort by the bigint column, not by this text. */
const ROW_COLUMNS = `id::text AS row_id, request_id, created_at, key_name, model, provider,
  upstream_model, endpoint, stream, status, error_code, prompt_tokens, completion_tokens,
  cached_tokens, cost_usd::float8 AS cost_usd, latency_ms, ttft_ms, attempts, stream_cut`;

/** Sums come back as bigint / numeric text; float8 is exact for any realistic token count. */
const AGGREGATES = `count(*)::float8 AS requests,
  coalesce(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
  coalesce(sum(completion_tokens), 0)::float8 AS completion_tokens,
  coalesce(sum(cached_tokens), 0)::float8 AS cached_tokens,
  coalesce(sum(cost_usd), 0)::float8 AS cost_usd`;

/** A WHERE clause and its parameters, built from typed values only. */
class Where {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(sql: (placeholder: (value: unknown) => string) => string): void {
    this.conditions.push(
      sql((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      }),
    );
  }

  get sql(): string {
    return this.conditions.join(' AND ');
  }
}

function filters(query: ScopedUsageQuery): Where {
  const where = new Where();
  where.add((p) => `created_at >= ${p(query.from)} AND created_at < ${p(query.to)}`);
  if (query.keyId !== undefined) where.add((p) => `key_id = ${p(query.keyId)}::uuid`);
  if (query.key !== undefined) where.add((p) => `key_name = ${p(query.key)}`);
  if (query.model !== undefined) where.add((p) => `model = ${p(query.model)}`);
  if (query.provider !== undefined) where.add((p) => `provider = ${p(query.provider)}`);
  const status = query.status;
  if (status?.kind === 'exact') where.add((p) => `status = ${p(status.status)}`);
  if (status?.kind === 'range') {
    where.add((p) => `status BETWEEN ${p(status.min)} AND ${p(status.max)}`);
  }
  return where;
}

interface RowRecord extends Omit<UsageRowView, 'created_at'> {
  row_id: string;
  created_at: Date;
}

/** Reads of usage_records for `GET /usage`. */
@Injectable()
export class UsageQueryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Newest first, keyset-paginated on (created_at, id). Rows, totals and groups are read in one
   * repeatable-read snapshot, so the totals agree with the rows even while usage is written.
   */
  async page(query: ScopedUsageQuery): Promise<UsagePage> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rows = await this.rows(client, query);
      const totals = await this.totals(client, query);
      const groups = query.groupBy.length > 0 ? await this.groups(client, query) : [];
      await client.query('COMMIT');
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page[page.length - 1];
      return {
        rows: page.map(({ row_id: _rowId, created_at, ...row }) => ({
          ...row,
          created_at: created_at.toISOString(),
        })),
        next: more && last ? { createdAt: last.created_at, id: last.row_id } : null,
        totals,
        groups,
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async rows(client: PoolClient, query: ScopedUsageQuery): Promise<RowRecord[]> {
    const where = filters(query);
    const cursor = query.cursor;
    if (cursor) {
      where.add((p) => `(created_at, id) < (${p(cursor.createdAt)}, ${p(cursor.id)}::bigint)`);
    }
    const limit = where.params.push(query.limit + 1);
    const result = await client.query<RowRecord>(
      `SELECT ${ROW_COLUMNS} FROM usage_records WHERE ${where.sql}
       ORDER BY created_at DESC, id DESC LIMIT $${limit}`,
      where.params,
    );
    return result.rows;
  }

  private async totals(client: PoolClient, query: ScopedUsageQuery): Promise<UsageTotals> {
    const where = filters(query);
    const result = await client.query<UsageTotals>(
      `SELECT ${AGGREGATES} FROM usage_records WHERE ${where.sql}`,
      where.params,
    );
    return result.rows[0];
  }

  private async groups(client: PoolClient, query: ScopedUsageQuery): Promise<UsageGroup[] | null> {
    const where = filters(query);
    const columns = query.groupBy.map((field) => `${GROUP_COLUMNS[field]} AS "${field}"`);
    const positions = query.groupBy.map((_, i) => String(i + 1)).join(', ');
    const limit = where.params.push(MAX_GROUPS + 1);
    const result = await client.query<Record<string, unknown>>(
      `SELECT ${columns.join(', ')}, ${AGGREGATES} FROM usage_records WHERE ${where.sql}
       GROUP BY ${positions} ORDER BY ${positions} LIMIT $${limit}`,
      where.params,
    );
    if (result.rows.length > MAX_GROUPS) return null;
    return result.rows.map((row) => {
      const group = { ...row } as Record<string, unknown>;
      for (const field of ['day', 'hour'] as const) {
        if (group[field] instanceof Date) group[field] = (group[field] as Date).toISOString();
      }
      return group as UsageGroup;
    });
  }
}
