import { useMemo } from 'react';
import { formatCompact } from '../../components/format';
import { bucketStarts, pivotSeries, rankGroups } from './pivot';
import type { SeriesPoint, Timeseries } from './types';
import { UsageChart } from './usage-chart';

const usdTick = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/** USD on a chart axis or tooltip: $0.006, $1.25, $12.3K. */
export function formatUsdShort(value: number): string {
  return usdTick.format(value);
}

const METRICS: {
  title: string;
  metric(point: SeriesPoint): number;
  format(value: number): string;
  integer: boolean;
}[] = [
  { title: 'Requests', metric: (p) => p.requests, format: formatCompact, integer: true },
  {
    title: 'Tokens',
    metric: (p) => p.prompt_tokens + p.completion_tokens,
    format: formatCompact,
    integer: true,
  },
  { title: 'Cost', metric: (p) => p.cost_usd, format: formatUsdShort, integer: false },
];

/** Requests, tokens and cost per bucket, stacked by the chosen split. */
export function OverviewCharts({
  timeseries,
  size,
}: {
  timeseries: Timeseries;
  size?: { width: number; height: number };
}) {
  const charts = useMemo(() => {
    const starts = bucketStarts(timeseries.from, timeseries.to, timeseries.bucket);
    const groups = rankGroups(timeseries.series, (p) => p.requests);
    return {
      groups,
      rows: METRICS.map((m) => pivotSeries(timeseries.series, starts, groups, m.metric)),
    };
  }, [timeseries]);
  return (
    <div className="grid-2 overview-charts">
      {METRICS.map((m, i) => (
        <UsageChart
          key={m.title}
          title={m.title}
          rows={charts.rows[i]}
          groups={charts.groups}
          bucket={timeseries.bucket}
          format={m.format}
          integer={m.integer}
          size={size}
        />
      ))}
    </div>
  );
}
