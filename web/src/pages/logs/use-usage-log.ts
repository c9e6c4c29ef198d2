import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, unwrap } from '../../api/client';
import type { UsageFilterQuery } from './filters';
import type { UsagePage, UsageRow } from './types';

/** Rows per page of the history ("Load more"). */
export const PAGE_SIZE = 50;
/** How often the live tail asks for newer rows. */
export const TAIL_MS = 2_000;
/** Tail pages per poll before giving up on tailing and reloading the list. */
const MAX_TAIL_PAGES = 5;
const TAIL_PAGE_SIZE = 200;
/**
 * Each poll asks again from the newest id of the poll before: ids are handed out when a row is
 * inserted, so with two instances writing, a row can be committed after one with a higher id
 * that a poll already saw. Asked once more, it still arrives (rows already shown are skipped).
 */
const TAIL_OVERLAP_POLLS = 2;

type Log = InfiniteData<UsagePage, string | null>;

async function fetchPage(
  query: UsageFilterQuery,
  extra: Record<string, string | number>,
): Promise<UsagePage> {
  return unwrap(api.GET('/usage', { params: { query: { ...query, ...extra } } }));
}

/** Compare row ids (decimal strings of a bigint) as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The highest row id shown, or undefined for an empty list. */
export function newestId(log: Log): string | undefined {
  let newest: string | undefined;
  for (const page of log.pages) {
    for (const row of page.data) {
      if (newest === undefined || compareIds(row.id, newest) > 0) newest = row.id;
    }
  }
  return newest;
}

/**
 * Put newly arrived rows into the first page, skipping any already shown, in the list's order
 * (newest first by time, then id): a row committed late lands where its time puts it.
 */
export function prependRows(log: Log, fresh: UsageRow[]): Log {
  const shown = new Set(log.pages.flatMap((p) => p.data.map((r) => r.id)));
  const added = fresh.filter((r) => !shown.has(r.id));
  if (added.length === 0) return log;
  const [first, ...rest] = log.pages;
  const data = [...added, ...first.data].sort(
    (a, b) => b.created_at.localeCompare(a.created_at) || compareIds(b.id, a.id),
  );
  return { ...log, pages: [{ ...first, data }, ...rest] };
}

/**
 * One live-tail poll: the rows newer than the newest shown (`after_id`), put on top of the list
 * in the cache. Returns how many arrived.
 */
async function pollNewer(
  queryClient: QueryClient,
  logKey: readonly unknown[],
  query: UsageFilterQuery,
  marks: string[],
): Promise<number> {
  const log = queryClient.getQueryData<Log>(logKey);
  if (!log) return 0;
  const shownNewest = newestId(log);
  if (shownNewest === undefined) {
    // Nothing shown yet: load the first page afresh.
    await queryClient.refetchQueries({ queryKey: logKey, exact: true });
    return 0;
  }
  // `marks` holds the newest id of the last polls, oldest first (see TAIL_OVERLAP_POLLS).
  marks.push(shownNewest);
  if (marks.length > TAIL_OVERLAP_POLLS) marks.shift();
  const newest = marks[0];
  const fresh: UsageRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_TAIL_PAGES; page++) {
    const answer: UsagePage = await fetchPage(query, {
      after_id: newest,
      limit: TAIL_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    fresh.push(...answer.data);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  if (cursor) {
    // More arrived than a tail should carry: start the list again from the newest.
    await queryClient.resetQueries({ queryKey: logKey, exact: true });
    return fresh.length;
  }
  if (fresh.length > 0) {
    queryClient.setQueryData<Log>(logKey, (current) =>
      current ? prependRows(current, fresh) : current,
    );
  }
  return fresh.length;
}

/**
 * Usage rows for the filters, newest first: pages via next_cursor ("Load more") and, while
 * `live`, a poll every 2 s for rows newer than the newest shown, put on top without a reload.
 */
export function useUsageLog(query: UsageFilterQuery | undefined, live: boolean) {
  const queryClient = useQueryClient();
  const logKey = ['usage', 'log', query] as const;
  // Newest ids of the last tail polls, per list (a new filter starts a new list).
  const marks = useRef(new Map<string, string[]>());
  const log = useInfiniteQuery({
    queryKey: logKey,
    queryFn: ({ pageParam }) =>
      fetchPage(query!, { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: query !== undefined,
    // The live tail keeps the list current; refetching every page would only shuffle it.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const tail = useQuery({
    queryKey: ['usage', 'tail', query],
    queryFn: () => {
      const key = JSON.stringify(query);
      if (!marks.current.has(key)) marks.current = new Map([[key, []]]);
      return pollNewer(queryClient, logKey, query!, marks.current.get(key)!);
    },
    enabled: live && query !== undefined && log.isSuccess,
    refetchInterval: live ? TAIL_MS : false,
    refetchIntervalInBackground: false,
    gcTime: 0,
  });
  return { log, tail };
}
