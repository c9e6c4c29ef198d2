import type { paths } from '../../api/schema';

/** Answers of the usage API, derived from the generated schema (never written by hand). */
export type Timeseries =
  paths['/usage/timeseries']['get']['responses'][200]['content']['application/json'];
export type SeriesPoint = Timeseries['series'][number];
export type TimeseriesTotals = Timeseries['totals'];
export type Bucket = Timeseries['bucket'];
export type SplitBy = NonNullable<Timeseries['group_by']>;

export type UsageList = paths['/usage']['get']['responses'][200]['content']['application/json'];
export type UsageGroup = NonNullable<UsageList['groups']>[number];
