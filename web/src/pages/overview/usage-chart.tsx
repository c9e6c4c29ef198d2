import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { PivotRow } from './pivot';
import type { Bucket } from './types';

interface Props {
  title: string;
  rows: PivotRow[];
  groups: string[];
  bucket: Bucket;
  format(value: number): string;
  /** Counts: no fractional axis ticks. */
  integer?: boolean;
  /** Fixed size (tests, where nothing has a layout); otherwise the chart fills its card. */
  size?: { width: number; height: number };
}

export function chartColour(index: number): string {
  return `var(--chart-${(index % 8) + 1})`;
}

export function formatBucket(start: number, bucket: Bucket): string {
  const date = new Date(start);
  return bucket === 'day'
    ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function formatBucketLong(start: number, bucket: Bucket): string {
  const date = new Date(start);
  return bucket === 'day'
    ? date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
    : date.toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

/** A stacked bar chart of one metric per bucket, one colour per group. */
export function UsageChart({ title, rows, groups, bucket, format, integer, size }: Props) {
  const chart = (
    <BarChart
      data={rows}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      {...(size ?? {})}
      accessibilityLayer
    >
      <CartesianGrid stroke="var(--border)" vertical={false} />
      <XAxis
        dataKey="start"
        tickFormatter={(value: number) => formatBucket(value, bucket)}
        stroke="var(--muted)"
        fontSize={12}
        minTickGap={16}
      />
      <YAxis
        stroke="var(--muted)"
        fontSize={12}
        width={56}
        allowDecimals={!integer}
        tickFormatter={(value: number) => format(value)}
      />
      <Tooltip
        cursor={{ fill: 'var(--surface-2)' }}
        contentStyle={{
          background: 'var(--surface)',
          border: '1px solid var(--border)',
          color: 'var(--text)',
        }}
        labelFormatter={(value) => formatBucketLong(Number(value), bucket)}
        formatter={(value) => format(Number(value))}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {groups.map((group, i) => (
        <Bar
          key={group}
          name={group}
          dataKey={(row: PivotRow) => row.values[group] ?? 0}
          stackId="split"
          fill={chartColour(i)}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
  return (
    <figure className="card chart-card">
      <figcaption>
        <h2>{title}</h2>
      </figcaption>
      {size ? (
        chart
      ) : (
        <div className="chart-box">
          <ResponsiveContainer
            width="100%"
            height="100%"
            initialDimension={{ width: 480, height: 240 }}
          >
            {chart}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
