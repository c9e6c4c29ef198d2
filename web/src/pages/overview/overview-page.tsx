import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/error-message';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { OverviewCharts } from './overview-charts';
import type { CustomRange, RangePreset } from './range';
import { isRangePreset, resolveRange, toLocalInput } from './range';
import { RangeFields } from './range-fields';
import type { TopSort } from './top-table';
import { TopTable } from './top-table';
import { TotalsTiles } from './totals-tiles';
import type { SplitBy } from './types';
import { useNow } from './use-now';
import { useTimeseries, useTopGroups } from './use-overview';

/** How often a range that ends now is moved forward and fetched again. */
export const REFRESH_MS = 10_000;

const SPLITS: { value: SplitBy; label: string }[] = [
  { value: 'model', label: 'Model' },
  { value: 'provider', label: 'Provider' },
  { value: 'key', label: 'Key' },
];

function defaultCustom(): CustomRange {
  const now = Date.now();
  return { from: toLocalInput(new Date(now - 3_600_000)), to: toLocalInput(new Date(now)) };
}

export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const rangeParam = params.get('range');
  const preset: RangePreset = isRangePreset(rangeParam) ? rangeParam : '24h';
  const splitParam = params.get('split');
  const split = SPLITS.find((s) => s.value === splitParam)?.value ?? 'model';
  const [custom, setCustom] = useState<CustomRange>(defaultCustom);
  const [sort, setSort] = useState<TopSort>('cost');

  // A custom range resolves to the same from/to at every tick, so only ranges ending now refetch.
  const now = useNow(REFRESH_MS);
  const resolved = useMemo(() => resolveRange(preset, custom, now), [preset, custom, now]);
  const range = resolved.error === undefined ? resolved.range : undefined;

  const timeseries = useTimeseries(range, split);
  const models = useTopGroups(range, 'model');
  const keys = useTopGroups(range, 'key');

  const setParam = (name: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(name, value);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title="Overview">
        <div className="field-row overview-controls">
          <RangeFields
            preset={preset}
            custom={custom}
            onPreset={(p) => setParam('range', p)}
            onCustom={setCustom}
          />
          <label className="field">
            <span>Split by</span>
            <select value={split} onChange={(e) => setParam('split', e.target.value)}>
              {SPLITS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </PageHeader>
      {resolved.error !== undefined && <ErrorMessage error={resolved.error} />}
      <ErrorMessage error={timeseries.error ?? models.error ?? keys.error} />
      {timeseries.data && (
        <p className="muted overview-range">
          {formatTime(timeseries.data.from)} – {formatTime(timeseries.data.to)}
          {range?.endsNow && ' · refreshes every 10 s'}
        </p>
      )}
      {timeseries.isPending && range && <p className="muted">Loading…</p>}
      {timeseries.data && (
        <>
          <TotalsTiles totals={timeseries.data.totals} />
          <OverviewCharts timeseries={timeseries.data} />
        </>
      )}
      <div className="overview-top-header">
        <label className="field">
          <span>Sort top tables by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as TopSort)}>
            <option value="cost">Cost</option>
            <option value="requests">Requests</option>
          </select>
        </label>
      </div>
      <div className="grid-2">
        <TopTable
          title="Top models"
          nameHeader="Model"
          name={(g) => g.model}
          groups={models.data}
          sort={sort}
        />
        <TopTable
          title="Top keys"
          nameHeader="Key"
          name={(g) => g.key}
          groups={keys.data}
          sort={sort}
        />
      </div>
    </>
  );
}
