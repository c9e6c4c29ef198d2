import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/error-message';
import { PageHeader } from '../../components/page-header';
import { FilterBar } from './filter-bar';
import type { LogFilters } from './filters';
import { filtersFromParams, filtersToParams, logQuery } from './filters';
import { LogDetail } from './log-detail';
import { LogTable } from './log-table';
import type { UsageRow } from './types';
import { TAIL_MS, useUsageLog } from './use-usage-log';

/** The URL parameter of the open detail (the row id): /dashboard/logs?id=42. */
const DETAIL_PARAM = 'id';

export function LogsPage() {
  const [params, setParams] = useSearchParams();
  const detailId = params.get(DETAIL_PARAM);
  const filterKey = filtersToParams(filtersFromParams(params)).toString();
  // Resolved once per filter change: "last hour" starts when the filters were applied.
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(filterKey)), [filterKey]);
  const resolved = useMemo(() => logQuery(filters, new Date()), [filters]);
  const query = resolved.error === undefined ? resolved.query : undefined;
  const [liveChosen, setLiveChosen] = useState(true);
  const canTail = resolved.error === undefined && resolved.endsNow;
  const live = liveChosen && canTail;
  const { log, tail } = useUsageLog(query, live);

  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.data) ?? [], [log.data]);

  const apply = (next: LogFilters) => {
    const search = filtersToParams(next);
    setParams(search);
  };
  const withDetail = (id: string | null) => {
    const next = new URLSearchParams(filterKey);
    if (id) next.set(DETAIL_PARAM, id);
    return next;
  };
  const open = (row: UsageRow) => setParams(withDetail(row.id));

  return (
    <>
      <PageHeader title="Logs">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={live}
            disabled={!canTail}
            onChange={(e) => setLiveChosen(e.target.checked)}
          />
          Live tail
        </label>
      </PageHeader>
      <FilterBar filters={filters} onApply={apply} />
      <p role="status" className="muted logs-status">
        {!canTail
          ? 'Live tail is off: this range ends in the past.'
          : live
            ? `Live: new requests appear on top (checked every ${TAIL_MS / 1000} s).`
            : 'Live tail paused.'}
      </p>
      {resolved.error !== undefined && <ErrorMessage error={resolved.error} />}
      <ErrorMessage error={log.error ?? tail.error} />
      {log.isPending && query && <p className="muted">Loading…</p>}
      {log.isSuccess && rows.length === 0 && (
        <p className="muted">No requests match these filters in this range yet.</p>
      )}
      {rows.length > 0 && (
        <LogTable
          key={filterKey}
          rows={rows}
          detailHref={(row) => `?${withDetail(row.id)}`}
          onOpen={open}
        />
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {detailId && <LogDetail id={detailId} onClose={() => setParams(withDetail(null))} />}
    </>
  );
}
