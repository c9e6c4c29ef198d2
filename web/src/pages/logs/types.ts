import type { paths } from '../../api/schema';

type List = paths['/usage']['get']['responses'][200]['content']['application/json'];
type FullRow = paths['/usage/{id}']['get']['responses'][200]['content']['application/json'];

/** One row of GET /usage. */
export type UsageRow = List['data'][number];

/**
 * A page of GET /usage. The generated schema types `next_cursor` as `string[]`: the OpenAPI
 * document renders the zod `.string().nullable()` that way (reported to the lead); the gateway
 * sends a string or null, as its description says.
 */
export type UsagePage = Omit<List, 'next_cursor'> & { next_cursor: string | null };

/**
 * GET /usage/{id}: the row's fields plus key_id and attempt_log. The same generator quirk types
 * its nullable strings (key_id, key_name, provider, …) as `string[]`, so those are taken from the
 * list row, which the generator renders right.
 */
export type UsageRecord = Omit<FullRow, keyof UsageRow | 'key_id'> &
  UsageRow & { key_id: string | null };
export type UsageAttempt = NonNullable<FullRow['attempt_log']>[number];
