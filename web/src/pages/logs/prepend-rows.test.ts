import { describe, expect, it } from 'vitest';
import { page, row } from './fixtures';
import { prependRows } from './use-usage-log';

describe('prependRows', () => {
  const log = { pages: [page([row(5), row(4)], 'c'), page([row(3)])], pageParams: [null, 'c'] };

  it('puts new rows on top of the first page, keeping the order and the other pages', () => {
    const next = prependRows(log, [row(7), row(6)]);
    expect(next.pages[0].data.map((r) => r.id)).toEqual(['7', '6', '5', '4']);
    expect(next.pages[0].next_cursor).toBe('c');
    expect(next.pages[1]).toBe(log.pages[1]);
    expect(next.pageParams).toBe(log.pageParams);
  });

  it('skips rows already shown, and returns the same log when nothing is new', () => {
    expect(prependRows(log, [row(6), row(5)]).pages[0].data.map((r) => r.id)).toEqual([
      '6',
      '5',
      '4',
    ]);
    expect(prependRows(log, [row(3)])).toBe(log);
  });
});
