import type { UsageFilters } from './query-params';

/** A WHERE clause and its parameters, built from typed values only. */
export class Where {
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

  /** A placeholder for one more parameter (e.g. a LIMIT). */
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  get sql(): string {
    return this.conditions.length > 0 ? this.conditions.join(' AND ') : 'TRUE';
  }
}

/** The conditions of the range and filters both usage endpoints take, on usage_records. */
export function filterWhere(filters: UsageFilters): Where {
  const where = new Where();
  where.add((p) => `created_at >= ${p(filters.from)} AND created_at < ${p(filters.to)}`);
  addDimensionFilters(where, filters);
  return where;
}

/**
 * The filters other than the range: on columns that usage_records and usage_rollups share
 * (the rollups store an absent provider or key as '' / the zero UUID, which no filter names).
 */
export function addDimensionFilters(where: Where, filters: UsageFilters): void {
  if (filters.keyId !== undefined) where.add((p) => `key_id = ${p(filters.keyId)}::uuid`);
  if (filters.key !== undefined) where.add((p) => `key_name = ${p(filters.key)}`);
  if (filters.model !== undefined) where.add((p) => `model = ${p(filters.model)}`);
  if (filters.provider !== undefined) where.add((p) => `provider = ${p(filters.provider)}`);
  if (filters.stream !== undefined) where.add((p) => `stream = ${p(filters.stream)}`);
  const status = filters.status;
  if (status?.kind === 'exact') where.add((p) => `status = ${p(status.status)}`);
  if (status?.kind === 'range') {
    where.add((p) => `status BETWEEN ${p(status.min)} AND ${p(status.max)}`);
  }
}
