import type { paths } from '../../api/schema';

type List = paths['/usage']['get']['responses'][200]['content']['application/json'];
type FullRow = paths['/usage/{id}']['get']['responses'][200]['content']['application/json'];

/** One row of GET /usage. */
export type UsageRow = List['data'][number];

/** A page of GET /usage. */
export type UsagePage = List;

/** GET /usage/{id}: the row's fields plus key_id and attempt_log. */
export type UsageRecord = FullRow;
export type UsageAttempt = NonNullable<FullRow['attempt_log']>[number];
