import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import type { UsageRecordView } from './usage-record';
import { filterWhere, Where } from './usage-where';
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

function filters(query: ScopedUsageQuery): Where {
  const where = filterWhere(query);
  if (query.requestId !== undefined) where.add((p) => `request_id = ${p(query.requestId)}`);
  if (query.afterId !== undefined) where.add((p) => `id > ${p(query.afterId)}::bigint`);
  return where;
}

interface RowRecord extends Omit<UsageRowView, 'id' | 'created_at'> {
  row_id: string;
  created_at: Date;
}

interface FullRecord extends Omit<UsageRecordView, 'id' | 'created_at'> {
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
        rows: page.map(({ row_id, created_at, ...row }) => ({
          id: row_id,
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

  /** One row with every column; `keyId` limits it to that key's rows (a user key's scope). */
  async one(id: string, keyId?: string): Promise<UsageRecordView | null> {
    const where = new Where();
    where.add((p) => `id = ${p(id)}::bigint`);
    if (keyId !== undefined) where.add((p) => `key_id = ${p(keyId)}::uuid`);
    const result = await this.prisma.pool.query<FullRecord>(
      `SELECT ${ROW_COLUMNS}, key_id, attempt_log FROM usage_records WHERE ${where.sql}`,
      where.params,
    );
    const row = result.rows[0];
    if (!row) return null;
    const { row_id, created_at, ...rest } = row;
    return { id: row_id, ...rest, created_at: created_at.toISOString() };
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
