import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TIMESERIES } from './fixtures';
import { OverviewCharts } from './overview-charts';

describe('Overview charts', () => {
  it('draws requests, tokens and cost per bucket, one stacked series per group', () => {
    const { container } = render(
      <OverviewCharts timeseries={TIMESERIES} size={{ width: 600, height: 240 }} />,
    );
    for (const title of ['Requests', 'Tokens', 'Cost']) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument();
    }
    const charts = container.querySelectorAll('figure');
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      // One legend entry per group, biggest (by requests) first.
      const legend = [...chart.querySelectorAll('.recharts-legend-item-text')].map(
        (e) => e.textContent,
      );
      expect(legend).toEqual(['gpt-big', 'gpt-small']);
      // Two bar series; gpt-big has bars in 2 of the 4 hours, gpt-small in 1.
      const series = chart.querySelectorAll('.recharts-bar');
      expect(series).toHaveLength(2);
      expect(series[0].querySelectorAll('.recharts-bar-rectangle path')).toHaveLength(2);
      expect(series[1].querySelectorAll('.recharts-bar-rectangle path')).toHaveLength(1);
    }
    // The x axis is continuous: 4 hourly buckets from 09:00 to 12:00, empty ones included.
    const ticks = charts[0].querySelectorAll('.recharts-xAxis .recharts-cartesian-axis-tick');
    expect(ticks.length).toBe(4);
  });
});
