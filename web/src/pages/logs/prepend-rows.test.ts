import { describe, expect, it } from 'vitest';
import { page, row } from './fixtures';
import { compareIds, newestId, prependRows } from './use-usage-log';

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

  it('puts a row committed late where its time puts it', () => {
    const late = row(6, {
      created_at: new Date(Date.UTC(2026, 2, 10, 12, 0, 4, 500)).toISOString(),
    });
    expect(prependRows(log, [late]).pages[0].data.map((r) => r.id)).toEqual(['5', '6', '4']);
  });
});

describe('newestId', () => {
  it('is the highest id shown, compared as numbers, wherever it is in the list', () => {
    const log = {
      pages: [page([row(9), row(10)], 'c'), page([row(100)])],
      pageParams: [null, 'c'],
    };
    expect(newestId(log)).toBe('100');
    expect(newestId({ pages: [page([])], pageParams: [null] })).toBeUndefined();
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds('9223372036854775807', '9223372036854775806')).toBeGreaterThan(0);
  });
});
