import { describe, expect, it } from 'vitest';
import { point } from './fixtures';
import { groupTotals } from './top-groups';

describe('groupTotals', () => {
  it('sums each group over the buckets, keeping the group with no key', () => {
    const groups = groupTotals(
      [
        point('2026-03-09T00:00:00.000Z', 'team-a', {
          requests: 2,
          prompt_tokens: 10,
          cost_usd: 0.5,
        }),
        point('2026-03-09T00:00:00.000Z', null, { requests: 1, cost_usd: 0 }),
        point('2026-03-10T00:00:00.000Z', 'team-a', {
          requests: 3,
          prompt_tokens: 5,
          cost_usd: 0.25,
        }),
      ],
      'key',
    );
    expect(groups).toEqual([
      {
        key: 'team-a',
        requests: 5,
        prompt_tokens: 15,
        completion_tokens: 10,
        cached_tokens: 0,
        cost_usd: 0.75,
      },
      {
        key: null,
        requests: 1,
        prompt_tokens: 10,
        completion_tokens: 5,
        cached_tokens: 0,
        cost_usd: 0,
      },
    ]);
  });
});
