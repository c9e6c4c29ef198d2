import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromParams, filtersToParams, logQuery } from './filters';

const now = new Date('2026-03-10T12:00:00.000Z');

describe('Logs filters', () => {
  it('round-trip through the URL, leaving the defaults out', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      key: ' team-a ',
      status: 'error',
      stream: 'true' as const,
      range: '1h' as const,
    };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe('key=team-a&status=error&stream=true&range=1h');
    expect(filtersFromParams(params)).toEqual({ ...filters, key: 'team-a' });
    expect(filtersToParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('ignore values the page does not know', () => {
    const filters = filtersFromParams(new URLSearchParams('range=forever&stream=maybe'));
    expect(filters.range).toBe('24h');
    expect(filters.stream).toBe('');
  });

  it('build the GET /usage query: a range ending now has no `to`, so the tail sees new rows', () => {
    const result = logQuery(
      { ...DEFAULT_FILTERS, model: 'gpt-small', provider: 'p1', status: '5xx', stream: 'false' },
      now,
    );
    expect(result).toEqual({
      query: {
        from: '2026-03-09T12:00:00.000Z',
        model: 'gpt-small',
        provider: 'p1',
        status: '5xx',
        stream: 'false',
      },
      endsNow: true,
    });
  });

  it('a custom range in the past has both ends and does not tail', () => {
    const result = logQuery(
      { ...DEFAULT_FILTERS, range: 'custom', from: '2026-03-01T00:00', to: '2026-03-02T00:00' },
      now,
    );
    expect(result).toEqual({
      query: {
        from: new Date(2026, 2, 1).toISOString(),
        to: new Date(2026, 2, 2).toISOString(),
      },
      endsNow: false,
    });
    expect(logQuery({ ...DEFAULT_FILTERS, range: 'custom' }, now).error).toContain('Choose both');
  });
});
