import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../test/render';
import { fakeGateway, renderPage } from '../../test/render';
import { point, TIMESERIES } from './fixtures';
import { OverviewPage } from './overview-page';

beforeAll(() => {
  // jsdom has no ResizeObserver (ResponsiveContainer needs one); nothing is laid out anyway.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

/** The top tables' query: by day, grouped by model or key; the charts' is by hour here. */
const isTopQuery = (call: RecordedCall) => call.search.get('bucket') === 'day';

function gateway() {
  const day = (...series: ReturnType<typeof point>[]) => ({ ...TIMESERIES, bucket: 'day', series });
  return fakeGateway({
    'GET /usage/timeseries': (call) => {
      if (!isTopQuery(call)) return TIMESERIES;
      // Two days, so that the tables sum the buckets of each group.
      return call.search.get('group_by') === 'model'
        ? day(
            point('2026-03-09T00:00:00.000Z', 'cheap-but-busy', { requests: 500, cost_usd: 0.25 }),
            point('2026-03-09T00:00:00.000Z', 'pricey', {
              requests: 20,
              cost_usd: 9.75,
              prompt_tokens: 1500,
            }),
            point('2026-03-10T00:00:00.000Z', 'cheap-but-busy', { requests: 400, cost_usd: 0.25 }),
          )
        : day(
            point('2026-03-09T00:00:00.000Z', 'team-a', { requests: 40, cost_usd: 2 }),
            point('2026-03-10T00:00:00.000Z', null, { requests: 3, cost_usd: 0 }),
          );
    },
  });
}

function tile(name: string) {
  const el = within(screen.getByRole('region', { name: 'Totals' })).getByRole('group', { name });
  return el.querySelector('data')!;
}

describe('Overview page', () => {
  it('shows the totals of GET /usage/timeseries in tiles', async () => {
    gateway();
    renderPage(<OverviewPage />);
    await screen.findByRole('region', { name: 'Totals' });
    expect(tile('Requests')).toHaveTextContent('1,234');
    expect(tile('Requests')).toHaveAttribute('value', '1234');
    expect(tile('Input tokens')).toHaveTextContent('56,789');
    expect(tile('Output tokens')).toHaveTextContent('4,321');
    expect(tile('Cost')).toHaveTextContent('$12.50');
    expect(tile('Error rate')).toHaveTextContent('3.0%');
    expect(tile('p50 latency')).toHaveTextContent('420 ms');
    expect(tile('p95 latency')).toHaveTextContent('1830 ms');
    expect(tile('p50 TTFT')).toHaveTextContent('95 ms');
    expect(tile('p95 TTFT')).toHaveTextContent('–');
  });

  it('asks for the last 24 hours by hour, split by model, and the same range for the tables', async () => {
    const { calls } = gateway();
    renderPage(<OverviewPage />);
    await screen.findByRole('region', { name: 'Totals' });
    const series = calls.find((c) => c.path === '/usage/timeseries' && !isTopQuery(c))!;
    const from = Date.parse(series.search.get('from')!);
    const to = Date.parse(series.search.get('to')!);
    expect(to - from).toBe(24 * 3_600_000);
    expect(Math.abs(Date.now() - to)).toBeLessThan(5_000);
    expect(series.search.get('bucket')).toBe('hour');
    expect(series.search.get('group_by')).toBe('model');
    const tables = calls.filter((c) => c.path === '/usage/timeseries' && isTopQuery(c));
    expect(tables.map((c) => c.search.get('group_by')).sort()).toEqual(['key', 'model']);
    for (const c of tables) {
      expect(c.search.get('from')).toBe(series.search.get('from'));
      expect(c.search.get('to')).toBe(series.search.get('to'));
    }
  });

  it('changes the range and the split on request', async () => {
    const { calls } = gateway();
    renderPage(<OverviewPage />);
    await screen.findByRole('region', { name: 'Totals' });
    await userEvent.selectOptions(screen.getByLabelText('Split by'), 'Provider');
    await waitFor(() =>
      expect(calls.some((c) => c.search.get('group_by') === 'provider')).toBe(true),
    );
    await userEvent.selectOptions(screen.getByLabelText('Range'), 'Last 30 days');
    await waitFor(() => expect(calls.some((c) => c.search.get('bucket') === 'day')).toBe(true));
  });

  it('a custom range sends the chosen from/to; a backwards one is refused before any request', async () => {
    const { calls } = gateway();
    renderPage(<OverviewPage />);
    await screen.findByRole('region', { name: 'Totals' });
    await userEvent.selectOptions(screen.getByLabelText('Range'), 'Custom');
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-03-02T10:00');
    await userEvent.clear(to);
    await userEvent.type(to, '2026-03-01T10:00');
    expect(await screen.findByRole('alert')).toHaveTextContent('From must be before To');
    const before = calls.length;
    await userEvent.clear(to);
    await userEvent.type(to, '2026-03-03T10:00');
    await waitFor(() =>
      expect(
        calls
          .slice(before)
          .some(
            (c) =>
              c.path === '/usage/timeseries' &&
              c.search.get('from') === new Date(2026, 2, 2, 10).toISOString() &&
              c.search.get('to') === new Date(2026, 2, 3, 10).toISOString() &&
              !c.search.has('bucket'),
          ),
      ).toBe(true),
    );
  });

  it('lists top models and keys, by cost or by requests', async () => {
    gateway();
    renderPage(<OverviewPage />);
    const models = await screen.findByRole('table', { name: 'Top models' });
    await waitFor(() => expect(within(models).getAllByRole('row')).toHaveLength(3));
    const names = () =>
      within(screen.getByRole('table', { name: 'Top models' }))
        .getAllByRole('rowheader')
        .map((c) => c.textContent);
    expect(names()).toEqual(['pricey', 'cheap-but-busy']);
    expect(within(models).getByRole('row', { name: /pricey/ })).toHaveTextContent('$9.75');
    // Summed over the days of the range.
    expect(within(models).getByRole('row', { name: /cheap-but-busy/ })).toHaveTextContent('900');
    await userEvent.selectOptions(screen.getByLabelText('Sort top tables by'), 'Requests');
    expect(names()).toEqual(['cheap-but-busy', 'pricey']);
    const keys = screen.getByRole('table', { name: 'Top keys' });
    expect(
      within(keys)
        .getAllByRole('rowheader')
        .map((c) => c.textContent),
    ).toEqual(['team-a', '(none)']);
  });
});
